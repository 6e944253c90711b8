CREATE TABLE "case_counts" (
	"municipality_id" uuid NOT NULL,
	"case_manager_id" uuid NOT NULL,
	"status" text NOT NULL,
	"slot" smallint NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "case_counts_municipality_id_case_manager_id_status_slot_pk" PRIMARY KEY("municipality_id","case_manager_id","status","slot")
);
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
