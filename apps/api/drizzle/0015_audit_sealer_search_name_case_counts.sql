-- Issue 8 §1: the audit trail sealed by one sequencer (docs/decisions/0013), the stored search name
-- with its municipality + trigram GiST index, and the case counters (docs/decisions/0014).
-- The GiST index holds the municipality (btree_gist) and the trigram of the stored search name, so a
-- search within a municipality is answered by one index, nearest names first. btree_gist is trusted.
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;--> statement-breakpoint
CREATE TABLE "case_counts" (
	"municipality_id" uuid NOT NULL,
	"case_manager_id" uuid NOT NULL,
	"status" text NOT NULL,
	"slot" smallint NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "case_counts_municipality_id_case_manager_id_status_slot_pk" PRIMARY KEY("municipality_id","case_manager_id","status","slot")
);
--> statement-breakpoint
DROP INDEX "persons_search_name_trgm_idx";--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "search_name" text GENERATED ALWAYS AS (ponte_search_text("given_name" || ' ' || "family_name")) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_log_pending_idx" ON "audit_log" USING btree ("id") WHERE "audit_log"."hash" is null;--> statement-breakpoint
CREATE INDEX "persons_municipality_search_name_idx" ON "persons" USING gist ("municipality_id","search_name" gist_trgm_ops);
-- Writers no longer chain inline (docs/decisions/0010): chaining in the insert trigger locked the
-- one chain-head row until commit, so every audited request of the installation waited on every
-- other. Entries are now born pending (no hash, no link) and `audit_seal()` links them later, in
-- order, in batches, under one advisory lock.
DROP TRIGGER audit_log_hash_chain ON audit_log;
--> statement-breakpoint
DROP FUNCTION audit_log_chain();
--> statement-breakpoint
CREATE FUNCTION audit_log_born_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Nobody writes an entry as already sealed: only audit_seal() links entries into the chain.
  NEW.prev_hash := NULL;
  NEW.hash := NULL;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_born_pending BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_born_pending();
--> statement-breakpoint
DROP TRIGGER audit_log_no_update ON audit_log;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
-- The one UPDATE an entry ever gets: its sealing. A pending entry receives its link and its hash
-- (which must be the hash of its unchanged fields chained to that link); nothing else may change,
-- and a sealed entry never changes again.
CREATE FUNCTION audit_log_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.hash IS NOT NULL OR NEW.hash IS NULL
     OR (to_jsonb(OLD) - 'hash' - 'prev_hash') IS DISTINCT FROM (to_jsonb(NEW) - 'hash' - 'prev_hash')
     OR NEW.hash IS DISTINCT FROM audit_log_entry_hash(NEW.prev_hash, NEW) THEN
    RAISE EXCEPTION 'audit_log is append-only: UPDATE is not allowed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_seal_only BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_seal_only();
--> statement-breakpoint
-- Links up to `max_entries` pending entries into the chain, oldest id first, each to the previous
-- one, and moves the head; answers how many it sealed. One sealer at a time: a second caller
-- (another API process) finds the advisory lock taken and answers 0 at once instead of waiting.
CREATE FUNCTION audit_seal(max_entries integer DEFAULT 5000) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  head text;
  entry audit_log;
  entry_hash text;
  sealed integer := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(727274) THEN
    RETURN 0;
  END IF;
  SELECT hash INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  FOR entry IN SELECT * FROM audit_log WHERE hash IS NULL ORDER BY id LIMIT max_entries LOOP
    entry_hash := audit_log_entry_hash(head, entry);
    UPDATE audit_log SET prev_hash = head, hash = entry_hash WHERE id = entry.id;
    head := entry_hash;
    sealed := sealed + 1;
  END LOOP;
  IF sealed > 0 THEN
    UPDATE audit_chain_head SET hash = head WHERE id = 1;
  END IF;
  RETURN sealed;
END;
$$;
--> statement-breakpoint
-- Counters of cases per municipality, case manager and status, moved by statement-level triggers
-- with transition tables: one upsert per statement however many cases it writes (the bulk loads of
-- the benchmark included). The slot is the writing backend's (pid % 16): concurrent transactions of
-- different connections move different rows of the same key, so they do not wait on each other.
CREATE FUNCTION case_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO case_counts AS c (municipality_id, case_manager_id, status, slot, count)
    SELECT municipality_id, case_manager_id, status, pg_backend_pid() % 16, count(*) FROM new_cases
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (municipality_id, case_manager_id, status, slot) DO UPDATE SET count = c.count + excluded.count;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO case_counts AS c (municipality_id, case_manager_id, status, slot, count)
    SELECT municipality_id, case_manager_id, status, pg_backend_pid() % 16, -count(*) FROM old_cases
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (municipality_id, case_manager_id, status, slot) DO UPDATE SET count = c.count + excluded.count;
  ELSE
    INSERT INTO case_counts AS c (municipality_id, case_manager_id, status, slot, count)
    SELECT municipality_id, case_manager_id, status, pg_backend_pid() % 16, sum(delta) FROM (
      SELECT municipality_id, case_manager_id, status, -1 AS delta FROM old_cases
      UNION ALL
      SELECT municipality_id, case_manager_id, status, 1 FROM new_cases
    ) moved
    GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (municipality_id, case_manager_id, status, slot) DO UPDATE SET count = c.count + excluded.count;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_counts_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION case_counts_apply();
--> statement-breakpoint
CREATE TRIGGER case_counts_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION case_counts_apply();
--> statement-breakpoint
CREATE TRIGGER case_counts_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION case_counts_apply();
--> statement-breakpoint
INSERT INTO case_counts (municipality_id, case_manager_id, status, slot, count)
SELECT municipality_id, case_manager_id, status, 0, count(*) FROM cases GROUP BY 1, 2, 3;
