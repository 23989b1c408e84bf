"""India (`in`) and the India-Saudi Arabia domestic workers agreement (`in-sa`) through time; the per-rule worked
contracts are in cases/in.toml and cases/in-sa.toml. Pure: no database."""

from __future__ import annotations

import pytest

from corridor.rules.engine import check

from .conftest import apply_patch, load_base


def _rules_found(contract):
    return {f["rule"]: f["severity"] for f in check(contract)["findings"]}


def test_an_indian_contract_dated_before_every_ruleset_is_not_compliant():
    contract = apply_patch(load_base("in-sa-construction.json"), {"term.start_date": "2017-12-31"})
    result = check(contract)
    assert result["compliant"] is False
    blocking = {(n["reason"], n["subject"]) for n in result["not_checked"] if n["blocking"]}
    assert ("ruleset_not_in_force", "in") in blocking


@pytest.mark.parametrize(("start", "found"), [("2020-09-20", None), ("2020-09-21", "warning")])
def test_the_minimum_referral_wage_for_saudi_arabia_applies_from_september_2020(start, found):
    contract = apply_patch(load_base("in-sa-construction.json"), {"term.start_date": start, "wage.amount": "1000.00"})
    assert _rules_found(contract).get("in.mrw-saudi") == found


def test_the_service_charge_ceiling_leaves_out_the_air_ticket_and_visa():
    contract = apply_patch(load_base("in-sa-construction.json"), {"fees.paid_by_worker": [
        {"item": "service_fee", "amount": "30000", "currency": "INR"},
        {"item": "travel", "amount": "25000", "currency": "INR"},
        {"item": "visa", "amount": "8000", "currency": "INR"}]})
    assert "in.service-charge-ceiling" not in _rules_found(contract)


def test_a_domestic_worker_charged_for_recruitment_breaks_the_2014_agreement_and_is_not_compliant():
    contract = apply_patch(load_base("in-sa-domestic.json"), {
        "fees.paid_by_worker": [{"item": "service_fee", "amount": "20000", "currency": "INR"}]})
    result = check(contract)
    found = [f for f in result["findings"] if f["rule"] == "in-sa.no-recruitment-costs-domestic"]
    assert found and found[0]["citation"]["article"].startswith("Art. 3")
    assert result["compliant"] is False


def test_the_kuwait_referral_wage_is_listed_as_not_checked():
    contract = apply_patch(load_base("in-sa-construction.json"), {"corridor.destination": "KW", "employer.country": "KW"})
    subjects = [n["subject"] for n in check(contract)["not_checked"] if n["reason"] == "not_encoded"]
    assert any("Kuwait" in s and "referral" in s for s in subjects)
