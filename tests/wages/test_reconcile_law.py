"""Reconciliation against the destination's law of wages (rules/wage_law.toml): deductions beyond the legal ceiling
and pay later than the legal deadline, each worked by hand from the cited article."""

import datetime as dt
from decimal import Decimal

from corridor.wages.reconcile import LineFigures, reconcile_month

PERIOD = dt.date(2026, 12, 1)


def terms(currency="SAR", deductions=()):
    return {"reference": "C-1", "corridor": {"origin": "PH"}, "job": {"sector": "construction"},
            "wage": {"amount": "1500.00", "currency": currency, "period": "month", "allowances": []},
            "deductions": [{"purpose": p, "amount": a, "period": "month"} for p, a in deductions]}


def line(currency="SAR", deductions=(), paid="1500.00", paid_on=dt.date(2026, 12, 31)):
    return LineFigures(pay_start=dt.date(2026, 12, 1), pay_end=dt.date(2026, 12, 31), days_in_period=31,
                       unpaid_leave_days=0, basic=Decimal("1500.00"), allowances=Decimal("0"), variable=Decimal("0"),
                       deductions=[{"purpose": p, "amount": a} for p, a in deductions], paid_amount=Decimal(paid),
                       paid_on=paid_on, currency=currency, own_account=True)


def by_code(result, code):
    return [f for f in result.findings if f["code"] == code]


def test_saudi_deductions_beyond_half_the_wage_are_found_and_owed_back():
    # the contract names 800 for housing; Art. 93 lets at most half of 1,500 (750) be kept back: 50 is owed
    result = reconcile_month(line(deductions=[("housing", "800.00")], paid="700.00"),
                             terms(deductions=[("housing", "800.00")]), destination="SA", period=PERIOD)
    (over,) = by_code(result, "wage.deduction_over_ceiling")
    assert (over["rule"], over["citation"]["article"], over["amount"], over["expected"]) == (
        "sa.deduction-ceiling", "Art. 93", "50.00", "750.00 SAR")
    assert (result.owed, result.shortfall) == (Decimal("1500.00"), Decimal("50.00"))
    assert "wage.shortfall" in result.codes


def test_saudi_loan_repayment_above_a_tenth():
    # 200 for a loan the contract names: Art. 92 allows a tenth of 1,500 (150); 50 over and owed
    result = reconcile_month(line(deductions=[("loan", "200.00")], paid="1300.00"),
                             terms(deductions=[("loan", "200.00")]), destination="SA", period=PERIOD)
    (over,) = by_code(result, "wage.deduction_over_ceiling")
    assert (over["rule"], over["citation"]["article"], over["amount"]) == ("sa.deduction-loan", "Art. 92(1)", "50.00")
    assert result.shortfall == Decimal("50.00")


def test_within_the_ceiling_nothing_is_found():
    result = reconcile_month(line(deductions=[("housing", "700.00")], paid="800.00"),
                             terms(deductions=[("housing", "700.00")]), destination="SA", period=PERIOD)
    assert result.codes == [] and result.shortfall == Decimal("0.00")


def test_qatar_has_no_ceiling_encoded_and_says_so():
    result = reconcile_month(line("QAR", deductions=[("housing", "800.00")], paid="700.00"),
                             terms("QAR", deductions=[("housing", "800.00")]), destination="QA", period=PERIOD)
    assert not by_code(result, "wage.deduction_over_ceiling")
    assert any(n["subject"] == "deduction_ceiling" for n in result.not_checked)


def test_late_is_counted_from_the_legal_deadline():
    # Qatar: seven days after the month (WPS, Art. 66); 7 January is on time, 8 January one day late
    on_time = reconcile_month(line("QAR", paid_on=dt.date(2027, 1, 7)), terms("QAR"), destination="QA", period=PERIOD)
    late = reconcile_month(line("QAR", paid_on=dt.date(2027, 1, 8)), terms("QAR"), destination="QA", period=PERIOD)
    assert (on_time.days_late, on_time.codes) == (0, [])
    (finding,) = by_code(late, "wage.late")
    assert (late.days_late, finding["rule"], finding["expected"]) == (1, "qa.wage-due", "2027-01-07")
    # UAE: fifteen days after the due date (Ministerial Resolution No. 598 of 2022, Art. 1(2))
    ae = reconcile_month(line("AED", paid_on=dt.date(2027, 1, 20)), terms("AED"), destination="AE", period=PERIOD)
    assert (ae.days_late, by_code(ae, "wage.late")[0]["rule"]) == (5, "ae.wage-due")
    assert reconcile_month(line("AED", paid_on=dt.date(2027, 1, 15)), terms("AED"), destination="AE",
                           period=PERIOD).days_late == 0
    # Saudi Arabia: none after the month (Art. 90)
    sa = reconcile_month(line(paid_on=dt.date(2027, 1, 1)), terms(), destination="SA", period=PERIOD)
    assert (sa.days_late, by_code(sa, "wage.late")[0]["citation"]["article"]) == (1, "Art. 90")


def domestic(t):
    return {**t, "job": {"sector": "domestic_work"}}


def test_domestic_workers_months_follow_their_own_laws():
    # Qatar Law No. 15 of 2017, Art. 8: paid by the third day of the next month; the 4th is a day late
    late = reconcile_month(line("QAR", paid_on=dt.date(2027, 1, 4)), domestic(terms("QAR")), destination="QA",
                           period=PERIOD)
    (finding,) = by_code(late, "wage.late")
    assert (late.days_late, finding["rule"], finding["citation"]["article"]) == (1, "qa.domestic-wage-due", "Art. 8")
    # Saudi Regulation of Domestic Workers, Art. 9: an advance of 800 named by the contract, on 1,500: half is 750,
    # 50 over, owed back
    sa = reconcile_month(line(deductions=[("advance", "800.00")], paid="700.00"),
                         domestic(terms(deductions=[("advance", "800.00")])), destination="SA", period=PERIOD)
    (over,) = by_code(sa, "wage.deduction_over_ceiling")
    assert (over["rule"], over["citation"]["article"], over["amount"], sa.shortfall) == (
        "sa.domestic-deduction-ceiling", "Art. 9", "50.00", Decimal("50.00"))
