"""Background work shared by every app: the sweep that re-dispatches domain events a crash or a failure left
undone, and the periodic audit anchor."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from corridor.core import events
from corridor.core.anchor import audit_anchor
from corridor.core.notifications import deliver_notifications  # noqa: F401 - the task lives beside its service


def schedule_again(periodic, every_seconds: int):
    """Queue a periodic task to run again in `every_seconds` (it passes the period on); nothing where tasks cannot be
    deferred."""
    if not periodic.get_backend().supports_defer:
        return None
    return periodic.using(run_after=timezone.now() + timedelta(seconds=every_seconds)).enqueue(every_seconds)


@task()
def sweep_events(reschedule_seconds: int = 0) -> int:
    """Dispatch the pending domain events; with reschedule_seconds, queue itself again (a periodic task)."""
    count = events.sweep(grace=timedelta(seconds=10) if reschedule_seconds else timedelta(0))
    if reschedule_seconds > 0:
        schedule_sweep(reschedule_seconds)
    return count


def schedule_sweep(every_seconds: int = 60):
    """Queue the periodic sweep (`corridor worker` does it when it starts)."""
    return schedule_again(sweep_events, every_seconds)


@task()
def anchor_audit(reschedule_seconds: int = 0) -> int | None:
    """Sign the audit chain's head (if it moved); with reschedule_seconds, queue itself again (a periodic task)."""
    try:
        row = audit_anchor()
    finally:  # a refusal (the trail was tampered with) is logged and fails this run; the next one still comes
        if reschedule_seconds > 0:
            schedule_anchoring(reschedule_seconds)
    return row.seq if row is not None else None


def schedule_anchoring(every_seconds: int = 600):
    return schedule_again(anchor_audit, every_seconds)
