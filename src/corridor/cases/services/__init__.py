"""Every write about cases: intake, triage, the lifecycle, notes, tasks, evidence, escalation, remedies.

One module per entity; everything public is re-exported here, so callers import `cases.services`."""

from corridor.cases.services._common import (  # noqa: F401
    ALLOWED,
    CASE_MESSAGES,
    MAX_NARRATIVE,
    OPEN_STATUSES,
    S,
)
from corridor.cases.services.escalation import (  # noqa: F401
    case_escalate_overdue,
)
from corridor.cases.services.intake import (  # noqa: F401
    Filed,
    answers_set,
    case_rescreen,
    complaint_file,
)
from corridor.cases.services.notes import (  # noqa: F401
    complainant_message,
    evidence_add,
    note_add,
    respondent_reply,
    task_add,
    task_complete,
)
from corridor.cases.services.referrals import (  # noqa: F401
    REFERABLE,
    IncomingReferral,
    case_peer_update,
    referral_decide,
    referral_peer_answer,
    referral_receive,
    referral_record,
    registry_record_link,
)
from corridor.cases.services.remedies import (  # noqa: F401
    CHAIN_ORDER,
    RESPONDENT_ORG_KINDS,
    chain_for,
    claim_add,
    claim_default,
    claim_recovered,
    recovery_record,
    respondent_add,
)
from corridor.cases.services.roster import (  # noqa: F401
    duty_shift_add,
)
from corridor.cases.services.transitions import (  # noqa: F401
    TRANSITIONS,
    allowed_actions,
    case_assign,
    case_await_party,
    case_close,
    case_reopen,
    case_resolve,
    case_resume,
    case_start,
    case_triage,
)
from corridor.cases.services.wages import (  # noqa: F401
    case_for_disputed_month,
    case_for_wage_arrears,
    wage_claims_default,
    wage_payment_apply,
)
from corridor.cases.services.welfare import (  # noqa: F401
    HARM_KINDS,
    death_or_injury_record,
    may_request_repatriation,
    may_tell_welfare,
    repatriation_request,
)
