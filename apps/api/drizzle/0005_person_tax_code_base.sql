DROP INDEX "persons_municipality_tax_code_key";--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "tax_code_base" text GENERATED ALWAYS AS (ponte_tax_code_base("tax_code")) STORED NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "persons_municipality_tax_code_base_key" ON "persons" USING btree ("municipality_id","tax_code_base");--> statement-breakpoint
CREATE INDEX "persons_search_name_trgm_idx" ON "persons" USING gin (ponte_search_text("given_name" || ' ' || "family_name") gin_trgm_ops);