"""Fewer indexes on the audit trail (issue 12): every audited write updates each of them.

`object_type` alone is served by `audit_object_idx` (its first column); `object_id` is matched exactly, so it keeps
a plain index without PostgreSQL's `varchar_pattern_ops` twin; `actor_id` loses its own index (the trail is searched
by `actor_label`; only deleting a user would look it up, and users are deactivated, never deleted). The indexes are dropped by name, read from the
database, rather than by altering the fields: on SQLite an altered field rebuilds the table, which would drop the
append-only triggers of migration 0003.
"""

from django.conf import settings
from django.db import migrations, models

SINGLE = ("object_type", "object_id", "actor_id")


def drop_single_column_indexes(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "core_auditentry")
    for name, info in constraints.items():
        if info["index"] and not info["unique"] and not info["primary_key"] and len(info["columns"]) == 1 \
                and info["columns"][0] in SINGLE:
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0011_audit_append_function"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="auditentry", name="actor",
                                      field=models.ForeignKey(blank=True, db_index=False, null=True,
                                                              on_delete=models.deletion.PROTECT, related_name="+",
                                                              to=settings.AUTH_USER_MODEL, verbose_name="actor")),
                migrations.AlterField(model_name="auditentry", name="object_id",
                                      field=models.CharField(blank=True, max_length=100, verbose_name="record id")),
                migrations.AlterField(model_name="auditentry", name="object_type",
                                      field=models.CharField(max_length=100, verbose_name="record type")),
            ],
            database_operations=[migrations.RunPython(drop_single_column_indexes, migrations.RunPython.noop)],
        ),
        migrations.AddIndex(model_name="auditentry",
                            index=models.Index(fields=["object_id"], name="audit_object_id_idx")),
    ]
