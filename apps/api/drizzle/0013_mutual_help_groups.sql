CREATE TABLE "group_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"person_id" uuid,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"phone" text,
	"email" text,
	"residence_municipality" text NOT NULL,
	"employment_status" text NOT NULL,
	"referral_source" text NOT NULL,
	"consent_date" date NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"interview_date" date,
	"reason" text,
	"decided_on" date,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_applications_codes_check" CHECK ("group_applications"."status" in ('received', 'interview_scheduled', 'admitted', 'waiting_list', 'not_admitted', 'withdrawn') and "group_applications"."employment_status" in ('unemployed', 'employed', 'underemployed', 'inactive', 'student', 'retired') and "group_applications"."referral_source" in ('social_services', 'employment_centre', 'self', 'other') and ("group_applications"."reason" is null or "group_applications"."reason" in ('not_resident', 'not_unemployed', 'group_full', 'not_suitable_now', 'unreachable', 'applicant_withdrew', 'found_job', 'other'))),
	CONSTRAINT "group_applications_text_check" CHECK (char_length("group_applications"."given_name") <= 100 and position(E'\n' in "group_applications"."given_name") = 0 and char_length("group_applications"."family_name") <= 100 and position(E'\n' in "group_applications"."family_name") = 0 and char_length("group_applications"."residence_municipality") <= 120 and position(E'\n' in "group_applications"."residence_municipality") = 0 and ("group_applications"."phone" is null or char_length("group_applications"."phone") <= 40 and position(E'\n' in "group_applications"."phone") = 0) and ("group_applications"."email" is null or char_length("group_applications"."email") <= 254 and position(E'\n' in "group_applications"."email") = 0)),
	CONSTRAINT "group_applications_reason_check" CHECK (("group_applications"."status" in ('not_admitted', 'withdrawn')) = ("group_applications"."reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "group_attendance" (
	"session_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"status" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_attendance_session_id_member_id_pk" PRIMARY KEY("session_id","member_id"),
	CONSTRAINT "group_attendance_codes_check" CHECK ("group_attendance"."status" in ('present', 'absent_justified', 'absent_unjustified'))
);
--> statement-breakpoint
CREATE TABLE "group_facilitators" (
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"lead" boolean DEFAULT false NOT NULL,
	CONSTRAINT "group_facilitators_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "group_information_meeting_attendance" (
	"meeting_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"attended" boolean NOT NULL,
	CONSTRAINT "group_information_meeting_attendance_meeting_id_application_id_pk" PRIMARY KEY("meeting_id","application_id")
);
--> statement-breakpoint
CREATE TABLE "group_information_meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"date" date NOT NULL,
	"start_time" text NOT NULL,
	"place" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_information_meetings_text_check" CHECK ("group_information_meetings"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and char_length("group_information_meetings"."place") <= 200 and position(E'\n' in "group_information_meetings"."place") = 0)
);
--> statement-breakpoint
CREATE TABLE "group_member_follow_ups" (
	"member_id" uuid NOT NULL,
	"months" smallint NOT NULL,
	"status" text NOT NULL,
	"recorded_on" date NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_member_follow_ups_member_id_months_pk" PRIMARY KEY("member_id","months"),
	CONSTRAINT "group_member_follow_ups_check" CHECK ("group_member_follow_ups"."months" in (3, 6, 12) and "group_member_follow_ups"."status" in ('employed', 'self_employed', 'in_training', 'unemployed', 'unreachable'))
);
--> statement-breakpoint
CREATE TABLE "group_member_outcomes" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"wellbeing_entry" smallint,
	"self_efficacy_entry" smallint,
	"wellbeing_end" smallint,
	"self_efficacy_end" smallint,
	"job_search_actions" text[] DEFAULT '{}'::text[] NOT NULL,
	"referrals" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_member_outcomes_scales_check" CHECK (coalesce("group_member_outcomes"."wellbeing_entry", 1) between 1 and 10 and coalesce("group_member_outcomes"."self_efficacy_entry", 1) between 1 and 10 and coalesce("group_member_outcomes"."wellbeing_end", 1) between 1 and 10 and coalesce("group_member_outcomes"."self_efficacy_end", 1) between 1 and 10),
	CONSTRAINT "group_member_outcomes_codes_check" CHECK ("group_member_outcomes"."job_search_actions" <@ array['cv_updated', 'applications_sent', 'employment_centre_registration', 'employment_agencies_registration', 'training_enrolment', 'self_employment_project', 'job_interviews']::text[] and "group_member_outcomes"."referrals" <@ array['internship', 'company_mediation', 'training_course', 'employment_centre']::text[])
);
--> statement-breakpoint
CREATE TABLE "group_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"group_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"joined_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"drop_out_reason" text,
	"dropped_out_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_members_codes_check" CHECK ("group_members"."status" in ('active', 'dropped_out', 'completed') and ("group_members"."drop_out_reason" is null or "group_members"."drop_out_reason" in ('found_job', 'started_training', 'schedule_conflict', 'moved_away', 'personal_reasons', 'unreachable', 'other'))),
	CONSTRAINT "group_members_drop_out_check" CHECK (("group_members"."status" = 'dropped_out') = ("group_members"."drop_out_reason" is not null and "group_members"."dropped_out_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "group_programme_partners" (
	"programme_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "group_programme_partners_programme_id_organisation_id_pk" PRIMARY KEY("programme_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "group_programmes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_municipality_id" uuid NOT NULL,
	"name" text NOT NULL,
	"covered_municipalities" text[] DEFAULT '{}'::text[] NOT NULL,
	"funder" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"local_closures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_programmes_period_check" CHECK ("group_programmes"."period_start" <= "group_programmes"."period_end"),
	CONSTRAINT "group_programmes_name_check" CHECK (char_length("group_programmes"."name") <= 200 and position(E'\n' in "group_programmes"."name") = 0 and char_length("group_programmes"."funder") <= 200 and position(E'\n' in "group_programmes"."funder") = 0)
);
--> statement-breakpoint
CREATE TABLE "group_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"group_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" smallint,
	"topic" text,
	"date" date NOT NULL,
	"start_time" text NOT NULL,
	"duration_minutes" integer DEFAULT 120 NOT NULL,
	"place" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"moved_from" date,
	"change_reason" text,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_sessions_kind_check" CHECK (("group_sessions"."kind" = 'talk' and "group_sessions"."number" between 1 and 16 and "group_sessions"."topic" is null) or ("group_sessions"."kind" = 'thematic' and "group_sessions"."number" is null and "group_sessions"."topic" is not null)),
	CONSTRAINT "group_sessions_codes_check" CHECK ("group_sessions"."kind" in ('talk', 'thematic') and "group_sessions"."status" in ('planned', 'held', 'cancelled') and ("group_sessions"."topic" is null or "group_sessions"."topic" in ('cv_and_cover_letter', 'job_interview', 'online_job_search', 'contracts_and_labour_rights', 'training_opportunities', 'self_employment', 'digital_skills', 'employment_services')) and ("group_sessions"."change_reason" is null or "group_sessions"."change_reason" in ('facilitator_unavailable', 'venue_unavailable', 'holiday_or_closure', 'group_request', 'weather', 'other')) and "group_sessions"."themes" <@ array['job_search_strategies', 'skills_and_strengths', 'motivation_and_confidence', 'work_life_balance', 'training_needs', 'local_labour_market', 'mutual_support', 'group_organisation']::text[]),
	CONSTRAINT "group_sessions_text_check" CHECK ("group_sessions"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and char_length("group_sessions"."place") <= 200 and position(E'\n' in "group_sessions"."place") = 0 and "group_sessions"."duration_minutes" between 30 and 480)
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"capacity" integer DEFAULT 16 NOT NULL,
	"cohort" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"requested_topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "groups_capacity_check" CHECK ("groups"."capacity" between 2 and 30),
	CONSTRAINT "groups_codes_check" CHECK ("groups"."cohort" in ('closed', 'open') and "groups"."status" in ('planned', 'running', 'completed', 'cancelled') and "groups"."requested_topics" <@ array['cv_and_cover_letter', 'job_interview', 'online_job_search', 'contracts_and_labour_rights', 'training_opportunities', 'self_employment', 'digital_skills', 'employment_services']::text[]),
	CONSTRAINT "groups_text_check" CHECK (char_length("groups"."name") <= 120 and position(E'\n' in "groups"."name") = 0)
);
--> statement-breakpoint
ALTER TABLE "group_applications" ADD CONSTRAINT "group_applications_programme_id_group_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."group_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_applications" ADD CONSTRAINT "group_applications_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_applications" ADD CONSTRAINT "group_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_attendance" ADD CONSTRAINT "group_attendance_session_id_group_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."group_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_attendance" ADD CONSTRAINT "group_attendance_member_id_group_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."group_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_attendance" ADD CONSTRAINT "group_attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_facilitators" ADD CONSTRAINT "group_facilitators_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_facilitators" ADD CONSTRAINT "group_facilitators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_facilitators" ADD CONSTRAINT "group_facilitators_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_information_meeting_attendance" ADD CONSTRAINT "group_information_meeting_attendance_meeting_id_group_information_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."group_information_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_information_meeting_attendance" ADD CONSTRAINT "group_information_meeting_attendance_application_id_group_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."group_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_information_meetings" ADD CONSTRAINT "group_information_meetings_programme_id_group_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."group_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_member_follow_ups" ADD CONSTRAINT "group_member_follow_ups_member_id_group_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."group_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_member_follow_ups" ADD CONSTRAINT "group_member_follow_ups_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_member_outcomes" ADD CONSTRAINT "group_member_outcomes_member_id_group_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."group_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_application_id_group_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."group_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_programme_partners" ADD CONSTRAINT "group_programme_partners_programme_id_group_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."group_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_programme_partners" ADD CONSTRAINT "group_programme_partners_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_programmes" ADD CONSTRAINT "group_programmes_owner_municipality_id_organisations_id_fk" FOREIGN KEY ("owner_municipality_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_programmes" ADD CONSTRAINT "group_programmes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_sessions" ADD CONSTRAINT "group_sessions_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_programme_id_group_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."group_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_applications_programme_idx" ON "group_applications" USING btree ("programme_id","status");--> statement-breakpoint
CREATE INDEX "group_applications_person_idx" ON "group_applications" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_applications_person_key" ON "group_applications" USING btree ("programme_id","person_id") WHERE "group_applications"."person_id" is not null and "group_applications"."status" not in ('not_admitted', 'withdrawn');--> statement-breakpoint
CREATE INDEX "group_attendance_member_idx" ON "group_attendance" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "group_facilitators_user_idx" ON "group_facilitators" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_facilitators_lead_key" ON "group_facilitators" USING btree ("group_id") WHERE "group_facilitators"."lead";--> statement-breakpoint
CREATE INDEX "group_information_meetings_programme_idx" ON "group_information_meetings" USING btree ("programme_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "group_members_application_key" ON "group_members" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "group_members_group_idx" ON "group_members" USING btree ("group_id","status");--> statement-breakpoint
CREATE INDEX "group_programme_partners_org_idx" ON "group_programme_partners" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "group_programmes_owner_idx" ON "group_programmes" USING btree ("owner_municipality_id","id");--> statement-breakpoint
CREATE INDEX "group_sessions_group_idx" ON "group_sessions" USING btree ("group_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "group_sessions_number_key" ON "group_sessions" USING btree ("group_id","number") WHERE "group_sessions"."kind" = 'talk';--> statement-breakpoint
CREATE INDEX "groups_programme_idx" ON "groups" USING btree ("programme_id");