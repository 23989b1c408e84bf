"""Bangladesh (`bd`) and its bilateral rulesets (`bd-sa`, `bd-my`) through time; the per-rule worked contracts are
in cases/bd.toml, cases/bd-sa.toml and cases/bd-my.toml. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.rules.engine import check
from corridor.rules.guidance import fee_sentences

from .conftest import apply_patch, load_base


def _rules_found(contract):
    return {f["rule"]: f["severity"] for f in check(contract)["findings"]}


def test_a_bangladeshi_contract_dated_before_every_ruleset_is_not_compliant():
    contract = apply_patch(load_base("bd-sa-construction.json"), {"term.start_date": "2017-12-31"})
    result = check(contract)
    assert result["compliant"] is False
    blocking = {(n["reason"], n["subject"]) for n in result["not_checked"] if n["blocking"]}
    assert ("ruleset_not_in_force", "bd") in blocking


@pytest.mark.parametrize(("start", "found"), [("2022-07-05", None), ("2022-07-06", "violation")])
def test_the_malaysia_ceiling_of_tk_78990_applies_from_6_july_2022(start, found):
    contract = apply_patch(load_base("bd-my-manufacturing.json"), {
        "term.start_date": start, "fees.paid_by_worker": [{"item": "service_fee", "amount": "100000", "currency": "BDT"}]})
    assert _rules_found(contract).get("bd.migration-cost-malaysia") == found


@pytest.mark.parametrize(("start", "found"), [("2026-12-18", "violation"), ("2026-12-19", None)])
def test_the_2021_memorandum_with_malaysia_is_applied_for_its_five_years_only(start, found):
    contract = apply_patch(load_base("bd-my-manufacturing.json"), {
        "term.start_date": start, "fees.paid_by_worker": [{"item": "travel", "amount": "900", "currency": "MYR"}]})
    assert _rules_found(contract).get("bd-my.employer-bears-costs") == found


def test_the_saudi_ceiling_counts_every_cost_and_cites_the_2013_act():
    contract = apply_patch(load_base("bd-sa-construction.json"), {"fees.paid_by_worker": [
        {"item": "placement_fee", "amount": "160000", "currency": "BDT"},
        {"item": "travel", "amount": "5001", "currency": "BDT"}]})
    found = [f for f in check(contract)["findings"] if f["rule"] == "bd.migration-cost-saudi"]
    assert found and found[0]["severity"] == "violation"
    assert "Overseas Employment and Migrants Act, 2013" in found[0]["citation"]["instrument"]
    assert check(contract)["compliant"] is False


def test_a_construction_worker_is_not_under_the_domestic_workers_memorandum():
    contract = apply_patch(load_base("bd-sa-construction.json"), {
        "fees.paid_by_worker": [{"item": "travel", "amount": "1000", "currency": "BDT"}]})
    assert "bd-sa.employer-bears-migration-costs" not in _rules_found(contract)


def test_the_worker_page_says_what_the_bangladesh_malaysia_rules_say():
    sentences = fee_sentences("BD", "MY", "manufacturing", dt.date(2026, 12, 1))
    by_rule = {s["rule"]: s["text"] for s in sentences}
    assert set(by_rule) == {"bd-my.employer-bears-costs", "bd.migration-cost-malaysia"}
    assert "78990 BDT" in by_rule["bd.migration-cost-malaysia"]
    assert "visa" in by_rule["bd-my.employer-bears-costs"] and "travel" in by_rule["bd-my.employer-bears-costs"]
