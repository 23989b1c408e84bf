"""The guidance app's lifecycles, declared once (see corridor.core.lifecycle)."""

from corridor.core.lifecycle import Action, Lifecycle
from corridor.guidance import errors
from corridor.guidance.choices import ReferralStatus
from corridor.guidance.scope import can_act_on_referral

S = ReferralStatus
REFERRAL = Lifecycle(
    name="referral", model="guidance.Referral", event_model="guidance.ReferralEvent", statuses=ReferralStatus,
    initial=S.PROPOSED, terminal={S.CLOSED}, not_allowed=errors.ReferralTransitionNotAllowed, scope=can_act_on_referral,
    actions={
        "propose": Action(source=(), target=S.PROPOSED, permission="referral.make"),
        "accept": Action(source={S.PROPOSED}, target=S.ACCEPTED, permission="referral.respond"),
        "close": Action(source={S.PROPOSED, S.ACCEPTED}, target=S.CLOSED, permission="referral.respond"),
    },
)
