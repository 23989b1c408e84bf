"""`corridor clearance verify TOKEN [--keys FILE.json | --fetch URL] [--revocations FILE.json]`, `revocations`, and
`transfers-escalate [--schedule SECONDS]` (transfer requests past their time limit).

Exit status of verify: 0 valid, 1 invalid, halted or expired, 2 unreadable (the token, a key file or a list),
3 signature valid but revocation not checked (no revocation list and no answer from the issuer).
"""

import json
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from corridor.clearance import certificate, verifier
from corridor.clearance.services import revocation_list_token, transfer_escalate_overdue
from corridor.clearance.tasks import schedule_transfer_escalation
from corridor.core import node, signing


class Command(BaseCommand):
    help = "Verify a departure clearance certificate offline or against its issuer; print this node's revocation list."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Verify TOKEN (exit 0 valid, 1 invalid/halted/expired, 2 unreadable, "
                                               "3 signature valid but revocation not checked).")
        verify.add_argument("token", help="the certificate (compact JWS); '-' reads standard input")
        source = verify.add_mutually_exclusive_group()
        source.add_argument("--keys", metavar="FILE.json", help="the issuer's public keys: its corridor-node.json, a JWK set or a JWK")
        source.add_argument("--fetch", metavar="URL", help="the issuing node's address: keys, live status and revocations from it")
        verify.add_argument("--issuer", metavar="CC", help="the country whose node the keys belong to (needed with a bare "
                                                           "JWK set; a corridor-node.json names it)")
        verify.add_argument("--revocations", metavar="FILE.json", help="the issuer's signed revocation list, saved earlier")
        verify.add_argument("--format", choices=("text", "json"), default="text")
        sub.add_parser("revocations", help="Print this node's signed revocation list as JSON (to carry to an offline verifier).")
        escalate = sub.add_parser("transfers-escalate", help="Escalate the transfer requests past their time limit now.")
        escalate.add_argument("--schedule", type=int, default=0, metavar="SECONDS",
                              help="also queue the periodic check every SECONDS (run by `corridor worker`)")

    def handle(self, *args, **options):
        if options["action"] == "transfers-escalate":
            escalated = transfer_escalate_overdue()
            for transfer in escalated:
                self.stdout.write(f"escalated {transfer.reference} ({transfer.status})")
            self.stdout.write(f"{len(escalated)} transfer request(s) escalated.")
            if options["schedule"]:
                queued = schedule_transfer_escalation(options["schedule"])
                self.stdout.write("periodic escalation queued." if queued else "this task backend cannot defer tasks.")
            return
        if options["action"] == "revocations":

            now = timezone.now().replace(microsecond=0)
            self.stdout.write(json.dumps({"issuer": node.identity().country, "issued_at": now.isoformat(),
                                          "token": revocation_list_token(now=now)}))
            return
        sys.exit(self.verify(options))

    def _unreadable(self, options, message: str) -> int:
        self._print(options, certificate.Result(certificate.UNREADABLE, message))
        return 2

    def verify(self, options) -> int:
        token = sys.stdin.read() if options["token"] == "-" else options["token"]
        keys, revocations, online, document = None, None, None, None
        try:
            if options["keys"]:
                document = certificate.read_json_file(options["keys"])
            elif options["fetch"]:
                document = verifier.http_json(options["fetch"].rstrip("/") + "/.well-known/corridor-node.json")
            if document is not None:
                keys = certificate.keys_from_jwks(document)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            return self._unreadable(options, f"The issuer's keys could not be read: {exc}")
        # A key is accepted only for the node whose identity document lists it.
        issuer = (options.get("issuer") or "").strip().upper()
        if document is not None:
            listed = certificate.issuer_from_document(document)
            if listed and issuer and listed != issuer:
                return self._unreadable(options, f"The keys belong to the node of {listed}, not {issuer}.")
            issuer = listed or issuer
            if not issuer:
                return self._unreadable(options, "The keys do not say which node they belong to: give the issuer's "
                                                 "corridor-node.json, or name its country with --issuer.")
        if keys is None:
            # On a node: this node's key and its peers' confirmed keys.
            return self._print(options, verifier.verify_here(token))
        try:
            if options["revocations"]:
                revocations = verifier.parse_revocations(certificate.read_json_file(options["revocations"]), keys)
            elif options["fetch"]:
                try:
                    revocations = verifier.parse_revocations(
                        verifier.http_json(options["fetch"].rstrip("/") + "/api/v1/clearances/revocations"), keys)
                except (OSError, ValueError):
                    revocations = None
        except (OSError, ValueError, signing.SignatureError) as exc:
            return self._unreadable(options, f"The revocation list could not be read or verified: {exc}")
        if revocations is not None and revocations.issuer.upper() != issuer:
            return self._unreadable(options, f"The revocation list is the one of {revocations.issuer}, not of {issuer}.")
        # A credential names its issuer's address: it must be the node whose document gave the keys.
        issuer_url = certificate.issuer_url_from_document(document) or (options["fetch"] or None)
        result = certificate.verify(token, keys, issuer=issuer, revocations=revocations, issuer_url=issuer_url)
        if options["fetch"] and result.signature_valid:
            online = verifier.fetch_status(options["fetch"], str(result.claims.get("jti", "")))
            if online is not None:
                result = certificate.verify(token, keys, issuer=issuer, revocations=revocations, online_status=online,
                                            issuer_url=issuer_url)
        return self._print(options, result)

    def _print(self, options, result: certificate.Result) -> int:
        if options.get("format") == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
        else:
            label = "SIGNATURE VALID, REVOCATION NOT CHECKED" if result.status == certificate.NOT_CHECKED else result.status.upper()
            self.stdout.write(f"{label}: {result.message}")
            claims = result.claims
            if claims:
                self.stdout.write(f"  reference {claims.get('jti')} issued by {claims.get('iss')} (key {claims.get('kid')})")
                if result.form == certificate.FORM_CREDENTIAL:
                    self.stdout.write(f"  form: W3C Verifiable Credential (vc+jwt), issuer {claims.get('issuer_id')}")
                elif result.form:
                    self.stdout.write("  form: Corridor certificate issued before the credential form (corridor-clearance+jws)")
                self.stdout.write(f"  worker {claims.get('name')}, passport …{claims.get('pp4')}, {claims.get('nat')} -> {claims.get('dst')}")
                self.stdout.write(f"  employer {claims.get('emp')}, contract {claims.get('ctr')}, depart by {claims.get('dep')}")
            if result.revocations_issued_at is not None:
                hours = result.revocations_age_seconds / 3600
                self.stdout.write(f"  revocation list issued {result.revocations_issued_at.isoformat()} ({hours:.1f} hours old)")
            elif result.claims:
                self.stdout.write("  no revocation list checked: a halt after issue would not show")
            if result.online_status is not None:
                self.stdout.write(f"  the issuer says: {result.online_status}")
        return result.exit_code
