"""Background work for wages: the daily end-of-employment settlements and the liability chain's defaults."""

from django.utils import timezone
from django_tasks import task

from corridor.core.tasks import schedule_again
from corridor.wages.services import arrears_defaults_process, settlements_due

DAY = 24 * 3600


@task()
def wages_daily(reschedule_seconds: int = 0) -> dict:
    """`settle-due` then `defaults`, as on today; with reschedule_seconds, queue itself again."""
    today = timezone.localdate()
    due = settlements_due(acting_user=None, on=today)
    steps = arrears_defaults_process(acting_user=None, on=today)
    if reschedule_seconds:
        schedule_again(wages_daily, reschedule_seconds)
    return {"computed": len(due.computed), "overdue": len(due.overdue), "steps": len(steps)}
