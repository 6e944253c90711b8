CREATE TABLE "companies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"vat_number" text,
	"tax_code" text,
	"ateco_code" text,
	"employees" integer,
	"is_public_administration" boolean DEFAULT false NOT NULL,
	"is_type_b_cooperative" boolean DEFAULT false NOT NULL,
	"street" text,
	"postal_code" text,
	"municipality" text,
	"province" text,
	"region" text,
	"phone" text,
	"email" text,
	"website" text,
	"relationship_status" text DEFAULT 'prospect' NOT NULL,
	"owner_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "company_contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"site_id" uuid,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"role" text,
	"phone" text,
	"email" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "company_sites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"name" text NOT NULL,
	"street" text,
	"postal_code" text,
	"municipality" text NOT NULL,
	"province" text,
	"region" text NOT NULL,
	"is_headquarters" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_events" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "domain_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid NOT NULL,
	"tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"case_id" uuid,
	"owner_organisation_id" uuid,
	"partner_organisation_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_user_id" uuid,
	"actor_client_id" uuid,
	CONSTRAINT "domain_events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_contacts" ADD CONSTRAINT "company_contacts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_contacts" ADD CONSTRAINT "company_contacts_site_id_company_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."company_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_sites" ADD CONSTRAINT "company_sites_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "companies_vat_number_key" ON "companies" USING btree ("vat_number") WHERE "companies"."vat_number" is not null;--> statement-breakpoint
CREATE INDEX "companies_owner_organisation_idx" ON "companies" USING btree ("owner_organisation_id");--> statement-breakpoint
CREATE INDEX "companies_relationship_status_idx" ON "companies" USING btree ("relationship_status");--> statement-breakpoint
CREATE INDEX "companies_ateco_code_idx" ON "companies" USING btree ("ateco_code");--> statement-breakpoint
CREATE INDEX "company_contacts_company_idx" ON "company_contacts" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "company_sites_company_idx" ON "company_sites" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "domain_events_tx_seq_idx" ON "domain_events" USING btree ("tx_id","seq");--> statement-breakpoint
CREATE INDEX "domain_events_case_idx" ON "domain_events" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "domain_events_owner_idx" ON "domain_events" USING btree ("owner_organisation_id","tx_id");