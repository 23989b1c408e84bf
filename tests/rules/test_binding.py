"""Conventions bind only the states that ratified them: elsewhere a finding resting on one is guidance."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.core.languages import SHIPPED
from corridor.rules import ratifications
from corridor.rules.engine import check

from .conftest import apply_patch, load_base


@pytest.mark.parametrize(("convention", "country", "on", "expected"), [
    ("C189", "PH", dt.date(2013, 9, 5), "bound"),
    ("C189", "PH", dt.date(2013, 9, 4), "not_bound"),
    ("C189", "SA", dt.date(2026, 1, 1), "unknown"),      # the partial file's gap is unknown, not "not ratified"
    ("C181", "PH", dt.date(2026, 1, 1), "unknown"),
    ("C097", "MY", dt.date(2026, 1, 1), "bound"),
    ("C155", "NP", dt.date(2026, 1, 1), "not_bound"),    # the fundamental conventions file is complete
    ("C155", "MY", dt.date(2024, 6, 1), "unknown"),      # ratified in 2024, date in the year not known
    ("C155", "MY", dt.date(2025, 1, 1), "bound"),
    ("C095", "QA", dt.date(2026, 1, 1), "unknown"),      # in neither file
])
def test_ratification_status(convention, country, on, expected):
    assert ratifications.status(convention, country, on) == expected


def test_a_c181_fee_finding_is_guidance_and_the_binding_violation_cites_national_law():
    contract = apply_patch(load_base("np-qa-construction.json"), {
        "fees.paid_by_worker": [{"item": "service_fee", "amount": "500.00", "currency": "QAR"}]})
    result = check(contract)
    c181 = next(f for f in result["findings"] if f["rule"] == "ilo.c181-no-fees")
    assert c181["severity"] == "warning" and c181["binding"] is False
    assert c181["message"].startswith("Guidance")
    national = [f for f in result["findings"] if f["category"] == "fees.worker_paid" and f["severity"] == "violation"]
    assert national and all(not f["rule"].startswith("ilo.") for f in national)
    assert result["compliant"] is False


def test_a_finding_resting_only_on_an_unratified_convention_never_blocks():
    # a Nepali construction worker in Qatar whose contract lacks a worker-readable language: only C97 speaks to it
    contract = apply_patch(load_base("np-qa-construction.json"), {"languages.contract": ["ar"]})
    result = check(contract)
    language = [f for f in result["findings"] if f["category"] == "contract.language"]
    assert language and {f["severity"] for f in language} == {"warning"}
    assert result["compliant"] is True


def test_guidance_is_said_in_every_shipped_language():
    contract = apply_patch(load_base("np-qa-construction.json"), {"languages.contract": ["ar"]})
    english = next(f["message"] for f in check(contract)["findings"] if f["category"] == "contract.language")
    for lang in [code for code in SHIPPED if code != "en"]:
        message = next(f["message"] for f in check(contract, lang=lang)["findings"]
                       if f["category"] == "contract.language")
        assert message.split(" ")[0] != english.split(" ")[0] and "C097" in message, lang
