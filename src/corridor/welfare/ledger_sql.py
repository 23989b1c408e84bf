"""The database's own guard on the ledger (PostgreSQL): a deferred constraint trigger refuses, at commit, a
transaction whose legs do not add up to zero per currency. SQLite has no deferred triggers: there the service is
the guard and `unbalanced_transactions()` (and `corridor welfare verify`) the check."""

# schema_editor.execute() passes parameters, so a literal percent sign is doubled.
BALANCED_FORWARD = [
    """CREATE OR REPLACE FUNCTION welfare_leg_balanced() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM welfare_leg WHERE transaction_id = NEW.transaction_id
                   GROUP BY currency HAVING SUM(amount) <> 0) THEN
            RAISE EXCEPTION 'welfare ledger transaction %% does not balance', NEW.transaction_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
    END; $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS welfare_leg_balanced ON welfare_leg;",
    """CREATE CONSTRAINT TRIGGER welfare_leg_balanced AFTER INSERT ON welfare_leg
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION welfare_leg_balanced();""",
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
