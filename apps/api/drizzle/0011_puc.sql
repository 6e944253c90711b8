CREATE TABLE "puc_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"category" text NOT NULL,
	"weekly_hours" integer NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"ended_on" date,
	"status" text DEFAULT 'to_assign' NOT NULL,
	"status_reason" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "puc_assignments_period_check" CHECK ("puc_assignments"."start_date" <= "puc_assignments"."end_date"),
	CONSTRAINT "puc_assignments_hours_check" CHECK ("puc_assignments"."weekly_hours" between 1 and 40)
);
--> statement-breakpoint
CREATE TABLE "puc_attendance" (
	"id" uuid PRIMARY KEY NOT NULL,
	"assignment_id" uuid NOT NULL,
	"date" date NOT NULL,
	"status" text NOT NULL,
	"minutes" integer DEFAULT 0 NOT NULL,
	"note" text,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "puc_attendance_minutes_check" CHECK ("puc_attendance"."minutes" between 0 and 1440 and ("puc_attendance"."status" = 'present' or "puc_attendance"."minutes" = 0))
);
--> statement-breakpoint
CREATE TABLE "puc_insurance_communications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"assignment_id" uuid,
	"quarter" text,
	"sent_on" date NOT NULL,
	"reference" text NOT NULL,
	"sent_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "puc_insurance_target_check" CHECK (("puc_insurance_communications"."kind" = 'quarterly' and "puc_insurance_communications"."quarter" is not null and "puc_insurance_communications"."assignment_id" is null) or ("puc_insurance_communications"."kind" <> 'quarterly' and "puc_insurance_communications"."assignment_id" is not null and "puc_insurance_communications"."quarter" is null))
);
--> statement-breakpoint
CREATE TABLE "puc_projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_municipality_id" uuid NOT NULL,
	"implementing_organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"area" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"weekly_schedule" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"seats_municipality" integer DEFAULT 0 NOT NULL,
	"seats_employment_centre" integer DEFAULT 0 NOT NULL,
	"seats_volunteers" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "puc_projects_period_check" CHECK ("puc_projects"."period_start" <= "puc_projects"."period_end"),
	CONSTRAINT "puc_projects_seats_check" CHECK ("puc_projects"."seats_municipality" >= 0 and "puc_projects"."seats_employment_centre" >= 0 and "puc_projects"."seats_volunteers" >= 0)
);
--> statement-breakpoint
CREATE TABLE "puc_sites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"supervisor_name" text NOT NULL,
	"supervisor_phone" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "puc_assignments" ADD CONSTRAINT "puc_assignments_project_id_puc_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."puc_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_assignments" ADD CONSTRAINT "puc_assignments_site_id_puc_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."puc_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_assignments" ADD CONSTRAINT "puc_assignments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_assignments" ADD CONSTRAINT "puc_assignments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_assignments" ADD CONSTRAINT "puc_assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_attendance" ADD CONSTRAINT "puc_attendance_assignment_id_puc_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."puc_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_attendance" ADD CONSTRAINT "puc_attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_insurance_communications" ADD CONSTRAINT "puc_insurance_communications_municipality_id_organisations_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_insurance_communications" ADD CONSTRAINT "puc_insurance_communications_assignment_id_puc_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."puc_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_insurance_communications" ADD CONSTRAINT "puc_insurance_communications_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_projects" ADD CONSTRAINT "puc_projects_owner_municipality_id_organisations_id_fk" FOREIGN KEY ("owner_municipality_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_projects" ADD CONSTRAINT "puc_projects_implementing_organisation_id_organisations_id_fk" FOREIGN KEY ("implementing_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_projects" ADD CONSTRAINT "puc_projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "puc_sites" ADD CONSTRAINT "puc_sites_project_id_puc_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."puc_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "puc_assignments_project_idx" ON "puc_assignments" USING btree ("project_id","status");--> statement-breakpoint
CREATE INDEX "puc_assignments_case_idx" ON "puc_assignments" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "puc_attendance_assignment_date_key" ON "puc_attendance" USING btree ("assignment_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "puc_insurance_assignment_kind_key" ON "puc_insurance_communications" USING btree ("assignment_id","kind") WHERE "puc_insurance_communications"."assignment_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "puc_insurance_quarter_key" ON "puc_insurance_communications" USING btree ("municipality_id","quarter") WHERE "puc_insurance_communications"."kind" = 'quarterly';--> statement-breakpoint
CREATE INDEX "puc_projects_owner_idx" ON "puc_projects" USING btree ("owner_municipality_id","id");--> statement-breakpoint
CREATE INDEX "puc_projects_implementing_idx" ON "puc_projects" USING btree ("implementing_organisation_id");--> statement-breakpoint
CREATE INDEX "puc_sites_project_idx" ON "puc_sites" USING btree ("project_id");