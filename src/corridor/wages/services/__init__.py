"""Every write of the wages app, one module per concern, re-exported here: callers write
`from corridor.wages import services`."""

from corridor.wages.services.ending import (  # noqa: F401
    contract_end,
    pay_by,
    settlement_overdue,
    settlements_due,
)
from corridor.wages.services.liability import (  # noqa: F401
    arrears_defaults_process,
    default_days,
    fund_paid,
    fund_payment_record,
    net_arrears,
)
from corridor.wages.services.salaries import (  # noqa: F401
    ALERT_MESSAGE,
    SETTLEMENT_MESSAGE,
    Imported,
    line_match,
    month_dispute,
    peer_arrears_receive,
    peer_settlement_receive,
    salary_file_import,
    settlement_compute,
    settlement_confirm,
    settlement_payment_record,
    wages_month_close,
    worker_index,
)
