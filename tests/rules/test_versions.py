"""Rulesets through time: every jurisdiction has a version back to 1 January 2018, and old contracts meet old law."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.rules.engine import check
from corridor.rules.loader import default_catalogue

from .conftest import apply_patch, load_base


def test_every_origin_and_destination_has_a_version_in_force_from_2018():
    catalogue = default_catalogue()
    for ruleset_id, versions in catalogue.versions.items():
        if versions[-1].jurisdiction in ("international", "origin", "destination"):
            for day in (dt.date(2018, 1, 1), dt.date(2020, 6, 30), dt.date(2022, 2, 1), dt.date(2022, 2, 2),
                        dt.date(2025, 2, 18), dt.date(2025, 2, 19)):
                assert catalogue.version_on(ruleset_id, day) is not None, (ruleset_id, day)


def _findings(contract, rule):
    return [f for f in check(contract)["findings"] if f["rule"] == rule]


def test_uae_2019_contract_is_checked_against_federal_law_8_of_1980():
    contract = apply_patch(load_base("np-ae-construction.json"), {"term.start_date": "2019-05-01", "hours.normal_daily": 9})
    result = check(contract)
    assert {"id": "ae", "version": "2022-02-01"} in result["rulesets"]
    found = _findings(contract, "ae.hours-daily")
    assert found and found[0]["severity"] == "violation"
    assert "Federal Law No. 8 of 1980" in found[0]["citation"]["instrument"] and found[0]["citation"]["article"] == "Art. 65"


def test_uae_2019_contract_at_the_1980_limits_passes_them():
    contract = apply_patch(load_base("np-ae-construction.json"), {"term.start_date": "2019-05-01"})
    result = check(contract)
    assert not [f for f in result["findings"] if f["rule"].startswith("ae.")]


def test_uae_2022_contract_from_2_february_is_checked_against_decree_law_33():
    contract = apply_patch(load_base("np-ae-construction.json"), {"term.start_date": "2022-02-02", "hours.normal_daily": 9})
    found = _findings(contract, "ae.hours-daily")
    assert found and "Decree-Law No. 33 of 2021" in found[0]["citation"]["instrument"]


def test_uae_domestic_contract_before_the_2022_law_is_not_compliant_and_says_why():
    contract = apply_patch(load_base("np-ae-domestic.json"), {"term.start_date": "2019-05-01"})
    result = check(contract)
    assert result["compliant"] is False
    gap = [n for n in result["not_checked"] if n["reason"] == "not_encoded" and n["blocking"]]
    assert gap and "Federal Law No. 10 of 2017" in gap[0]["subject"]


def test_saudi_2020_contract_is_checked_against_the_labor_law_before_2025():
    contract = apply_patch(load_base("np-sa-construction.json"), {"term.start_date": "2020-03-01",
                                                                  "hours.normal_weekly": 54})
    result = check(contract)
    assert {"id": "sa", "version": "2025-02-18"} in result["rulesets"]
    assert [f["severity"] for f in _findings(contract, "sa.hours-weekly")] == ["violation"]
    assert any(n["reason"] == "not_encoded" and "Art. 53" in n["subject"] for n in result["not_checked"])


@pytest.mark.parametrize(("start", "applies"), [("2019-06-01", False), ("2021-03-20", True)])
def test_qatar_minimum_wage_applies_from_20_march_2021_under_labour_law_14_of_2004(start, applies):
    contract = apply_patch(load_base("np-qa-construction.json"), {"term.start_date": start, "wage.amount": "900.00"})
    result = check(contract)
    assert {"id": "qa", "version": "2026-11-26"} in result["rulesets"]
    assert bool(_findings(contract, "qa.minimum-wage")) is applies
    assert "qa.hours-daily" in result["rules_applied"]


def test_a_contract_dated_before_every_ruleset_is_not_compliant():
    contract = apply_patch(load_base("ph-sa-construction.json"), {"term.start_date": "2017-12-31"})
    result = check(contract)
    assert result["compliant"] is False
    assert ("ruleset_not_in_force", "sa") in {(n["reason"], n["subject"]) for n in result["not_checked"] if n["blocking"]}


def test_malaysia_2019_contract_is_not_compliant_until_its_minimum_wage_is_checked():
    contract = apply_patch(load_base("np-my-manufacturing.json"), {"term.start_date": "2019-03-01"})
    result = check(contract)
    assert {"id": "my", "version": "2022-04-30"} in result["rulesets"]
    assert result["compliant"] is False
    assert any(n["blocking"] and "minimum wage before 1 May 2022" in n["subject"] for n in result["not_checked"])


def test_malaysia_2026_contract_at_rm1700_and_45_hours_is_compliant():
    assert check(load_base("np-my-manufacturing.json"))["compliant"] is True
