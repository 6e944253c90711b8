-- One-word name searches at 1,000,000 persons with real name variety (docs/decisions/0027): a
-- dictionary of the distinct given names and family names of each municipality (folded as searches
-- compare them), kept by triggers like person_search_names, matched by trigrams; the persons of a
-- matching part are then read in id order through a btree on the part's expression. A common word
-- ("mario") matches a few parts here where it matched tens of thousands of full names.
CREATE TABLE "person_search_parts" (
	"municipality_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"part" text NOT NULL,
	"persons" bigint NOT NULL,
	CONSTRAINT "person_search_parts_municipality_id_kind_part_pk" PRIMARY KEY("municipality_id","kind","part")
);
--> statement-breakpoint
CREATE INDEX "person_search_parts_trgm_idx" ON "person_search_parts" USING gin ("part" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "persons_municipality_given_part_id_idx" ON "persons" USING btree ("municipality_id",ponte_search_text("given_name"),"id");--> statement-breakpoint
CREATE INDEX "persons_municipality_family_part_id_idx" ON "persons" USING btree ("municipality_id",ponte_search_text("family_name"),"id");
--> statement-breakpoint
-- How many persons bear each part, moved as person_search_names is (migration 0021): one upsert per
-- statement, a part nobody bears any more deleted in the same transaction.
CREATE FUNCTION person_search_parts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO person_search_parts AS n (municipality_id, kind, part, persons)
    SELECT municipality_id, kind, part, count(*) FROM (
      SELECT municipality_id, 'given' AS kind, ponte_search_text(given_name) AS part FROM new_persons
      UNION ALL
      SELECT municipality_id, 'family', ponte_search_text(family_name) FROM new_persons
    ) parts
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (municipality_id, kind, part) DO UPDATE SET persons = n.persons + excluded.persons;
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO person_search_parts AS n (municipality_id, kind, part, persons)
    SELECT municipality_id, kind, part, -count(*) FROM (
      SELECT municipality_id, 'given' AS kind, ponte_search_text(given_name) AS part FROM old_persons
      UNION ALL
      SELECT municipality_id, 'family', ponte_search_text(family_name) FROM old_persons
    ) parts
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (municipality_id, kind, part) DO UPDATE SET persons = n.persons + excluded.persons;
  ELSE
    INSERT INTO person_search_parts AS n (municipality_id, kind, part, persons)
    SELECT municipality_id, kind, part, sum(delta) FROM (
      SELECT municipality_id, 'given' AS kind, ponte_search_text(given_name) AS part, -1 AS delta FROM old_persons
      UNION ALL
      SELECT municipality_id, 'family', ponte_search_text(family_name), -1 FROM old_persons
      UNION ALL
      SELECT municipality_id, 'given', ponte_search_text(given_name), 1 FROM new_persons
      UNION ALL
      SELECT municipality_id, 'family', ponte_search_text(family_name), 1 FROM new_persons
    ) changes
    GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (municipality_id, kind, part) DO UPDATE SET persons = n.persons + excluded.persons;
  END IF;
  -- The parts nobody bears any more (this transaction holds their rows' locks since the upsert).
  DELETE FROM person_search_parts d USING (
    SELECT municipality_id, 'given' AS kind, ponte_search_text(given_name) AS part FROM old_persons
    UNION
    SELECT municipality_id, 'family', ponte_search_text(family_name) FROM old_persons
  ) o
  WHERE d.persons <= 0 AND d.municipality_id = o.municipality_id AND d.kind = o.kind AND d.part = o.part;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER person_search_parts_insert AFTER INSERT ON persons REFERENCING NEW TABLE AS new_persons FOR EACH STATEMENT EXECUTE FUNCTION person_search_parts_apply();
--> statement-breakpoint
CREATE TRIGGER person_search_parts_update AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_persons NEW TABLE AS new_persons FOR EACH STATEMENT EXECUTE FUNCTION person_search_parts_apply();
--> statement-breakpoint
CREATE TRIGGER person_search_parts_delete AFTER DELETE ON persons REFERENCING OLD TABLE AS old_persons FOR EACH STATEMENT EXECUTE FUNCTION person_search_parts_apply();
--> statement-breakpoint
INSERT INTO person_search_parts (municipality_id, kind, part, persons)
SELECT municipality_id, kind, part, count(*) FROM (
  SELECT municipality_id, 'given' AS kind, ponte_search_text(given_name) AS part FROM persons
  UNION ALL
  SELECT municipality_id, 'family', ponte_search_text(family_name) FROM persons
) parts
GROUP BY 1, 2, 3;
