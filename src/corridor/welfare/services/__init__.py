"""Every write of the welfare app, one module per entity, re-exported here."""

from corridor.welfare.services.bulk import contributions_import, read_csv
from corridor.welfare.services.claims import (
    claim_appeal,
    claim_approve,
    claim_complete,
    claim_document_add,
    claim_file,
    claim_pay,
    claim_prompt,
    claim_recommend,
    claim_reject,
    claim_withdraw,
)
from corridor.welfare.services.ledger import bank_line_import, post
from corridor.welfare.services.loans import loan_grant, loan_outstanding, loan_repay
from corridor.welfare.services.membership import (
    contribution_check,
    fund_get,
    membership_end,
    membership_record_return,
    membership_renew,
    membership_start,
    memberships_expire,
    memberships_import,
)
from corridor.welfare.services.repatriation import (
    peer_repatriation_receive,
    repatriation_approve,
    repatriation_pay,
    repatriation_record_return,
    repatriation_refuse,
    repatriation_request,
)

__all__ = [
    "contributions_import", "read_csv",
    "bank_line_import", "claim_appeal", "claim_approve", "claim_complete", "claim_document_add", "claim_file",
    "claim_pay", "claim_prompt", "claim_recommend", "claim_reject", "claim_withdraw", "contribution_check", "fund_get",
    "loan_grant", "loan_outstanding", "loan_repay", "membership_end", "membership_record_return", "membership_renew", "membership_start",
    "memberships_expire", "memberships_import", "peer_repatriation_receive", "post", "repatriation_approve", "repatriation_pay",
    "repatriation_record_return", "repatriation_refuse", "repatriation_request",
]
