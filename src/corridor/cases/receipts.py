"""Receipt codes for anonymous complainants: random codes, salted scrypt hashes, throttled guesses.

Nothing here sees or stores who is asking: no address, no browser, no session. Throttling counts failures
in fixed windows, once for the whole node and once per code prefix, so a guesser is slowed without any
record of where the guesses come from.
"""

import hashlib
import hmac
import json
import secrets
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from corridor.cases.errors import FollowUpExpired, ReceiptCodeInvalid, ReceiptLookupThrottled
from corridor.cases.models import Case, ReceiptCode, ReceiptThrottle
from corridor.core import crypto

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


def _hash(code: str, salt: bytes) -> str:
    # A keyed pre-hash (pepper from the node's secret key), then scrypt with a per-code salt.
    pepper = hmac.new(settings.SECRET_KEY.encode(), b"cases.receipt", hashlib.sha256).digest()
    keyed = hmac.new(pepper, code.encode(), hashlib.sha256).digest()
    n = _setting("CORRIDOR_RECEIPT_SCRYPT_N", 2**14)
    return hashlib.scrypt(keyed, salt=salt, n=n, r=8, p=1, dklen=32, maxmem=64 * 1024 * 1024).hex()


def issue(case: Case) -> str:
    """Make the code for a case; returns it in clear once. Call inside the filing transaction."""
    code = generate()
    plain = canonical(code)
    salt = secrets.token_bytes(16)
    ReceiptCode.objects.create(case=case, prefix=plain[:PREFIX], salt=salt.hex(), code_hash=_hash(plain, salt))
    return code


def _window_start():
    seconds = _setting("CORRIDOR_RECEIPT_WINDOW_SECONDS", 900)
    now = int(time.time())
    return datetime.fromtimestamp(now - now % seconds, tz=UTC)


def _buckets(prefix: str) -> list[tuple[str, int]]:
    return [("global", _setting("CORRIDOR_RECEIPT_GLOBAL_FAILURES", 200)),
            (f"p:{prefix}", _setting("CORRIDOR_RECEIPT_PREFIX_FAILURES", 5))]


def _throttled(prefix: str) -> bool:
    window = _window_start()
    counts = dict(ReceiptThrottle.objects.filter(window_start=window, bucket__in=[b for b, _l in _buckets(prefix)])
                  .values_list("bucket", "failures"))
    return any(counts.get(bucket, 0) >= limit for bucket, limit in _buckets(prefix))


def _count_failure(prefix: str) -> None:
    window = _window_start()
    with transaction.atomic():
        for bucket, _limit in _buckets(prefix):
            if not ReceiptThrottle.objects.filter(bucket=bucket, window_start=window).update(failures=F("failures") + 1):
                try:
                    with transaction.atomic():
                        ReceiptThrottle.objects.create(bucket=bucket, window_start=window, failures=1)
                except IntegrityError:  # made at the same moment by another failure: count on that row
                    ReceiptThrottle.objects.filter(bucket=bucket, window_start=window).update(failures=F("failures") + 1)
        # Old windows are of no use: keep the table small.
        ReceiptThrottle.objects.filter(window_start__lt=window - timedelta(days=1)).delete()


def verify(code: str) -> Case:
    """The case a receipt code opens. Wrong codes are counted; too many in a window refuse every try."""
    plain = canonical(code)
    prefix = plain[:PREFIX]
    if _throttled(prefix or "----"):
        raise ReceiptLookupThrottled()
    if len(plain) == LENGTH:
        for receipt in ReceiptCode.objects.filter(prefix=prefix).select_related("case")[:16]:
            if hmac.compare_digest(receipt.code_hash, _hash(plain, bytes.fromhex(receipt.salt))):
                return receipt.case
    _count_failure(prefix or "----")
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
