"""Certificate verification: valid, tampered, wrong key, expired, halted, unreadable; offline list age; the command line."""

import base64
import datetime as dt
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from corridor.clearance import certificate, services
from corridor.core import crypto, node

pytestmark = pytest.mark.django_db


def own_keys():
    public = crypto.node_private_key().public_key()
    return {crypto.key_id(public): public}


def test_valid_only_with_a_revocation_list(granted):
    result = certificate.verify(granted.token, own_keys())
    assert result.status == "revocation_not_checked" and result.exit_code == 3 and result.signature_valid
    assert "revocation not checked" in result.message
    revocations = certificate.revocations_verify(services.revocation_list_token(), own_keys())
    result = certificate.verify(granted.token, own_keys(), revocations=revocations)
    assert result.status == "valid" and result.exit_code == 0


def test_offline_without_a_list_never_says_valid_for_a_halted_certificate(granted, officer):
    """Issue 13, fault 6: it said VALID; now it says that revocation was not checked."""
    services.clearance_halt(acting_user=officer, clearance=granted, reason="Employer watchlisted")
    result = certificate.verify(granted.token, own_keys())
    assert result.status == "revocation_not_checked" and result.exit_code not in (0, 1, 2)


def test_a_key_vouches_only_for_its_own_node(granted):
    """Issue 13, fault 2: a key listed for SA cannot sign a certificate that names PH as issuer."""
    result = certificate.verify(granted.token, own_keys(), issuer="SA")
    assert result.status == "invalid" and result.claims == {} and "names PH" in result.message
    assert certificate.verify(granted.token, own_keys(), issuer="PH").signature_valid


def test_any_jose_verifier_can_check_it(granted):
    """The token is plain RFC 7515/8037: header, payload and an Ed25519 signature over them, nothing Corridor-specific."""
    header_b64, payload_b64, signature_b64 = granted.token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    header = json.loads(base64.urlsafe_b64decode(pad(header_b64)))
    assert header == {"alg": "EdDSA", "kid": granted.key_id, "typ": "vc+jwt"}
    public = crypto.node_private_key().public_key()
    public.verify(base64.urlsafe_b64decode(pad(signature_b64)), f"{header_b64}.{payload_b64}".encode())
    payload = json.loads(base64.urlsafe_b64decode(pad(payload_b64)))
    assert payload["issuer"]["country"] == node.identity().country and isinstance(payload["exp"], int)
    assert payload["type"] == ["VerifiableCredential", "DepartureClearance"]


def test_tampered(granted):
    header, payload, signature = granted.token.split(".")
    claims = json.loads(crypto.b64url_decode(payload))
    claims["name"] = "Somebody Else"
    forged = ".".join([header, crypto.b64url(json.dumps(claims).encode()), signature])
    assert certificate.verify(forged, own_keys()).status == "invalid"


def test_wrong_key(granted):
    other = Ed25519PrivateKey.generate().public_key()
    assert certificate.verify(granted.token, {crypto.key_id(other): other}).status == "invalid"
    # Same key id, different key: the signature does not match.
    assert certificate.verify(granted.token, {granted.key_id: other}).status == "invalid"


def test_expired(granted):
    later = granted.expires_at + dt.timedelta(seconds=1)
    result = certificate.verify(granted.token, own_keys(), now=later)
    assert result.status == "expired" and result.exit_code == 1


def test_halted_by_revocation_list_with_its_age(granted, officer):
    services.clearance_halt(acting_user=officer, clearance=granted, reason="Employer watchlisted")
    issued = dt.datetime.now(dt.UTC).replace(microsecond=0)
    revocations = certificate.revocations_verify(services.revocation_list_token(now=issued), own_keys())
    result = certificate.verify(granted.token, own_keys(), revocations=revocations, now=issued + dt.timedelta(hours=5))
    assert result.status == "halted" and result.exit_code == 1
    assert result.as_dict()["revocations_age_seconds"] == 5 * 3600


def test_not_halted_reports_the_list_age(granted):
    issued = dt.datetime.now(dt.UTC).replace(microsecond=0)
    revocations = certificate.revocations_verify(services.revocation_list_token(now=issued), own_keys())
    result = certificate.verify(granted.token, own_keys(), revocations=revocations, now=issued + dt.timedelta(hours=2))
    assert result.status == "valid" and "2 hour(s)" in result.message


def test_forged_revocation_list_is_refused(granted):
    from corridor.core import signing

    with pytest.raises(signing.SignatureError):
        other = Ed25519PrivateKey.generate().public_key()
        certificate.revocations_verify(services.revocation_list_token(), {crypto.key_id(other): other})


@pytest.mark.parametrize("text", ["", "hello", "a.b", "not.a.jws", "eyJhbGciOiJFZERTQSJ9.!!!.x"])
def test_unreadable(text):
    assert certificate.verify(text, own_keys()).status in ("unreadable", "invalid")
    assert certificate.verify("", own_keys()).exit_code == 2


def test_contract_token_is_not_a_clearance(granted):
    version = granted.contract.versions.get()
    assert certificate.verify(version.signature, own_keys()).status == "invalid"


def test_qr_code_decodes_to_the_token(granted, tmp_path):
    import subprocess

    import segno

    path = tmp_path / "qr.png"
    segno.make(granted.token, error="m").save(path, scale=4)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, check=True).stdout.decode().strip()
    assert out == granted.token


# --- the command line ---------------------------------------------------------------------------


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        call_command("clearance", "verify", *args)
    return exc.value.code, capsys.readouterr().out


@pytest.fixture
def keys_file(tmp_path):
    path = tmp_path / "node.json"
    path.write_text(json.dumps(node.public_document()))
    return str(path)


def test_cli_without_a_list_says_revocation_not_checked(granted, keys_file, capsys):
    code, out = run(capsys, granted.token, "--keys", keys_file)
    assert code == 3 and out.startswith("SIGNATURE VALID, REVOCATION NOT CHECKED") and granted.reference in out


def test_cli_valid_with_keys_file_and_revocations(granted, keys_file, tmp_path, capsys):
    call_command("clearance", "revocations")
    path = tmp_path / "revocations.json"
    path.write_text(capsys.readouterr().out)
    code, out = run(capsys, granted.token, "--keys", keys_file, "--revocations", str(path))
    assert code == 0 and out.startswith("VALID")


def test_cli_halted_offline_without_a_list_is_not_valid(granted, officer, keys_file, capsys):
    services.clearance_halt(acting_user=officer, clearance=granted, reason="x")
    code, out = run(capsys, granted.token, "--keys", keys_file, "--format", "json")
    assert code == 3 and json.loads(out)["status"] == "revocation_not_checked"


def test_cli_binds_the_key_to_the_node_that_lists_it(granted, tmp_path, capsys):
    """The PH key presented in a document that says it is SA's: the PH certificate is not SA's, and not genuine."""
    document = node.public_document()
    document["node"]["country"] = "SA"
    path = tmp_path / "sa.json"
    path.write_text(json.dumps(document))
    code, out = run(capsys, granted.token, "--keys", str(path))
    assert code == 1 and out.startswith("INVALID") and "issued by" not in out


def test_cli_a_bare_key_set_needs_the_issuer(granted, tmp_path, capsys):
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": node.public_document()["keys"]}))
    code, _out = run(capsys, granted.token, "--keys", str(path))
    assert code == 2
    code, _out = run(capsys, granted.token, "--keys", str(path), "--issuer", "PH")
    assert code == 3
    code, _out = run(capsys, granted.token, "--keys", str(path), "--issuer", "SA")
    assert code == 1


def test_cli_wrong_key(granted, tmp_path, capsys):
    other = Ed25519PrivateKey.generate().public_key()
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"node": {"country": "PH"}, "keys": [crypto.public_jwk(other)]}))
    code, out = run(capsys, granted.token, "--keys", str(path))
    assert code == 1 and out.startswith("INVALID")


def test_cli_halted_with_revocations_file(granted, officer, keys_file, tmp_path, capsys):
    services.clearance_halt(acting_user=officer, clearance=granted, reason="x")
    call_command("clearance", "revocations")
    listing = capsys.readouterr().out
    path = tmp_path / "revocations.json"
    path.write_text(listing)
    code, out = run(capsys, granted.token, "--keys", keys_file, "--revocations", str(path), "--format", "json")
    answer = json.loads(out)
    assert code == 1 and answer["status"] == "halted" and answer["revocations_age_seconds"] >= 0


def test_cli_unreadable_token_and_key_file(granted, keys_file, tmp_path, capsys):
    code, _out = run(capsys, "garbage", "--keys", keys_file)
    assert code == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    code, _out = run(capsys, granted.token, "--keys", str(bad))
    assert code == 2


def test_cli_on_the_node_without_keys(granted, officer, capsys):
    code, _out = run(capsys, granted.token)
    assert code == 0
    services.clearance_halt(acting_user=officer, clearance=granted, reason="x")
    code, out = run(capsys, granted.token)
    assert code == 1 and out.startswith("HALTED")


def test_cli_fetch_from_a_live_node(granted, officer, live_server, capsys):
    code, out = run(capsys, granted.token, "--fetch", live_server.url)
    assert code == 0 and "revocation list issued" in out
    services.clearance_halt(acting_user=officer, clearance=granted, reason="x")
    code, out = run(capsys, granted.token, "--fetch", live_server.url)
    assert code == 1 and out.startswith("HALTED")
