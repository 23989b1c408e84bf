"""Sri Lanka (`lk`) through time and at the departure clearance; the per-rule worked contracts are in cases/lk.toml.
Pure: no database."""

from __future__ import annotations

from corridor.rules.engine import check

from .conftest import apply_patch, load_base


def test_a_sri_lankan_contract_dated_before_every_ruleset_is_not_compliant():
    contract = apply_patch(load_base("lk-ae-domestic.json"), {"term.start_date": "2017-12-31"})
    result = check(contract)
    assert result["compliant"] is False
    blocking = {(n["reason"], n["subject"]) for n in result["not_checked"] if n["blocking"]}
    assert ("ruleset_not_in_force", "lk") in blocking


def test_the_minimum_age_of_21_is_checked_at_the_clearance_not_in_the_contract():
    contract = apply_patch(load_base("lk-ae-domestic.json"), {"worker.date_of_birth": "2006-06-01"})
    assert "lk.domestic-minimum-age" not in {f["rule"] for f in check(contract)["findings"]}
    found = [f for f in check(contract, stage="clearance")["findings"] if f["rule"] == "lk.domestic-minimum-age"]
    assert found and found[0]["severity"] == "violation"


def test_the_registration_fee_paid_to_the_bureau_is_lawful_but_an_agency_fee_is_not():
    lawful = apply_patch(load_base("lk-ae-domestic.json"), {"fees.paid_by_worker": [
        {"item": "other", "amount": "18000", "currency": "LKR", "paid_to": "Sri Lanka Bureau of Foreign Employment"}]})
    assert "lk.no-agency-fee" not in {f["rule"] for f in check(lawful)["findings"]}
    charged = apply_patch(load_base("lk-ae-domestic.json"), {"fees.paid_by_worker": [
        {"item": "service_fee", "amount": "1", "currency": "LKR"}]})
    found = [f for f in check(charged)["findings"] if f["rule"] == "lk.no-agency-fee"]
    assert found and "Sec. 34" in found[0]["citation"]["article"]
