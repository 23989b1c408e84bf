"""Every write of the clearance app: applying, recording facts, granting, refusing, halting, departing (origin);
receiving the peer's records, recording arrivals, checking presented contracts, substitution matters (destination).

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
    clearance_refuse,
    revocation_list_token,
)
from corridor.clearance.services.destination import (  # noqa: F401
    PAPER_TERMS,
    arrival_record,
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
)
