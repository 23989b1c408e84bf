"""Comparing a registered contract with a presented one (substitution)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from corridor.contracts.compare import compare
from corridor.rules.rates import default_rates

BASES = Path(__file__).resolve().parents[1] / "rules/cases/base"
NAMES = sorted(p.name for p in BASES.glob("*.json"))


def load(name="ph-sa-domestic.json") -> dict:
    return json.loads((BASES / name).read_text("utf-8"))


def change(result, term):
    return next(c for c in result["changes"] if c["term"] == term)


def test_the_example_of_the_spec():
    registered, presented = load(), load()
    registered["wage"]["amount"] = "1500.00"
    presented["wage"]["amount"] = "1100.00"
    presented["job"]["worksite"] = "Dammam"
    result = compare(registered, presented)
    assert result["substituted"] is True
    assert change(result, "wage.amount") == {"term": "wage.amount", "registered": "1500.00", "presented": "1100.00",
                                             "less_favourable": True}
    assert change(result, "job.worksite")["less_favourable"] is None


def test_removing_a_protective_term_is_less_favourable():
    presented = load()
    del presented["medical"]["health_insurance"]
    result = compare(load(), presented)
    assert change(result, "medical.health_insurance") == {
        "term": "medical.health_insurance", "registered": "true", "presented": None, "less_favourable": True}


def test_lists_and_ordered_choices():
    presented = load()
    presented["fees"]["paid_by_worker"] = [{"item": "placement_fee", "amount": "500", "currency": "SAR"}]
    presented["transport"]["return_paid_by"] = "shared"
    presented["wage"]["allowances"] = [{"kind": "food", "amount": "200.00"}]
    result = compare(load(), presented)
    assert change(result, "fees.paid_by_worker")["less_favourable"] is True
    assert change(result, "transport.return_paid_by")["less_favourable"] is True
    assert change(result, "wage.allowances")["less_favourable"] is False


def test_a_better_contract_is_not_a_substitution():
    presented = load()
    presented["rest"]["annual_leave_days"] = 35
    presented["hours"]["normal_weekly"] = 40
    result = compare(load(), presented)
    assert result["substituted"] is False and {c["less_favourable"] for c in result["changes"]} == {False}


def test_a_wage_in_another_currency_needs_a_rate():
    presented = load()
    presented["wage"].update(amount="390.00", currency="USD")  # SAR 1500 = USD 400
    assert change(compare(load(), presented), "wage.amount")["less_favourable"] is None
    with_rate = compare(load(), presented, rates=default_rates())
    assert change(with_rate, "wage.amount")["less_favourable"] is True and with_rate["substituted"]


@given(st.sampled_from(NAMES))
def test_compare_x_x_reports_nothing(name):
    doc = load(name)
    assert compare(doc, copy.deepcopy(doc)) == {"substituted": False, "changes": []}


@given(st.sampled_from(NAMES), st.decimals(min_value=Decimal("0.01"), max_value=Decimal(5000), places=2))
def test_a_lower_wage_in_the_same_currency_is_a_substitution(name, cut):
    registered, presented = load(name), load(name)
    lower = Decimal(registered["wage"]["amount"]) - cut
    if lower < 0:
        lower = Decimal("0.00")
    presented["wage"]["amount"] = f"{lower:.2f}"
    result = compare(registered, presented)
    assert result["substituted"] is True
    assert change(result, "wage.amount")["less_favourable"] is True
