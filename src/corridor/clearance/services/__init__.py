"""Every write of the clearance app: applying, recording facts, granting, refusing, halting, departing (origin);
receiving the peer's records, recording arrivals, checking presented contracts, substitution matters, transfers to a
new employer and rights to stay (destination).

One module per entity; everything public is re-exported here, so callers import `clearance.services`."""

from corridor.clearance.services._common import (  # noqa: F401
    CONTRACT_TYP,
    GRACE,
    NOTICE_MESSAGES,
    logger,
)
from corridor.clearance.services.decisions import (  # noqa: F401
    clearance_depart,
    clearance_grant,
    clearance_halt,
    clearance_halt_for,
    clearance_record_return,
    clearance_refuse,
    revocation_list_token,
)
from corridor.clearance.services.destination import (  # noqa: F401
    PAPER_TERMS,
    arrival_record,
    arrival_work_permit_set,
    matter_close,
    matter_review,
    presented_check,
    presented_from_paper,
    registered_for,
)
from corridor.clearance.services.origin import (  # noqa: F401
    clearance_apply,
    clearance_fact_record,
    employer_from_document,
)
from corridor.clearance.services.peer_records import (  # noqa: F401
    peer_clearance_halt_receive,
    peer_clearance_receive,
    peer_contract_receive,
    peer_keys,
)
from corridor.clearance.services.reports import (  # noqa: F401
    arrival_report_receive,
    contract_check_report_receive,
    halt_acknowledged_notify,
    transfer_decided_report_receive,
)
from corridor.clearance.services.transfers import (  # noqa: F401
    arrival_for_request,
    arrival_worker_link,
    consent_needed,
    current_employment,
    new_employment_check,
    stay_right_end,
    stay_right_record,
    stay_rights_end_for_case,
    transfer_accept,
    transfer_appeal,
    transfer_ask_consent,
    transfer_complete,
    transfer_consent_answer,
    transfer_escalate_overdue,
    transfer_reconsider,
    transfer_refuse,
    transfer_request,
    transfer_withdraw,
)
