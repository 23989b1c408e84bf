"""Contribution rules per fund, with the cited examples of each fund file."""

import datetime as dt
from decimal import Decimal

import pytest

from corridor.welfare import funds
from corridor.welfare.errors import ContributionWrong, PayerNotAllowed
from corridor.welfare.services import contribution_check


def test_every_fund_file_parses_and_every_amount_is_cited():
    assert funds.fund_ids() == ["lk-slbfe", "np-fewf", "ph-owwa"]
    for fund in funds.catalogue().values():
        assert fund.citation["instrument"] and fund.citation["url"].startswith("http")
        assert fund.contribution_sources
        for benefit in fund.benefits:
            assert benefit.source and benefit.url.startswith("http"), benefit.code


def test_owwa_is_25_dollars_per_contract_paid_by_the_employer():
    owwa = funds.fund_for("ph-owwa", dt.date(2026, 1, 1))
    assert owwa.contribution_due(contract_months=24) == Decimal("25.00")
    assert owwa.contribution_due(contract_months=36) == Decimal("25.00")
    assert contribution_check(owwa, contract_months=24, payer="employer", amount=Decimal("25.00"), currency="USD")


def test_an_employer_paid_contribution_charged_to_the_worker_is_refused():
    owwa = funds.fund_for("ph-owwa", dt.date(2026, 1, 1))
    with pytest.raises(PayerNotAllowed) as exc:
        contribution_check(owwa, contract_months=24, payer="worker", amount=Decimal("25.00"), currency="USD")
    assert exc.value.code == "welfare.payer_not_allowed"
    assert "finding" in exc.value.fields["payer"][0]


def test_nepal_contribution_depends_on_the_contract_length_and_the_worker_pays():
    fewf = funds.fund_for("np-fewf", dt.date(2026, 1, 1))
    assert fewf.contribution_due(contract_months=24) == Decimal("1500.00")
    assert fewf.contribution_due(contract_months=36) == Decimal("1500.00")
    assert fewf.contribution_due(contract_months=37) == Decimal("2500.00")
    assert contribution_check(fewf, contract_months=48, payer="worker", amount=Decimal("2500.00"), currency="NPR")
    with pytest.raises(ContributionWrong):
        contribution_check(fewf, contract_months=48, payer="worker", amount=Decimal("1500.00"), currency="NPR")


def test_sri_lanka_registration_and_renewal_fees():
    """The fees of the gazette of 22 June 2023 (LKR 18,000 and 3,600); the earlier version keeps 15,200 and 3,200."""
    slbfe = funds.fund_for("lk-slbfe", dt.date(2026, 1, 1))
    assert slbfe.version == "2023-06-22"
    assert slbfe.contribution_due(contract_months=24) == Decimal("18000.00")
    assert slbfe.contribution_due(contract_months=24, renewal=True) == Decimal("3600.00")
    earlier = funds.fund_for("lk-slbfe", dt.date(2023, 6, 21))
    assert earlier.version == "2019-01-01" and earlier.contribution_due(contract_months=24) == Decimal("15200.00")
    assert earlier.contribution_due(contract_months=24, renewal=True) == Decimal("3200.00")
    assert "NOT SETTLED" in slbfe.note and "18,200" in slbfe.note  # what the Bureau's page shows is flagged, not paid


def test_owwa_disability_is_a_range_by_degree_from_owwas_own_page():
    owwa = funds.fund_for("ph-owwa", dt.date(2026, 1, 1))
    disability = owwa.benefit("disability")
    assert disability.degrees == () and dict((d, (lo, hi)) for d, lo, hi in disability.degree_ranges) == {
        "partial": (Decimal("2500.00"), Decimal("25000.00")),
        "total_permanent": (Decimal("50000.00"), Decimal("100000.00"))}
    assert "owwa.gov.ph" in disability.url
    assert {owwa.benefit(c).amount for c in ("death_natural", "death_accidental", "burial")} == {
        Decimal("100000.00"), Decimal("200000.00"), Decimal("20000.00")}


def test_before_a_fund_version_starts_there_is_no_fund():
    assert funds.fund_for("np-fewf", dt.date(2010, 1, 1)) is None


def test_a_waived_contribution_is_recorded_with_nothing_paid():
    owwa = funds.fund_for("ph-owwa", dt.date(2026, 1, 1))
    assert contribution_check(owwa, contract_months=24, payer="waived", amount=Decimal("0"), currency="USD")
    with pytest.raises(ContributionWrong):
        contribution_check(owwa, contract_months=24, payer="waived", amount=Decimal("25.00"), currency="USD")
