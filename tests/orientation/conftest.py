"""The clearance fixtures (a licensed agency, a registered contract, an application) for orientation's tests."""

from tests.clearance.conftest import (  # noqa: F401 - fixtures used by name
    agency,
    agency_user,
    contract_doc,
    employer,
    fund_officer,
    inspector,
    job_order,
    make_clearance,
    make_contract,
    make_worker,
    officer,
)
