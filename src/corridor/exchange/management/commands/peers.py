"""`corridor peers`: add, list, share, remove and ping the nodes this node exchanges messages with."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.core import crypto, node
from corridor.core.errors import CorridorError
from corridor.exchange import handlers, services
from corridor.exchange.choices import PING, Direction, OutboundStatus
from corridor.exchange.models import OutboundMessage, Peer


class Command(BaseCommand):
    help = "Manage peers: other countries' nodes, their keys, and which kinds of message are shared with each."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Add a peer (or update its address and keys) after confirming its key id out of band.")
        add.add_argument("--country", required=True, help="the peer's ISO 3166-1 alpha-2 code, e.g. SA")
        add.add_argument("--url", required=True, help="the peer node's address, e.g. https://corridor.example.sa")
        source = add.add_mutually_exclusive_group(required=True)
        source.add_argument("--key-file", help="the peer's node document or public JWK, received out of band")
        source.add_argument("--fetch", action="store_true", help="read the peer's /.well-known/corridor-node.json")
        add.add_argument("--key-id", default="", help="the key id the peer's administrator confirmed to you (required with --fetch "
                                                       "and --noinput)")
        add.add_argument("--name", default="")
        add.add_argument("--send", nargs="*", default=[], metavar="KIND", help="kinds of message this node sends to the peer")
        add.add_argument("--accept", nargs="*", default=[], metavar="KIND", help="kinds of message this node accepts from the peer")
        add.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        sub.add_parser("list", help="List peers, their keys and what is shared with each.")
        remove = sub.add_parser("remove", help="Stop exchanging with a peer (history is kept).")
        remove.add_argument("country")
        for name, text in (("allow", "Share more kinds of message with a peer."), ("deny", "Stop sharing kinds of message with a peer.")):
            grant = sub.add_parser(name, help=text)
            grant.add_argument("country")
            grant.add_argument("--send", nargs="*", default=[], metavar="KIND")
            grant.add_argument("--accept", nargs="*", default=[], metavar="KIND")
        retire = sub.add_parser("retire-key", help="Retire one of a peer's keys after it rotated (messages signed with it are "
                                                   "refused from then on).")
        retire.add_argument("country")
        retire.add_argument("--key-id", required=True)
        ping = sub.add_parser("ping", help="Send a ping to a peer now and wait for its answer.")
        ping.add_argument("country")
        identity = sub.add_parser("identity", help="Print (or write) this node's public document, to give to a peer's administrator.")
        identity.add_argument("--output", default="")
        sub.add_parser("kinds", help="List the kinds of message this node knows.")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "do_" + action.replace("-", "_"))(**options)
        except CorridorError as exc:
            detail = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in exc.fields.items())
            raise CommandError(f"{exc.code}: {exc.message}" + (f" ({detail})" if detail else "")) from exc

    def do_add(self, *, country, url, key_file, fetch, key_id, name, send, accept, interactive, **options):
        if fetch:
            document = services.peer_document_fetch(url)
        else:
            try:
                document = json.loads(Path(key_file).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read {key_file}: {exc}") from exc
        jwks = services.keys_from_document(document)
        described = document.get("node", {}) if isinstance(document, dict) else {}
        key_ids = [crypto.key_id(crypto.public_key_from_jwk(j)) for j in jwks]
        self.stdout.write(f"Peer {country.upper()} at {url}: node {described.get('country', '?')} {described.get('name', '')!r}")
        self.stdout.write(f"Key id(s): {', '.join(key_ids)}")
        if described.get("country") and described["country"] != country.upper():
            raise CommandError(f"The document is for {described['country']}, not {country.upper()}.")
        if not key_id:
            if fetch and not interactive:
                raise CommandError("With --fetch and --noinput, give --key-id as confirmed by the peer's administrator.")
            if interactive:
                answer = input("Confirm with the peer's administrator (by phone or in person) that the key id is the same. "
                               "Type the key id to confirm: ").strip()
                if answer not in key_ids:
                    raise CommandError("Not confirmed: nothing was changed.")
                key_id = answer
        peer = services.peer_add(acting_user=None, country=country, url=url, jwks=jwks, name=name or described.get("name", ""),
                                 expect_key_id=key_id, send=send, accept=accept)
        self.stdout.write(self.style.SUCCESS(f"Peer {peer.country_id} added. It shares: {self._grants(peer)}"))

    @staticmethod
    def _grants(peer: Peer) -> str:
        send = sorted(g.kind for g in peer.grants.all() if g.direction == Direction.SEND)
        accept = sorted(g.kind for g in peer.grants.all() if g.direction == Direction.ACCEPT)
        return f"send [{', '.join(send) or 'nothing'}]; accept [{', '.join(accept) or 'nothing'}]"

    def do_list(self, **options):
        peers = Peer.objects.prefetch_related("keys", "grants").order_by("country_id")
        if not peers:
            self.stdout.write("No peers.")
        for peer in peers:
            pending = OutboundMessage.objects.filter(peer=peer, status__in=[OutboundStatus.QUEUED, OutboundStatus.RETRYING,
                                                                             OutboundStatus.SENDING]).count()
            self.stdout.write(f"{peer.country_id}  {peer.status:8}  {peer.url}  keys: {', '.join(k.key_id for k in peer.keys.all())}  "
                              f"outbox: {pending} waiting")
            self.stdout.write(f"    {self._grants(peer)}")

    def do_remove(self, *, country, **options):
        peer = services.peer_remove(acting_user=None, peer=country)
        self.stdout.write(f"Peer {peer.country_id} removed: nothing is sent to it or accepted from it.")

    def do_retire_key(self, *, country, key_id, **options):
        peer = services.peer_key_retire(acting_user=None, peer=country, key_id=key_id.strip())
        self.stdout.write(f"Key {key_id} of {peer.country_id} retired; its keys now: "
                          f"{', '.join(k.key_id for k in peer.keys.all())}")

    def _share(self, country, send, accept, allow):
        if not send and not accept:
            raise CommandError("Name kinds with --send and/or --accept.")
        for direction, kinds in ((Direction.SEND, send), (Direction.ACCEPT, accept)):
            if kinds:
                peer = services.peer_share(acting_user=None, peer=country, direction=direction, kinds=kinds, allow=allow)
        self.stdout.write(f"Peer {peer.country_id} shares: {self._grants(peer)}")

    def do_allow(self, *, country, send, accept, **options):
        self._share(country, send, accept, True)

    def do_deny(self, *, country, send, accept, **options):
        self._share(country, send, accept, False)

    def do_ping(self, *, country, **options):
        started = time.monotonic()
        message = services.message_send(acting_user=None, peer=country, kind=PING, body={"from": node.identity().country})
        services.outbox_deliver(peer=country, max_messages=100)
        message.refresh_from_db()
        elapsed = (time.monotonic() - started) * 1000
        if message.status == OutboundStatus.ACCEPTED:
            self.stdout.write(self.style.SUCCESS(f"{message.peer.country_id} accepted ping {message.id} in {elapsed:.0f} ms"))
            return
        raise CommandError(f"Ping {message.id} {message.status}: {message.peer_code or ''} {message.peer_reason or message.last_error}")

    def do_identity(self, *, output, **options):
        text = json.dumps(node.public_document(), indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
        self.stdout.write(f"Key id: {crypto.key_id(crypto.node_private_key().public_key())}", self.style.NOTICE)

    def do_kinds(self, **options):
        for kind in handlers.known_kinds():
            self.stdout.write(f"{kind}{'' if handlers.handler_for(kind) else '  (sent only: no handler on this node)'}")
