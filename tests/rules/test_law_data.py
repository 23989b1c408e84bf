"""The law-data files (settlement.toml, transfer.toml): a file that breaks the format is refused, naming the entry."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from importlib import resources
from pathlib import Path

import pytest

from corridor.core.languages import SHIPPED
from corridor.rules import settlement, transfer
from corridor.rules.lawdata import LawDataError, add_months, add_years, service_years

D = dt.date
SETTLEMENT = resources.files("corridor.rules").joinpath("settlement.toml").read_text("utf-8")
TRANSFER = resources.files("corridor.rules").joinpath("transfer.toml").read_text("utf-8")


def test_shipped_files_load():
    assert {("SA", "general"), ("SA", "domestic"), ("QA", "general"), ("QA", "domestic"), ("AE", "general"),
            ("AE", "domestic")} == set(settlement.laws())
    assert {("SA", "general"), ("QA", "general"), ("QA", "domestic"), ("AE", "general")} == set(transfer.laws())


def _broken(text: str, old: str, new: str, parse, match: str):
    assert old in text, old
    with pytest.raises(LawDataError, match=match) as refused:
        parse(text.replace(old, new, 1))
    assert refused.value.code == "rules.law_data_invalid"
    return refused.value


@pytest.mark.parametrize(("old", "new", "match"), [
    ('rule_id = "sa.end-of-service"\n', 'rule_id = "sa.end-of-service"\ncolour = "red"\n', "unknown key"),
    ('citation = { instrument = "Saudi Labor Law, Royal Decree No. M/51 of 23/8/1426H, as amended", article = "Arts. 2 and 84", ',
     'citatio = { instrument = "x", article = "Arts. 2 and 84", ', "unknown key|citation"),
    ('months_per_year = "0.5"', "months_per_year = 0.5", "figure must be a string"),
    ('[law.end_of_service.by_reason.contract_end]\neffect = "full"\n', "", "every end reason"),
    ('effect = "bands"', 'effect = "half"', "effect must be"),
    ('owed_for = ["contract_end", "employer_termination", "force_majeure", "death_or_disability"]',
     'owed_for = ["contract_end", "force_majeure", "death_or_disability"]', "every end reason once"),
    ('wage = "total"', 'wage = "gross"', "wage must be"),
    ('effective_from = "2004-08-19"', 'effective_from = "19 August 2004"', "ISO date"),
    ('{ from_years = "5", months_per_year = "1" }', '{ from_years = "6", months_per_year = "1" }', "without gap"),
])
def test_settlement_file_refusals(old, new, match):
    _broken(SETTLEMENT, old, new, settlement.parse_laws, match)


def test_settlement_figures_need_sources():
    text = SETTLEMENT.replace('sources = ["Art. 85 thresholds', 'notes = ["Art. 85 thresholds', 1)
    with pytest.raises(LawDataError, match="resignation"):
        settlement.parse_laws(text)


def test_settlement_part_left_out_must_say_why():
    _broken(SETTLEMENT, '{ subject = "end_of_service", reason = "Decree-Law No. 9 of 2022',
            '{ subject = "x", reason = "Decree-Law No. 9 of 2022', settlement.parse_laws, "no \\[end_of_service\\]")


def test_settlement_versions_may_not_overlap():
    first = SETTLEMENT.index("\n[[law]]\n")
    second = SETTLEMENT.index("\n[[law]]\n", first + 1)
    copy = SETTLEMENT[first:second].replace('version = "2026-12-04"', 'version = "2030-01-01"')
    with pytest.raises(LawDataError, match="overlap"):
        settlement.parse_laws(SETTLEMENT + "\n" + copy)


def test_settlement_a_closed_version_then_a_new_one_is_accepted():
    first = SETTLEMENT.index("\n[[law]]\n")
    second = SETTLEMENT.index("\n[[law]]\n", first + 1)
    old = SETTLEMENT[first:second].replace('effective_from = "2018-01-01"',
                                           'effective_from = "2010-01-01"\neffective_to = "2017-12-31"')
    old = old.replace('version = "2026-12-04"', 'version = "2017-12-31"').replace('months_per_year = "1" }',
                                                                                  'months_per_year = "2" }')
    found = settlement.parse_laws(SETTLEMENT + "\n" + old)[("SA", "general")]
    assert [law.version for law in found] == ["2017-12-31", "2026-12-04"]


@pytest.mark.parametrize(("old", "new", "match"), [
    ('needed = "before_service_months"', 'needed = "sometimes"', "consent.needed"),
    ("days = 90\n", "days = 90\nbands = []\n", "either days or bands"),
    ('[law.grounds.trafficking]\neffect = "waives_consent_and_notice"\n',
     '[law.grounds.smuggling]\neffect = "waives_consent_and_notice"\n', "every ground"),
    ('[law.grounds.abuse]\neffect = "not_checked"\nnote = "Not a listed ground of the job mobility service (see not_encoded)."',
     '[law.grounds.abuse]\neffect = "not_checked"', "say in `note`"),
    ('{ up_to_service_years = "2", months = 1 },', '{ months = 1 },', "up_to_service_years"),
    ("notice_days = 0\nnote = \"When the contract has expired", "notice_days = -1\nnote = \"When the contract has expired",
     "whole number of days"),
])
def test_transfer_file_refusals(old, new, match):
    _broken(TRANSFER, old, new, transfer.parse_laws, match)


def test_not_toml_is_refused():
    with pytest.raises(LawDataError, match="not TOML"):
        settlement.parse_laws("[[law]\n")
    with pytest.raises(LawDataError, match="not TOML"):
        transfer.parse_laws("= 1")


@pytest.mark.parametrize(("start", "last", "expected"), [
    (D(2020, 1, 1), D(2020, 12, 31), Fraction(1)),  # a full (leap) year is one year
    (D(2021, 1, 1), D(2021, 12, 30), Fraction(364, 365)),
    (D(2020, 2, 29), D(2021, 2, 27), Fraction(1)),  # the anniversary of 29 February is 28 February
    (D(2019, 1, 1), D(2025, 7, 1), 6 + Fraction(182, 365)),
    (D(2024, 5, 5), D(2024, 5, 5), Fraction(1, 365)),  # one day worked
])
def test_service_years(start, last, expected):
    assert service_years(start, last, Fraction(365)) == expected


def test_calendar_arithmetic_at_month_and_year_ends():
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 11, 30), 2) == D(2024, 1, 30)
    assert add_years(D(2020, 2, 29), 1) == D(2021, 2, 28)


def _catalogue(lang: str) -> dict[str, str]:
    """msgid -> msgstr of a .po file (single-line entries, as this project writes them)."""
    path = Path(__file__).resolve().parents[2] / "src/corridor/locale" / lang / "LC_MESSAGES/django.po"
    found, msgid = {}, None
    for raw in path.read_text("utf-8").splitlines():
        if raw.startswith('msgid "'):
            msgid = raw[7:-1].replace('\\"', '"')
        elif raw.startswith('msgstr "') and msgid is not None:
            found[msgid] = raw[8:-1].replace('\\"', '"')
            msgid = None
    return found


@pytest.mark.parametrize("lang", [code for code in SHIPPED if code != "en"])
def test_every_explanation_is_in_every_catalogue(lang):
    catalogue = _catalogue(lang)
    messages = [getattr(module, name) for module in (settlement, transfer) for name in dir(module)
                if name.startswith(("MSG_", "NC_"))]
    assert messages
    for msgid in messages:
        assert catalogue.get(msgid), (lang, msgid)
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(re.findall(r"%\(\w+\)s", catalogue[msgid]))
