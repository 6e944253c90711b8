CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"meeting_date" date NOT NULL,
	"start_time" time NOT NULL,
	"duration_minutes" smallint NOT NULL,
	"location" text,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"agenda" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"outcome" text,
	"evaluation" smallint,
	"status_note" text,
	"status_changed_by" uuid,
	"status_changed_at" timestamp with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_duration_check" CHECK ("meetings"."duration_minutes" between 5 and 480),
	CONSTRAINT "meetings_evaluation_check" CHECK ("meetings"."evaluation" is null or "meetings"."evaluation" between 1 and 5),
	CONSTRAINT "meetings_held_outcome_check" CHECK ("meetings"."status" <> 'held' or "meetings"."outcome" is not null)
);
--> statement-breakpoint
CREATE TABLE "diary_note_revisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"note_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"noted_on" date NOT NULL,
	"text" text NOT NULL,
	"visibility" text NOT NULL,
	"edited_by" uuid,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "diary_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"noted_on" date NOT NULL,
	"text" text NOT NULL,
	"visibility" text DEFAULT 'normal' NOT NULL,
	"author_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "economic_supports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"type" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"approved_amount_cents" bigint,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"purpose" text,
	"status" text DEFAULT 'requested' NOT NULL,
	"decision_note" text,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"paid_on" date,
	"payment_recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "economic_supports_amount_check" CHECK ("economic_supports"."amount_cents" > 0),
	CONSTRAINT "economic_supports_approved_amount_check" CHECK ("economic_supports"."approved_amount_cents" is null or ("economic_supports"."approved_amount_cents" > 0 and "economic_supports"."approved_amount_cents" <= "economic_supports"."amount_cents")),
	CONSTRAINT "economic_supports_period_check" CHECK ("economic_supports"."period_from" <= "economic_supports"."period_to")
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_status_changed_by_users_id_fk" FOREIGN KEY ("status_changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_note_revisions" ADD CONSTRAINT "diary_note_revisions_note_id_diary_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."diary_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_note_revisions" ADD CONSTRAINT "diary_note_revisions_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_notes" ADD CONSTRAINT "diary_notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_notes" ADD CONSTRAINT "diary_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economic_supports" ADD CONSTRAINT "economic_supports_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economic_supports" ADD CONSTRAINT "economic_supports_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economic_supports" ADD CONSTRAINT "economic_supports_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "economic_supports" ADD CONSTRAINT "economic_supports_payment_recorded_by_users_id_fk" FOREIGN KEY ("payment_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meetings_case_date_idx" ON "meetings" USING btree ("case_id","meeting_date","start_time","id");--> statement-breakpoint
CREATE INDEX "meetings_planned_date_idx" ON "meetings" USING btree ("meeting_date","start_time") WHERE status = 'planned';--> statement-breakpoint
CREATE UNIQUE INDEX "diary_note_revisions_note_version_key" ON "diary_note_revisions" USING btree ("note_id","version");--> statement-breakpoint
CREATE INDEX "diary_notes_case_idx" ON "diary_notes" USING btree ("case_id","noted_on","id");--> statement-breakpoint
CREATE INDEX "economic_supports_case_idx" ON "economic_supports" USING btree ("case_id","created_at","id");