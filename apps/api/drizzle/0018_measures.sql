CREATE TABLE "measure_attendance" (
	"id" uuid PRIMARY KEY NOT NULL,
	"measure_id" uuid NOT NULL,
	"month" text NOT NULL,
	"planned_minutes" integer NOT NULL,
	"attended_minutes" integer NOT NULL,
	"note" text,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_attendance_minutes" CHECK ("measure_attendance"."planned_minutes" >= 0 and "measure_attendance"."attended_minutes" >= 0 and "measure_attendance"."attended_minutes" <= "measure_attendance"."planned_minutes")
);
--> statement-breakpoint
CREATE TABLE "measure_extensions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"measure_id" uuid NOT NULL,
	"previous_end_date" date NOT NULL,
	"new_end_date" date NOT NULL,
	"reason" text NOT NULL,
	"by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_follow_ups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"measure_id" uuid NOT NULL,
	"months_after" integer NOT NULL,
	"due_on" date NOT NULL,
	"employment_status" text,
	"contract_type" text,
	"note" text,
	"recorded_at" timestamp with time zone,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"measure_id" uuid NOT NULL,
	"month" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_payments_amount_positive" CHECK ("measure_payments"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "measure_status_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"measure_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_tutoring_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"measure_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"duration_minutes" integer NOT NULL,
	"topic" text NOT NULL,
	"note" text,
	"operator_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"promoter_organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"plan_id" uuid,
	"plan_commitment_id" uuid,
	"start_date" date NOT NULL,
	"planned_end_date" date,
	"end_date" date,
	"host_company_id" uuid,
	"host_site_id" uuid,
	"host_tutor_id" uuid,
	"promoter_tutor_id" uuid,
	"ateco_code" text,
	"profile_code" text,
	"profile_title" text,
	"eqf_level" integer,
	"daily_minutes" integer,
	"weekly_minutes" integer,
	"monthly_amount_cents" bigint,
	"meal_vouchers" boolean,
	"target_group" text,
	"rule_set_code" text,
	"training_objectives" text,
	"inail_policy" text,
	"liability_policy" text,
	"mandatory_communication_ref" text,
	"outcome" text,
	"outcome_contract_type" text,
	"outcome_note" text,
	"contract_type" text,
	"fixed_term_months" integer,
	"part_time_weekly_minutes" integer,
	"l68_quota" boolean,
	"article14_convention" boolean,
	"employer_is_type_b_cooperative" boolean,
	"job_title" text,
	"funder" text,
	"goals" text,
	"rule_override" jsonb,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measures_end_after_start" CHECK ("measures"."planned_end_date" is null or "measures"."planned_end_date" >= "measures"."start_date"),
	CONSTRAINT "measures_amount_not_negative" CHECK ("measures"."monthly_amount_cents" is null or "measures"."monthly_amount_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "measure_attendance" ADD CONSTRAINT "measure_attendance_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_attendance" ADD CONSTRAINT "measure_attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_extensions" ADD CONSTRAINT "measure_extensions_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_extensions" ADD CONSTRAINT "measure_extensions_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_follow_ups" ADD CONSTRAINT "measure_follow_ups_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_follow_ups" ADD CONSTRAINT "measure_follow_ups_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_payments" ADD CONSTRAINT "measure_payments_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_payments" ADD CONSTRAINT "measure_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_status_changes" ADD CONSTRAINT "measure_status_changes_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_status_changes" ADD CONSTRAINT "measure_status_changes_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_tutoring_sessions" ADD CONSTRAINT "measure_tutoring_sessions_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_tutoring_sessions" ADD CONSTRAINT "measure_tutoring_sessions_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_municipality_id_organisations_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_promoter_organisation_id_organisations_id_fk" FOREIGN KEY ("promoter_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_plan_commitment_id_plan_commitments_id_fk" FOREIGN KEY ("plan_commitment_id") REFERENCES "public"."plan_commitments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_host_company_id_companies_id_fk" FOREIGN KEY ("host_company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_host_site_id_company_sites_id_fk" FOREIGN KEY ("host_site_id") REFERENCES "public"."company_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_host_tutor_id_company_contacts_id_fk" FOREIGN KEY ("host_tutor_id") REFERENCES "public"."company_contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_promoter_tutor_id_users_id_fk" FOREIGN KEY ("promoter_tutor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "measure_attendance_month_key" ON "measure_attendance" USING btree ("measure_id","month");--> statement-breakpoint
CREATE INDEX "measure_extensions_measure_idx" ON "measure_extensions" USING btree ("measure_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "measure_follow_ups_months_key" ON "measure_follow_ups" USING btree ("measure_id","months_after");--> statement-breakpoint
CREATE INDEX "measure_follow_ups_due_idx" ON "measure_follow_ups" USING btree ("due_on") WHERE "measure_follow_ups"."recorded_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "measure_payments_month_key" ON "measure_payments" USING btree ("measure_id","month");--> statement-breakpoint
CREATE INDEX "measure_status_changes_measure_idx" ON "measure_status_changes" USING btree ("measure_id","created_at");--> statement-breakpoint
CREATE INDEX "measure_tutoring_sessions_measure_idx" ON "measure_tutoring_sessions" USING btree ("measure_id","held_on");--> statement-breakpoint
CREATE INDEX "measures_case_idx" ON "measures" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "measures_promoter_idx" ON "measures" USING btree ("promoter_organisation_id","id");--> statement-breakpoint
CREATE INDEX "measures_municipality_idx" ON "measures" USING btree ("municipality_id","id");--> statement-breakpoint
CREATE INDEX "measures_host_live_idx" ON "measures" USING btree ("host_company_id","start_date") WHERE "measures"."status" not in ('completed', 'interrupted');--> statement-breakpoint
CREATE INDEX "measures_host_tutor_live_idx" ON "measures" USING btree ("host_tutor_id","start_date") WHERE "measures"."host_tutor_id" is not null and "measures"."status" not in ('completed', 'interrupted');--> statement-breakpoint
CREATE INDEX "measures_promoter_tutor_idx" ON "measures" USING btree ("promoter_tutor_id");--> statement-breakpoint
CREATE INDEX "measures_planned_end_idx" ON "measures" USING btree ("planned_end_date") WHERE "measures"."status" not in ('completed', 'interrupted');