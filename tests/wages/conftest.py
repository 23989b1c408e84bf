"""Wages fixtures: the clearance fixtures (an origin clearance granted on one database), this node acting as the
destination (Saudi Arabia) with the clearance received and the worker arrived with a work permit number."""

import pytest
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.clearance import services as clearance_services
from corridor.clearance.services._common import _contract_registered_body
from corridor.core import crypto, node
from tests.clearance.conftest import *  # noqa: F401,F403 - the clearance fixtures
from tests.conftest import verified

WORK_PERMIT = "84012345678901"
EMPLOYER_REF = "1010123456"


@pytest.fixture
def as_destination(monkeypatch):
    """This node acts as Saudi Arabia's, and knows the (test) origin key as the Philippines' peer key."""
    from corridor.exchange.models import Peer, PeerGrant, PeerKey

    public = crypto.node_private_key().public_key()
    ph = Peer.objects.create(country_id="PH", url="http://ph.invalid")
    PeerKey.objects.create(peer=ph, key_id=crypto.key_id(public), public_key=crypto.b64url(crypto.public_key_raw(public)))
    PeerGrant.objects.create(peer=ph, direction="send", kind="wages.arrears")
    real = node.identity()
    monkeypatch.setattr(node, "identity", lambda: node.NodeIdentity("SA", "Saudi Arabia", "SA node", real.url))
    return ph


@pytest.fixture
def dest_officer(make_user):
    return verified(make_user(role=Role.DESTINATION_OFFICER, username="dest-officer"))


@pytest.fixture
def arrival(granted, as_destination, dest_officer):
    clearance_services.peer_contract_receive(peer=as_destination, body=_contract_registered_body(granted))
    record = clearance_services.peer_clearance_receive(peer=as_destination, body={"reference": granted.reference,
                                                                                  "token": granted.token})
    return clearance_services.arrival_record(acting_user=dest_officer, clearance=record, arrived_on=timezone.localdate(),
                                             work_permit_number=WORK_PERMIT)


def csv_file(rows: list[dict], **common) -> bytes:
    """A salary CSV: one row per dict, the defaults a worker paid in full on time for December 2026."""
    header = ["employer_id", "worker_id", "period", "pay_start", "pay_end", "days_in_period", "unpaid_leave_days",
              "basic", "allowances", "variable", "deductions", "paid_amount", "paid_on", "currency", "own_account"]
    base = {"employer_id": EMPLOYER_REF, "worker_id": WORK_PERMIT, "period": "2026-12", "pay_start": "2026-12-01",
            "pay_end": "2026-12-31", "days_in_period": "31", "unpaid_leave_days": "0", "basic": "1500.00",
            "allowances": "0", "variable": "0", "deductions": "", "paid_amount": "1500.00", "paid_on": "2026-12-31",
            "currency": "SAR", "own_account": "yes", **common}
    lines = [",".join(header)] + [",".join(str({**base, **row}[h]) for h in header) for row in rows]
    return ("\n".join(lines) + "\n").encode()
