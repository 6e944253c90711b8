CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"assessed_on" date NOT NULL,
	"score_work" smallint,
	"score_education" smallint,
	"score_health" smallint,
	"score_housing" smallint,
	"score_family" smallint,
	"score_economic" smallint,
	"score_social_network" smallint,
	"strengths" text,
	"needs" text,
	"employability_level" text,
	"notes" text,
	"author_id" uuid NOT NULL,
	"signed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessments_scores_range" CHECK ("assessments"."score_work" between 1 and 4 and "assessments"."score_education" between 1 and 4 and "assessments"."score_health" between 1 and 4 and "assessments"."score_housing" between 1 and 4 and "assessments"."score_family" between 1 and 4 and "assessments"."score_economic" between 1 and 4 and "assessments"."score_social_network" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "plan_commitments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"who" text NOT NULL,
	"responsible_name" text,
	"what" text NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"rescheduled_to" date,
	"copied_from_id" uuid,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_commitments_rescheduled_has_date" CHECK ("plan_commitments"."status" <> 'rescheduled' or "plan_commitments"."rescheduled_to" is not null)
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"revised_from_id" uuid,
	"objectives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"supports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review_date" date,
	"notes" text,
	"return_reason" text,
	"returned_at" timestamp with time zone,
	"returned_by" uuid,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"approved_at" timestamp with time zone,
	"approved_by" uuid,
	"signed_on" date,
	"signed_recorded_by" uuid,
	"superseded_at" timestamp with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_version_number_positive" CHECK ("plans"."version_number" >= 1)
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_returned_by_users_id_fk" FOREIGN KEY ("returned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_signed_recorded_by_users_id_fk" FOREIGN KEY ("signed_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_case_idx" ON "assessments" USING btree ("case_id","assessed_on","id");--> statement-breakpoint
CREATE INDEX "plan_commitments_plan_idx" ON "plan_commitments" USING btree ("plan_id","due_date","id");--> statement-breakpoint
CREATE INDEX "plan_commitments_pending_idx" ON "plan_commitments" USING btree ("case_id","due_date") WHERE status in ('open', 'rescheduled');--> statement-breakpoint
CREATE UNIQUE INDEX "plans_case_version_number_key" ON "plans" USING btree ("case_id","version_number");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_one_in_progress_per_case_key" ON "plans" USING btree ("case_id") WHERE status in ('draft', 'submitted', 'approved');--> statement-breakpoint
CREATE UNIQUE INDEX "plans_one_signed_per_case_key" ON "plans" USING btree ("case_id") WHERE status = 'signed';