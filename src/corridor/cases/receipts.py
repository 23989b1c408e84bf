"""Receipt codes for anonymous complainants: random codes, salted scrypt hashes, throttled guesses.

Nothing here stores who is asking: no address, no browser, no session. Guesses are throttled per requester
(a keyed hash of the address under a key that changes every window, kept only in the throttle table for two
windows: core/throttle.py) and per code (a keyed hash of the code), never for the whole node or a prefix, so
a guesser slows down only themselves. Every check costs the same: one lookup by a keyed hash of the whole
code and exactly one scrypt, whether or not any code shares the prefix.
"""

import hashlib
import hmac
import json
import secrets
import time

from django.conf import settings
from django.db.models import Q

from corridor.cases.errors import FollowUpExpired, ReceiptCodeInvalid, ReceiptLookupThrottled
from corridor.cases.models import Case, ReceiptCode
from corridor.core import crypto, throttle

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
LENGTH = 16  # 80 bits
PREFIX = 4
FOLLOW_UP_SECONDS = 30 * 60


def _setting(name: str, default):
    return getattr(settings, name, default)


def generate() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _i in range(LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, LENGTH, 4))


def canonical(code: str) -> str:
    code = code.upper().translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return "".join(ch for ch in code if ch in ALPHABET)


def _pepper() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"cases.receipt", hashlib.sha256).digest()


def _hash(code: str, salt: bytes) -> str:
    # A keyed pre-hash (pepper from the node's secret key), then scrypt with a per-code salt.
    keyed = hmac.new(_pepper(), code.encode(), hashlib.sha256).digest()
    n = _setting("CORRIDOR_RECEIPT_SCRYPT_N", 2**14)
    return hashlib.scrypt(keyed, salt=salt, n=n, r=8, p=1, dklen=32, maxmem=64 * 1024 * 1024).hex()


def _lookup(code: str) -> str:
    """A keyed hash of the whole code: finds its row without revealing anything about other codes."""
    return hmac.new(_pepper(), b"lookup:" + code.encode(), hashlib.sha256).hexdigest()


def issue(case: Case) -> str:
    """Make the code for a case; returns it in clear once. Call inside the filing transaction."""
    code = generate()
    plain = canonical(code)
    salt = secrets.token_bytes(16)
    ReceiptCode.objects.create(case=case, prefix=plain[:PREFIX], lookup=_lookup(plain), salt=salt.hex(),
                               code_hash=_hash(plain, salt))
    return code


def _window() -> int:
    return _setting("CORRIDOR_RECEIPT_WINDOW_SECONDS", 900)


def requester_throttle() -> throttle.Throttle:
    # A few free mistakes (a mistyped code), then waits doubling from 2 s up to the window.
    return throttle.Throttle("receipt.requester", free=_setting("CORRIDOR_RECEIPT_REQUESTER_FAILURES", 5),
                             base_delay=2, max_delay=_window(), window_seconds=_window())


def code_throttle() -> throttle.Throttle:
    return throttle.Throttle("receipt.code", free=_setting("CORRIDOR_RECEIPT_CODE_FAILURES", 5),
                             base_delay=2, max_delay=_window(), window_seconds=_window())


_DUMMY_SALT = bytes(16)


def verify(code: str, *, request=None) -> Case:
    """The case a receipt code opens. Wrong codes are counted for the requester and the code only."""
    plain = canonical(code)
    requester = throttle.requester_key(request, window_seconds=_window()) if request is not None else ""
    code_key = throttle.value_key("receipt.code", plain)
    if (requester and requester_throttle().wait(requester)) or code_throttle().wait(code_key):
        raise ReceiptLookupThrottled()
    lookup = _lookup(plain)
    # Codes issued before the keyed lookup existed are found by prefix; either way one row, one scrypt.
    receipt = (ReceiptCode.objects.filter(Q(lookup=lookup) | Q(lookup="", prefix=plain[:PREFIX]))
               .select_related("case").order_by("-lookup").first())
    salt = bytes.fromhex(receipt.salt) if receipt is not None else _DUMMY_SALT
    candidate = _hash(plain, salt)
    if receipt is not None and len(plain) == LENGTH and hmac.compare_digest(receipt.code_hash, candidate):
        if not receipt.lookup:
            ReceiptCode.objects.filter(pk=receipt.pk).update(lookup=lookup)
        return receipt.case
    if requester:
        requester_throttle().fail(requester)
    code_throttle().fail(code_key)
    raise ReceiptCodeInvalid()


def follow_up_token(case: Case) -> str:
    """A short-lived, encrypted pass for the follow-up page, carried in its forms (no cookie, no session)."""
    return crypto.encrypt(json.dumps({"case": case.pk, "exp": int(time.time()) + FOLLOW_UP_SECONDS}))


def case_from_token(token: str) -> Case:
    try:
        data = json.loads(crypto.decrypt(token))
    except (crypto.DecryptionError, ValueError, UnicodeError) as exc:
        raise FollowUpExpired() from exc
    if data.get("exp", 0) < time.time():
        raise FollowUpExpired()
    case = Case.objects.filter(pk=data.get("case"), receipt__isnull=False).first()
    if case is None:
        raise FollowUpExpired()
    return case
