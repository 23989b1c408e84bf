"""The reintegration app's lifecycles, declared once (see corridor.core.lifecycle): a return, and a matching-fund
proposal from submission to the project's completion."""

from corridor.core.lifecycle import Action, Lifecycle
from corridor.reintegration import errors
from corridor.reintegration.choices import ProposalStatus, ReturnStatus
from corridor.reintegration.scope import can_act_on_return

R = ReturnStatus
RETURN = Lifecycle(
    name="return", model="reintegration.Return", event_model="reintegration.ReturnEvent", statuses=ReturnStatus,
    initial=R.RECORDED, terminal={R.CLOSED}, not_allowed=errors.ReturnTransitionNotAllowed, scope=can_act_on_return,
    actions={
        "record": Action(source=(), target=R.RECORDED, permission="reintegration.return_record"),
        "plan": Action(source={R.RECORDED}, target=R.SUPPORTED, permission="reintegration.plan"),
        "close": Action(source={R.RECORDED, R.SUPPORTED}, target=R.CLOSED, permission="reintegration.plan"),
    },
)

P = ProposalStatus
PROPOSAL = Lifecycle(
    name="proposal", model="reintegration.Proposal", event_model="reintegration.ProposalEvent",
    statuses=ProposalStatus, initial=P.SUBMITTED, terminal={P.INELIGIBLE, P.REJECTED, P.COMPLETED},
    not_allowed=errors.ProposalTransitionNotAllowed,
    actions={
        "submit": Action(source=(), target=P.SUBMITTED, permission="reintegration.matching"),
        "check": Action(source={P.SUBMITTED}, target={P.ELIGIBLE, P.INELIGIBLE}, permission="reintegration.matching"),
        "score": Action(source={P.ELIGIBLE}, target=P.SCORED, permission="reintegration.matching"),
        "approve": Action(source={P.SCORED}, target=P.APPROVED, permission="reintegration.matching_decide"),
        "reject": Action(source={P.SCORED}, target=P.REJECTED, permission="reintegration.matching_decide"),
        "complete": Action(source={P.APPROVED}, target=P.COMPLETED, permission="reintegration.matching_pay"),
    },
)
