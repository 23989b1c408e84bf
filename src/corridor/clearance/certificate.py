"""The clearance certificate: a W3C Verifiable Credential secured as a JWS (VC-JOSE-COSE, typ vc+jwt), its QR code,
and offline verification (spec/clearance/v1/README.md).

Certificates issued before (a compact JWS of short claims, typ corridor-clearance+jws) still verify: `verify` reads
both forms and gives the same flat claims for both (`claims()` below), so that the rest of the app does not care
which form a worker carries. Verification needs no database: the issuer's public keys (JWKs) and, optionally, its
signed revocation (halt) list are enough, so that a border or airport system, the `corridor clearance verify`
command and the /verify/ page all give the same answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import segno
from django.utils.translation import gettext as _

from corridor.core import crypto, node, signing

VC_TYP = "vc+jwt"  # W3C VC-JOSE-COSE: the JWS payload is the credential itself
LEGACY_TYP = "corridor-clearance+jws"  # certificates issued before the credential form: still verified
TYP = LEGACY_TYP  # kept for callers and tests that name the old form
REVOCATIONS_TYP = "corridor-revocations+jws"
VC_CONTEXT = ("https://www.w3.org/ns/credentials/v2", "https://corridor.example/spec/clearance/v1")
VC_TYPE = ("VerifiableCredential", "DepartureClearance")
HALT_LIST_TYPE = "CorridorHaltList"
ID_PREFIX = "urn:corridor:clearance:"
# credentialSubject member <-> the flat claim the rest of the app reads
SUBJECT_CLAIMS = (("name", "name"), ("passportEnding", "pp4"), ("nationality", "nat"), ("destination", "dst"),
                  ("employer", "emp"), ("contract", "ctr"), ("contractDigest", "ch"), ("departBy", "dep"))
FORM_CREDENTIAL, FORM_LEGACY = "vc+jwt", "legacy"

VALID, INVALID, EXPIRED, HALTED, UNREADABLE = "valid", "invalid", "expired", "halted", "unreadable"
# Signature valid and not expired, but nobody said whether it was halted: no revocation list, no live answer.
NOT_CHECKED = "revocation_not_checked"
EXIT_CODES = {VALID: 0, INVALID: 1, EXPIRED: 1, HALTED: 1, UNREADABLE: 2, NOT_CHECKED: 3}


def _epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def passport_tail(passport_number: str) -> str:
    """The last four characters of the normalised passport number: enough to match the document in hand."""
    normal = crypto.normalise_identifier(passport_number or "")
    return normal[-4:]


def claims(*, issuer: str, key_id: str, reference: str, worker_name: str, passport_number: str, nationality: str,
           destination: str, employer: str, contract_reference: str, content_hash: str, departure_by: dt.date,
           issued_at: dt.datetime, expires_at: dt.datetime, orientation: dict | None = None) -> dict[str, Any]:
    """Short claim names keep the QR code small; iat/exp are JOSE NumericDates so any JOSE library checks them.
    `orientation` ({"reference", "recordedBy", "recordedOn"}), when the clearance holds the orientation fact, travels
    in the credential only (an optional member added to spec/clearance/v1; the earlier form never carries it)."""
    extra = {"ori": orientation} if orientation else {}
    return {**extra,
        "iss": issuer,
        "kid": key_id,
        "jti": reference,
        "name": worker_name,
        "pp4": passport_tail(passport_number),
        "nat": nationality,
        "dst": destination,
        "emp": employer,
        "ctr": contract_reference,
        "ch": content_hash,
        "dep": departure_by.isoformat(),
        "iat": _epoch(issued_at),
        "exp": _epoch(expires_at),
    }


def _iso_seconds(epoch: int) -> str:
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_id(url: str, country: str) -> str:
    """The credential's issuer: the node's base address (its node document is there), else a URN naming the country."""
    return url.rstrip("/") if url else f"urn:corridor:node:{country}"


def credential(payload: dict[str, Any], *, issuer_url: str) -> dict[str, Any]:
    """The Verifiable Credential (Data Model 2.0) for the flat claims of `claims()`: what the JWS payload is."""
    return {
        "@context": list(VC_CONTEXT),
        "type": list(VC_TYPE),
        "id": f"{ID_PREFIX}{payload['iss']}:{payload['jti']}",
        "issuer": {"id": issuer_id(issuer_url, payload["iss"]), "country": payload["iss"]},
        "validFrom": _iso_seconds(payload["iat"]),
        "validUntil": _iso_seconds(payload["exp"]),
        "credentialSubject": {**{member: payload[claim] for member, claim in SUBJECT_CLAIMS},
                              **({"orientation": payload["ori"]} if payload.get("ori") else {})},
        "credentialStatus": {"type": HALT_LIST_TYPE},
        # JWT claims a general-purpose JOSE library checks (RFC 7519); equal to validFrom/validUntil.
        "iat": payload["iat"],
        "exp": payload["exp"],
    }


def sign(payload: dict[str, Any]) -> str:
    """Sign the flat claims as a Verifiable Credential (typ vc+jwt) with this node's key, naming this node as issuer."""
    return signing.jws_sign(credential(payload, issuer_url=node.identity().url), typ=VC_TYP)


def sign_legacy(payload: dict[str, Any]) -> str:
    """The form issued before the credential (tests and the published vectors use it to prove it still verifies)."""
    return signing.jws_sign({k: v for k, v in payload.items() if k != "ori"}, typ=LEGACY_TYP)


def _epoch_of(text) -> int:
    moment = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    return int(moment.timestamp())


def flat_claims(vc: Any, header: dict[str, Any]) -> dict[str, Any]:
    """The flat claims (`claims()` form) of a verified credential; ValueError when it is not a clearance credential."""
    if not isinstance(vc, dict):
        raise ValueError("not an object")
    context, types = vc.get("@context"), vc.get("type")
    if not isinstance(context, list) or context[:1] != [VC_CONTEXT[0]] or not isinstance(types, list) \
            or not set(VC_TYPE) <= set(types):
        raise ValueError("not a Corridor departure clearance credential")
    issuer, subject = vc.get("issuer"), vc.get("credentialSubject")
    if not isinstance(issuer, dict) or not isinstance(subject, dict):
        raise ValueError("no issuer or subject")
    country = str(issuer.get("country", ""))
    prefix = f"{ID_PREFIX}{country}:"
    if not str(vc.get("id", "")).startswith(prefix):
        raise ValueError("the credential id does not name its issuer")
    out = {"iss": country, "kid": header.get("kid"), "jti": str(vc["id"])[len(prefix):],
           "iat": _epoch_of(vc["validFrom"]), "exp": _epoch_of(vc["validUntil"]), "issuer_id": str(issuer.get("id", ""))}
    for member, claim in SUBJECT_CLAIMS:
        out[claim] = subject.get(member, "")
    if isinstance(subject.get("orientation"), dict):  # optional (spec/clearance/v1 README, "Orientation")
        out["ori"] = {k: str(subject["orientation"].get(k, "")) for k in ("reference", "recordedBy", "recordedOn")}
    for name in ("iat", "exp"):  # the JWT claims, when present, must agree with the credential's own dates
        if name in vc and vc[name] != out[name]:
            raise ValueError(f"{name} disagrees with the credential's validity")
    return out


def token_form(token: str) -> str:
    """FORM_CREDENTIAL or FORM_LEGACY by the token's header alone (nothing verified), "" when it is not a JWS."""
    try:
        header = signing.jws_header(clean_token(token))
    except signing.SignatureError:
        return ""
    return {VC_TYP: FORM_CREDENTIAL, LEGACY_TYP: FORM_LEGACY}.get(header.get("typ"), "")


def qr_svg(token: str, *, scale: int = 4) -> str:
    """The token in a QR code as inline SVG (no external request, so the worker's page works offline)."""
    return segno.make(token, error="m", micro=False).svg_inline(scale=scale, border=4, dark="#000", light="#fff", omitsize=True)


def qr_data_uri(token: str, *, scale: int = 4) -> str:
    return segno.make(token, error="m", micro=False).svg_data_uri(scale=scale, border=4)


def issuer_from_document(document: Any) -> str:
    """The country a node document ({"node": {"country": …}, "keys": […]}) names its keys for; "" for a bare JWK set."""
    if isinstance(document, dict) and isinstance(document.get("node"), dict):
        return str(document["node"].get("country") or "").strip().upper()
    return ""


def issuer_url_from_document(document: Any) -> str:
    """The address a node document ({"node": {"url": …}}) names; "" for a bare JWK set."""
    if isinstance(document, dict) and isinstance(document.get("node"), dict):
        return str(document["node"].get("url") or "").strip()
    return ""


def keys_from_jwks(document: Any) -> dict:
    """{kid: public key} from a node document ({"node":…, "keys": […]}), a JWK set, a list of JWKs or one JWK."""
    if isinstance(document, dict) and "keys" in document:
        document = document["keys"]
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        raise ValueError("not a key document")
    keys = {}
    for jwk in document:
        public = crypto.public_key_from_jwk(jwk)
        keys[crypto.key_id(public)] = public
    return keys


@dataclass
class Revocations:
    """A verified revocation list: which references were halted, and when the list was issued."""

    issuer: str
    issued_at: dt.datetime
    halted: dict[str, str] = field(default_factory=dict)  # reference -> halted-at (ISO)

    def age(self, now: dt.datetime) -> dt.timedelta:
        return now - self.issued_at


def revocations_payload(*, issuer: str, issued_at: dt.datetime, halted: list[tuple[str, dt.datetime]]) -> dict:
    return {"iss": issuer, "iat": _epoch(issued_at),
            "halted": [{"jti": ref, "at": at.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")}
                       for ref, at in halted]}


def revocations_verify(token: str, keys: dict) -> Revocations:
    _header, payload = signing.jws_verify(token, keys, typ=REVOCATIONS_TYP)
    try:
        issued = dt.datetime.fromtimestamp(int(payload["iat"]), tz=dt.UTC)
        halted = {str(item["jti"]): str(item.get("at", "")) for item in payload.get("halted", [])}
        return Revocations(issuer=str(payload.get("iss", "")), issued_at=issued, halted=halted)
    except (KeyError, TypeError, ValueError) as exc:
        raise signing.SignatureError("malformed", "The revocation list is not in the expected form.") from exc


@dataclass
class Result:
    """What a verifier says about a token. `status` is one of valid, invalid, expired, halted, unreadable."""

    status: str
    message: str
    claims: dict[str, Any] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)
    revocations_issued_at: dt.datetime | None = None
    revocations_age_seconds: int | None = None
    online_status: str | None = None  # the issuer's own answer, when it could be reached
    halted_at: str = ""
    form: str = ""  # FORM_CREDENTIAL (a W3C Verifiable Credential) or FORM_LEGACY (issued before it)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    @property
    def is_valid(self) -> bool:
        return self.status == VALID

    @property
    def signature_valid(self) -> bool:
        """Genuine and current as far as this verifier could tell (valid, or valid with revocation not checked)."""
        return self.status in (VALID, NOT_CHECKED)

    def as_dict(self) -> dict[str, Any]:
        out = {"status": self.status, "message": self.message, "claims": self.claims}
        if self.form:
            out["form"] = self.form
        if self.claims.get("exp") is not None:
            out["expires_at"] = _iso(self.claims["exp"])
        if self.claims.get("iat") is not None:
            out["issued_at"] = _iso(self.claims["iat"])
        if self.revocations_issued_at is not None:
            out["revocations_issued_at"] = self.revocations_issued_at.isoformat().replace("+00:00", "Z")
            out["revocations_age_seconds"] = self.revocations_age_seconds
        if self.online_status is not None:
            out["issuer_status"] = self.online_status
        if self.halted_at:
            out["halted_at"] = self.halted_at
        return out


def _iso(epoch) -> str:
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).isoformat().replace("+00:00", "Z")
    except (TypeError, ValueError, OverflowError):
        return ""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("ascii", "replace")).hexdigest()


def clean_token(text: str) -> str:
    """A token as pasted: surrounding blanks and line breaks taken out (QR readers and mail add them)."""
    return "".join((text or "").split())


def verify(token: str, keys: dict, *, issuer: str | None = None, now: dt.datetime | None = None,
           revocations: Revocations | None = None, online_status: str | None = None, halted_at: str = "",
           issuer_url: str | None = None) -> Result:
    """Check signature, type, issuer, expiry and (when known) revocation. `online_status` is the issuer's live answer.

    `issuer` is the country of the node whose identity document lists `keys`: a certificate is genuine only when
    the key that signed it belongs to the issuer it names, so that one node's key cannot vouch for another node.
    `issuer_url`, when known (the address the node document was read from), must be the credential's issuer id.
    Without a revocation list or a live answer the best a verifier can say is NOT_CHECKED, never VALID.
    """
    now = now or dt.datetime.now(dt.UTC)
    token = clean_token(token)
    if not token:
        return Result(UNREADABLE, _("No token was given."))
    try:
        header = signing.jws_header(token)
    except signing.SignatureError as exc:
        if exc.code == "bad_algorithm":  # readable, but signed in a way no certificate is
            return Result(INVALID, str(exc))
        return Result(UNREADABLE, _("This is not a clearance certificate. Check that the whole code was copied, or scan the QR code again."))
    if token.count(".") != 2:
        return Result(UNREADABLE, _("This is not a clearance certificate. Check that the whole code was copied, or scan the QR code again."))
    form = FORM_CREDENTIAL if header.get("typ") == VC_TYP else FORM_LEGACY
    try:
        header, payload = signing.jws_verify(token, keys, typ=VC_TYP if form == FORM_CREDENTIAL else LEGACY_TYP)
    except signing.SignatureError as exc:
        if exc.code == "malformed":
            return Result(UNREADABLE, str(exc), header=header)
        if exc.code == "unknown_key":
            return Result(INVALID, _("Signed with a key that is not the issuing node's: not a genuine certificate."), header=header)
        if exc.code == "wrong_type":
            return Result(INVALID, _("This token is not a clearance certificate."), header=header)
        return Result(INVALID, _("The signature does not match: the certificate was altered or forged."), header=header)
    if form == FORM_CREDENTIAL:
        try:
            payload = flat_claims(payload, header)
        except (KeyError, TypeError, ValueError):
            return Result(INVALID, _("This credential is not a departure clearance in the specified form."), header=header)
        if issuer_url and payload["issuer_id"].rstrip("/") != issuer_url.rstrip("/"):
            return Result(INVALID, _("The credential names %(named)s as its issuer, but the key is published by %(owner)s: "
                                     "not a genuine certificate.") % {"named": payload["issuer_id"][:100], "owner": issuer_url},
                          header=header)
    if not isinstance(payload, dict) or "jti" not in payload or "exp" not in payload:
        return Result(INVALID, _("The certificate lacks its reference or expiry."), header=header)
    if issuer is not None and str(payload.get("iss", "")).strip().upper() != issuer.strip().upper():
        # The claims are withheld: a page must not show "issued by" a node whose key did not sign.
        return Result(INVALID, _("Signed with a key of %(owner)s, but it names %(named)s as its issuer: not a genuine certificate.")
                      % {"owner": issuer or "?", "named": str(payload.get("iss", ""))[:8] or "?"}, header=header)
    result = Result(VALID, _("Valid: signed by the issuing node, not expired."), claims=payload, header=header,
                    online_status=online_status, halted_at=halted_at, form=form)
    if revocations is not None:
        result.revocations_issued_at = revocations.issued_at
        result.revocations_age_seconds = max(0, int(revocations.age(now).total_seconds()))
    if payload.get("kid") not in (None, header.get("kid")):
        result.status, result.message = INVALID, "The certificate names another key than the one that signed it."
        return result
    if online_status == INVALID:  # the issuer, asked, has no such certificate (its status endpoint answered 404)
        result.status, result.message = INVALID, _("The issuing node says it has no record of this certificate.")
        return result
    if online_status == HALTED or (revocations is not None and payload["jti"] in revocations.halted):
        result.status, result.message = HALTED, "Halted by the issuing node: the worker must not depart on it."
        if not result.halted_at and revocations is not None:
            result.halted_at = revocations.halted.get(payload["jti"], "")
        return result
    try:
        expires = int(payload["exp"])
    except (TypeError, ValueError):
        result.status, result.message = INVALID, "The certificate's expiry is not a date."
        return result
    if _epoch(now) >= expires or online_status == EXPIRED:
        result.status, result.message = EXPIRED, "Expired: the departure-by date has passed."
        return result
    if online_status is None:
        if revocations is None:
            result.status = NOT_CHECKED
            result.message = _("Signature valid, revocation not checked: not expired, but whether it was halted is unknown "
                               "(no revocation list and no answer from the issuer).")
        else:
            hours = result.revocations_age_seconds // 3600
            result.message = _("Valid signature, not expired, not on the revocation list of %(hours)s hour(s) ago.") % {"hours": hours}
    return result


def read_json_file(path: str) -> Any:
    with open(path, "rb") as handle:
        return json.loads(handle.read(1024 * 1024))
