-- Name searches at 1,000,000 persons (docs/decisions/0023): a dictionary of the distinct search
-- names of each municipality, kept by triggers, matched by trigrams; the persons of a matching name
-- are then read in id order through a plain btree. Replaces the municipality + trigram GiST index of
-- persons, whose KNN scan visited every person sharing a similar name.
CREATE TABLE "person_search_names" (
	"municipality_id" uuid NOT NULL,
	"search_name" text NOT NULL,
	"persons" bigint NOT NULL,
	CONSTRAINT "person_search_names_municipality_id_search_name_pk" PRIMARY KEY("municipality_id","search_name")
);
--> statement-breakpoint
DROP INDEX "persons_municipality_search_name_idx";--> statement-breakpoint
CREATE INDEX "person_search_names_trgm_idx" ON "person_search_names" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "persons_municipality_search_name_id_idx" ON "persons" USING btree ("municipality_id","search_name","id");
--> statement-breakpoint
-- How many persons bear each name, moved by statement-level triggers with transition tables (one
-- upsert per statement, bulk loads included). Counting, not "insert if missing", so that a name is
-- removed exactly when its last person is renamed or deleted: the row lock of the upsert orders a
-- registration and a rename of the same name, whatever their interleaving. A name nobody bears any
-- more is deleted, so the dictionary keeps no name the persons table no longer holds.
CREATE FUNCTION person_search_names_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO person_search_names AS n (municipality_id, search_name, persons)
    SELECT municipality_id, search_name, count(*) FROM new_persons
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (municipality_id, search_name) DO UPDATE SET persons = n.persons + excluded.persons;
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO person_search_names AS n (municipality_id, search_name, persons)
    SELECT municipality_id, search_name, -count(*) FROM old_persons
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (municipality_id, search_name) DO UPDATE SET persons = n.persons + excluded.persons;
  ELSE
    INSERT INTO person_search_names AS n (municipality_id, search_name, persons)
    SELECT municipality_id, search_name, sum(delta) FROM (
      SELECT municipality_id, search_name, -1 AS delta FROM old_persons
      UNION ALL
      SELECT municipality_id, search_name, 1 FROM new_persons
    ) changes
    GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
    ON CONFLICT (municipality_id, search_name) DO UPDATE SET persons = n.persons + excluded.persons;
  END IF;
  -- The names nobody bears any more (this transaction holds their rows' locks since the upsert).
  DELETE FROM person_search_names d USING (SELECT DISTINCT municipality_id, search_name FROM old_persons) o
  WHERE d.persons <= 0 AND d.municipality_id = o.municipality_id AND d.search_name = o.search_name;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER person_search_names_insert AFTER INSERT ON persons REFERENCING NEW TABLE AS new_persons FOR EACH STATEMENT EXECUTE FUNCTION person_search_names_apply();
--> statement-breakpoint
CREATE TRIGGER person_search_names_update AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_persons NEW TABLE AS new_persons FOR EACH STATEMENT EXECUTE FUNCTION person_search_names_apply();
--> statement-breakpoint
CREATE TRIGGER person_search_names_delete AFTER DELETE ON persons REFERENCING OLD TABLE AS old_persons FOR EACH STATEMENT EXECUTE FUNCTION person_search_names_apply();
--> statement-breakpoint
INSERT INTO person_search_names (municipality_id, search_name, persons)
SELECT municipality_id, search_name, count(*) FROM persons GROUP BY 1, 2;
