"""Worker-facing fee sentences are generated from the fee rules that apply (issue 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.core.languages import SHIPPED
from corridor.rules.guidance import fee_sentences

ON = dt.date(2026, 12, 1)


def _texts(*args, **kwargs):
    return [s["text"] for s in fee_sentences(*args, **kwargs)]


def test_the_philippines_allows_one_month_where_the_destination_does_not_forbid_fees():
    sentences = fee_sentences("PH", "DE", "construction", ON)
    cap = [s for s in sentences if s["rule"] == "ph.placement-fee-one-month"]
    assert cap and "at most 1 month's basic wage" in cap[0]["text"]
    assert not any("any recruitment fee" in s["text"] for s in sentences)  # the page must not say every fee is banned


def test_no_placement_fee_for_household_service_workers():
    sentences = fee_sentences("PH", "DE", "domestic_work", ON)
    assert "ph.hsw-no-placement-fee" in {s["rule"] for s in sentences}
    assert not any(s["rule"] == "ph.placement-fee-one-month" for s in sentences)


@pytest.mark.parametrize("destination", ["QA", "AE", "SA"])
def test_where_the_destination_forbids_charging_the_one_month_cap_is_not_offered(destination):
    sentences = fee_sentences("PH", destination, "construction", ON)
    assert not any(s["rule"] == "ph.placement-fee-one-month" for s in sentences)
    assert any(s["rule"].startswith(destination.lower() + ".") for s in sentences)


def test_guidance_from_a_convention_that_does_not_bind_is_not_stated_as_law():
    assert not any(s["rule"] == "ilo.c181-no-fees" for s in fee_sentences("PH", "DE", "construction", ON))


def test_no_rule_says_so():
    assert fee_sentences("VN", "DE", "construction", ON)[0]["rule"] == ""


@pytest.mark.parametrize("lang", [code for code in SHIPPED if code != "en"])
def test_fee_sentences_in_every_shipped_language(lang):
    english = _texts("PH", "DE", "construction", ON)
    translated = _texts("PH", "DE", "construction", ON, lang=lang)
    assert len(translated) == len(english) and all(t != e for t, e in zip(translated, english, strict=True))
