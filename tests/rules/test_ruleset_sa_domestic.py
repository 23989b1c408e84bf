"""Saudi Arabia's Domestic Workers Regulation of 2023 (Ministerial Decision No. 40676), in force 21 September 2024:
the version that carries it, its Hijri dates, and worked contracts either side of its first day."""

from __future__ import annotations

import datetime as dt

import pytest
from hijridate import Gregorian, Hijri

from corridor.rules.engine import check

from .conftest import apply_patch, load_base


def _version(result):
    return [r["version"] for r in result["rulesets"] if r["id"] == "sa"]


def _sa(result):
    return {(f["rule"], f["severity"]) for f in result["findings"] if f["rule"].startswith("sa.domestic")}


@pytest.mark.parametrize(("hijri", "gregorian"), [
    ((17, 3, 1445), dt.date(2023, 10, 2)),   # Ministerial Decision No. 40676, date of issue
    ((17, 3, 1446), dt.date(2024, 9, 20)),   # one Hijri year later; Migrant-Rights.org gives 21 September 2024
])
def test_the_decisions_hijri_dates_convert_with_the_umm_al_qura_calendar(hijri, gregorian):
    day, month, year = hijri
    assert Hijri(year, month, day).to_gregorian() == gregorian
    assert Gregorian.fromdate(gregorian).to_hijri().datetuple() == (year, month, day)


@pytest.mark.parametrize(("start", "version"), [
    ("2024-09-20", "2025-02-18"),   # the 2013 Regulation still applied
    ("2024-09-21", "2024-09-21"),   # the 2023 Regulation with the Labor Law before its 2025 amendments
    ("2025-02-19", "2026-11-26"),   # the 2023 Regulation with the amended Labor Law
])
def test_each_date_gets_the_version_of_its_law(start, version):
    contract = apply_patch(load_base("ph-sa-domestic.json"), {"term.start_date": start})
    assert _version(check(contract)) == [version]


WORSE = {"hours.normal_daily": 11, "hours.normal_weekly": 66, "rest.weekly_rest_hours": 0,
         "documents.worker_keeps_identity_documents": False,
         "fees.paid_by_worker": [{"item": "work_permit", "amount": "100.00", "currency": "SAR"}]}


def test_a_long_day_no_rest_day_a_kept_passport_and_a_permit_fee_break_the_2023_regulation():
    contract = apply_patch(load_base("np-sa-domestic.json"), {"term.start_date": "2024-10-01", **WORSE})
    found = _sa(check(contract))
    assert {("sa.domestic-hours-daily", "violation"), ("sa.domestic-weekly-rest", "violation"),
            ("sa.domestic-passport", "violation"), ("sa.domestic-employer-costs", "violation")} <= found


def test_the_same_contract_a_day_before_meets_only_the_2013_regulation():
    # The 2013 Regulation set no daily limit, no enforceable weekly rest day and no domestic fee or passport ban.
    contract = apply_patch(load_base("np-sa-domestic.json"), {"term.start_date": "2024-09-20", **WORSE})
    assert _sa(check(contract)) == set()


def test_the_saudi_domestic_bases_meet_the_2023_regulation():
    for name in ("np-sa-domestic.json", "ph-sa-domestic.json"):
        result = check(load_base(name))
        assert not _sa(result) and result["compliant"] is True, (name, result["findings"])
