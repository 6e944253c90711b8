-- The audit trail is append-only and tamper-evident (DOMAIN.md §8): the database itself refuses
-- UPDATE, DELETE and TRUNCATE, and chains each entry's SHA-256 hash to the previous entry's.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text;
BEGIN
  -- One writer at a time extends the chain; the lock is released at the end of the transaction.
  PERFORM pg_advisory_xact_lock(727274);
  SELECT hash INTO previous FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := previous;
  NEW.hash := encode(sha256(convert_to(
    coalesce(previous, '') || '|' || NEW.id::text || '|' || NEW.created_at::text || '|' || coalesce(NEW.actor_user_id::text, '') || '|' ||
    coalesce(NEW.actor_client_id::text, '') || '|' || coalesce(NEW.organisation_id::text, '') || '|' || NEW.channel || '|' ||
    NEW.action || '|' || NEW.resource_type || '|' || coalesce(NEW.resource_id, '') || '|' ||
    coalesce(array_to_string(NEW.changed_fields, ','), '') || '|' || coalesce(NEW.request_id, ''), 'UTF8')), 'hex');
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_hash_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
