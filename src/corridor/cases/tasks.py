"""Background work for cases: the periodic check of time limits."""


from django_tasks import task

from corridor.cases.services import case_escalate_overdue
from corridor.core.notifications import notifications_deliver
from corridor.core.tasks import schedule_again


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """Kept so that a task queued before the notifications moved to core still runs (core's task does it now)."""
    return notifications_deliver(notification_ids=notification_ids)


@task()
def escalate_overdue(reschedule_seconds: int = 0) -> int:
    """Escalate every case past its time limit; with reschedule_seconds, queue itself again (a periodic task)."""
    count = len(case_escalate_overdue())
    if reschedule_seconds > 0:
        schedule_escalation(reschedule_seconds)
    return count


def schedule_escalation(every_seconds: int = 900):
    return schedule_again(escalate_overdue, every_seconds)
