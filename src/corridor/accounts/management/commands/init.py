"""`corridor init`: data directory, secrets, node signing key, database, first administrator.

It lives in accounts (not core) because it creates the first administrator through accounts' services.
"""

import getpass
import os
import secrets as pysecrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from corridor.accounts.choices import Role
from corridor.accounts.models import User
from corridor.accounts.services import user_create
from corridor.core import crypto
from corridor.core import secrets as node_secrets
from corridor.core.models import AuditHead


class Command(BaseCommand):
    help = "Create the data directory, secret key, field keys, node signing key, the database and the first administrator."

    def add_arguments(self, parser):
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--admin-email", default="")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--recover-lost-keys", action="store_true",
                            help="Make new keys in place of lost ones for a database that already holds data "
                                 "(what the lost keys protected is lost; see the message).")

    def handle(self, *args, admin_username, admin_email, interactive, recover_lost_keys=False, **options):
        data_dir = settings.DATA_DIR
        data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(data_dir, 0o700)
        lost = self._lost_keys(data_dir)
        if lost and not recover_lost_keys:
            raise CommandError(
                "This database already holds data, but these keys are missing from "
                f"{data_dir}:\n" + "\n".join(f"- {name}: {what}" for name, what in lost)
                + "\nRestore them from your backup. Only if they are truly lost, run `corridor init --recover-lost-keys` "
                "to make new ones; what they protected stays lost.")
        for name, what in lost:
            self.stderr.write(f"Replacing the lost {name}: {what}")
        made = []
        for name, make in [
            (node_secrets.SECRET_KEY_FILE, lambda: pysecrets.token_urlsafe(64)),
            (node_secrets.FIELD_KEYS_FILE, crypto.new_field_key),
            (node_secrets.BLIND_INDEX_KEY_FILE, lambda: pysecrets.token_urlsafe(48)),
            (node_secrets.SIGNING_KEY_FILE, crypto.generate_signing_key_pem),
        ]:
            path = data_dir / name
            if not path.exists():
                node_secrets.write_private(path, make() + "\n")
                made.append(name)
        self.stdout.write(f"Data directory: {data_dir}" + (f" (created {', '.join(made)})" if made else " (keys already present, kept)"))
        if made and os.environ.get("CORRIDOR_SECRET_KEY_EPHEMERAL"):
            self.stdout.write("The secret key was created now; it is used from the next command on.")
        crypto.reset_caches()
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        self._first_admin(admin_username, admin_email, interactive)
        public = crypto.node_private_key().public_key()
        self.stdout.write(f"Node signing key id: {crypto.key_id(public)} (published at /.well-known/corridor-node.json)")

    @staticmethod
    def _lost_keys(data_dir) -> list[tuple[str, str]]:
        """The keys a database with data needs and that are neither in the data directory nor the environment."""
        if "core_audithead" not in connection.introspection.table_names():
            return []
        if not AuditHead.objects.filter(seq__gt=0).exists():
            return []  # migrated but nothing written yet: nothing to lose
        lost = []
        for name, env, what in [
            (node_secrets.FIELD_KEYS_FILE, "CORRIDOR_FIELD_KEYS",
             "every encrypted value (passport numbers, contacts, addresses, next of kin, complaint narratives, "
             "complainants' identities, evidence files) becomes unreadable"),
            (node_secrets.SIGNING_KEY_FILE, None,
             "the node gets a new identity: contracts and certificates it signed no longer verify against its "
             "published key, and peers refuse its messages until they trust the new key"),
            (node_secrets.BLIND_INDEX_KEY_FILE, "CORRIDOR_BLIND_INDEX_KEY",
             "exact passport and registration-number look-ups stop finding existing records"),
            (node_secrets.SECRET_KEY_FILE, "CORRIDOR_SECRET_KEY",
             "every anonymous complainant's receipt code stops working, and every session ends"),
        ]:
            if not (data_dir / name).exists() and not (env and os.environ.get(env)):
                lost.append((name, what))
        return lost

    def _first_admin(self, username, email, interactive):
        if User.objects.filter(role=Role.ADMINISTRATOR).exists():
            self.stdout.write("An administrator exists already.")
            return
        password = os.environ.get("CORRIDOR_ADMIN_PASSWORD")
        generated = False
        if not password and interactive:
            password = getpass.getpass(f"Password for the administrator {username!r}: ")
            if password != getpass.getpass("Again: "):
                raise CommandError("The two passwords differ.")
        if not password:
            password, generated = pysecrets.token_urlsafe(18), True
        user_create(acting_user=None, username=username, password=password, role=Role.ADMINISTRATOR, email=email)
        self.stdout.write(f"Administrator {username!r} created" + (f" with the password {password} (shown once; change it)." if generated else "."))
        self.stdout.write("Sign in at /accounts/sign-in/ and set up two-step sign-in with an authenticator app.")
