"""Singapore (`sg`): worked contracts for the rules whose dates matter; per-rule cases are in cases/sg.toml."""

from __future__ import annotations

from corridor.rules.engine import check

from .conftest import apply_patch, load_base


def _rules(result, prefix="sg."):
    return {(f["rule"], f["severity"]) for f in result["findings"] if f["rule"].startswith(prefix)}


def test_the_singapore_bases_are_compliant_and_checked_against_sg():
    for name in ("np-sg-construction.json", "np-sg-domestic.json"):
        result = check(load_base(name))
        assert {"id": "sg", "version": "2026-12-04"} in result["rulesets"], name
        assert result["compliant"] is True, (name, result["findings"])


def test_a_domestic_worker_with_no_rest_at_all_in_2023_is_a_violation():
    contract = apply_patch(load_base("np-sg-domestic.json"), {"term.start_date": "2023-01-01",
                                                             "rest.weekly_rest_hours": 0})
    result = check(contract)
    assert ("sg.domestic-monthly-rest", "violation") in _rules(result)
    assert result["compliant"] is False


def test_the_same_contract_signed_in_2022_meets_the_older_law_with_a_warning_only():
    # Before 1 January 2023 every rest day could be bought back with a day's pay: a warning for an officer.
    contract = apply_patch(load_base("np-sg-domestic.json"), {"term.start_date": "2022-06-01",
                                                             "rest.weekly_rest_hours": 0})
    assert _rules(check(contract)) == {("sg.domestic-weekly-rest", "warning")}


def test_an_agency_fee_of_three_months_is_flagged_and_the_employment_act_spares_domestic_work():
    contract = apply_patch(load_base("np-sg-domestic.json"), {
        "fees.paid_by_worker": [{"item": "placement_fee", "amount": "1800.00", "currency": "SGD"}],
        "hours.normal_daily": 10, "hours.normal_weekly": 60})
    assert _rules(check(contract)) == {("sg.agency-fee-cap", "warning")}


def test_a_singapore_contract_before_2018_finds_no_version_and_is_not_compliant():
    result = check(apply_patch(load_base("np-sg-construction.json"), {"term.start_date": "2017-12-31"}))
    assert result["compliant"] is False
    assert ("ruleset_not_in_force", "sg") in {(n["reason"], n["subject"]) for n in result["not_checked"]}
