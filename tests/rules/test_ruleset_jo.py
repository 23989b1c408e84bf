"""Jordan (`jo`): the minimum wage through its versions, worked contracts; per-rule cases are in cases/jo.toml."""

from __future__ import annotations

import pytest

from corridor.rules.engine import check

from .conftest import apply_patch, load_base


def _jo(result):
    return {(f["rule"], f["severity"]) for f in result["findings"] if f["rule"].startswith("jo.")}


def _version(result):
    return [r["version"] for r in result["rulesets"] if r["id"] == "jo"]


def test_the_jordan_bases_are_compliant_under_the_current_version():
    for name in ("np-jo-manufacturing.json", "np-jo-domestic.json"):
        result = check(load_base(name))
        assert _version(result) == ["2026-12-04"], name
        assert result["compliant"] is True, (name, result["findings"])


@pytest.mark.parametrize(("start", "version", "finding"), [
    ("2021-06-01", "2021-12-31", ("jo.minimum-wage-2021", "violation")),  # JOD 230 for non-Jordanians in 2021
    ("2025-01-01", "2026-12-04", ("jo.minimum-wage", "violation")),       # JOD 290 from 1 January 2025
])
def test_a_wage_of_jod_225_breaks_the_minimum_wage_of_its_date(start, version, finding):
    contract = apply_patch(load_base("np-jo-manufacturing.json"), {"term.start_date": start, "wage.amount": "225.000"})
    result = check(contract)
    assert _version(result) == [version]
    assert finding in _jo(result) and result["compliant"] is False


@pytest.mark.parametrize("start", ["2019-03-01", "2023-03-01"])
def test_where_the_rate_was_not_verified_the_contract_is_not_compliant_and_says_why(start):
    contract = apply_patch(load_base("np-jo-manufacturing.json"), {"term.start_date": start, "wage.amount": "300.000"})
    result = check(contract)
    assert not _jo(result) and result["compliant"] is False
    gaps = [n["subject"] for n in result["not_checked"] if n["blocking"] and n["reason"] == "not_encoded"]
    assert any("minimum wage of non-Jordanian workers" in g for g in gaps), gaps


def test_a_2021_contract_at_jod_240_meets_the_older_law_though_it_would_break_todays():
    contract = apply_patch(load_base("np-jo-manufacturing.json"), {"term.start_date": "2021-06-01", "wage.amount": "240.000"})
    result = check(contract)
    assert not _jo(result) and result["compliant"] is True


def test_a_domestic_day_of_nine_hours_is_a_violation_now_and_a_warning_before_2025():
    now = apply_patch(load_base("np-jo-domestic.json"), {"hours.normal_daily": 9, "hours.normal_weekly": 54})
    before = apply_patch(now, {"term.start_date": "2020-06-01"})
    assert ("jo.domestic-hours-daily", "violation") in _jo(check(now))
    assert ("jo.domestic-hours-daily", "warning") in _jo(check(before))


def test_after_the_2025_decision_expires_no_version_is_in_force():
    result = check(apply_patch(load_base("np-jo-manufacturing.json"), {"term.start_date": "2028-01-01"}))
    assert result["compliant"] is False
    assert ("ruleset_not_in_force", "jo") in {(n["reason"], n["subject"]) for n in result["not_checked"]}
