CREATE TABLE "commitment_progress_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"commitment_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"text" text NOT NULL,
	"author_id" uuid,
	"author_organisation_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD COLUMN "done_on" date;--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD COLUMN "partner_organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "commitment_progress_notes" ADD CONSTRAINT "commitment_progress_notes_commitment_id_plan_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."plan_commitments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_progress_notes" ADD CONSTRAINT "commitment_progress_notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_progress_notes" ADD CONSTRAINT "commitment_progress_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_progress_notes" ADD CONSTRAINT "commitment_progress_notes_author_organisation_id_organisations_id_fk" FOREIGN KEY ("author_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commitment_progress_notes_commitment_idx" ON "commitment_progress_notes" USING btree ("commitment_id","created_at","id");--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_partner_organisation_id_organisations_id_fk" FOREIGN KEY ("partner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_commitments_partner_idx" ON "plan_commitments" USING btree ("partner_organisation_id","due_date") WHERE "plan_commitments"."partner_organisation_id" is not null;--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_done_on_only_met" CHECK ("plan_commitments"."done_on" is null or "plan_commitments"."status" = 'met');--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_partner_only_for_partner" CHECK ("plan_commitments"."partner_organisation_id" is null or "plan_commitments"."who" = 'partner');