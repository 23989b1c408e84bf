"""Start the audit chain and make the audit table append-only in the database itself."""

from django.db import migrations

GENESIS = "0" * 64

SQLITE = [
    "CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    "CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS core_auditentry_no_update;", "DROP TRIGGER IF EXISTS core_auditentry_no_delete;"]

POSTGRES = [
    "CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER core_auditentry_no_change BEFORE UPDATE OR DELETE ON core_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();",
    "CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_append_only();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_change ON core_auditentry;",
    "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only();",
]


def start_chain(apps, schema_editor):
    apps.get_model("core", "AuditHead").objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})


def protect(apps, schema_editor):
    from django.conf import settings

    # The test suite empties tables between tests that commit; it installs these same triggers
    # in the test that checks them (tests/core/test_audit.py).
    if settings.TESTING:
        return
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def unprotect(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data")]
    operations = [
        migrations.RunPython(start_chain, migrations.RunPython.noop),
        migrations.RunPython(protect, unprotect),
    ]
