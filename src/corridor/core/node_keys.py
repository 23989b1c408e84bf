"""Rotation and retirement of this node's own signing key (spec/exchange/v1/README.md, section 4).

`corridor keys signing-rotate` makes a new key the signing key; the old public key stays in the node document
("status": "verify") so that what it signed (contracts, certificates, revocation lists, audit anchors, messages)
still verifies, and its private key is deleted. `corridor keys signing-retire KID` removes an earlier key from the
document, refused while it still signs live things (valid certificates, messages waiting in the outbox) unless
the key is compromised. Each step is an audit entry.
"""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from corridor.core import audit, crypto

# What still depends on an earlier key, by name: each returns how many live things a key id signed (valid
# certificates, messages waiting in the outbox). Core cannot import the apps that know; they register here.
_key_uses: dict[str, Callable[[str], int]] = {}


class KeyInUse(ValueError):
    """An earlier key still signs live things (valid certificates, queued messages): retiring it would break them."""

    def __init__(self, uses: dict[str, int]):
        self.uses = uses
        super().__init__("The key still signs: " + ", ".join(f"{n} {what}" for what, n in sorted(uses.items())) + ".")


def register_key_use(name: str, count: Callable[[str], int]) -> None:
    """From an AppConfig.ready(): `count(kid)` is how many live things of `name` that key signed."""
    _key_uses[name] = count


def key_uses(kid: str) -> dict[str, int]:
    return {name: n for name, count in sorted(_key_uses.items()) if (n := count(kid))}


def own_key_rotate(*, acting_user=None) -> tuple[str, str]:
    """A new signing key for this node; the old one stays published, for verification only. Returns (old, new) kids."""
    pem = crypto.generate_signing_key_pem()
    old_kid, new_kid = crypto.key_id(crypto.node_private_key().public_key()), crypto.key_id_of_pem(pem)
    with transaction.atomic():  # the entry first: if installing the key fails, the entry is rolled back
        audit.record(actor=acting_user, action="node.key_rotated", object_type="core.node_key", object_id=new_kid,
                     from_state=old_kid, to_state=new_kid, detail={"previous_key_id": old_kid, "key_id": new_kid})
        crypto.install_signing_key(pem, at=timezone.now().isoformat())
    return old_kid, new_kid


def own_key_retire(*, acting_user=None, key_id: str, compromised: bool = False) -> dict[str, int]:
    """Stop publishing an earlier key. Refused while it still signs live things, unless it is compromised.

    Raises ValueError for the signing key or a key id that is not an earlier key, KeyInUse while in use.
    Returns what it still signed (non-empty only for a compromised key).
    """
    crypto.check_retirable(key_id)
    uses = key_uses(key_id)
    if uses and not compromised:
        raise KeyInUse(uses)
    with transaction.atomic():
        audit.record(actor=acting_user, action="node.key_retired", object_type="core.node_key", object_id=key_id,
                     from_state="verify", to_state="retired", detail={"compromised": compromised, "still_signing": uses})
        crypto.retire_signing_key(key_id)
    return uses
