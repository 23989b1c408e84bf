"""A worker comes home (`worker.returned`, published by the reintegration app): the membership of the clearance they
left on records the return and its cover ends; where the fund's rules give a benefit on return, it is prompted."""

import dataclasses
import datetime as dt

import pytest
from django.db import transaction

from corridor.core import events
from corridor.welfare import funds
from corridor.welfare.models import Claim, Membership, MembershipEvent
from tests.factories.welfare import MembershipFactory

pytestmark = pytest.mark.django_db


def _returned(**payload):
    """As the reintegration app will: inside its writing transaction; subscribers run when it commits."""
    with transaction.atomic():
        events.publish("worker.returned", **payload)


@pytest.fixture
def member(fund_officer):
    return MembershipFactory(acting_user=fund_officer, clearance_reference="PH-2026-000123")


def test_the_return_is_recorded_and_the_cover_ends(member):
    _returned(reference="RET-1", clearance_reference="PH-2026-000123", returned_on="2026-08-01", cause="exit",
              case_reference="CASE-9", anything_else=True)  # extra keys are ignored
    member = Membership.objects.get(pk=member.pk)
    assert (member.returned_on, member.return_cause, member.return_reference) == (dt.date(2026, 8, 1), "exit", "RET-1")
    assert member.status == "ended"
    assert MembershipEvent.objects.filter(membership=member, action="end").count() == 1
    assert not Claim.objects.filter(membership=member).exists()  # OWWA's file gives no verified benefit on return
    # The same return delivered again changes nothing.
    _returned(reference="RET-1", clearance_reference="PH-2026-000123", returned_on="2026-08-01", cause="exit")
    assert MembershipEvent.objects.filter(membership=member, action="end").count() == 1


def test_an_unknown_clearance_or_cause_is_harmless(member):
    _returned(reference="RET-2", clearance_reference="PH-2026-999999", returned_on="2026-08-01", cause="exit")
    assert Membership.objects.get(pk=member.pk).returned_on is None
    _returned(reference="RET-3", clearance_reference="PH-2026-000123", returned_on="not a date", cause="abducted")
    member = Membership.objects.get(pk=member.pk)
    assert member.return_cause == "other" and member.returned_on is not None and member.status == "ended"


def test_a_benefit_the_fund_gives_on_return_is_prompted_to_the_member(member, monkeypatch):
    real = funds.fund_version(member.fund, member.fund_version)
    loan = real.benefit("livelihood_loan")
    patched = dataclasses.replace(real, benefits=tuple(
        dataclasses.replace(b, on_return=True) if b is loan else b for b in real.benefits))
    monkeypatch.setattr(funds, "fund_version", lambda fid, version: patched)
    _returned(reference="RET-4", clearance_reference="PH-2026-000123", returned_on="2026-09-30",
              cause="end_of_contract")
    _returned(reference="RET-4", clearance_reference="PH-2026-000123", returned_on="2026-09-30",
              cause="end_of_contract")
    claim = Claim.objects.get(membership=member)
    assert (claim.status, claim.benefit, claim.claimant_kind, claim.event_date, claim.prompted_by) == (
        "prompted", "livelihood_loan", "member", dt.date(2026, 9, 30), "return:RET-4")
