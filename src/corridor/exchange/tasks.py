"""Background delivery of the outbox (django-tasks; `corridor worker` runs it)."""

import logging

from django.utils import timezone
from django_tasks import task

from corridor.exchange import services

logger = logging.getLogger(__name__)


@task()
def deliver() -> dict:
    """Send everything due; if some messages wait for a retry, schedule one more run for the earliest of them."""
    report = services.outbox_deliver()
    if report.retrying:
        due = services.outbox_next_due()
        backend = deliver.get_backend()
        if due is not None and backend.supports_defer:
            deliver.using(run_after=max(due, timezone.now())).enqueue()
    if report.attempted:
        logger.info("Exchange delivery: %s", report)
    return {"attempted": report.attempted, "accepted": report.accepted, "rejected": report.rejected, "retrying": report.retrying}
