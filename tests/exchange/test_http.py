"""The inbox endpoint, the operators' message list (API and page), and the `peers` and `exchange` commands."""

import json

import pytest
from django.core.management import CommandError, call_command

from corridor.accounts.choices import Role
from corridor.core import crypto, node
from corridor.exchange import services
from corridor.exchange.models import InboundMessage, OutboundMessage, Peer, PeerGrant

from .test_outbox import FakePeer

pytestmark = pytest.mark.django_db
INBOX = "/api/v1/exchange/inbox"


def post(client, data, **extra):
    return client.post(INBOX, data=json.dumps(data) if not isinstance(data, bytes) else data,
                       content_type="application/json", **extra)


def test_the_inbox_accepts_one_signed_message_without_any_other_authentication(client, peer, from_peer):
    response = post(client, {"message": from_peer()})
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert InboundMessage.objects.count() == 1


def test_the_inbox_answers_a_batch_in_order(client, peer, from_peer):
    tokens = [from_peer(body={"n": i}) for i in range(3)]
    response = post(client, {"messages": tokens + ["junk"]})
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["results"]] == ["accepted"] * 3 + ["rejected"]


@pytest.mark.parametrize(("body", "status", "code"), [
    (b"not json", 400, "malformed"),
    ({"messages": []}, 400, "malformed"),
    ({"message": "a.b.c"}, 400, "malformed"),
])
def test_the_inbox_refuses_what_is_not_a_message(client, peer, body, status, code):
    response = post(client, body)
    assert response.status_code == status and response.json()["code"] == code


def test_the_inbox_answers_deferred_and_too_many_with_their_own_statuses(client, peer, from_peer, settings):
    assert post(client, {"message": from_peer(ordering_key="k", sequence=2)}).status_code == 503
    settings.CORRIDOR_EXCHANGE_REJECTIONS_PER_MINUTE = 1
    post(client, {"message": "x"})
    response = post(client, {"message": "x"})
    assert response.status_code == 429 and response.json()["code"] == "too_many_rejections"


def test_a_300_kb_message_is_refused_by_the_inbox_and_changes_nothing(client, peer, from_peer):
    """Issue 13, fault 10: it was applied although the documented limit is 256 KB."""
    response = post(client, {"message": from_peer(body={"n": 1, "pad": "x" * 300_000})})
    assert response.status_code == 400 and response.json()["code"] == "too_large"
    assert InboundMessage.objects.count() == 0


def test_the_node_document_names_the_key_a_peer_must_confirm(client):
    document = client.get("/.well-known/corridor-node.json").json()
    assert document["keys"][0]["kid"] == crypto.key_id(crypto.node_private_key().public_key())


# --- operators: GET /api/v1/exchange/messages and /exchange/ ---------------------------------


@pytest.fixture
def traffic(peer, from_peer):
    services.message_send(acting_user=None, peer="SA", kind="test.count", body={"n": 1})
    services.inbox_receive(tokens=[from_peer(), "junk"], remote_address="192.0.2.1")


def test_messages_api_needs_sign_in(client, traffic):
    assert client.get("/api/v1/exchange/messages").status_code == 401


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.AGENCY_STAFF, Role.CASEWORKER, Role.WORKER])
def test_messages_api_is_forbidden_to_other_roles(make_user, signed_in, traffic, role):
    assert signed_in(make_user(role)).get("/api/v1/exchange/messages").status_code == 403


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.ORIGIN_OFFICER, Role.DESTINATION_OFFICER])
def test_messages_api_lists_both_directions_for_operators(make_user, signed_in, traffic, role, django_assert_max_num_queries):
    client = signed_in(make_user(role))
    with django_assert_max_num_queries(12):
        out = client.get("/api/v1/exchange/messages").json()
    assert out["count"] == 1 and out["results"][0]["status"] == "queued" and out["results"][0]["peer"] == "SA"
    assert "body" not in out["results"][0] and "token" not in out["results"][0]
    inbound = client.get("/api/v1/exchange/messages?direction=in&status=applied").json()
    assert inbound["count"] == 1 and inbound["results"][0]["direction"] == "in"
    assert client.get("/api/v1/exchange/messages?status=accepted").json()["count"] == 0


def test_the_page_sends_anonymous_people_to_sign_in(client):
    response = client.get("/exchange/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.AGENCY_STAFF, Role.WORKER])
def test_the_page_is_not_found_for_other_roles(make_user, signed_in, role):
    assert signed_in(make_user(role)).get("/exchange/").status_code == 404


@pytest.mark.parametrize("direction", ["out", "in", "refused"])
def test_the_page_shows_operators_every_direction(make_user, signed_in, traffic, direction, django_assert_max_num_queries):
    client = signed_in(make_user(Role.ADMINISTRATOR))
    for _ in range(30):
        services.message_send(acting_user=None, peer="SA", kind="ping", body={})
    with django_assert_max_num_queries(15):
        response = client.get(f"/exchange/?direction={direction}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "SA" in text and {"out": "Queued", "in": "Applied", "refused": "malformed"}[direction] in text


def test_dashboard_items_are_for_operators_only(make_user):
    from corridor.exchange.dashboard import dashboard_items
    from tests.conftest import verified

    assert dashboard_items(verified(make_user(Role.ADMINISTRATOR)))[0]["url"] == "/exchange/"
    assert dashboard_items(verified(make_user(Role.AGENCY_STAFF))) == []


# --- commands -----------------------------------------------------------------------------------


def test_peers_add_from_a_key_file_list_allow_deny_and_remove(tmp_path, peer_key, capsys):
    key_file = tmp_path / "sa.json"
    key_file.write_text(json.dumps({"node": {"country": "SA", "name": "Corridor SA"}, "keys": [crypto.public_jwk(peer_key.public_key())]}))
    kid = crypto.key_id(peer_key.public_key())
    call_command("peers", "add", "--country", "SA", "--url", "http://127.0.0.1:8002", "--key-file", str(key_file),
                 "--key-id", kid, "--send", "contract.registered", "--accept", "arrival.recorded", "--noinput")
    peer = Peer.objects.get(country_id="SA")
    assert peer.keys.get().key_id == kid and peer.name == "Corridor SA"
    assert set(PeerGrant.objects.values_list("direction", "kind")) == {("send", "contract.registered"), ("accept", "arrival.recorded")}
    call_command("peers", "allow", "SA", "--accept", "watchlist.entry")
    call_command("peers", "deny", "SA", "--send", "contract.registered")
    assert set(PeerGrant.objects.values_list("direction", "kind")) == {("accept", "arrival.recorded"), ("accept", "watchlist.entry")}
    call_command("peers", "list")
    assert kid in capsys.readouterr().out
    call_command("peers", "remove", "SA")
    assert Peer.objects.get().status == "removed"
    with pytest.raises(CommandError, match="exchange.peer_not_active"):
        call_command("peers", "remove", "SA")


@pytest.mark.parametrize(("args", "code"), [
    (["--key-id", "0000000000000000"], "exchange.peer_key_mismatch"),
    (["--key-id", "{kid}", "--send", "no.such"], "unknown_kind"),
    (["--key-id", "{kid}", "--country", "PH"], "invalid_input"),
])
def test_peers_add_refuses_what_was_not_confirmed_or_is_wrong(tmp_path, peer_key, args, code):
    key_file = tmp_path / "sa.json"
    key_file.write_text(json.dumps(crypto.public_jwk(peer_key.public_key())))
    args = [a.replace("{kid}", crypto.key_id(peer_key.public_key())) for a in args]
    base = ["add", "--country", "SA", "--url", "http://127.0.0.1:8002", "--key-file", str(key_file), "--noinput"]
    with pytest.raises(CommandError, match=code):
        call_command("peers", *base, *args)
    assert not Peer.objects.exists()


def test_peer_keys_are_checked(peer, peer_key):
    from corridor.exchange import errors

    with pytest.raises(errors.PeerKeyInvalid):
        services.peer_add(acting_user=None, country="QA", url="http://qa.example", jwks=[{"kty": "RSA"}])
    with pytest.raises(errors.PeerKeyTaken):
        services.peer_add(acting_user=None, country="QA", url="http://qa.example", jwks=[crypto.public_jwk(peer_key.public_key())])
    with pytest.raises(errors.PeerKeyTaken):
        services.peer_add(acting_user=None, country="QA", url="http://qa.example",
                          jwks=[crypto.public_jwk(crypto.node_private_key().public_key())])
    with pytest.raises(errors.PeerNotFound):
        services.peer_get("QA")


def test_peers_add_fetch_needs_a_confirmed_key_id_without_a_prompt(monkeypatch, peer_key):
    monkeypatch.setattr(services, "peer_document_fetch", lambda url: {"node": {"country": "SA"},
                                                                      "keys": [crypto.public_jwk(peer_key.public_key())]})
    with pytest.raises(CommandError, match="--key-id"):
        call_command("peers", "add", "--country", "SA", "--url", "http://sa.example", "--fetch", "--noinput")
    monkeypatch.setattr("builtins.input", lambda prompt: crypto.key_id(peer_key.public_key()))
    call_command("peers", "add", "--country", "SA", "--url", "http://sa.example", "--fetch")
    assert Peer.objects.get().keys.count() == 1


def test_peers_ping_and_exchange_deliver(peer, monkeypatch, capsys):
    fake = FakePeer(monkeypatch)
    call_command("peers", "ping", "SA")
    assert "accepted ping" in capsys.readouterr().out
    fake.down = True
    with pytest.raises(CommandError, match="retrying"):
        call_command("peers", "ping", "SA")
    fake.down = False
    call_command("exchange", "deliver", "--once", "--now")
    assert "accepted 1" in capsys.readouterr().out
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"accepted"}


def test_peers_identity_prints_this_nodes_document(tmp_path):
    call_command("peers", "identity", "--output", str(tmp_path / "me.json"))
    assert json.loads((tmp_path / "me.json").read_text()) == node.public_document()


def test_the_openapi_description_lists_the_exchange_and_the_inbox_needs_no_credentials(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not paths["/api/v1/exchange/inbox"]["post"].get("security")
    assert paths["/api/v1/exchange/messages"]["get"]["security"]
