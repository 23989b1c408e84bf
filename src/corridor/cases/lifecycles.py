"""The cases app's lifecycle, declared once (see corridor.core.lifecycle)."""

from corridor.cases.choices import CaseStatus
from corridor.cases.errors import CaseTransitionNotAllowed
from corridor.cases.scope import can_decide
from corridor.core.lifecycle import Action, Lifecycle

S = CaseStatus
# Transitions are the work of officers of the team that holds the case (scope: cases.scope.can_decide).
CASE = Lifecycle(
    name="case", model="cases.Case", event_model="cases.CaseEvent", statuses=CaseStatus, initial=S.RECEIVED,
    not_allowed=CaseTransitionNotAllowed, scope=can_decide,
    actions={
        "triage": Action(source={S.RECEIVED}, target=S.TRIAGED, permission="case.work"),
        "assign": Action(source={S.TRIAGED, S.ASSIGNED, S.IN_PROGRESS, S.AWAITING_PARTY, S.REOPENED}, target=S.ASSIGNED,
                         permission="case.work"),
        "start": Action(source={S.ASSIGNED, S.REOPENED}, target=S.IN_PROGRESS, permission="case.work"),
        "await_party": Action(source={S.IN_PROGRESS}, target=S.AWAITING_PARTY, permission="case.work"),
        "resume": Action(source={S.AWAITING_PARTY}, target=S.IN_PROGRESS, permission="case.work"),
        "resolve": Action(source={S.IN_PROGRESS, S.AWAITING_PARTY, S.REOPENED}, target=S.RESOLVED, permission="case.work"),
        "close": Action(source={S.RECEIVED, S.TRIAGED, S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED, S.REOPENED}, target=S.CLOSED,
                        permission="case.work"),
        "reopen": Action(source={S.RESOLVED, S.CLOSED}, target=S.REOPENED, permission="case.work"),
    },
)
