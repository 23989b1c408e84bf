"""The certificate as a W3C Verifiable Credential (vc+jwt): published vectors, a third-party JOSE library with only the
node's published key, the earlier form still verifying, the issuer's address bound, one QR code, and the pages and
command showing which form was checked."""

import datetime as dt
import json
from pathlib import Path

import pytest
import segno
from django.core.management import call_command
from django.urls import reverse
from joserfc import jws
from joserfc.jwk import OKPKey

from corridor.clearance import certificate
from corridor.core import crypto, node, signing
from tests.clearance.test_views import worker_user  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:EdDSA is deprecated:Warning")]

VECTORS = json.loads((Path(__file__).resolve().parents[2] / "spec" / "vectors" / "certificates.json").read_text())
KEYS = json.loads((Path(__file__).resolve().parents[2] / "spec" / "vectors" / "keys.json").read_text())
PH = KEYS["node_documents"]["PH"]
AT = dt.datetime.fromisoformat(VECTORS["credential"]["verify_at"].replace("Z", "+00:00"))


def ph_keys():
    return certificate.keys_from_jwks(PH)


def test_the_published_credential_verifies_and_reads_as_the_earlier_claims():
    result = certificate.verify(VECTORS["credential"]["token"], ph_keys(), issuer="PH", issuer_url=PH["node"]["url"], now=AT)
    assert result.status == certificate.NOT_CHECKED and result.form == certificate.FORM_CREDENTIAL
    assert {k: v for k, v in result.claims.items() if k != "issuer_id"} == VECTORS["claims"]
    halts = certificate.revocations_verify(VECTORS["halt_list"]["token"], ph_keys())
    assert certificate.verify(VECTORS["credential"]["token"], ph_keys(), issuer="PH", revocations=halts, now=AT).status == "halted"
    later = dt.datetime(2026, 6, 15, tzinfo=dt.UTC)
    assert certificate.verify(VECTORS["credential"]["token"], ph_keys(), issuer="PH", now=later).status == "expired"


def test_certificates_issued_in_the_earlier_form_still_verify():
    result = certificate.verify(VECTORS["legacy"]["token"], ph_keys(), issuer="PH", now=AT)
    assert result.status == certificate.NOT_CHECKED and result.form == certificate.FORM_LEGACY
    assert result.claims == VECTORS["claims"]
    forged = VECTORS["legacy"]["token"][:-4] + "AAAA"
    assert certificate.verify(forged, ph_keys(), issuer="PH", now=AT).status == "invalid"


def test_corridor_issues_exactly_the_published_credential(monkeypatch):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    seed = bytes.fromhex(KEYS["keys"]["ph-1"]["private_seed_hex"])
    monkeypatch.setattr(crypto, "node_private_key", lambda: Ed25519PrivateKey.from_private_bytes(seed))
    monkeypatch.setattr(node, "identity", lambda: node.NodeIdentity("PH", "Philippines", "PH", PH["node"]["url"]))
    assert certificate.sign(VECTORS["claims"]) == VECTORS["credential"]["token"]
    assert certificate.sign_legacy(VECTORS["claims"]) == VECTORS["legacy"]["token"]


def test_the_issuer_is_bound_to_the_address_and_country_of_the_keys():
    token = VECTORS["credential"]["token"]
    assert certificate.verify(token, ph_keys(), issuer="SA", now=AT).status == "invalid"
    result = certificate.verify(token, ph_keys(), issuer="PH", issuer_url="https://elsewhere.example", now=AT)
    assert result.status == "invalid" and result.claims == {}


def test_a_credential_of_another_shape_is_not_a_certificate(monkeypatch):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    seed = bytes.fromhex(KEYS["keys"]["ph-1"]["private_seed_hex"])
    monkeypatch.setattr(crypto, "node_private_key", lambda: Ed25519PrivateKey.from_private_bytes(seed))
    other = dict(VECTORS["credential"]["payload"], type=["VerifiableCredential", "UniversityDegree"])
    token = signing.jws_sign(other, typ=certificate.VC_TYP)
    assert certificate.verify(token, ph_keys(), issuer="PH", now=AT).status == "invalid"
    disagreeing = dict(VECTORS["credential"]["payload"], exp=VECTORS["credential"]["payload"]["exp"] + 3600)
    assert certificate.verify(signing.jws_sign(disagreeing, typ=certificate.VC_TYP), ph_keys(), issuer="PH", now=AT).status == "invalid"


def test_a_new_certificate_verifies_with_a_third_party_jose_library_and_the_published_key_alone(client, granted):
    """joserfc, given only the JWK from /.well-known/corridor-node.json, checks the signature; the payload is the VC."""
    document = client.get("/.well-known/corridor-node.json").json()
    header = json.loads(crypto.b64url_decode(granted.token.split(".")[0]))
    jwk = next(k for k in document["keys"] if k["kid"] == header["kid"])
    verified = jws.deserialize_compact(granted.token, OKPKey.import_key(jwk), algorithms=["EdDSA"])
    assert verified.headers()["typ"] == "vc+jwt"
    credential = json.loads(verified.payload)
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["type"] == ["VerifiableCredential", "DepartureClearance"]
    assert credential["issuer"] == {"id": document["node"]["url"].rstrip("/"), "country": document["node"]["country"]}
    assert credential["id"] == f"urn:corridor:clearance:{document['node']['country']}:{granted.reference}"
    assert credential["exp"] == int(granted.expires_at.timestamp())
    schema = json.loads((Path(__file__).resolve().parents[2] / "spec" / "clearance" / "v1" / "credential.schema.json").read_text())
    from jsonschema import Draft202012Validator

    assert not list(Draft202012Validator(schema).iter_errors(credential))
    tampered = granted.token[:-4] + ("AAAA" if not granted.token.endswith("AAAA") else "BBBB")
    with pytest.raises(Exception, match="signature"):
        jws.deserialize_compact(tampered, OKPKey.import_key(jwk), algorithms=["EdDSA"])


def test_still_one_qr_code(granted):
    assert segno.make(granted.token, error="m", micro=False).version <= 30


def test_cli_says_which_form_it_checked(granted, tmp_path, capsys):
    path = tmp_path / "node.json"
    path.write_text(json.dumps(node.public_document()))
    with pytest.raises(SystemExit):
        call_command("clearance", "verify", granted.token, "--keys", str(path))
    assert "form: W3C Verifiable Credential (vc+jwt)" in capsys.readouterr().out
    legacy = tmp_path / "legacy.json"
    legacy.write_text(json.dumps(PH))
    with pytest.raises(SystemExit) as exit_info:
        call_command("clearance", "verify", VECTORS["legacy"]["token"], "--keys", str(legacy), "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out["form"] == "legacy" and out["claims"]["jti"] == "PH-CLR-2026-0000042" and exit_info.value.code in (1, 3)


def test_cli_refuses_a_credential_naming_another_address(granted, tmp_path, capsys):
    document = node.public_document()
    document["node"]["url"] = "https://impostor.example"
    path = tmp_path / "node.json"
    path.write_text(json.dumps(document))
    with pytest.raises(SystemExit) as exit_info:
        call_command("clearance", "verify", granted.token, "--keys", str(path))
    assert exit_info.value.code == 1 and capsys.readouterr().out.startswith("INVALID")


def test_verify_page_and_api_say_it_is_a_verifiable_credential(client, granted):
    response = client.post(reverse("clearance:verify"), {"token": granted.token})
    assert b"W3C Verifiable Credential" in response.content
    answer = client.post("/api/v1/clearances/verify", {"token": granted.token}, content_type="application/json").json()
    assert answer["form"] == "vc+jwt" and answer["claims"]["jti"] == granted.reference


def test_the_workers_page_says_how_to_check_it(signed_in, worker_user, granted):  # noqa: F811
    response = signed_in(worker_user).get(reverse("clearance:mine"))
    assert b"W3C Verifiable Credential" in response.content and b"/.well-known/corridor-node.json" in response.content


def test_an_issuer_that_has_no_record_of_it_makes_it_invalid():
    """A genuine signature the issuer disowns (its status endpoint answers 404: a stolen key, a lost record) is not valid."""
    result = certificate.verify(VECTORS["credential"]["token"], ph_keys(), issuer="PH", now=AT, online_status="invalid")
    assert result.status == "invalid" and "no record" in result.message
