"""A peer rotates its key (spec/exchange/v1 section 4): the new key is added beside the old one, both verify, and the
old one is retired; a peer always keeps one key."""

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from corridor.core import crypto
from corridor.core.errors import InvalidInput
from corridor.exchange import services
from corridor.exchange.errors import PeerKeyLast
from corridor.exchange.models import PeerKey

pytestmark = pytest.mark.django_db


def answer(token):
    return services.inbox_receive(tokens=[token], remote_address="127.0.0.1")[0]


def test_rotation_then_retirement(peer, peer_key, from_peer):
    new = Ed25519PrivateKey.generate()
    services.peer_add(acting_user=None, country="SA", url="http://sa.example", jwks=[crypto.public_jwk(new.public_key())])
    assert answer(from_peer(key=new))["status"] == "accepted"
    assert answer(from_peer())["status"] == "accepted"  # the old key verifies meanwhile
    old = crypto.key_id(peer_key.public_key())
    call_command("peers", "retire-key", "SA", "--key-id", old)
    assert list(PeerKey.objects.values_list("key_id", flat=True)) == [crypto.key_id(new.public_key())]
    refused = answer(from_peer())
    assert refused["status"] == "rejected" and refused["code"] == "unknown_sender"
    assert answer(from_peer(key=new))["status"] == "accepted"


def test_the_last_key_and_an_unknown_key_cannot_be_retired(peer, peer_key):
    with pytest.raises(PeerKeyLast) as info:
        services.peer_key_retire(acting_user=None, peer="SA", key_id=crypto.key_id(peer_key.public_key()))
    assert info.value.code == "exchange.peer_key_last"
    with pytest.raises(InvalidInput):
        services.peer_key_retire(acting_user=None, peer="SA", key_id="0000000000000000")
    with pytest.raises(CommandError, match="exchange.peer_key_last"):
        call_command("peers", "retire-key", "SA", "--key-id", crypto.key_id(peer_key.public_key()))
    assert PeerKey.objects.count() == 1


def test_only_administrators_retire_keys(peer, peer_key, make_user):
    from corridor.accounts.choices import Role
    from corridor.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.peer_key_retire(acting_user=make_user(Role.ORIGIN_OFFICER), peer="SA", key_id=crypto.key_id(peer_key.public_key()))
