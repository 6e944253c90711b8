-- The GiST index holds the municipality (btree_gist) and the trigram of the stored search name, so a
-- search within a municipality is answered by one index, nearest names first. btree_gist is trusted.
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;--> statement-breakpoint
DROP INDEX "persons_search_name_trgm_idx";--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "search_name" text GENERATED ALWAYS AS (ponte_search_text("given_name" || ' ' || "family_name")) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "persons_municipality_search_name_idx" ON "persons" USING gist ("municipality_id","search_name" gist_trgm_ops);