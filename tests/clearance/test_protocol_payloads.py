"""Every kind the clearance app sends, built by its real services, matches its published schema (spec/exchange/kinds)."""

import pytest
from django.utils import timezone

from corridor.clearance import services
from tests.clearance.test_exchange import as_destination, receive, sa_peer  # noqa: F401 - fixtures
from tests.exchange.payloads import assert_sent_bodies_valid, problems

pytestmark = pytest.mark.django_db


def test_what_the_origin_and_the_destination_send_matches_the_spec(sa_peer, granted, officer, as_destination, inspector):  # noqa: F811
    from corridor.exchange.models import PeerGrant

    # Origin: contract.registered and clearance.granted on grant, clearance.halted on halt.
    for kind in ("arrival.recorded", "contract.checked"):
        PeerGrant.objects.create(peer=as_destination, direction="send", kind=kind)
    contract, record = receive(granted, as_destination)
    # Destination (this database plays it now): arrival.recorded and contract.checked back to the origin.
    services.arrival_record(acting_user=inspector, clearance=record, arrived_on=timezone.localdate())
    worse = services.presented_from_paper(contract.as_document(), {"wage_amount": "1100.00"})
    services.presented_check(acting_user=inspector, clearance=record, document=worse, source="paper")
    checked = set(assert_sent_bodies_valid())
    assert checked == {"contract.registered", "clearance.granted", "arrival.recorded", "contract.checked"}


def test_the_halt_matches_the_spec(sa_peer, granted, officer):  # noqa: F811
    services.clearance_halt(acting_user=officer, clearance=granted, reason="Employer watchlisted")
    assert "clearance.halted" in assert_sent_bodies_valid()


def test_a_body_off_the_spec_is_caught():
    assert problems("clearance.halted", {"reference": "X", "reason": "r", "halted_at": "yesterday", "extra": 1})
    assert not problems("clearance.halted", {"reference": "X", "reason": "r", "halted_at": "2026-05-02T10:00:00Z"})
