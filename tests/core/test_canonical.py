"""One canonical JSON (RFC 8785, corridor.core.canonical) and strict JWS decoding; what was made the old way verifies."""

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
import rfc8785
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.clearance import certificate
from corridor.contracts import interchange
from corridor.core import audit, canonical, crypto, signing
from corridor.core.models import AuditEntry, AuditHead
from corridor.exchange import envelope
from corridor.exchange.errors import MessageRejected

from .legacy_canon import interchange_canonical_json, interchange_content_hash, signing_canonical_json

REPO = Path(__file__).resolve().parents[2]
CONTRACTS = sorted((REPO / "tests/rules/cases").rglob("*.json"))

MAX_INT = 2**53 - 1
scalars = (
    st.none() | st.booleans() | st.integers(-MAX_INT, MAX_INT) | st.text()
    | st.floats(min_value=-MAX_INT, max_value=MAX_INT)
    | st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15)
)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20
)
# What signed payloads and envelopes carry: no floats, money as strings, keys in the Basic Multilingual Plane.
bmp_keys = st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)))
payload_values = st.recursive(
    st.none() | st.booleans() | st.integers(-MAX_INT, MAX_INT) | st.text() | st.decimals(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(bmp_keys, inner, max_size=4), max_leaves=20,
)


# --- one function, the same bytes as before for contracts -------------------------------------------------


def test_the_interchange_uses_the_core_function():
    assert interchange.canonical_json is canonical.canonical_json
    assert interchange.content_hash is canonical.content_hash


def test_rfc8785_examples():
    assert canonical.canonical_json({"b": 1, "a": "é\n", "c": [None, True, 1e21, 1e-7, 0.5]}) == \
        '{"a":"é\\n","b":1,"c":[null,true,1e+21,1e-7,0.5]}'.encode()
    # member names sort by UTF-16 code units: U+1F600 (a surrogate pair) comes before U+FB33
    assert canonical.canonical_json({"\ufb33": 1, "\U0001f600": 2}) == '{"\U0001f600":2,"\ufb33":1}'.encode()


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 2**53, "\ud800", {1: "x"}, object()])
def test_values_without_a_canonical_form_are_refused(bad):
    with pytest.raises(canonical.CanonicalError):
        canonical.canonical_json({"v": bad})


def test_where_the_hand_written_form_was_not_rfc8785():
    """Integral numbers beyond 2**53 written as a fraction (1e17 hours): the old code wrote the double's exact
    digits, RFC 8785 (and every other JCS implementation) its shortest ones. No contract in the suite or the demo
    carries one; docs/architecture.md says so. Everywhere else the bytes are the same (the property test below)."""
    value = {"hours": Decimal("64544292827632576.0")}
    assert interchange_canonical_json(value) == b'{"hours":64544292827632576}'
    assert canonical.canonical_json(value) == b'{"hours":64544292827632580}'


@pytest.mark.parametrize("path", CONTRACTS, ids=lambda p: p.name)
def test_every_stored_contract_hash_is_unchanged(path):
    doc = interchange.parse(path.read_bytes())
    assert canonical.canonical_json(doc) == interchange_canonical_json(doc)
    assert canonical.content_hash(doc) == interchange_content_hash(doc)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_the_package_writes_what_the_hand_written_rfc8785_wrote(value):
    assert canonical.canonical_json(value) == interchange_canonical_json(value)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(payload_values)
def test_signed_payloads_are_the_bytes_older_nodes_wrote(value):
    """What spec and docs/exchange.md promise (sorted keys, no whitespace, UTF-8, decimals as strings) holds."""
    assert signing.canonical_json(value) == signing_canonical_json(value)


def test_signed_payloads_still_refuse_floats():
    with pytest.raises(TypeError):
        signing.canonical_json({"amount": 1.5})
    assert signing.canonical_json({"amount": Decimal("10.50")}) == b'{"amount":"10.50"}'


# --- JWS: old tokens verify, strict decoding ---------------------------------------------------------------


def _keys():
    public = crypto.node_private_key().public_key()
    return {crypto.key_id(public): public}


def _raw_token(header: dict, payload_bytes: bytes) -> str:
    private = crypto.node_private_key()
    head = crypto.b64url(json.dumps(header).encode())
    body = crypto.b64url(payload_bytes)
    signature = private.sign(f"{head}.{body}".encode("ascii"))
    return f"{head}.{body}.{crypto.b64url(signature)}"


def _header(**extra) -> dict:
    return {"alg": "EdDSA", "kid": next(iter(_keys())), "typ": "test+jws", **extra}


@pytest.mark.django_db
def test_a_token_signed_under_the_old_serialisation_still_verifies():
    payload = {"z": "last", "a": {"n": 1, "amount": Decimal("12.50")}, "name": "Ñandú"}
    token = _raw_token(_header(), signing_canonical_json(payload))
    _header_out, out = signing.jws_verify(token, _keys(), typ="test+jws")
    assert out == {"z": "last", "a": {"n": 1, "amount": "12.50"}, "name": "Ñandú"}


@pytest.mark.django_db
def test_a_freshly_signed_token_round_trips():
    token = signing.jws_sign({"b": 2, "a": "x"}, typ="test+jws")
    assert signing.jws_verify(token, _keys(), typ="test+jws")[1] == {"a": "x", "b": 2}


def _mangle(token: str, part: int, how) -> str:
    parts = token.split(".")
    parts[part] = how(parts[part])
    return ".".join(parts)


B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _stray_bit(part: str) -> str:
    """Set one of the unused low bits of the last character (a 64-byte signature leaves 4): same bytes, other text."""
    return part[:-1] + B64URL[B64URL.index(part[-1]) | 1]


@pytest.mark.django_db
@pytest.mark.parametrize("mangle", [
    pytest.param(lambda t: _mangle(t, 2, lambda p: p + "=" * (-len(p) % 4 or 4)), id="padding"),
    pytest.param(lambda t: _mangle(t, 1, lambda p: p.replace("-", "+").replace("_", "/") if ("-" in p or "_" in p)
                                    else p[:-1] + "+"), id="plus-or-slash"),
    pytest.param(lambda t: _mangle(t, 1, lambda p: p[:-1] + "/"), id="slash"),
    pytest.param(lambda t: _mangle(t, 1, lambda p: p[:4] + "\n" + p[4:]), id="newline-inside"),
    pytest.param(lambda t: t + " ", id="trailing-space"),
    pytest.param(lambda t: " " + t, id="leading-space"),
    pytest.param(lambda t: _mangle(t, 0, lambda p: p + "=="), id="padded-header"),
    pytest.param(lambda t: _mangle(t, 1, lambda p: p + "A" * ((1 - len(p)) % 4 or 4)), id="impossible-length"),
    pytest.param(lambda t: _mangle(t, 2, _stray_bit), id="non-canonical-tail"),
    pytest.param(lambda t: t + ".x", id="four-parts"),
    pytest.param(lambda t: _mangle(t, 2, lambda p: ""), id="empty-signature"),
])
def test_characters_outside_unpadded_base64url_are_refused(mangle):
    token = signing.jws_sign({"sub": "x", "pad": "ab"}, typ="test+jws")
    bad = mangle(token)
    assert bad != token
    with pytest.raises(signing.SignatureError) as exc:
        signing.jws_verify(bad, _keys())
    assert exc.value.code == "malformed"
    with pytest.raises(signing.SignatureError):
        signing.jws_header(bad)


@pytest.mark.django_db
@pytest.mark.parametrize("crit", [["exp"], ["b64"], [], ["kid"]])
def test_a_crit_header_is_refused_even_with_a_good_signature(crit):
    token = _raw_token(_header(crit=crit, exp=1), b'{"sub":"x"}')
    with pytest.raises(signing.SignatureError) as exc:
        signing.jws_verify(token, _keys())
    assert exc.value.code == "malformed" and "crit" in str(exc.value)


@pytest.mark.django_db
@pytest.mark.parametrize("alg", ["none", "HS256", "ES256", "eddsa", None])
def test_only_eddsa_is_accepted(alg):
    header = _header(alg=alg) if alg is not None else {k: v for k, v in _header().items() if k != "alg"}
    token = _raw_token(header, b'{"sub":"x"}')
    with pytest.raises(signing.SignatureError) as exc:
        signing.jws_verify(token, _keys())
    assert exc.value.code == "bad_algorithm"


@pytest.mark.django_db
def test_a_clearance_certificate_with_crit_or_padding_is_not_valid():
    keys = _keys()
    crit = _raw_token(_header(typ=certificate.TYP, crit=["exp"]), b'{"jti":"C-1","exp":9999999999}')
    assert certificate.verify(crit, keys).status == certificate.UNREADABLE
    good = _raw_token(_header(typ=certificate.TYP), b'{"jti":"C-1","exp":9999999999}')
    # a good signature, with no revocation list given: valid as far as it could be checked (issue 13, fault 6)
    assert certificate.verify(good, keys).status == certificate.NOT_CHECKED
    padded = _mangle(good, 2, lambda p: p + "=" * (-len(p) % 4 or 4))
    assert certificate.verify(padded, keys).status == certificate.UNREADABLE


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [{"crit": ["exp"], "exp": 1}, {"alg": "HS256"}])
def test_the_exchange_inbox_refuses_a_crit_or_foreign_algorithm_envelope(extra):
    kid, public = next(iter(_keys().items()))
    token = _raw_token({**_header(typ=envelope.TYP), **extra}, b'{"v":1}')
    with pytest.raises(MessageRejected) as exc:
        envelope.verify(token, {kid: (1, "SA", public)})
    assert exc.value.code in ("malformed", "bad_algorithm")
    assert exc.value.code == ("bad_algorithm" if "alg" in extra else "malformed")


# --- the audit chain across canonical forms ----------------------------------------------------------------


def _legacy_entry(action: str, detail: dict) -> AuditEntry:
    """Write an entry exactly as the code before RFC 8785 did: form 1, canon left null."""
    head = AuditHead.objects.get(pk=1)
    entry = AuditEntry(seq=head.seq + 1, at=timezone.now(), actor=None, actor_label="system", action=action,
                       object_type="test.thing", object_id="1", detail=detail, prev_hash=head.entry_hash)
    body = json.dumps(audit._fields(entry), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    entry.entry_hash = hashlib.sha256((entry.prev_hash + body).encode()).hexdigest()
    entry.save(force_insert=True)
    AuditHead.objects.filter(pk=1).update(seq=entry.seq, entry_hash=entry.entry_hash)
    return entry


@pytest.mark.django_db
def test_a_chain_that_spans_old_and_new_entries_verifies(capsys):
    # floats and a non-BMP key: the two forms write these differently, so each entry is checked by its own form
    _legacy_entry("test.old", {"ratio": 1e-7, "n": 1.0, "\U0001f600": "a", "\ufb33": "b"})
    _legacy_entry("test.old", {"note": "ñ"})
    new = audit.record(actor=None, action="test.new", object_type="test.thing", object_id=2, detail={"ratio": 1e-7})
    assert new.canon == canonical.CANON
    assert list(AuditEntry.objects.order_by("seq").values_list("canon", flat=True)) == [None, None, 2]
    assert audit.verify().ok and audit.verify().checked == 3
    call_command("audit", "verify")
    assert "3" in capsys.readouterr().out


@pytest.mark.django_db
def test_changing_an_entrys_canonical_form_is_found():
    _legacy_entry("test.old", {"note": "x"})
    audit.record(actor=None, action="test.new", object_type="test.thing", object_id=2)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET canon = NULL WHERE seq = 2")
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == 2
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET canon = 2 WHERE seq = 2")
        cursor.execute("UPDATE core_auditentry SET canon = 2 WHERE seq = 1")
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == 1


@pytest.mark.django_db
def test_an_old_form_entry_after_a_new_one_is_refused():
    audit.record(actor=None, action="test.new", object_type="test.thing", object_id=1)
    _legacy_entry("test.old", {"note": "slipped in with the old form"})
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == 2 and "older canonical form" in result.problem


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**60), max_value=2**60) | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


@given(JSON_VALUES)
@settings(max_examples=400)
def test_the_fast_path_writes_what_the_rfc8785_package_writes(value):
    """Issue 12: values orjson can write are written by it; its bytes must be the package's, and whatever either
    refuses (an integer out of range, a lone surrogate) is refused as before."""
    try:
        expected = rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, OverflowError, ValueError):
        with pytest.raises(canonical.CanonicalError):
            canonical.canonical_json(value)
        return
    assert canonical.canonical_json(value) == expected


def test_the_fast_path_is_taken_only_where_orjson_writes_rfc8785():
    assert canonical._plain_json({"a": [1, "x\u0001\u2028", None, True], "b": {"c": -(2**53 - 1)}})
    assert not canonical._plain_json({"é": 1})  # a key outside ASCII: UTF-16 order is the package's
    assert not canonical._plain_json({"a": 1.5})  # a float: ECMAScript's form is the package's
    assert not canonical._plain_json([2**53])  # out of range: refused by the package
    assert canonical.canonical_json({"b": 1, "a": "\u001f"}) == b'{"a":"\\u001f","b":1}'
