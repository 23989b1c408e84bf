"""The standards app's lifecycle: a joint committee's meeting (see corridor.core.lifecycle)."""

from corridor.core.lifecycle import Action, Lifecycle
from corridor.standards import errors
from corridor.standards.choices import MeetingStatus

M = MeetingStatus
MEETING = Lifecycle(
    name="meeting", model="standards.Meeting", event_model="standards.MeetingEvent", statuses=MeetingStatus,
    initial=M.SCHEDULED, terminal={M.MINUTES_APPROVED, M.CANCELLED}, not_allowed=errors.MeetingTransitionNotAllowed,
    actions={
        "schedule": Action(source=(), target=M.SCHEDULED, permission="standards.manage"),
        "hold": Action(source={M.SCHEDULED}, target=M.HELD, permission="standards.manage"),
        "approve_minutes": Action(source={M.HELD}, target=M.MINUTES_APPROVED, permission="standards.manage"),
        "cancel": Action(source={M.SCHEDULED}, target=M.CANCELLED, permission="standards.manage"),
    },
)
