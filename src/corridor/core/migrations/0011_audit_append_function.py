"""Issue 12: on PostgreSQL an audit entry is appended by one function call (core_audit_append), whose statements'
plans the server keeps for the session. It computes the same hash as corridor.core.audit._entry_hash (form 2)."""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION core_audit_append(
    p_chain integer, p_ticket integer, p_span bigint, p_before bytea, p_after bytea,
    p_at timestamptz, p_actor bigint, p_actor_label varchar, p_action varchar, p_object_type varchar,
    p_object_id varchar, p_from_state varchar, p_to_state varchar, p_is_read boolean, p_detail jsonb,
    p_canon integer)
RETURNS TABLE (o_seq bigint, o_prev varchar, o_hash varchar) LANGUAGE plpgsql AS $fn$
DECLARE
    h_id integer;
    h_seq bigint;
    h_hash varchar;
    n bigint;
    digest varchar;
BEGIN
    IF p_chain > 0 THEN  -- the named chain (tests), waiting for it if another transaction holds it
        SELECT h.id, h.seq, h.entry_hash INTO h_id, h_seq, h_hash FROM core_audithead h WHERE h.id = p_chain FOR UPDATE;
    ELSE
        -- the first chain whose head no other transaction holds (one this transaction holds counts as free);
        -- when every head is taken, wait for the one the caller's ticket picks
        SELECT h.id, h.seq, h.entry_hash INTO h_id, h_seq, h_hash FROM core_audithead h
            ORDER BY h.id LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF h_id IS NULL THEN
            SELECT h.id, h.seq, h.entry_hash INTO h_id, h_seq, h_hash FROM core_audithead h ORDER BY h.id
                OFFSET mod(p_ticket, GREATEST((SELECT count(*) FROM core_audithead), 1)::integer) LIMIT 1 FOR UPDATE;
        END IF;
    END IF;
    IF h_id IS NULL THEN
        RAISE EXCEPTION USING MESSAGE = 'no audit chain to append to';
    END IF;
    n := (CASE WHEN h_id = 1 THEN 0 ELSE h_id::bigint * p_span END) + h_seq + 1;
    -- SHA-256 of the previous hash and the entry's canonical JSON, the entry's number spliced in as its digits
    digest := encode(sha256(convert_to(h_hash, 'UTF8') || p_before || convert_to(n::text, 'UTF8') || p_after), 'hex');
    INSERT INTO core_auditentry (seq, at, actor_id, actor_label, action, object_type, object_id, from_state, to_state,
                                 is_read, detail, prev_hash, entry_hash, canon)
        VALUES (n, p_at, p_actor, p_actor_label, p_action, p_object_type, p_object_id, p_from_state, p_to_state,
                p_is_read, p_detail, h_hash, digest, p_canon);
    UPDATE core_audithead SET seq = h_seq + 1, entry_hash = digest WHERE id = h_id;
    RETURN QUERY SELECT n, h_hash, digest;
END
$fn$;
"""

DROP = """DROP FUNCTION IF EXISTS core_audit_append(integer, integer, bigint, bytea, bytea, timestamptz, bigint, varchar,
    varchar, varchar, varchar, varchar, varchar, boolean, jsonb, integer);"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0010_audit_chains")]
    operations = [migrations.RunPython(create, drop)]
