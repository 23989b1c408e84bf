"""`corridor audit verify | anchor`: check the hash chain against its signed anchors; sign the chain's head."""

import json
import urllib.error
import urllib.request

from django.core.management.base import BaseCommand, CommandError

from corridor.core import anchor, node
from corridor.core.tasks import schedule_anchoring


def _fetch(url: str) -> list[str]:
    """What a peer node holds of this node's anchors (its /.well-known/corridor-audit-anchors.json?issuer=US)."""
    address = url.rstrip("/") + "/.well-known/corridor-audit-anchors.json?issuer=" + node.identity().country
    request = urllib.request.Request(address, headers={"Accept": "application/json", "User-Agent": "corridor-audit/1"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - a peer node's http(s) address
        return anchor.anchor_tokens_from(json.loads(response.read(4 * 1024 * 1024)))


class Command(BaseCommand):
    help = "Audit trail tools: verify the chain against its anchors; sign an anchor of its head."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Verify the whole hash chain and check it against every anchor found.")
        verify.add_argument("--fetch", metavar="URL", action="append", default=[],
                            help="a peer node's address: check against the anchors of ours that it holds (repeatable)")
        verify.add_argument("--anchors", metavar="FILE.json", action="append", default=[],
                            help="a saved copy of anchors ({\"anchors\": [token, ...]}, as a node publishes them)")
        verify.add_argument("--no-file", action="store_true", help="ignore this node's anchors file")
        anchor_cmd = sub.add_parser("anchor", help="Sign the chain's head now (kept here, in the anchors file, sent to peers).")
        anchor_cmd.add_argument("--schedule", type=int, metavar="SECONDS", default=0,
                                help="also run it every SECONDS in the background (`corridor worker` runs it)")

    def handle(self, *args, action, **options):
        if action == "anchor":
            return self.anchor(options)
        fetched = {}
        for url in options["fetch"]:
            try:
                fetched[f"anchors held by {url}"] = _fetch(url)
            except (urllib.error.URLError, OSError, ValueError) as exc:
                raise CommandError(f"The anchors held by {url} could not be read: {exc}") from exc
        for path in options["anchors"]:
            try:
                with open(path, "rb") as handle:
                    fetched[path] = anchor.anchor_tokens_from(json.loads(handle.read(16 * 1024 * 1024)))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{path} could not be read: {exc}") from exc
        result = anchor.verify(fetched=fetched, use_file=not options["no_file"])
        for note in result.notes:
            self.stdout.write(f"  note: {note}")
        if result.ok:
            latest = "none" if result.latest_anchor_seq is None else f"latest at entry {result.latest_anchor_seq}"
            self.stdout.write(f"OK: {result.entries} entries, chain intact; {result.anchors} anchors match ({latest}).")
            if result.anchors == 0:
                self.stdout.write("  no anchor was found: a cut or rewritten trail would not show (run `corridor audit anchor`).")
            return
        raise CommandError(f"TAMPERED: {result.problem} (first bad entry: {result.first_bad_seq}).")

    def anchor(self, options):

        try:
            row = anchor.audit_anchor()
        except anchor.AnchorInvalid as exc:
            raise CommandError(f"TAMPERED: {exc}") from exc
        if row is None:
            self.stdout.write("The head has not moved since the last anchor: nothing to sign.")
        else:
            self.stdout.write(f"Anchored entry {row.seq} ({row.entry_hash[:16]}…), signed {row.signed_at.isoformat()}.")
        if options["schedule"] > 0:
            result = schedule_anchoring(options["schedule"])
            self.stdout.write(f"Scheduled every {options['schedule']} seconds." if result is not None
                              else "The task backend cannot schedule: run `corridor audit anchor` from cron instead.")
