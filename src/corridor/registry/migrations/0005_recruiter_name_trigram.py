"""Trigram (pg_trgm) GIN indexes on the normalised names of agencies and sub-agents, on PostgreSQL only (issue 12).

Verify-a-recruiter reads them (registry.selectors._trigram_candidates, when the blocks give no close match). SQLite
has no pg_trgm: there the normalised-name column keeps its b-tree index and the block table (RecruiterBlock) stays
the candidate index.
On a large existing table the index takes a while to build and locks writes to the table meanwhile: run the
migration in a quiet hour.
"""

from django.db import migrations

INDEXES = (
    ("registry_agency_name_key_trgm", "registry_agency"),
    ("registry_subagent_name_key_trgm", "registry_subagent"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (name_key gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0004_import_runs"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
