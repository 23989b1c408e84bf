"""`corridor conformance identity|run`: the conformance kit (spec/exchange/v1 section 12) run against a remote node."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.exchange import conformance


class Command(BaseCommand):
    help = "Check a remote node against the published exchange specification, as a peer would."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("identity", "Write the kit's node document, for the node's operator to add the kit as a peer "
                                        "(the key files are created when missing)."),
                           ("run", "Run every check against the node at URL; exit status 1 on any failure.")):
            command = sub.add_parser(name, help=text)
            if name == "run":
                command.add_argument("url", help="the node's base address, e.g. https://staging.corridor.example")
            command.add_argument("--key", required=True, metavar="KIT.pem", help="the kit's Ed25519 private key (PEM)")
            command.add_argument("--second-key", required=True, metavar="KIT2.pem",
                                 help="the kit's second key, also in its document (the rotation check signs with it)")
            command.add_argument("--country", required=True,
                                 help="the country the node knows the kit as (one it has no real peer for, e.g. AQ)")
            command.add_argument("--kit-url", default="http://conformance.invalid", help="the address in the kit's document")
            if name == "identity":
                command.add_argument("--output", default="", help="write the document here instead of printing it")
            else:
                command.add_argument("--spec", default=str(conformance.SPEC_DIR), help="the spec/ directory to read")

    def handle(self, *args, action, **options):
        create = action == "identity"
        try:
            kit = conformance.Kit(country=options["country"].strip().upper(), url=options["kit_url"],
                                  key=conformance.load_key(options["key"], create=create),
                                  second_key=conformance.load_key(options["second_key"], create=create))
        except (OSError, ValueError) as exc:
            raise CommandError(f"The kit's keys could not be read: {exc}") from exc
        if action == "identity":
            text = json.dumps(kit.document(), indent=2)
            if options["output"]:
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
                self.stdout.write(f"Wrote {options['output']}; key ids {', '.join(k['kid'] for k in kit.document()['keys'])}")
            else:
                self.stdout.write(text)
            return
        runner = conformance.Runner(options["url"], kit, spec_dir=Path(options["spec"]),
                                    echo=lambda check: self.stdout.write(
                                        f"{check.label}  {check.name}" + (f"  [{check.detail}]" if check.detail else "")))
        report = runner.run()
        failed = len(report.failed)
        self.stdout.write(f"{len(report.checks)} checks, {failed} failed.")
        sys.exit(0 if report.ok else 1)
