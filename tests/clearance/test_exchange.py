"""What travels: the origin's contract and clearance to the destination, arrivals and contract checks back, halts.

One database plays both nodes: the destination's identity is patched in and the origin's key is registered as the
peer's, so that the signed records the origin made are verified exactly as a destination would verify them.
"""

import copy

import pytest
from django.utils import timezone

from corridor.clearance import services
from corridor.clearance.choices import NoticeKind
from corridor.clearance.errors import PeerRecordInvalid
from corridor.clearance.models import SubstitutionMatter
from corridor.clearance.services._common import _contract_registered_body
from corridor.core import crypto, node
from corridor.core.models import Notification
from tests.exchange.payloads import outbox_matches_spec  # noqa: F401 - the bodies sent must match spec/exchange/kinds

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("outbox_matches_spec")]


@pytest.fixture
def sa_peer(db):
    from corridor.exchange.models import Peer, PeerGrant

    peer = Peer.objects.create(country_id="SA", url="http://sa.invalid")
    for direction in ("send", "accept"):
        for kind in ("contract.registered", "clearance.granted", "clearance.halted", "arrival.recorded", "contract.checked"):
            PeerGrant.objects.create(peer=peer, direction=direction, kind=kind)
    return peer


@pytest.fixture
def as_destination(monkeypatch):
    """This node acts as Saudi Arabia's, and knows the (test) origin key as the Philippines' peer key."""
    from corridor.exchange.models import Peer, PeerKey

    public = crypto.node_private_key().public_key()
    ph = Peer.objects.create(country_id="PH", url="http://ph.invalid")
    PeerKey.objects.create(peer=ph, key_id=crypto.key_id(public), public_key=crypto.b64url(crypto.public_key_raw(public)))
    real = node.identity()
    monkeypatch.setattr(node, "identity", lambda: node.NodeIdentity("SA", "Saudi Arabia", "SA node", real.url))
    return ph


def test_grant_queues_contract_then_clearance_for_the_destination(sa_peer, granted):
    from corridor.exchange.models import OutboundMessage

    messages = list(OutboundMessage.objects.filter(peer=sa_peer).order_by("sequence"))
    assert [m.kind for m in messages] == ["contract.registered", "clearance.granted"]
    assert {m.ordering_key for m in messages} == {f"contract:{granted.contract.reference}"}


def test_halt_of_a_granted_clearance_is_sent(sa_peer, granted, officer):
    from corridor.exchange.models import OutboundMessage

    services.clearance_halt(acting_user=officer, clearance=granted, reason="Employer watchlisted")
    assert OutboundMessage.objects.filter(peer=sa_peer, kind="clearance.halted").count() == 1


def test_no_peer_no_message(granted):
    from corridor.exchange.models import OutboundMessage

    assert not OutboundMessage.objects.exists()


def receive(granted, ph):
    contract = services.peer_contract_receive(peer=ph, body=_contract_registered_body(granted))
    record = services.peer_clearance_receive(peer=ph, body={"reference": granted.reference, "token": granted.token})
    return contract, record


def test_destination_stores_the_peers_records(granted, as_destination):
    contract, record = receive(granted, as_destination)
    assert record.reference == granted.reference and record.passport_tail == "567A"
    assert contract.content_hash == record.content_hash and services.registered_for(record) == contract
    # A repeat changes nothing.
    assert receive(granted, as_destination)[1].pk == record.pk


def test_destination_refuses_a_forged_or_misaddressed_clearance(granted, as_destination):
    header, payload, signature = granted.token.split(".")
    with pytest.raises(PeerRecordInvalid):
        services.peer_clearance_receive(peer=as_destination, body={"token": f"{header}.{payload}.{signature[:-4]}AAAA"})
    with pytest.raises(PeerRecordInvalid):
        services.peer_contract_receive(peer=as_destination, body={"signature": "x.y.z"})


def test_halt_reaches_the_destination(granted, as_destination):
    _contract, record = receive(granted, as_destination)
    services.peer_clearance_halt_receive(peer=as_destination, body={"reference": granted.reference, "reason": "Watchlist",
                                                                    "halted_at": timezone.now().isoformat()})
    record.refresh_from_db()
    assert record.is_halted and record.halt_reason == "Watchlist"


def test_arrival_and_substitution_go_back_to_the_origin(granted, as_destination, inspector, monkeypatch):
    from corridor.exchange.models import OutboundMessage, PeerGrant

    for kind in ("arrival.recorded", "contract.checked"):
        PeerGrant.objects.create(peer=as_destination, direction="send", kind=kind)
    contract, record = receive(granted, as_destination)
    services.arrival_record(acting_user=inspector, clearance=record, arrived_on=timezone.localdate())
    same = services.presented_check(acting_user=inspector, clearance=record, document=contract.as_document())
    assert same.substituted is False and not SubstitutionMatter.objects.exists()
    worse = services.presented_from_paper(contract.as_document(), {"wage_amount": "1100.00", "worksite": "Dammam"})
    check = services.presented_check(acting_user=inspector, clearance=record, document=worse, source="paper")
    assert check.substituted and check.matter.status == "open"
    assert {c["term"] for c in check.changes} == {"wage.amount", "job.worksite"}
    kinds = list(OutboundMessage.objects.filter(peer=as_destination).order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["arrival.recorded", "contract.checked", "contract.checked"]

    # Back on the origin: the reports land on the clearance and the worker and agency are told of the substitution.
    from corridor.exchange.models import Peer

    sa = Peer.objects.create(country_id="SA", url="http://sa.invalid")
    services.arrival_report_receive(peer=sa, body={"clearance_reference": granted.reference, "arrived_on": "2026-12-20"})
    services.contract_check_report_receive(peer=sa, body={"clearance_reference": granted.reference, "substituted": True,
                                                          "changes": check.changes})
    granted.refresh_from_db()
    assert granted.arrived_on.isoformat() == "2026-12-20"
    assert granted.destination_reports.filter(kind="contract.checked", substituted=True).exists()
    notices = Notification.objects.filter(about=f"clearance:{granted.reference}", kind=f"clearance.{NoticeKind.SUBSTITUTION}")
    assert notices.filter(recipient__isnull=True).count() == 2  # the worker and the agency; officers each get their own


def test_report_about_another_countrys_clearance_is_refused(granted):
    from corridor.exchange.models import Peer

    qa = Peer.objects.create(country_id="QA", url="http://qa.invalid")
    with pytest.raises(PeerRecordInvalid):
        services.arrival_report_receive(peer=qa, body={"clearance_reference": granted.reference, "arrived_on": "2026-12-20"})


def test_matter_lifecycle(granted, as_destination, inspector):
    from corridor.core.errors import TransitionNotAllowed

    contract, record = receive(granted, as_destination)
    worse = copy.deepcopy(contract.as_document())
    worse["wage"]["amount"] = "900.00"
    matter = services.presented_check(acting_user=inspector, clearance=record, document=worse).matter
    services.matter_review(acting_user=inspector, matter=matter, reason="Employer summoned")
    services.matter_close(acting_user=inspector, matter=matter, reason="Registered contract reinstated")
    with pytest.raises(TransitionNotAllowed):
        services.matter_review(acting_user=inspector, matter=matter, reason="again")
    assert [e.action for e in matter.events.all()] == ["open", "review", "close"]


def test_arrival_pages_permission_matrix(granted, as_destination, inspector, officer, signed_in, client):
    from django.urls import reverse

    _contract, record = receive(granted, as_destination)
    url = reverse("clearance:arrival", args=[record.pk])
    assert client.get(url).status_code == 302
    assert signed_in(officer).get(url).status_code == 404
    inspector_client = signed_in(inspector)
    assert inspector_client.get(reverse("clearance:arrivals")).status_code == 200
    assert inspector_client.get(url).status_code == 200
    response = inspector_client.post(reverse("clearance:arrival-check", args=[record.pk]),
                                     {"source": "paper", "wage_amount": "1000.00", "wage_currency": "SAR", "wage_period": "month"})
    assert response.status_code == 302 and "/arrivals/matters/" in response["Location"]
