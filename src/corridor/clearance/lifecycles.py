"""The clearance app's lifecycles, declared once: clearance and substitution matter (see corridor.core.lifecycle)."""

from corridor.clearance.choices import ClearanceStatus, MatterStatus
from corridor.core.errors import TransitionNotAllowed
from corridor.core.lifecycle import Action, Lifecycle

C = ClearanceStatus
CLEARANCE = Lifecycle(
    name="clearance", model="clearance.Clearance", event_model="clearance.ClearanceEvent", statuses=ClearanceStatus,
    initial=C.APPLIED, terminal={C.REFUSED, C.HALTED, C.DEPARTED}, not_allowed=TransitionNotAllowed,
    actions={
        "grant": Action(source={C.APPLIED}, target=C.GRANTED, permission="clearance.decide"),
        "refuse": Action(source={C.APPLIED}, target=C.REFUSED, permission="clearance.decide"),
        "halt": Action(source={C.APPLIED, C.GRANTED}, target=C.HALTED, permission="clearance.decide"),
        "depart": Action(source={C.GRANTED}, target=C.DEPARTED, permission="clearance.decide"),
        "record_fact": Action(source={C.APPLIED, C.GRANTED}, target=None, permission="clearance.record_fact"),
    },
)
# Statuses in which a clearance can still be halted by a red flag.
HALTABLE = tuple(sorted(CLEARANCE.actions["halt"].source))

M = MatterStatus
SUBSTITUTION_MATTER = Lifecycle(
    name="substitution_matter", model="clearance.SubstitutionMatter", event_model="clearance.SubstitutionMatterEvent",
    statuses=MatterStatus, initial=M.OPEN, terminal={M.CLOSED}, not_allowed=TransitionNotAllowed,
    actions={
        "review": Action(source={M.OPEN}, target=M.UNDER_REVIEW, permission="arrival.record"),
        "close": Action(source={M.OPEN, M.UNDER_REVIEW}, target=M.CLOSED, permission="arrival.record"),
    },
)
