"""The welfare app's lifecycles, declared once (see corridor.core.lifecycle)."""

from corridor.core.lifecycle import Action, Lifecycle
from corridor.welfare import errors
from corridor.welfare.choices import ClaimStatus, LoanStatus, MembershipStatus, RepatriationStatus
from corridor.welfare.scope import can_act_on_claim, can_act_on_membership, can_act_on_repatriation

M = MembershipStatus
MEMBERSHIP = Lifecycle(
    name="membership", model="welfare.Membership", event_model="welfare.MembershipEvent", statuses=MembershipStatus,
    initial=M.ACTIVE, terminal={M.ENDED}, not_allowed=errors.MembershipTransitionNotAllowed, scope=can_act_on_membership,
    actions={
        "end": Action(source={M.ACTIVE}, target=M.ENDED, permission="welfare.enrol"),
    },
)

C = ClaimStatus
CLAIM = Lifecycle(
    name="claim", model="welfare.Claim", event_model="welfare.ClaimEvent", statuses=ClaimStatus, initial=C.FILED,
    terminal={C.PAID, C.WITHDRAWN}, not_allowed=errors.ClaimTransitionNotAllowed, scope=can_act_on_claim,
    actions={
        "file": Action(source={C.PROMPTED}, target=C.FILED, permission="welfare.claim_file"),
        "recommend": Action(source={C.FILED, C.APPEALED}, target=C.RECOMMENDED, permission="welfare.claim_decide"),
        "approve": Action(source={C.RECOMMENDED}, target=C.APPROVED, permission="welfare.claim_decide"),
        "reject": Action(source={C.FILED, C.RECOMMENDED, C.APPEALED}, target=C.REJECTED, permission="welfare.claim_decide"),
        "pay": Action(source={C.APPROVED}, target=C.PAID, permission="welfare.pay"),
        "appeal": Action(source={C.REJECTED}, target=C.APPEALED, permission="welfare.claim_appeal"),
        "withdraw": Action(source={C.PROMPTED, C.FILED}, target=C.WITHDRAWN, permission="welfare.claim_file"),
    },
)

R = RepatriationStatus
REPATRIATION = Lifecycle(
    name="repatriation", model="welfare.Repatriation", event_model="welfare.RepatriationEvent",
    statuses=RepatriationStatus, initial=R.REQUESTED, terminal={R.RETURNED, R.REFUSED},
    not_allowed=errors.RepatriationTransitionNotAllowed, scope=can_act_on_repatriation,
    actions={
        "approve": Action(source={R.REQUESTED}, target=R.APPROVED, permission="welfare.repatriation_decide"),
        "refuse": Action(source={R.REQUESTED}, target=R.REFUSED, permission="welfare.repatriation_decide"),
        "pay": Action(source={R.APPROVED}, target=R.TICKETED, permission="welfare.pay"),
        "record_return": Action(source={R.APPROVED, R.TICKETED}, target=R.RETURNED,
                                permission="welfare.repatriation_decide"),
    },
)

L = LoanStatus
LOAN = Lifecycle(
    name="loan", model="welfare.Loan", event_model="welfare.LoanEvent", statuses=LoanStatus, initial=L.OUTSTANDING,
    terminal={L.REPAID}, not_allowed=errors.LoanTransitionNotAllowed,
    actions={"repay": Action(source={L.OUTSTANDING}, target={L.OUTSTANDING, L.REPAID}, permission="welfare.loan")},
)
