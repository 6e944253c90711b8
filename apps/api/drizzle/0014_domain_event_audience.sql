ALTER TABLE "domain_events" ADD COLUMN "audience" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
CREATE INDEX "domain_events_audience_idx" ON "domain_events" USING gin ("audience");--> statement-breakpoint
UPDATE "domain_events" SET "audience" = array_remove(array["owner_organisation_id", "partner_organisation_id"], null);
