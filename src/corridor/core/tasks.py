"""Background work of the core: the periodic audit anchor."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task


@task()
def anchor_audit(reschedule_seconds: int = 0) -> int | None:
    """Sign the audit chain's head (if it moved); with reschedule_seconds, queue itself again (a periodic task)."""
    from corridor.core.anchor import audit_anchor

    try:
        row = audit_anchor()
    finally:  # a refusal (the trail was tampered with) is logged and fails this run; the next one still comes
        if reschedule_seconds > 0:
            schedule_anchoring(reschedule_seconds)
    return row.seq if row is not None else None


def schedule_anchoring(every_seconds: int = 600):
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return None
    return anchor_audit.using(run_after=timezone.now() + timedelta(seconds=every_seconds)).enqueue(every_seconds)
