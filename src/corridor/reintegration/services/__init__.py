"""Every write of the reintegration app, one module per entity, re-exported here."""

from corridor.reintegration.services.debriefs import debrief_give
from corridor.reintegration.services.followup import (
    add_months,
    certificate_issue,
    follow_up_record,
    follow_ups_notify_overdue,
    plan_create,
    provider_register,
    referral_make,
    return_close_if_done,
    service_add,
)
from corridor.reintegration.services.matching import (
    association_register,
    eligibility,
    funds_available,
    ledger_for,
    matching_amounts,
    member_add,
    pledge_receive,
    proposal_approve,
    proposal_check,
    proposal_reject,
    proposal_score,
    proposal_submit,
    tranche_disburse,
)
from corridor.reintegration.services.returns import (
    exit_report,
    peer_return_receive,
    return_close,
    return_record,
)

__all__ = [
    "add_months", "association_register", "certificate_issue", "debrief_give", "eligibility", "exit_report",
    "follow_up_record", "follow_ups_notify_overdue", "funds_available", "ledger_for", "matching_amounts", "member_add",
    "peer_return_receive", "plan_create", "pledge_receive", "proposal_approve", "proposal_check", "proposal_reject",
    "proposal_score", "proposal_submit", "provider_register", "referral_make", "return_close", "return_close_if_done",
    "return_record", "service_add", "tranche_disburse",
]
