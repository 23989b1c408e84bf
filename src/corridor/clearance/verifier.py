"""Verifying a certificate on a node (page and API) or from the command line, online when the issuer answers."""

from __future__ import annotations

import json
import logging
import subprocess
import urllib.error
import urllib.parse
import urllib.request

from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.clearance import certificate
from corridor.clearance.choices import ClearanceStatus
from corridor.clearance.models import Clearance, PeerClearance
from corridor.clearance.services import peer_keys
from corridor.core import crypto, node, signing
from corridor.exchange.models import PeerKey

logger = logging.getLogger(__name__)
TIMEOUT = 3.0
MAX_BYTES = 256 * 1024


def http_json(url: str, *, timeout: float = TIMEOUT):
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "corridor-clearance/1"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) addresses of nodes
        return json.loads(response.read(MAX_BYTES))


def status_url(base: str, reference: str) -> str:
    return base.rstrip("/") + "/api/v1/clearances/status/" + urllib.parse.quote(reference, safe="")


def fetch_status(base: str, reference: str) -> str | None:
    """The issuer's live answer (valid, halted, expired), or None when it cannot be reached."""
    try:
        answer = http_json(status_url(base, reference))
    except urllib.error.HTTPError as exc:
        return certificate.INVALID if exc.code == 404 else None
    except (urllib.error.URLError, OSError, ValueError):
        return None
    status = answer.get("status") if isinstance(answer, dict) else None
    return status if status in (certificate.VALID, certificate.HALTED, certificate.EXPIRED) else None


def parse_revocations(data, keys) -> certificate.Revocations:
    """A revocation list as the API gives it ({"token": ...}) or the bare token."""
    token = data.get("token") if isinstance(data, dict) else str(data)
    return certificate.revocations_verify(str(token).strip(), keys)


def local_status(clearance) -> str:
    if clearance.status == ClearanceStatus.HALTED:
        return certificate.HALTED
    if clearance.expires_at and clearance.expires_at <= timezone.now():
        return certificate.EXPIRED
    return certificate.VALID


def verify_here(token: str) -> certificate.Result:
    """On a node: our own certificates against our database; a peer's with its confirmed key, asking it when reachable."""

    token = certificate.clean_token(token)
    try:
        header = signing.jws_header(token)
    except signing.SignatureError:
        return certificate.verify(token, {})
    own_keys = crypto.node_public_keys()  # the signing key and the earlier ones still published (rotation)
    kid = str(header.get("kid", ""))
    if kid in own_keys:
        own = own_keys[kid]
        issuer = node.identity().country  # our key vouches only for certificates that name this node as issuer
        url = node.identity().url
        result = certificate.verify(token, {kid: own}, issuer=issuer, issuer_url=url)
        if result.status in (certificate.VALID, certificate.NOT_CHECKED, certificate.EXPIRED):
            clearance = Clearance.objects.filter(reference=str(result.claims.get("jti", ""))).first()
            if clearance is None or certificate.clean_token(clearance.token) != token:
                return certificate.Result(certificate.INVALID, _("This node has no record of this certificate."),
                                          claims=result.claims)
            halted_at = clearance.halted_at.isoformat() if clearance.halted_at else ""
            result = certificate.verify(token, {kid: own}, issuer=issuer, online_status=local_status(clearance),
                                        halted_at=halted_at, issuer_url=url)
        return result
    key = PeerKey.objects.select_related("peer").filter(key_id=kid).first()
    if key is None:
        return certificate.verify(token, {})
    keys, issuer = peer_keys(key.peer), key.peer.country_id  # a peer's key vouches only for that peer
    result = certificate.verify(token, keys, issuer=issuer)
    if not result.signature_valid:
        return result
    online = fetch_status(key.peer.url, str(result.claims.get("jti", "")))
    if online is not None:
        return certificate.verify(token, keys, issuer=issuer, online_status=online)
    record = PeerClearance.objects.filter(source_country=key.peer.country_id, reference=str(result.claims["jti"])).first()
    if record is not None and record.halted_at:
        return certificate.verify(token, keys, issuer=issuer, online_status=certificate.HALTED, halted_at=record.halted_at.isoformat())
    result.message = _("Signature valid, revocation not checked: the issuer could not be asked, and the halts it has sent "
                       "this node do not include this certificate.")
    return result


def decode_qr(image: bytes) -> str | None:
    """The text of the first QR code in an image, read by zbarimg; None when there is none."""
    try:
        done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-"], input=image,  # noqa: S603,S607
                              capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        logger.exception("zbarimg could not run")
        return None
    text = done.stdout.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if done.returncode == 0 and text else None


def own_public_document() -> dict:
    return node.public_document()
