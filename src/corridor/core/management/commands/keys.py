"""`corridor keys add|rotate`: a new field encryption key, and re-encryption of every sensitive field under it.

`corridor keys signing|signing-rotate|signing-retire KID`: the node's own Ed25519 signing keys (core/node_keys.py).
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from corridor.core import crypto, node_keys
from corridor.core import secrets as node_secrets
from corridor.core.fields import EncryptedTextField


def encrypted_fields():
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


def rotate_all(batch_size: int = 500) -> int:
    """Re-encrypt every stored value under the newest key, table by table. Returns the number of values."""
    count = 0
    for model, fields in encrypted_fields():
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        last = None
        while True:
            with transaction.atomic():
                query = model.objects.order_by("pk")
                if last is not None:
                    query = query.filter(pk__gt=last)
                pks = list(query.values_list("pk", flat=True)[:batch_size])
                if not pks:
                    break
                columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
                with connection.cursor() as cursor:
                    placeholders = ", ".join(["%s"] * len(pks))
                    cursor.execute(f"SELECT {pk}, {columns} FROM {table} WHERE {pk} IN ({placeholders})", pks)
                    rows = cursor.fetchall()
                    for row in rows:
                        values = [crypto.rotate(v) if v else v for v in row[1:]]
                        count += sum(1 for v in row[1:] if v)
                        assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
                        cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*values, row[0]])
                last = pks[-1]
    return count


class Command(BaseCommand):
    help = "Field encryption keys: add a new key, or rotate every stored value to the newest key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("add", help="Put a new key first in the data directory's key file (old keys still decrypt).")
        sub.add_parser("rotate", help="Re-encrypt every sensitive field under the newest key.")
        sub.add_parser("signing", help="List the node's published signing keys (the one that signs first).")
        sub.add_parser("signing-rotate", help="A new node signing key; the old one stays published for verification.")
        retire = sub.add_parser("signing-retire", help="Stop publishing an earlier signing key (what it signed stops verifying).")
        retire.add_argument("key_id")
        retire.add_argument("--compromised", action="store_true",
                            help="Retire at once although valid certificates or waiting messages were signed with it.")

    def handle(self, *args, action, **options):
        if action == "signing":
            for jwk in crypto.node_public_jwks():
                self.stdout.write(f"{jwk['kid']}  {jwk['status']}")
        elif action == "signing-rotate":
            old, new = node_keys.own_key_rotate()
            self.stdout.write(f"Signing key {new} now signs; {old} stays published for verification only.")
            self.stdout.write("Give the new key id to each peer's operator (they run `corridor peers add ... --fetch "
                              f"--key-id {new}`); retire {old} with `corridor keys signing-retire {old}` when nothing "
                              "it signed is still in use.")
        elif action == "signing-retire":
            try:
                uses = node_keys.own_key_retire(key_id=options["key_id"], compromised=options["compromised"])
            except node_keys.KeyInUse as exc:
                raise CommandError(f"{exc} Wait until they are delivered or expire, or pass --compromised.") from exc
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Key {options['key_id']} retired: no longer published.")
            if uses:
                self.stdout.write(self.style.WARNING("It still signed: " + ", ".join(f"{n} {w}" for w, n in uses.items())
                                                     + ". Re-issue those certificates."))
        elif action == "add":
            path = settings.DATA_DIR / node_secrets.FIELD_KEYS_FILE
            if not path.exists():
                raise CommandError(f"{path} does not exist: run `corridor init` first.")
            keys = node_secrets.field_keys(settings.DATA_DIR)
            path.write_text("\n".join([crypto.new_field_key(), *keys]) + "\n", encoding="utf-8")
            self.stdout.write(f"New key added; {len(keys) + 1} keys in {path}. Run `corridor keys rotate` next.")
        else:
            crypto.reset_caches()
            self.stdout.write(f"Re-encrypted {rotate_all()} values under the newest key.")
