"""Changing employer (rules/transfer.py + transfer.toml): cited examples per destination."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.rules.transfer import GROUNDS, TransferInputError, TransferRequest, evaluate_transfer

D = dt.date


def request(**overrides) -> TransferRequest:
    values = dict(country="SA", sector="general", ground="none", contract_start=D(2023, 1, 1),
                  request_date=D(2024, 6, 1), contract_end=None, employer_consents=None)
    values.update(overrides)
    return TransferRequest(**values)


def rules(decision) -> list[str]:
    return [rule for rule, *_ in decision.reasons]


def gaps(decision) -> set[tuple[str, str]]:
    return {(item.subject, item.reason) for item in decision.not_checked}


# -- Saudi Arabia: Labour Reform Initiative (in force 14 March 2021) ---------------------------------------------


def test_sa_after_twelve_months_no_consent_and_ninety_days_notice():
    # One year with the employer is reached on 2024-01-01; the request of 2024-06-01 needs no consent and
    # gives 90 days' notice: earliest move 2024-08-30.
    decision = evaluate_transfer(request())
    assert (decision.allowed, decision.needs_employer_consent, decision.notice_days) == (True, False, 90)
    assert decision.earliest_date == D(2024, 8, 30)
    assert rules(decision) == ["sa.transfer-first-year", "sa.transfer-notice"]


def test_sa_in_the_first_year_consent_is_needed():
    # Request on 2023-06-01: consent needed until 2024-01-01. Refused: not allowed now; without consent the
    # worker may move from 2024-01-01 + 90 days = 2024-03-31.
    refused = evaluate_transfer(request(request_date=D(2023, 6, 1), employer_consents=False))
    assert (refused.allowed, refused.needs_employer_consent) == (False, True)
    assert refused.earliest_date == D(2024, 3, 31)
    unknown = evaluate_transfer(request(request_date=D(2023, 6, 1)))
    assert unknown.allowed is None and unknown.needs_employer_consent is True


def test_sa_with_consent_any_time():
    decision = evaluate_transfer(request(request_date=D(2023, 6, 1), employer_consents=True))
    assert (decision.allowed, decision.needs_employer_consent, decision.notice_days) == (True, True, 0)
    assert decision.earliest_date == D(2023, 6, 1) and rules(decision) == ["sa.transfer-with-consent"]


@pytest.mark.parametrize(("ground", "rule"), [
    ("unpaid_wages", "sa.transfer-unpaid-wages"),  # wages unpaid three consecutive months
    ("no_documented_contract", "sa.transfer-no-contract"),
    ("employer_absent", "sa.transfer-employer-absent"),
    ("permit_not_renewed", "sa.transfer-permit-expired"),
    ("trafficking", "sa.transfer-trafficking"),
])
def test_sa_listed_grounds_waive_consent_and_notice_even_in_the_first_month(ground, rule):
    decision = evaluate_transfer(request(ground=ground, request_date=D(2023, 2, 1), employer_consents=False))
    assert (decision.allowed, decision.needs_employer_consent, decision.notice_days) == (True, False, 0)
    assert decision.earliest_date == D(2023, 2, 1) and rules(decision) == [rule]


def test_sa_unpaid_wages_reason_names_the_three_months():
    decision = evaluate_transfer(request(ground="unpaid_wages"))
    assert decision.reasons[0][3]["consecutive_months_unpaid"] == 3


def test_sa_contract_ended_no_consent_no_notice():
    decision = evaluate_transfer(request(ground="contract_end", contract_start=D(2022, 1, 1),
                                         contract_end=D(2023, 12, 31), request_date=D(2024, 1, 2)))
    assert (decision.allowed, decision.needs_employer_consent, decision.notice_days) == (True, False, 0)
    assert rules(decision) == ["sa.transfer-contract-end"]


def test_sa_abuse_is_not_a_listed_ground_so_it_is_not_decided_as_one():
    decision = evaluate_transfer(request(ground="abuse", request_date=D(2023, 6, 1)))
    assert decision.allowed is None and ("abuse", "ground_not_verified") in gaps(decision)


def test_sa_before_the_reform_and_domestic_workers_are_not_checked():
    before = evaluate_transfer(request(contract_start=D(2019, 1, 1), request_date=D(2021, 3, 13)))
    assert gaps(before) == {("law", "law_not_in_force")} and before.allowed is None
    domestic = evaluate_transfer(request(sector="domestic"))
    assert gaps(domestic) == {("law", "no_law")} and domestic.needs_employer_consent is None


# -- Qatar: Decree-Laws No. 18 and 19 of 2020 ----------------------------------------------------------------------


def test_qa_no_consent_one_month_notice_up_to_two_years():
    # 2021-01-01 to 2022-12-31 is exactly two years: one month's notice, to 2023-01-31 (31 days).
    decision = evaluate_transfer(request(country="QA", contract_start=D(2021, 1, 1), request_date=D(2022, 12, 31),
                                         employer_consents=False))
    assert (decision.allowed, decision.needs_employer_consent, decision.notice_days) == (True, False, 31)
    assert decision.earliest_date == D(2023, 1, 31)


def test_qa_two_months_notice_after_two_years():
    # Request on 2023-01-02: more than two years: two months, to 2023-03-02 (59 days).
    decision = evaluate_transfer(request(country="QA", contract_start=D(2021, 1, 1), request_date=D(2023, 1, 2)))
    assert (decision.notice_days, decision.earliest_date) == (59, D(2023, 3, 2))
    assert rules(decision) == ["qa.transfer-no-consent", "qa.transfer-notice"]


def test_qa_notice_month_ends_on_the_last_day_of_a_short_month():
    decision = evaluate_transfer(request(country="QA", contract_start=D(2022, 1, 31), request_date=D(2023, 1, 31)))
    assert decision.earliest_date == D(2023, 2, 28)


@pytest.mark.parametrize("ground", ["unpaid_wages", "abuse", "trafficking"])
def test_qa_employer_breach_waives_the_notice(ground):
    # Ministry guidance: a worker whose employer failed its legal obligations need not observe the notice.
    decision = evaluate_transfer(request(country="QA", ground=ground, contract_start=D(2021, 1, 1),
                                         request_date=D(2022, 6, 1)))
    assert (decision.allowed, decision.notice_days, decision.earliest_date) == (True, 0, D(2022, 6, 1))
    assert rules(decision) == ["qa.transfer-employer-breach"]


def test_qa_other_grounds_keep_the_notice_and_say_it_was_not_verified():
    decision = evaluate_transfer(request(country="QA", ground="employer_absent", contract_start=D(2021, 1, 1),
                                         request_date=D(2022, 6, 1)))
    assert decision.allowed is True and decision.notice_days == 30
    assert ("employer_absent", "ground_not_verified") in gaps(decision)


def test_qa_domestic_no_consent_notice_not_encoded():
    decision = evaluate_transfer(request(country="QA", sector="domestic", ground="abuse"))
    assert (decision.allowed, decision.needs_employer_consent, decision.notice_days) == (True, False, None)
    assert ("notice", "not_encoded") in gaps(decision)


def test_qa_before_september_2020_not_in_force():
    decision = evaluate_transfer(request(country="QA", contract_start=D(2019, 1, 1), request_date=D(2020, 9, 7)))
    assert gaps(decision) == {("law", "law_not_in_force")}


# -- United Arab Emirates: Decree-Law No. 33 of 2021 ---------------------------------------------------------------


def test_ae_during_the_contract_consent_is_not_decided_notice_at_least_30_days():
    decision = evaluate_transfer(request(country="AE", contract_start=D(2022, 3, 1), request_date=D(2023, 1, 2)))
    assert (decision.allowed, decision.needs_employer_consent, decision.notice_days) == (None, None, 30)
    assert decision.earliest_date == D(2023, 2, 1) and ("consent", "consent_not_verified") in gaps(decision)


def test_ae_contract_expired_or_agreed():
    ended = evaluate_transfer(request(country="AE", contract_start=D(2022, 3, 1), contract_end=D(2023, 1, 1),
                                      request_date=D(2023, 1, 2)))
    assert (ended.allowed, ended.needs_employer_consent, ended.notice_days) == (True, False, 0)
    agreed = evaluate_transfer(request(country="AE", contract_start=D(2022, 3, 1), request_date=D(2023, 1, 2),
                                       employer_consents=True))
    assert agreed.allowed is True and rules(agreed) == ["ae.transfer-agreement"]


def test_ae_domestic_not_checked():
    assert gaps(evaluate_transfer(request(country="AE", sector="domestic"))) == {("law", "no_law")}


# -- any country ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ground", GROUNDS)
@pytest.mark.parametrize("country", ["SA", "QA", "AE"])
def test_every_ground_decides_or_says_why_not(country, ground):
    end = D(2024, 5, 31) if ground == "contract_end" else None
    decision = evaluate_transfer(request(country=country, ground=ground, contract_end=end))
    assert decision.allowed is not None or decision.not_checked
    for rule, cited, msgid, params in decision.reasons:
        assert rule.startswith(country.lower() + ".") and cited.url.startswith("http")
        assert msgid % params
    decision.as_dict()  # renders every explanation


def test_deterministic_and_frozen():
    assert evaluate_transfer(request()) == evaluate_transfer(request())
    with pytest.raises(dataclasses.FrozenInstanceError):
        request().ground = "abuse"


@pytest.mark.parametrize(("field", "value"), [
    ("country", "qa"), ("sector", "construction"), ("ground", "bored"), ("contract_start", "2023-01-01"),
    ("request_date", D(2022, 12, 31)), ("contract_end", D(2022, 1, 1)), ("employer_consents", "yes"),
    ("employer_consents", 1), ("request_date", dt.datetime(2024, 1, 1, 9)),
])
def test_bad_requests_are_refused_naming_the_field(field, value):
    with pytest.raises(TransferInputError) as refused:
        request(**{field: value})
    assert field in refused.value.problems and refused.value.code == "rules.transfer_invalid"


def test_contract_end_ground_needs_an_ended_contract():
    with pytest.raises(TransferInputError) as refused:
        request(ground="contract_end", contract_end=D(2025, 1, 1))
    assert "ground" in refused.value.problems


@settings(max_examples=200)
@given(country=st.sampled_from(["SA", "QA", "AE", "KW"]), sector=st.sampled_from(["general", "domestic"]),
       ground=st.sampled_from([g for g in GROUNDS if g != "contract_end"]), start=st.dates(D(2015, 1, 1), D(2026, 1, 1)),
       waited=st.integers(0, 4000), ends_after=st.none() | st.integers(0, 4000),
       consents=st.sampled_from([True, False, None]))
def test_properties_of_every_decision(country, sector, ground, start, waited, ends_after, consents):
    req = request(country=country, sector=sector, ground=ground, contract_start=start,
                  request_date=start + dt.timedelta(days=waited),
                  contract_end=None if ends_after is None else start + dt.timedelta(days=ends_after),
                  employer_consents=consents)
    decision = evaluate_transfer(req)
    if decision.earliest_date is not None:
        assert decision.earliest_date >= req.request_date
        assert decision.notice_days is not None and decision.notice_days >= 0
    if decision.allowed is None:
        assert decision.not_checked or decision.needs_employer_consent is True
    if decision.allowed is False:
        assert decision.needs_employer_consent is True and consents is False
    decision.as_dict()
