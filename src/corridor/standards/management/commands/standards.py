"""`corridor standards load-ratifications [DIR]`: replace the ratification table with the three shared files in DIR
(icrmw_ratification_status_un_members.csv, ilo_fundamental_conventions_ratifications_normlex.csv,
ilo_migrant_conventions_PARTIAL_from_page_snapshots.csv; `--icrmw`, `--fundamental`, `--migrant` name one
elsewhere). `corridor standards load-agreements DIR`: record the node's bilateral labour agreements from Chilton &
Woda's files. DIR defaults to CORRIDOR_SHARED_DATA, else the copies shipped in standards/reference/. A file that does not parse is refused whole: nothing changes, exit 2."""

from django.core.management.base import BaseCommand, CommandError

from corridor.core.errors import CorridorError
from corridor.rules import ratification_files
from corridor.standards import services
from corridor.standards.data import shared_data_dir


class Command(BaseCommand):
    help = "Standards and agreements: load the ratification and agreement files."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        default = str(shared_data_dir())
        load = sub.add_parser("load-ratifications", help="Load the ICRMW and ILO ratification files.")
        load.add_argument("directory", nargs="?", default=default)
        load.add_argument("--icrmw")
        load.add_argument("--fundamental")
        load.add_argument("--migrant")
        agreements = sub.add_parser("load-agreements", help="Load the node's bilateral labour agreements.")
        agreements.add_argument("directory", nargs="?", default=default)
        agreements.add_argument("--country", help="Another country than the node's (ISO 3166-1 alpha-2).")

    def handle(self, *args, operation, directory, **options):
        try:
            if operation == "load-ratifications":
                paths = {ratification_files.ICRMW: options["icrmw"], ratification_files.FUNDAMENTAL: options["fundamental"],
                         ratification_files.MIGRANT: options["migrant"]}
                load = services.ratifications_load(acting_user=None, directory=directory,
                                                   paths={k: v for k, v in paths.items() if v})
                self.stdout.write(f"{load.rows} ratification rows loaded (files sha256 {load.digest}).")
            else:
                count = services.agreements_load(acting_user=None, directory=directory, country=options["country"])
                self.stdout.write(f"{count} agreement(s) recorded.")
        except CorridorError as exc:
            problems = "; ".join(str(p) for ps in exc.fields.values() for p in ps) or exc.message
            raise CommandError(f"nothing loaded: {exc.code}: {problems}", returncode=2) from None
