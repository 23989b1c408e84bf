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


# --- issue 10: every term has a direction or a reason; fees, deductions and allowances item by item -----------

def _schema_terms():
    from corridor.contracts import compare as module
    from corridor.rules import interchange

    schema = interchange.schema()

    def resolve(node):
        return resolve(schema["$defs"][node["$ref"].split("/")[-1]]) if "$ref" in node else node

    found = []

    def walk(node, path=""):
        node = resolve(node)
        if path in module.LIST_TERMS or "properties" not in node:
            found.append(path)
            return
        for key, child in node["properties"].items():
            walk(child, f"{path}.{key}" if path else key)

    walk(schema)
    return found


def test_every_term_of_the_schema_has_a_direction_or_a_written_reason():
    from corridor.contracts import compare as module

    declared = (module.HIGHER_IS_BETTER | module.LOWER_IS_BETTER | module.TRUE_IS_BETTER | set(module.BEST_FIRST)
                | module.PRESENCE_PROTECTS | set(module.WAGE_TERMS) | set(module.LIST_TERMS) | module.NOT_TERMS)
    terms = _schema_terms()
    assert len(terms) > 50
    lacking = [t for t in terms if t not in declared and t not in module.NO_DIRECTION]
    assert not lacking, f"terms with neither a direction nor a reason: {lacking}"
    assert all(reason.strip() for reason in module.NO_DIRECTION.values())
    assert not set(module.NO_DIRECTION) & declared, "a term cannot have both a direction and a reason for none"


def test_a_fee_where_there_was_none_is_worse_whatever_its_currency():
    registered, presented = load(), load()
    registered["fees"]["paid_by_worker"] = []
    presented["fees"]["paid_by_worker"] = [{"item": "training", "amount": "5000.00", "currency": "PHP"}]
    result = compare(registered, presented)  # no rates at all: PHP cannot be converted, yet a new fee is worse
    assert change(result, "fees.paid_by_worker")["less_favourable"] is True and result["substituted"] is True


def test_fees_are_compared_item_by_item():
    registered, presented = load(), load()
    registered["fees"]["paid_by_worker"] = [{"item": "medical_exam", "amount": "100.00", "currency": "SAR"},
                                            {"item": "visa", "amount": "100.00", "currency": "SAR"}]
    presented["fees"]["paid_by_worker"] = [{"item": "medical_exam", "amount": "50.00", "currency": "SAR"},
                                           {"item": "visa", "amount": "150.00", "currency": "SAR"}]
    # the total is the same, but the visa fee went up: worse
    assert change(compare(registered, presented), "fees.paid_by_worker")["less_favourable"] is True
    presented["fees"]["paid_by_worker"][1]["amount"] = "100.00"
    assert change(compare(registered, presented), "fees.paid_by_worker")["less_favourable"] is False


def test_a_new_deduction_is_worse_even_if_another_fell():
    registered, presented = load(), load()
    registered["deductions"] = [{"purpose": "uniform", "amount": "50.00", "period": "month"}]
    presented["deductions"] = [{"purpose": "uniform", "amount": "10.00", "period": "month"},
                               {"purpose": "agency loan", "amount": "20.00", "period": "month"}]
    assert change(compare(registered, presented), "deductions")["less_favourable"] is True


def test_an_allowance_removed_or_turned_into_kind_is_worse():
    registered, presented = load(), load()
    registered["wage"]["allowances"] = [{"kind": "food", "amount": "300.00"}]
    presented["wage"]["allowances"] = [{"kind": "food", "amount": "300.00", "in_kind": True}]
    assert change(compare(registered, presented), "wage.allowances")["less_favourable"] is True
    presented["wage"]["allowances"] = [{"kind": "food", "amount": "350.00"}]
    assert change(compare(registered, presented), "wage.allowances")["less_favourable"] is False


def test_a_charge_for_housing_where_none_was_stated_is_worse():
    registered, presented = load(), load()
    registered["accommodation"].pop("charge_to_worker", None)
    presented["accommodation"]["charge_to_worker"] = "200.00"
    assert change(compare(registered, presented), "accommodation.charge_to_worker")["less_favourable"] is True
