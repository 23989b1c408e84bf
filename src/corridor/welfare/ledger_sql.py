"""The database's own guard on the ledger (PostgreSQL): after every INSERT statement into welfare_leg, the
transactions it touched must balance per currency, or the statement fails. A posting's legs are therefore written
in one statement (`ledger.post` and the bulk import do), and a leg added later to an existing posting, by anyone, is
refused. One check per statement (a transition table), not one per row, so a batch of a million legs costs one
query. SQLite has no transition tables: there the service is the guard and `unbalanced_transactions()` (and
`corridor welfare verify`) the check."""

# schema_editor.execute() passes parameters, so a literal percent sign is doubled.
BALANCED_FORWARD = [
    "DROP TRIGGER IF EXISTS welfare_leg_balanced ON welfare_leg;",
    """CREATE OR REPLACE FUNCTION welfare_leg_balanced() RETURNS trigger AS $$
    DECLARE bad bigint;
    BEGIN
        SELECT l.transaction_id INTO bad FROM welfare_leg l
        WHERE l.transaction_id IN (SELECT DISTINCT transaction_id FROM new_legs)
        GROUP BY l.transaction_id, l.currency HAVING SUM(l.amount) <> 0 LIMIT 1;
        IF bad IS NOT NULL THEN
            RAISE EXCEPTION 'welfare ledger transaction %% does not balance', bad
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
    END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER welfare_leg_balanced AFTER INSERT ON welfare_leg
    REFERENCING NEW TABLE AS new_legs FOR EACH STATEMENT EXECUTE FUNCTION welfare_leg_balanced();""",
]
BALANCED_BACKWARD = ["DROP TRIGGER IF EXISTS welfare_leg_balanced ON welfare_leg;",
                     "DROP FUNCTION IF EXISTS welfare_leg_balanced();"]


def install_balanced(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BALANCED_FORWARD:
            schema_editor.execute(statement)


def remove_balanced(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BALANCED_BACKWARD:
            schema_editor.execute(statement)
