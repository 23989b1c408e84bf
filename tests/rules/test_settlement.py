"""Final settlement (rules/settlement.py + settlement.toml): examples worked by hand from the cited articles.

Service is counted as whole years (anniversaries reached by the day after the last day) plus the remaining days
/ 365; a month's wage / 30 is a day's wage; each line is rounded half-up to 2 places.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.rules.settlement import (
    END_REASONS,
    SettlementInputError,
    SettlementInputs,
    compute_settlement,
    explain,
    law_for,
)

D = dt.date


def inputs(**overrides) -> SettlementInputs:
    values = dict(country="SA", sector="general", start_date=D(2018, 3, 1), end_date=D(2025, 2, 28),
                  end_reason="employer_termination", basic_wage_monthly=Decimal("3000.00"),
                  total_wage_monthly=Decimal("4000.00"), currency="SAR", unpaid_wages=Decimal("0"),
                  annual_leave_days_taken=0, return_ticket_provided=True, return_ticket_cost=None)
    values.update(overrides)
    return SettlementInputs(**values)


def line(result, kind):
    found = [item for item in result.lines if item.kind == kind]
    assert len(found) <= 1
    return found[0] if found else None


def eos(**overrides) -> Decimal:
    return line(compute_settlement(inputs(**overrides)), "end_of_service").amount


def gaps(result) -> set[tuple[str, str]]:
    return {(item.subject, item.reason) for item in result.not_checked}


# -- Saudi Arabia, general workers: Labor Law Arts. 84, 85, 87, 80, 109, 111, 40, 88 -------------------------------


def test_sa_award_seven_years_on_the_total_wage():
    # Art. 84: 2018-03-01 to 2025-02-28 is 7 whole years. 5 x 1/2 + 2 x 1 = 4.5 months of the total (actual)
    # wage 4000 (Art. 2) = 18000.00.
    result = compute_settlement(inputs())
    award = line(result, "end_of_service")
    assert award.amount == Decimal("18000.00")
    assert award.rule_id == "sa.end-of-service" and award.citation.article == "Arts. 2 and 84"
    assert award.params["months"] == "4.5" and award.params["wage_basis"] == "total"
    assert ("sa.end-of-service", "2026-12-04") in result.rules_applied


def test_sa_award_exactly_five_years():
    # 2019-01-01 to 2023-12-31: 5 years x 1/2 month = 2.5 months x 4000 = 10000.00.
    assert eos(start_date=D(2019, 1, 1), end_date=D(2023, 12, 31)) == Decimal("10000.00")


def test_sa_award_counts_a_part_of_a_year_in_proportion():
    # 2019-01-01 to 2025-07-01: 6 years + 182 days (2025-01-01 to 2025-07-02). 2.5 + 1 + 182/365 months
    # = 3.5 x 4000 + 728000/365 = 14000 + 1994.5205... = 15994.52.
    assert eos(start_date=D(2019, 1, 1), end_date=D(2025, 7, 1)) == Decimal("15994.52")


def test_sa_award_under_one_year_is_due_in_proportion():
    # Art. 84 has no minimum service: 2024-01-01 to 2024-06-30 is 182 days. 1/2 x 182/365 x 4000
    # = 364000/365 = 997.2602... = 997.26.
    assert eos(start_date=D(2024, 1, 1), end_date=D(2024, 6, 30)) == Decimal("997.26")


@pytest.mark.parametrize(("start", "end", "expected", "factor"), [
    # Art. 85, resignation. Under two years: nothing (1 year 364 days).
    (D(2020, 1, 1), D(2021, 12, 30), Decimal("0.00"), "0"),
    # Exactly two years: award 2 x 1/2 = 1 month x 4000 = 4000; a third = 1333.33.
    (D(2020, 1, 1), D(2021, 12, 31), Decimal("1333.33"), "1/3"),
    # Exactly five years ("not more than five"): 2.5 x 4000 = 10000; a third = 3333.33.
    (D(2019, 1, 1), D(2023, 12, 31), Decimal("3333.33"), "1/3"),
    # Five years and a day: (2.5 + 1/365) x 4000 = 10010.9589...; two thirds = 6673.97.
    (D(2019, 1, 1), D(2024, 1, 1), Decimal("6673.97"), "2/3"),
    # Nine years 364 days: (2.5 + 4 + 364/365) x 4000 = 29989.0410...; two thirds = 19992.69.
    (D(2014, 1, 1), D(2023, 12, 30), Decimal("19992.69"), "2/3"),
    # Exactly ten years: full award (2.5 + 5) x 4000 = 30000.00.
    (D(2014, 1, 1), D(2023, 12, 31), Decimal("30000.00"), "1"),
])
def test_sa_resignation_thresholds(start, end, expected, factor):
    award = line(compute_settlement(inputs(end_reason="resignation", start_date=start, end_date=end)),
                 "end_of_service")
    assert award.amount == expected
    assert award.params["factor"] == factor
    assert award.rule_id == "sa.end-of-service-resignation" and award.citation.article == "Art. 85"


def test_sa_force_majeure_gives_the_full_award_even_under_two_years():
    # Art. 87: one year (2023) = 1/2 month x 4000 = 2000.00, not reduced by Art. 85.
    award = line(compute_settlement(inputs(end_reason="force_majeure", start_date=D(2023, 1, 1),
                                           end_date=D(2023, 12, 31))), "end_of_service")
    assert award.amount == Decimal("2000.00") and award.rule_id == "sa.end-of-service-art87"


def test_sa_dismissal_for_cause_gives_no_award_and_says_why():
    result = compute_settlement(inputs(end_reason="termination_for_cause"))
    award = line(result, "end_of_service")
    assert award.amount == Decimal("0.00") and award.citation.article == "Art. 80"
    assert "without it" in explain(award)


def test_sa_transfer_award_is_not_guessed():
    result = compute_settlement(inputs(end_reason="transfer"))
    assert line(result, "end_of_service") is None
    assert ("end_of_service", "end_reason_not_verified") in gaps(result)


def test_sa_leave_not_taken_21_then_30_days():
    # Art. 109: 5 x 21 + 2 x 30 = 165 days earned in 7 years; 100 taken; Art. 111: 65 days x 4000/30
    # = 8666.666... = 8666.67.
    leave = line(compute_settlement(inputs(annual_leave_days_taken=100)), "accrued_leave")
    assert leave.amount == Decimal("8666.67")
    assert (leave.params["earned"], leave.params["days"]) == ("165", "65")


def test_leave_taken_beyond_what_was_earned_owes_nothing_and_takes_nothing_back():
    leave = line(compute_settlement(inputs(annual_leave_days_taken=400)), "accrued_leave")
    assert leave.amount == Decimal("0.00")


def test_sa_return_ticket_owed_provided_or_unknown():
    # Art. 40: the employer bears the ticket home.
    owed = compute_settlement(inputs(return_ticket_provided=False, return_ticket_cost=Decimal("1200")))
    assert line(owed, "return_ticket").amount == Decimal("1200.00")
    assert line(compute_settlement(inputs()), "return_ticket").amount == Decimal("0.00")
    unknown = compute_settlement(inputs(return_ticket_provided=False))
    assert line(unknown, "return_ticket") is None
    assert ("return_ticket", "ticket_cost_unknown") in gaps(unknown)
    # Art. 40(2) may put the ticket on a worker who leaves without a legitimate reason: not decided.
    resigned = compute_settlement(inputs(end_reason="resignation", return_ticket_provided=False,
                                         return_ticket_cost=Decimal("1200")))
    assert line(resigned, "return_ticket") is None
    assert ("return_ticket", "end_reason_not_verified") in gaps(resigned)


def test_sa_total_is_the_sum_of_the_lines_with_the_art_88_deadlines():
    # 1000 unpaid + 18000 award + 65 days' leave 8666.67 + ticket 1200 = 28866.67.
    result = compute_settlement(inputs(unpaid_wages=Decimal("1000"), annual_leave_days_taken=100,
                                       return_ticket_provided=False, return_ticket_cost=Decimal("1200")))
    assert result.total == Decimal("28866.67") and result.currency == "SAR"
    unpaid = line(result, "unpaid_wages")
    assert unpaid.amount == Decimal("1000.00") and unpaid.citation.article == "Art. 88"
    assert unpaid.params["employer_ends_days"] == 7 and unpaid.params["worker_ends_days"] == 14
    assert unpaid.params["pay_by"] == "2025-03-07"  # the employer ended it: a week after 2025-02-28
    assert [item.kind for item in result.lines] == ["unpaid_wages", "end_of_service", "accrued_leave",
                                                    "return_ticket"]


@pytest.mark.parametrize(("reason", "pay_by"), [
    ("employer_termination", "2025-03-07"), ("termination_for_cause", "2025-03-07"),  # Art. 88: a week
    ("resignation", "2025-03-14"), ("transfer", "2025-03-14"),  # the worker ended it: two weeks
    ("contract_end", None), ("death_or_disability", None),  # Art. 88 as read does not say who ended it
])
def test_sa_last_day_to_pay_depends_on_who_ended_the_contract(reason, pay_by):
    assert line(compute_settlement(inputs(end_reason=reason)), "unpaid_wages").params["pay_by"] == pay_by


# -- Saudi Arabia, domestic workers: Regulation of 2013 -----------------------------------------------------------


@pytest.mark.parametrize(("end", "expected"), [
    (D(2023, 12, 30), Decimal("0.00")),  # 3 years 364 days: under the four years of the Regulation
    (D(2023, 12, 31), Decimal("1500.00")),  # four years: one month's wage (1500)
    (D(2029, 12, 31), Decimal("1500.00")),  # ten years: still one month (read literally)
])
def test_sa_domestic_one_month_after_four_years(end, expected):
    award = line(compute_settlement(inputs(sector="domestic", start_date=D(2020, 1, 1), end_date=end,
                                           basic_wage_monthly=Decimal("1500"),
                                           total_wage_monthly=Decimal("1500"))), "end_of_service")
    assert award.amount == expected and award.rule_id == "sa.domestic-end-of-service"


def test_sa_domestic_lists_what_the_regulation_text_did_not_settle():
    result = compute_settlement(inputs(sector="domestic"))
    assert {("regulation_2023", "not_encoded"), ("accrued_leave", "not_encoded")} <= gaps(result)
    assert line(result, "accrued_leave") is None


def test_sa_domestic_ticket_on_expiry_owed_on_resignation_not_decided():
    # The employer bears the ticket when the contract expires or it ends it without a legitimate reason.
    expired = compute_settlement(inputs(sector="domestic", end_reason="contract_end", return_ticket_provided=False,
                                        return_ticket_cost=Decimal("1100")))
    assert line(expired, "return_ticket").amount == Decimal("1100.00")
    resigned = compute_settlement(inputs(sector="domestic", end_reason="resignation", return_ticket_provided=False,
                                         return_ticket_cost=Decimal("1100")))
    assert ("return_ticket", "end_reason_not_verified") in gaps(resigned)


# -- Qatar: Labour Law No. 14 of 2004 Arts. 54, 57, 67, 79, 81; Law No. 15 of 2017 ---------------------------------


def qa(**overrides):
    values = dict(country="QA", currency="QAR", basic_wage_monthly=Decimal("3000"),
                  total_wage_monthly=Decimal("4300"))
    values.update(overrides)
    return inputs(**values)


def test_qa_gratuity_three_weeks_basic_wage_a_year():
    # Art. 54: 7 years x 21 days = 147 days of the basic wage 3000/30 = 100 a day = 14700.00.
    award = line(compute_settlement(qa()), "end_of_service")
    assert award.amount == Decimal("14700.00") and award.params["wage_basis"] == "basic"


def test_qa_gratuity_needs_one_year_then_counts_fractions():
    # Under a year (2023-01-01 to 2023-12-30, 364 days): nothing. Exactly one year: 21 x 100 = 2100.00.
    # One year and 183 days (2023-01-01 to 2024-07-01): 21 x (1 + 183/365) x 100 = 2100 + 1052.8767 = 3152.88.
    assert eos(**_qa(start_date=D(2023, 1, 1), end_date=D(2023, 12, 30))) == Decimal("0.00")
    assert eos(**_qa(start_date=D(2024, 1, 1), end_date=D(2024, 12, 31))) == Decimal("2100.00")
    assert eos(**_qa(start_date=D(2023, 1, 1), end_date=D(2024, 7, 1))) == Decimal("3152.88")


def _qa(**overrides):
    return dict(country="QA", currency="QAR", basic_wage_monthly=Decimal("3000"),
                total_wage_monthly=Decimal("4300"), **overrides)


def test_qa_resignation_keeps_the_gratuity():
    # Art. 54 makes no exception for a resignation.
    assert eos(**_qa(end_reason="resignation")) == Decimal("14700.00")


def test_qa_transfer_keeps_the_gratuity_from_the_former_employer():
    award = line(compute_settlement(qa(end_reason="transfer")), "end_of_service")
    assert award.amount == Decimal("14700.00") and award.rule_id == "qa.end-of-service-transfer"


def test_qa_leave_three_then_four_weeks_on_basic_wage():
    # Arts. 79, 81: 5 x 21 + 2 x 28 = 161 days; 100 taken; 61 x 100 = 6100.00.
    leave = line(compute_settlement(qa(annual_leave_days_taken=100)), "accrued_leave")
    assert leave.amount == Decimal("6100.00") and leave.citation.article == "Arts. 79 and 81"


def test_qa_first_year_leave_is_not_guessed():
    result = compute_settlement(qa(start_date=D(2024, 1, 1), end_date=D(2024, 9, 30)))
    assert line(result, "accrued_leave") is None
    assert ("first_year_leave", "not_encoded") in gaps(result)


def test_qa_transfer_puts_the_journey_home_on_the_new_employer():
    # Art. 57: if the worker joins another employer, the new employer bears the return.
    ticket = line(compute_settlement(qa(end_reason="transfer", return_ticket_provided=False,
                                        return_ticket_cost=Decimal("900"))), "return_ticket")
    assert ticket.amount == Decimal("0.00") and ticket.citation.article == "Art. 57"


def test_qa_dismissal_under_art_61_gives_no_gratuity():
    # Art. 61: dismissal without notice and without the end-of-service gratuity in the cases it lists.
    award = line(compute_settlement(qa(end_reason="termination_for_cause")), "end_of_service")
    assert award.amount == Decimal("0.00") and award.citation.article == "Art. 61"


def test_qa_domestic_three_weeks_from_a_full_year():
    # Law No. 15 of 2017: 3 years x 21 days = 63 days x 1000/30 = 2100.00 (basic wage, a floor).
    result = compute_settlement(qa(sector="domestic", start_date=D(2021, 1, 1), end_date=D(2023, 12, 31),
                                   basic_wage_monthly=Decimal("1000"), total_wage_monthly=Decimal("1800")))
    assert line(result, "end_of_service").amount == Decimal("2100.00")
    assert ("gratuity_wage", "not_encoded") in gaps(result)


# -- United Arab Emirates: Decree-Law No. 33 of 2021 Arts. 51, 29, 13; Decree-Law No. 9 of 2022 --------------------


def ae(**overrides):
    values = dict(country="AE", currency="AED", start_date=D(2018, 3, 1), end_date=D(2025, 2, 28),
                  basic_wage_monthly=Decimal("3000"), total_wage_monthly=Decimal("5000"))
    values.update(overrides)
    return inputs(**values)


def test_ae_gratuity_21_then_30_days_basic_wage():
    # Art. 51: 5 x 21 + 2 x 30 = 165 days = 5.5 months x 3000 = 16500.00.
    assert line(compute_settlement(ae()), "end_of_service").amount == Decimal("16500.00")


def test_ae_gratuity_capped_at_two_years_wage():
    # 30 years: 5 x 21 + 25 x 30 = 855 days = 28.5 months, capped at 24 months x 3000 = 72000.00.
    award = line(compute_settlement(ae(start_date=D(1995, 1, 1), end_date=D(2024, 12, 31))), "end_of_service")
    assert award.amount == Decimal("72000.00") and award.params["capped"] is True
    # Whether "two years' wage" is basic or total was not verified: the basic-wage cap is the floor, and it says so.
    assert ("end_of_service_cap", "not_encoded") in gaps(compute_settlement(ae(start_date=D(1995, 1, 1),
                                                                               end_date=D(2024, 12, 31))))


def test_ae_gratuity_just_under_the_cap_is_not_capped():
    # 27 years: 105 + 22 x 30 = 765 days = 25.5 months > 24: capped; 24 years: 105 + 19 x 30 = 675 days
    # = 22.5 months x 3000 = 67500.00, under the cap.
    award = line(compute_settlement(ae(start_date=D(2001, 1, 1), end_date=D(2024, 12, 31))), "end_of_service")
    assert award.amount == Decimal("67500.00") and award.params["capped"] is False
    assert ("end_of_service_cap", "not_encoded") not in gaps(compute_settlement(ae(start_date=D(2001, 1, 1),
                                                                                   end_date=D(2024, 12, 31))))


def test_ae_dismissal_under_art_44_keeps_the_gratuity_and_dues_within_14_days():
    # Arts. 44 and 51: no exception for a dismissal without notice: 16500.00 as above. Art. 53: 14 days.
    result = compute_settlement(ae(end_reason="termination_for_cause"))
    award = line(result, "end_of_service")
    assert award.amount == Decimal("16500.00") and award.rule_id == "ae.end-of-service-art44"
    unpaid = line(result, "unpaid_wages")
    assert unpaid.params["pay_within_days"] == 14 and "14 days" in explain(unpaid)
    assert unpaid.params["pay_by"] == "2025-03-14"  # Art. 53: 14 days after 2025-02-28


def test_ae_under_one_year_no_gratuity_and_resignation_not_reduced():
    assert line(compute_settlement(ae(start_date=D(2023, 1, 1), end_date=D(2023, 12, 30))),
                "end_of_service").amount == Decimal("0.00")
    assert line(compute_settlement(ae(end_reason="resignation")), "end_of_service").amount == Decimal("16500.00")


def test_ae_leave_two_days_a_month_between_six_months_and_a_year():
    # Art. 29(1)(b): 2024-01-01 to 2024-09-30 = 274 days; 2 x 12 x 274/365 = 18.0164 days x 100 = 1801.64.
    leave = line(compute_settlement(ae(start_date=D(2024, 1, 1), end_date=D(2024, 9, 30))), "accrued_leave")
    assert leave.amount == Decimal("1801.64")
    # Under six months (2024-01-01 to 2024-05-31): no leave yet.
    early = line(compute_settlement(ae(start_date=D(2024, 1, 1), end_date=D(2024, 5, 31))), "accrued_leave")
    assert early.amount == Decimal("0.00")


def test_ae_leave_30_days_a_year_on_basic_wage():
    # Art. 29(1)(a), (9): 2 years x 30 = 60 days, 10 taken: 50 x 3000/30 = 5000.00 (basic, not the 5000 total).
    leave = line(compute_settlement(ae(start_date=D(2023, 1, 1), end_date=D(2024, 12, 31),
                                       annual_leave_days_taken=10)), "accrued_leave")
    assert leave.amount == Decimal("5000.00")


def test_ae_before_the_2021_decree_law_is_not_in_force():
    result = compute_settlement(ae(start_date=D(2015, 1, 1), end_date=D(2022, 2, 1), unpaid_wages=Decimal("10")))
    assert gaps(result) == {("law", "law_not_in_force")}
    assert [item.kind for item in result.lines] == ["unpaid_wages"] and result.total == Decimal("10.00")


def test_ae_domestic_gratuity_is_not_computed_without_a_formula():
    result = compute_settlement(ae(sector="domestic", end_date=D(2024, 12, 31)))
    assert line(result, "end_of_service") is None
    assert ("end_of_service", "not_encoded") in gaps(result)


# -- any country ---------------------------------------------------------------------------------------------------


def test_country_without_data_is_not_checked_not_zero():
    result = compute_settlement(inputs(country="KW", unpaid_wages=Decimal("250.5")))
    assert gaps(result) == {("law", "no_law")}
    assert result.total == Decimal("250.50") and result.rules_applied == ()
    assert "KW" in explain(result.not_checked[0])


def test_every_destination_and_sector_has_a_law_today():
    for country in ("SA", "QA", "AE"):
        for sector in ("general", "domestic"):
            assert law_for(country, sector, D(2026, 12, 4)) is not None, (country, sector)


@pytest.mark.parametrize("reason", END_REASONS)
@pytest.mark.parametrize("country", ["SA", "QA", "AE"])
@pytest.mark.parametrize("sector", ["general", "domestic"])
def test_every_reason_gives_a_line_or_says_why_not(country, sector, reason):
    result = compute_settlement(inputs(country=country, sector=sector, end_reason=reason,
                                       end_date=D(2025, 2, 28), return_ticket_provided=False,
                                       return_ticket_cost=Decimal("1000")))
    kinds = {item.kind for item in result.lines}
    subjects = {item.subject for item in result.not_checked}
    for kind in ("end_of_service", "accrued_leave", "return_ticket"):
        assert kind in kinds or any(subject.startswith(kind) or subject == "first_year_leave"
                                    for subject in subjects), (kind, result.not_checked)
    assert result.total == sum(item.amount for item in result.lines)
    for item in result.lines:
        assert item.citation.instrument and item.amount == item.amount.quantize(Decimal("0.01"))
        assert explain(item)  # every placeholder is filled


def test_deterministic_and_frozen():
    first, second = compute_settlement(inputs()), compute_settlement(inputs())
    assert first == second
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.total = Decimal(0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        inputs().country = "QA"


@pytest.mark.parametrize(("field", "value"), [
    ("country", "sa"), ("country", "SAU"), ("sector", "domestic_work"), ("end_reason", "quit"),
    ("basic_wage_monthly", 3000.0), ("basic_wage_monthly", Decimal("0")), ("total_wage_monthly", Decimal("2999")),
    ("total_wage_monthly", "4000"), ("unpaid_wages", Decimal("-1")), ("unpaid_wages", Decimal("NaN")),
    ("annual_leave_days_taken", -1), ("annual_leave_days_taken", True), ("annual_leave_days_taken", 1.5),
    ("return_ticket_provided", "no"), ("return_ticket_cost", Decimal("-5")), ("currency", "sar"),
    ("start_date", "2018-03-01"), ("end_date", dt.datetime(2025, 2, 28, 12)), ("end_date", D(2018, 2, 28)),
])
def test_bad_inputs_are_refused_naming_the_field(field, value):
    with pytest.raises(SettlementInputError) as refused:
        inputs(**{field: value})
    assert field in refused.value.problems
    assert refused.value.code == "rules.settlement_invalid"


def test_result_as_json_renders_explanations():
    # 5 unpaid + 18000 award + 165 days' leave x 4000/30 = 22000 + ticket provided 0 = 40005.00.
    data = compute_settlement(inputs(unpaid_wages=Decimal("5"))).as_dict()
    assert data["total"] == "40005.00"
    assert data["lines"][1]["explanation"].startswith("End-of-service award for 7 years")
    assert {"rule": "sa.end-of-service", "version": "2026-12-04"} in data["rules_applied"]


# -- properties over many inputs -------------------------------------------------------------------------------------

@settings(max_examples=200)
@given(country=st.sampled_from(["SA", "QA", "AE"]), sector=st.sampled_from(["general", "domestic"]),
       reason=st.sampled_from(END_REASONS), start=st.dates(D(1990, 1, 1), D(2025, 1, 1)),
       days=st.integers(0, 12000), basic=st.decimals("100", "50000", places=2),
       extra=st.decimals("0", "20000", places=2), taken=st.integers(0, 500))
def test_properties_of_every_settlement(country, sector, reason, start, days, basic, extra, taken):
    end = start + dt.timedelta(days=days)
    one_more = end + dt.timedelta(days=1)
    common = dict(country=country, sector=sector, end_reason=reason, start_date=start, basic_wage_monthly=basic,
                  total_wage_monthly=basic + extra, annual_leave_days_taken=taken)
    result = compute_settlement(inputs(end_date=end, **common))
    later = compute_settlement(inputs(end_date=one_more, **common))
    assert result.total == sum(item.amount for item in result.lines)
    assert all(item.amount >= 0 for item in result.lines)
    award, longer = line(result, "end_of_service"), line(later, "end_of_service")
    same_law = law_for(country, sector, end) is law_for(country, sector, one_more)
    if award is not None and longer is not None and same_law:
        assert longer.amount >= award.amount  # a day more never lowers the award (Art. 85's shares only grow)
    if award is not None and award.params.get("cap_months"):
        assert award.amount <= Decimal(award.params["cap_months"]) * basic + Decimal("0.01")
