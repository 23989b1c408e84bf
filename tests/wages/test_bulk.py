"""The set-based month on PostgreSQL (`wages.services.bulk`) against its definition, `reconcile.reconcile_month`, line by
line: the same amounts, days late, codes, findings with their citations, and reasons not checked, over lines and
contracts varied in every figure that the statement computes with (cents on the half, leave, late and undated
payments, accounts, minimums in other currencies and before and after a rule changed, several destinations)."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import connection

from corridor.clearance import selectors as clearance_selectors
from corridor.wages import reconcile
from corridor.wages.models import ContractPayTerms, MonthReconciliation, SalaryFile, SalaryLine
from corridor.wages.services import bulk
from corridor.wages.services.salaries import _figures, _reconciled_terms

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based month is PostgreSQL's")]

WAGES = ["1500.00", "1234.57", "999.99", "1700.00", "60.00", "290.00", "1000.01", "0.00", "2500.5"]
ALLOWANCES = [[], [{"kind": "housing", "amount": "200.50"}], [{"kind": "food", "amount": "300", "in_kind": True}],
              [{"kind": "transport", "amount": "0.01"}, {"kind": "phone", "amount": "15.49"}]]
ORIGINS = ["PH", "BD", "ID", "IN", "NP", ""]
SECTORS = ["domestic_work", "construction", "agriculture", ""]
CURRENCIES = ["SAR", "QAR", "MYR", "JOD", "KWD", "USD"]


def _contracts(arrival, rng: random.Random, count: int) -> list[ContractPayTerms]:
    """`count` registered contracts (copies of the arrival's, each a new version) with varied pay terms."""
    contract = clearance_selectors.arrival_contract(arrival)
    values = {f.attname: getattr(contract, f.attname) for f in contract._meta.concrete_fields if not f.primary_key}
    copies = type(contract).objects.bulk_create([type(contract)(**{**values, "version": 100 + v}) for v in range(count)])
    made = []
    for version, contract in enumerate(copies):
        terms = {"corridor": {"origin": rng.choice(ORIGINS)}, "job": {"sector": rng.choice(SECTORS)},
                 "wage": {"amount": rng.choice(WAGES), "currency": rng.choice(CURRENCIES),
                          "period": "month" if version % 7 else "week", "allowances": rng.choice(ALLOWANCES)},
                 "deductions": [{"purpose": "housing", "amount": "100.00"}], "term": {}, "employer": {}}
        made.append(ContractPayTerms.objects.create(contract=contract, terms=terms, reference=f"CT-{version}",
                                                    **reconcile.pay_columns(terms)))
    return made


def _file(destination: str, lines: int, contracts, rng: random.Random) -> SalaryFile:
    file = SalaryFile.objects.create(format="csv", sha256=f"{destination:0<64}", employer_ref="1010123456",
                                     period=dt.date(2026, 12, 1), currency="SAR", line_count=lines, total=0)
    rows = []
    for i in range(lines):
        terms = rng.choice([None, *contracts])
        currency = terms.currency if terms is not None and rng.random() < 0.7 else rng.choice(CURRENCIES)
        days = rng.choice([28, 30, 31])
        leave = rng.choice([0, 0, 0, 1, 3, 7, days])
        basic = Decimal(rng.choice(["1500.00", "1499.99", "999.99", "1000.00", "1700.00", "59.99", "290.00", "0.00"]))
        allowances = Decimal(rng.choice(["0.00", "200.50", "0.01"]))
        owed = (terms.monthly_basic or 0) + (terms.monthly_allowances or 0) if terms is not None else basic
        paid = (Decimal(owed) * (days - leave) / days).quantize(Decimal("0.01")) + Decimal(
            rng.choice(["0", "0", "-0.01", "0.01", "-150", "-0.005", "3"]))
        pay_end = rng.choice([dt.date(2026, 12, 31), dt.date(2026, 11, 30), dt.date(2025, 1, 31), dt.date(2021, 6, 30)])
        rows.append(SalaryLine(
            file=file, line_no=i + 1, worker_ref=f"W{i}", worker_index=f"idx-{destination}-{i}", pay_terms=terms,
            pay_start=pay_end.replace(day=1), pay_end=pay_end, days_in_period=days, unpaid_leave_days=leave,
            basic=basic, allowances=allowances, variable=Decimal("0.00"),
            deductions=[] if rng.random() < 0.9 else [{"purpose": "housing", "amount": "100.00"}],
            deductions_total=0, paid_amount=max(paid, Decimal("0.00")).quantize(Decimal("0.01")),
            paid_on=rng.choice([None, pay_end, pay_end + dt.timedelta(days=3), pay_end + dt.timedelta(days=9),
                                pay_end + dt.timedelta(days=40)]),
            currency=currency, own_account=rng.choice([True, True, False, None])))
    SalaryLine.objects.bulk_create(rows)
    return file


@pytest.mark.parametrize("destination", ["SA", "QA", "MY", "JO", "KW", "AE"])
def test_the_set_based_month_is_the_month_of_reconcile_month(arrival, destination):
    rng = random.Random(destination)
    file = _file(destination, 600, _contracts(arrival, rng, 24), rng)

    stored = bulk.months_insert(file=file, destination=destination)

    months = {m.line_id: m for m in MonthReconciliation.objects.filter(line__file=file)}
    assert stored == len(months)
    lines = list(SalaryLine.objects.filter(file=file).select_related("pay_terms"))
    plain = 0
    for line in lines:
        terms = _reconciled_terms(line.pay_terms)
        expected = reconcile.reconcile_month(_figures(line), terms, destination=destination, period=file.period)
        month = months.get(line.pk)
        origin, sector = (line.pay_terms.origin, line.pay_terms.sector) if line.pay_terms else ("", "")
        floors = reconcile.minimum_floors(origin, destination, sector, line.pay_end, line.currency) or []
        is_plain = (not line.deductions and line.days_in_period > line.unpaid_leave_days
                    and (terms is None or (line.pay_terms.monthly_basic is not None
                                           and line.pay_terms.currency == line.currency))
                    and len([f for f in floors if f.floor is not None]) <= 1)
        assert (month is not None) == is_plain, (line.line_no, is_plain)
        if month is None:
            continue
        plain += 1
        got = (month.owed, month.paid, month.shortfall, month.currency, month.days_late, month.codes, month.findings,
               month.not_checked, month.current)
        assert got == (expected.owed, expected.paid, expected.shortfall, expected.currency, expected.days_late,
                       expected.codes, expected.findings, expected.not_checked, True), line.line_no
    # the comparison covered what it is for: plain lines of every kind, and lines left to Python
    assert len(lines) // 3 < plain < len(lines)
    found = {code for m in months.values() for code in m.codes}
    assert {"wage.shortfall", "wage.late", "wage.not_own_account"} <= found
    if destination in ("QA", "MY", "KW"):
        assert "wage.below_minimum" in found
