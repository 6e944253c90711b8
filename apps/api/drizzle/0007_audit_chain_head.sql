-- The head of the audit hash chain in a one-row table: each insert reads and moves it in O(1).
-- (Finding the previous entry with ORDER BY id DESC LIMIT 1 in the trigger got a plan cached when
-- the table was small — a sequential scan — so inserts slowed down as the trail grew.)
-- Locking the head row also serialises writers, as the advisory lock did.
CREATE TABLE audit_chain_head (
  id integer PRIMARY KEY CHECK (id = 1),
  hash text
);
--> statement-breakpoint
INSERT INTO audit_chain_head (id, hash) VALUES (1, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1));
--> statement-breakpoint
-- The hash of an entry chained to `previous`: one definition for the trigger and for verification.
-- The time is written in UTC explicitly, so the hash does not depend on the session's TimeZone.
CREATE OR REPLACE FUNCTION audit_log_entry_hash(previous text, e audit_log) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT encode(sha256(convert_to(
      coalesce(previous, '') || '|' || e.id::text || '|' || to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' ||
      coalesce(e.actor_user_id::text, '') || '|' || coalesce(e.actor_client_id::text, '') || '|' || coalesce(e.organisation_id::text, '') || '|' ||
      e.channel || '|' || e.action || '|' || e.resource_type || '|' || coalesce(e.resource_id, '') || '|' ||
      coalesce(array_to_string(e.changed_fields, ','), '') || '|' || coalesce(e.request_id, ''), 'UTF8')), 'hex')
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text;
BEGIN
  SELECT hash INTO previous FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  NEW.prev_hash := previous;
  NEW.hash := audit_log_entry_hash(previous, NEW);
  UPDATE audit_chain_head SET hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE OR TRUNCATE ON audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
