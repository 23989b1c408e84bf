"""Background work for clearance: the periodic check of transfer requests' time limits."""

from django_tasks import task

from corridor.clearance.services import transfer_escalate_overdue
from corridor.core.tasks import schedule_again


@task()
def escalate_overdue_transfers(reschedule_seconds: int = 0) -> int:
    """Escalate every transfer request past its time limit; with reschedule_seconds, queue itself again."""
    count = len(transfer_escalate_overdue())
    if reschedule_seconds:
        schedule_transfer_escalation(reschedule_seconds)
    return count


def schedule_transfer_escalation(every_seconds: int = 900):
    return schedule_again(escalate_overdue_transfers, every_seconds)
