"""Issue 10's corrections, each with the worked contract a labour lawyer would check by hand."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hijridate import Gregorian, Hijri

from corridor.rules.engine import check, rule_findings
from corridor.rules.loader import default_catalogue

from .conftest import apply_patch, load_base


def _rules(result, severity=None):
    return {f["rule"] for f in result["findings"] if severity is None or f["severity"] == severity}


# --- Qatar: QAR 1,000 basic + QAR 500 housing + QAR 300 food unless provided in kind ---------------------

def test_qatar_1000_basic_with_neither_housing_nor_food_is_underpaid():
    contract = apply_patch(load_base("ph-qa-construction.json"), {
        "wage.amount": "1000.00", "wage.allowances": [],
        "accommodation.provided": False, "accommodation.charge_to_worker": "__delete__",
        "food.provided": False, "food.charge_to_worker": "__delete__",
    })
    result = check(contract)
    assert not result["compliant"]
    violations = _rules(result, "violation")
    assert {"qa.minimum-housing-allowance", "qa.minimum-food-allowance"} <= violations
    assert "qa.minimum-wage" not in violations  # the basic wage itself is at the floor
    housing = next(f for f in result["findings"] if f["rule"] == "qa.minimum-housing-allowance")
    assert housing["category"] == "wage.below_minimum"
    assert "500.00" in housing["expected"] and "Decision No. 25 of 2020" in housing["citation"]["instrument"]


def test_qatar_1000_basic_with_cash_allowances_of_500_and_300_is_paid_the_minimum():
    contract = apply_patch(load_base("ph-qa-construction.json"), {
        "wage.amount": "1000.00",
        "wage.allowances": [{"kind": "housing", "amount": "500.00"}, {"kind": "food", "amount": "300.00"}],
        "accommodation.provided": False, "accommodation.charge_to_worker": "__delete__",
        "food.provided": False, "food.charge_to_worker": "__delete__",
    })
    result = check(contract)
    assert not _rules(result) & {"qa.minimum-wage", "qa.minimum-housing-allowance", "qa.minimum-food-allowance"}


def test_qatar_1000_basic_with_housing_and_food_in_kind_is_paid_the_minimum():
    contract = apply_patch(load_base("ph-qa-construction.json"), {"wage.amount": "1000.00"})
    assert contract["accommodation"]["provided"] and contract["food"]["provided"]
    assert check(contract)["compliant"]


def test_qatar_allowance_rule_does_not_reach_contracts_before_the_minimum_wage():
    contract = apply_patch(load_base("ph-qa-construction.json"), {
        "term.start_date": "2021-03-19", "wage.amount": "1000.00", "accommodation.provided": False})
    assert rule_findings("qa.minimum-housing-allowance", contract) is None


# --- UAE domestic workers: 12 hours' daily rest, 8 consecutive ------------------------------------------

def test_uae_domestic_worker_with_13_hours_work_lacks_the_12_hours_rest():
    contract = apply_patch(load_base("ph-ae-domestic.json"), {"hours.normal_daily": 13, "rest.daily_rest_hours": 8})
    result = check(contract)
    assert "ae.domestic-hours-daily" in _rules(result, "violation")
    assert not result["compliant"]


def test_uae_domestic_worker_with_7_consecutive_hours_rest_lacks_the_8():
    contract = apply_patch(load_base("np-ae-domestic.json"), {"hours.normal_daily": 10, "rest.daily_rest_hours": 7})
    result = check(contract)
    found = [f for f in result["findings"] if f["rule"] == "ae.domestic-daily-rest"]
    assert found and found[0]["severity"] == "violation"
    assert "12 hours" in found[0]["message"] and "8 of them consecutive" in found[0]["message"]


def test_uae_domestic_worker_with_12_hours_work_and_8_consecutive_rest_is_at_the_edge():
    contract = apply_patch(load_base("ph-ae-domestic.json"), {"hours.normal_daily": 12, "rest.daily_rest_hours": 8})
    assert not _rules(check(contract)) & {"ae.domestic-hours-daily", "ae.domestic-daily-rest"}


# --- ILO C30: Art. 1(2)(b) exclusions, in force 29 August 1933 ------------------------------------------

def test_c30_does_not_reach_hotels_and_restaurants():
    contract = apply_patch(load_base("np-ae-hospitality.json"), {"hours.normal_daily": 9, "hours.normal_weekly": 54})
    assert rule_findings("ilo.c030-hours-daily", contract) is None
    assert rule_findings("ilo.c030-hours-weekly", contract) is None


def test_c30_reaches_commerce_and_offices():
    contract = apply_patch(load_base("np-ae-hospitality.json"), {"job.sector": "other", "hours.normal_daily": 9})
    assert [f["severity"] for f in rule_findings("ilo.c030-hours-daily", contract)] == ["warning"]


def test_c30_entered_into_force_on_29_august_1933():
    rule = next(r for r in default_catalogue().rules() if r.id == "ilo.c030-hours-daily")
    assert rule.in_force(dt.date(1933, 8, 29)) and not rule.in_force(dt.date(1933, 8, 28))


# --- C95 Art. 12 "regularly"; C189 Art. 14 social security including maternity --------------------------

def test_c95_accepts_every_regular_interval_and_refuses_end_of_contract_payment():
    base = load_base("ph-ae-construction.json")
    for interval in ("weekly", "fortnightly", "monthly"):
        assert not rule_findings("ilo.c095-paid-directly", apply_patch(base, {"wage.payment_frequency": interval}))
    found = rule_findings("ilo.c095-paid-directly", apply_patch(base, {"wage.payment_frequency": "end_of_contract"}))
    assert found and "regularly" in found[0]["message"] and "month" not in found[0]["message"]


def test_c189_art_14_message_names_maternity():
    contract = apply_patch(load_base("ph-ae-domestic.json"), {"social_security.work_injury_insurance": False})
    found = rule_findings("ilo.c189-social-security", contract)
    assert found and "maternity" in found[0]["message"]


# --- C1 binds Saudi Arabia and the UAE ------------------------------------------------------------------

@pytest.mark.parametrize("base", ["ph-sa-construction.json", "ph-ae-construction.json"])
def test_c1_is_binding_for_saudi_arabia_and_the_uae(base):
    contract = apply_patch(load_base(base), {"hours.normal_daily": 9})
    assert [f["severity"] for f in rule_findings("ilo.c001-hours-daily-bound", contract)] == ["violation"]
    c1 = [f for f in check(contract)["findings"] if f["rule"].startswith("ilo.c001")]
    assert [f["rule"] for f in c1] in (["ilo.c001-hours-daily-bound"], [])  # the national rule may prevail


def test_c1_is_guidance_where_not_ratified():
    contract = apply_patch(load_base("ph-qa-construction.json"), {"hours.normal_daily": 9})
    assert rule_findings("ilo.c001-hours-daily-bound", contract) is None
    assert [f["severity"] for f in rule_findings("ilo.c001-hours-daily", contract)] == ["warning"]


# --- Hijri dates are converted with a calendar library (Umm al-Qura, hijridate) --------------------------

HIJRI_TABLE = [
    # (day, month, year AH) -> Gregorian, Umm al-Qura calendar as published by hijridate
    ((12, 7, 1421), dt.date(2000, 10, 9)),   # Council of Ministers Decision No. 166: October 2000, not July
    ((23, 8, 1426), dt.date(2005, 9, 27)),   # Saudi Labor Law, Royal Decree No. M/51
    ((7, 9, 1434), dt.date(2013, 7, 15)),    # Domestic Workers Regulation, Decision No. 310
    ((1, 1, 1446), dt.date(2024, 7, 7)),
]


@pytest.mark.parametrize(("hijri", "gregorian"), HIJRI_TABLE)
def test_hijri_conversion_table(hijri, gregorian):
    day, month, year = hijri
    assert Hijri(year, month, day).to_gregorian() == gregorian
    assert Gregorian.fromdate(gregorian).to_hijri().datetuple() == (year, month, day)


_HIJRI_WITH_GLOSS = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})H \((\d{1,2} [A-Z][a-z]+ \d{4})\)")


def test_every_hijri_date_with_a_gregorian_gloss_in_the_rulesets_converts_to_it():
    from corridor.rules.loader import default_catalogue as catalogue

    texts = []
    for rule in catalogue().rules():
        texts += [rule.note, rule.citation.instrument, rule.citation.article, *rule.sources]
    for versions in catalogue().versions.values():
        texts += [v.note for v in versions if getattr(v, "note", None)]
    glosses = [m for text in texts if text for m in _HIJRI_WITH_GLOSS.finditer(text)]
    assert glosses, "the Saudi ruleset cites Hijri dates with their Gregorian date"
    for m in glosses:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        stated = dt.datetime.strptime(m[4], "%d %B %Y").date()
        assert Hijri(year, month, day).to_gregorian() == stated, m[0]
