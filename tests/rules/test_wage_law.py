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
    assert wage_law.law_for("SA", "domestic", ON) is None


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
