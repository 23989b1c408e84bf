"""Never a silent "compliant": what was not checked is in the result, and blocks "compliant" where it must."""

from __future__ import annotations

from corridor.core.languages import SHIPPED
from corridor.rules.engine import THEMES, check

from .conftest import apply_patch, load_base


def _blocking(result):
    return [n for n in result["not_checked"] if n["blocking"]]


def test_a_destination_without_any_ruleset_is_not_compliant_and_says_why():
    contract = apply_patch(load_base("ph-qa-construction.json"), {"corridor.destination": "DE", "employer.country": "DE"})
    result = check(contract)
    assert result["compliant"] is False
    assert not [f for f in result["findings"] if f["severity"] == "violation"]  # nothing broken, but unchecked
    gaps = _blocking(result)
    assert [(n["reason"], n["subject"]) for n in gaps] == [("no_ruleset_destination", "DE")]
    assert "DE" in gaps[0]["message"] and "cannot be called compliant" in gaps[0]["message"]


def test_an_origin_without_any_ruleset_is_not_compliant():
    contract = apply_patch(load_base("ph-qa-construction.json"), {"corridor.origin": "VN", "worker.nationality": "VN"})
    result = check(contract)
    assert result["compliant"] is False
    assert ("no_ruleset_origin", "VN") in {(n["reason"], n["subject"]) for n in _blocking(result)}


def test_a_contract_dated_before_every_ruleset_is_not_compliant():
    contract = apply_patch(load_base("np-qa-construction.json"), {"term.start_date": "1990-01-01"})
    result = check(contract)
    assert result["compliant"] is False
    reasons = {(n["reason"], n["subject"]) for n in _blocking(result)}
    assert ("ruleset_not_in_force", "qa") in reasons and ("ruleset_not_in_force", "np") in reasons
    assert [r["id"] for r in result["rulesets"]] == ["ilo"]


def test_a_missing_term_that_a_violation_rule_needs_blocks_compliant_and_is_named():
    contract = apply_patch(load_base("ph-qa-construction.json"), {"hours.normal_weekly": "__delete__"})
    result = check(contract)
    assert result["compliant"] is False
    named = {(n["subject"], n["reason"]) for n in _blocking(result)}
    assert ("qa.hours-weekly", "missing_term") in named
    message = next(n["message"] for n in result["not_checked"] if n["subject"] == "qa.hours-weekly")
    assert "hours.normal_weekly" in message


def test_an_amount_that_cannot_be_converted_blocks_compliant():
    # a Philippine contract to Qatar written in pesos: PHP/USD and PHP/QAR are not in the rate table
    contract = apply_patch(load_base("ph-qa-construction.json"), {"wage.currency": "PHP", "wage.amount": "90000.00"})
    result = check(contract)
    assert result["compliant"] is False
    assert any(n["reason"] == "missing_rate" and n["blocking"] for n in result["not_checked"])


def test_themes_not_encoded_are_listed_but_do_not_block_by_themselves():
    result = check(load_base("ph-qa-construction.json"))
    assert result["compliant"] is True
    themes = {n["subject"] for n in result["not_checked"] if n["reason"].startswith("theme_")}
    assert {"maternity_protection", "freedom_of_association"} <= themes
    assert not _blocking(result)
    assert {theme for theme, _ in THEMES} >= themes


def test_a_theme_covered_by_an_applied_rule_is_not_listed():
    # Qatar's passport rule (documents.retention) applies to every contract to Qatar
    result = check(load_base("ph-qa-construction.json"))
    assert "identity_documents" not in {n["subject"] for n in result["not_checked"]}
    assert "qa.passport" in result["rules_applied"] or any(r.startswith("qa.") for r in result["rules_applied"])


def test_not_checked_messages_come_in_every_shipped_language():
    contract = apply_patch(load_base("ph-qa-construction.json"), {"corridor.destination": "DE", "employer.country": "DE"})
    english = check(contract)["not_checked"][0]["message"]
    for lang in [code for code in SHIPPED if code != "en"]:
        message = check(contract, lang=lang)["not_checked"][0]["message"]
        assert message != english and "DE" in message, lang


def test_occupational_safety_is_checked_in_qatar_and_listed_as_not_checked_where_no_rule_covers_it():
    qatar = check(load_base("ph-qa-construction.json"))
    assert "occupational_safety" not in {n["subject"] for n in qatar["not_checked"]}
    assert "qa.safety-at-employer-cost" in qatar["rules_applied"]
    saudi = check(load_base("ph-sa-construction.json"))
    assert "occupational_safety" in {n["subject"] for n in saudi["not_checked"]}
