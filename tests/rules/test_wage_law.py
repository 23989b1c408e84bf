"""The law of wages during employment as data (rules/wage_law.toml): the file reads, every part is cited, bad
files are refused, and the limits apply as worked by hand from the cited articles."""

import datetime as dt
from fractions import Fraction

import pytest

from corridor.rules import wage_law
from corridor.rules.lawdata import LawDataError

ON = dt.date(2026, 12, 31)


def test_every_shipped_law_reads_and_cites_its_articles():
    sa = wage_law.law_for("SA", "general", ON)
    qa = wage_law.law_for("QA", "general", ON)
    ae = wage_law.law_for("AE", "general", ON)
    assert (sa.deduction_ceiling.share, sa.deduction_ceiling.rule.citation.article) == (Fraction(1, 2), "Art. 93")
    assert (sa.payment_deadline.late_after_days, sa.payment_deadline.rule.citation.article) == (0, "Art. 90")
    assert qa.deduction_ceiling is None and ("deduction_ceiling" in dict(qa.not_encoded))
    assert (qa.payment_deadline.late_after_days, qa.payment_deadline.rule.citation.article) == (7, "Art. 66")
    assert (ae.deduction_ceiling.share, ae.deduction_ceiling.rule.citation.article) == (Fraction(1, 2), "Art. 25")
    assert ae.payment_deadline.late_after_days == 15 and "598 of 2022" in ae.payment_deadline.rule.citation.instrument
    # only Qatar's law establishes a wage guarantee fund here (Law No. 17 of 2018, Art. 1)
    assert wage_law.fund_for("QA", ON).fund == "qa.wsif"
    assert "No. 17 of 2018" in wage_law.fund_for("QA", ON).rule.citation.instrument
    assert wage_law.fund_for("SA", ON) is None and wage_law.fund_for("AE", ON) is None
    # before the law was in force there is none
    assert wage_law.law_for("AE", "general", dt.date(2022, 2, 1)) is None
    assert wage_law.fund_for("QA", dt.date(2018, 11, 19)) is None
    assert wage_law.law_for("SA", "domestic", dt.date(2017, 12, 31)) is None


def test_domestic_workers_laws_worked_by_hand():
    sa = wage_law.law_for("SA", "domestic", ON)
    # Saudi Regulation of Domestic Workers, Art. 9: no more than half the wage; 1,500 a month, 800 kept back: 50 over
    (over,) = wage_law.deduction_excess(sa.deduction_ceiling, Fraction(1500), [("advance", Fraction(800))])
    assert (over.rule.rule_id, over.rule.citation.article, over.limit, over.excess) == (
        "sa.domestic-deduction-ceiling", "Art. 9", 750, 50)
    # Art. 7(3): paid at the end of the month, no days of grace
    assert (sa.payment_deadline.late_after_days, sa.payment_deadline.rule.citation.article) == (0, "Art. 7(3)")
    qa = wage_law.law_for("QA", "domestic", ON)
    # Qatar Law No. 15 of 2017, Art. 8: no later than the third day of the next month; no ceiling read
    assert wage_law.last_day_to_pay(qa.payment_deadline, ON) == dt.date(2027, 1, 3)
    assert qa.payment_deadline.rule.citation.article == "Art. 8" and qa.deduction_ceiling is None
    assert "deduction_ceiling" in dict(qa.not_encoded)
    ae = wage_law.law_for("AE", "domestic", ON)
    # UAE Decree-Law No. 9 of 2022: within 10 days of the due date; a court debt at most a quarter of the wage, and
    # no overall ceiling read: 2,000 a month, 600 for a court judgment is 100 over, 900 for housing is not capped
    assert wage_law.last_day_to_pay(ae.payment_deadline, ON) == dt.date(2027, 1, 10)
    found = wage_law.deduction_excess(ae.deduction_ceiling, Fraction(2000),
                                      [("court judgment", Fraction(600)), ("housing", Fraction(900))])
    assert [(f.rule.rule_id, f.limit, f.excess) for f in found] == [("ae.domestic-deduction-court-debt", 500, 100)]
    assert wage_law.law_for("AE", "domestic", dt.date(2022, 12, 14)) is None


def test_deduction_limits_worked_by_hand():
    ceiling = wage_law.law_for("SA", "general", ON).deduction_ceiling
    # 1,500 due; 800 for housing: half is 750, 50 over (Art. 93)
    (over,) = wage_law.deduction_excess(ceiling, Fraction(1500), [("housing", Fraction(800))])
    assert (over.rule.rule_id, over.limit, over.excess) == ("sa.deduction-ceiling", 750, 50)
    # a loan of 200 on 1,500: a tenth is 150, 50 over (Art. 92); 200 in all is under half
    (over,) = wage_law.deduction_excess(ceiling, Fraction(1500), [("Loan repayment", Fraction(200))])
    assert (over.rule.rule_id, over.limit, over.excess, over.purpose) == ("sa.deduction-loan", 150, 50, "Loan repayment")
    # within every limit: nothing
    assert wage_law.deduction_excess(ceiling, Fraction(1500), [("housing", Fraction(600)), ("loan", Fraction(150))]) == []
    ae = wage_law.law_for("AE", "general", ON).deduction_ceiling
    # UAE: a penalty above 5% (Art. 25) and, with housing, more than half in all
    found = wage_law.deduction_excess(ae, Fraction(2000), [("penalty", Fraction(150)), ("housing", Fraction(900))])
    assert [(f.rule.rule_id, f.limit, f.excess) for f in found] == [("ae.deduction-penalty", 100, 50),
                                                                    ("ae.deduction-ceiling", 1000, 50)]


def test_last_day_to_pay():
    qa = wage_law.law_for("QA", "general", ON).payment_deadline
    ae = wage_law.law_for("AE", "general", ON).payment_deadline
    assert wage_law.last_day_to_pay(qa, ON) == dt.date(2027, 1, 7)
    assert wage_law.last_day_to_pay(ae, ON) == dt.date(2027, 1, 15)


GOOD = """
[[law]]
id = "xx"
country = "XX"
sector = "general"
version = "1"
effective_from = "2020-01-01"
not_encoded = [{ subject = "guarantee_fund", reason = "none" }, { subject = "payment_deadline", reason = "none" }]
[law.deduction_ceiling]
rule_id = "xx.ceiling"
share = "1/2"
sources = ["a text"]
citation = { instrument = "Law", article = "Art. 1", url = "https://example.org" }
"""


@pytest.mark.parametrize("change, message", [
    (('share = "1/2"', 'share = "3/2"'), "at most 1"),
    (('share = "1/2"', 'share = 0.5'), "must be a string"),
    (('sources = ["a text"]\n', ''), "sources"),
    (('citation = { instrument = "Law", article = "Art. 1", url = "https://example.org" }', ''), "citation"),
    (('{ subject = "payment_deadline", reason = "none" }', '{ subject = "other", reason = "none" }'),
     "no [payment_deadline]"),
    (('rule_id = "xx.ceiling"', 'rule_id = "ceiling"'), "rule_id"),
    (('share = "1/2"\n', ''), "needs a share, or purpose_caps"),
    (('version = "1"', 'version = "1"\nsurprise = 1'), "unknown key"),
])
def test_a_bad_file_is_refused_with_the_entry_named(change, message):
    assert wage_law.parse_laws(GOOD)[("XX", "general")][0].deduction_ceiling.share == Fraction(1, 2)
    with pytest.raises(LawDataError, match="law\\[0\\]") as exc:
        wage_law.parse_laws(GOOD.replace(*change))
    assert message in str(exc.value)


def test_overlapping_versions_are_refused():
    with pytest.raises(LawDataError, match="overlap"):
        wage_law.parse_laws(GOOD + GOOD.replace('version = "1"', 'version = "2"'))
