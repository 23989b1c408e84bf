"""Background work for inspection: orders past their deadline escalated, and the scores computed again."""

from django_tasks import task

from corridor.core.tasks import schedule_again
from corridor.inspection.services import order_escalate_overdue, risk_scores_compute


@task()
def escalate_overdue_orders(reschedule_seconds: int = 0) -> int:
    """Escalate every open order past its deadline; with reschedule_seconds, queue itself again (a periodic task)."""
    count = len(order_escalate_overdue())
    if reschedule_seconds > 0:
        schedule_again(escalate_overdue_orders, reschedule_seconds)
    return count


@task()
def compute_scores(reschedule_seconds: int = 0) -> int:
    """Every score again (windows move with time even when no event arrives)."""
    written = risk_scores_compute()
    if reschedule_seconds > 0:
        schedule_again(compute_scores, reschedule_seconds)
    return written
