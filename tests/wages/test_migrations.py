"""Migration wages 0005 on a database that has pay terms and matched lines from before it: the terms get their columns
and their contract's reference, and each matched line points at the pay terms of its arrival's contract."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.core.test_lifecycle import _rows, scratch_database  # noqa: F401 - the fixture

BEFORE = [("wages", "0004_contract_pay_terms")]
AFTER = [("wages", "0005_pay_terms_columns")]


@pytest.mark.once("postgres")  # a data migration, on the production database
@pytest.mark.django_db(transaction=True)
def test_the_pay_terms_get_their_columns_and_the_lines_their_terms(scratch_database):  # noqa: F811
    from django.db.migrations.executor import MigrationExecutor

    db = scratch_database.alias
    executor = MigrationExecutor(scratch_database)
    executor.migrate(BEFORE)
    rows = _rows(executor.loader.project_state(BEFORE).apps, db)
    officer = rows("accounts.User").create(username="officer", role="destination_officer")
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    clearance = rows("clearance.PeerClearance").create(
        source_country="PH", source_key_id="k", reference="CL-1", token="x", worker_name="W", passport_tail="0000",
        nationality="PH", employer_name="E", contract_reference="CT-1", content_hash="h2", departure_by="2026-02-01",
        issued_at=now, expires_at=now)
    arrival = rows("clearance.Arrival").create(clearance=clearance, arrived_on="2026-02-01", recorded_by=officer)
    contracts = [rows("clearance.PeerContract").create(
        source_country="PH", source_key_id="k", reference="CT-1", version=v, content_hash=f"h{v}", document="{}",
        signature="x", worker_name="W", employer_name="E", registered_at=now) for v in (1, 2, 3)]
    terms = {"corridor": {"origin": "ph"}, "job": {"sector": "domestic_work"},
             "wage": {"amount": "1500", "currency": "SAR", "period": "month",
                      "allowances": [{"amount": "200.50"}, {"amount": "300", "in_kind": True}]}}
    weekly = {**terms, "wage": {**terms["wage"], "period": "week"}}
    pay = {c.version: rows("wages.ContractPayTerms").create(contract=c, terms=weekly if c.version == 3 else terms)
           for c in contracts}
    file = rows("wages.SalaryFile").create(format="csv", sha256="s", employer_ref="1", period="2026-12-01",
                                           currency="SAR", line_count=2, total=0)
    common = {"file": file, "worker_ref": "w", "pay_start": "2026-12-01", "pay_end": "2026-12-31", "days_in_period": 31,
              "basic": 0, "allowances": 0, "variable": 0, "deductions_total": 0, "paid_amount": 0, "currency": "SAR"}
    matched = rows("wages.SalaryLine").create(line_no=1, worker_index="a", arrival=arrival, **common)
    unmatched = rows("wages.SalaryLine").create(line_no=2, worker_index="b", **common)

    executor = MigrationExecutor(scratch_database)
    executor.migrate(AFTER)
    now_rows = _rows(executor.loader.project_state(AFTER).apps, db)
    monthly = now_rows("wages.ContractPayTerms").get(pk=pay[2].pk)
    assert (monthly.reference, monthly.origin, monthly.sector, monthly.currency, monthly.monthly_basic,
            monthly.monthly_allowances) == ("CT-1", "PH", "domestic_work", "SAR", Decimal("1500.00"), Decimal("200.50"))
    by_week = now_rows("wages.ContractPayTerms").get(pk=pay[3].pk)
    assert by_week.monthly_basic is None and by_week.monthly_allowances is None  # reconciled in Python
    # the clearance names version 2 by its hash: that version's terms, not the latest's
    assert now_rows("wages.SalaryLine").get(pk=matched.pk).pay_terms_id == pay[2].pk
    assert now_rows("wages.SalaryLine").get(pk=unmatched.pk).pay_terms_id is None
