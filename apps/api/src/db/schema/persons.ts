/**
 * Persons (assistiti) registered by a municipality, and their special-category section kept in a
 * table of its own so that only the owning coordinator and the assigned case manager ever read it.
 */
import { sql } from 'drizzle-orm'
import { bigint, boolean, date, index, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { organisations } from './organisations.js'
import { users } from './users.js'

export interface LanguageSkill {
  language: string
  level: string
}
export interface Availability {
  hoursPerWeek?: number | null
  days?: string[]
  mobility?: string[]
  notes?: string | null
}

export const persons = pgTable(
  'persons',
  {
    id: id(),
    /** The owning municipality (titolare of the data). */
    municipalityId: uuid('municipality_id').notNull().references(() => organisations.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    /** Stored normalised: upper case, no spaces. */
    taxCode: text('tax_code').notNull(),
    /**
     * The tax code with its omocodia letters turned back into digits, without the check character
     * (SQL function `ponte_tax_code_base`, migration person_search): every omocodia variant of a
     * code has the same base, so the unique index below refuses them as the same person.
     */
    taxCodeBase: text('tax_code_base').notNull().generatedAlwaysAs(sql`ponte_tax_code_base("tax_code")`),
    /**
     * The full name as searches compare it — unaccented, lower case (`ponte_search_text`, migration
     * person_search) — stored so the trigram index below covers the column itself.
     */
    searchName: text('search_name').notNull().generatedAlwaysAs(sql`ponte_search_text("given_name" || ' ' || "family_name")`),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex', { enum: ['F', 'M'] }).notNull(),
    birthPlace: text('birth_place'),
    citizenship: text('citizenship'),
    residenceMunicipality: text('residence_municipality'),
    residenceAddress: text('residence_address'),
    phone: text('phone'),
    email: text('email'),
    educationLevel: smallint('education_level'),
    educationNotes: text('education_notes'),
    languages: jsonb('languages').$type<LanguageSkill[]>().notNull().default([]),
    drivingLicences: text('driving_licences').array().notNull().default(sql`'{}'::text[]`),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    availability: jsonb('availability').$type<Availability>().notNull().default({}),
    employmentStatus: text('employment_status', { enum: ['unemployed', 'employed', 'underemployed', 'inactive', 'student', 'retired'] }),
    unemployedSince: date('unemployed_since', { mode: 'string' }),
    didRegistered: boolean('did_registered').notNull().default(false),
    didDate: date('did_date', { mode: 'string' }),
    /** Set when the person is anonymised after the retention period (§8). */
    anonymisedAt: instant('anonymised_at'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    /** A tax code is registered once per municipality, omocodia variants included (DOMAIN.md §2). */
    uniqueIndex('persons_municipality_tax_code_base_key').on(t.municipalityId, t.taxCodeBase),
    index('persons_municipality_birth_date_idx').on(t.municipalityId, t.birthDate),
    /**
     * The persons of a municipality with one search name, in id order: a name search reads a page
     * of each matching name from here (docs/decisions/0023).
     */
    index('persons_municipality_search_name_id_idx').on(t.municipalityId, t.searchName, t.id),
    /**
     * The persons of a municipality with one given name, and with one family name (as searches fold
     * them), in id order: a one-word search reads a page of each matching name part from here
     * (docs/decisions/0027).
     */
    index('persons_municipality_given_part_id_idx').on(t.municipalityId, sql`ponte_search_text(${t.givenName})`, t.id),
    index('persons_municipality_family_part_id_idx').on(t.municipalityId, sql`ponte_search_text(${t.familyName})`, t.id),
  ],
)
export type PersonRow = typeof persons.$inferSelect

/**
 * The distinct search names of each municipality's persons, with how many persons bear each — the
 * dictionary name searches match against (docs/decisions/0023). Moved by statement-level triggers on
 * `persons` (migration 0021), never written by the application. A name search compares the text
 * typed with these few names (trigram index) and then reads only the persons of the names that
 * match, so it does not grow with the persons sharing a name.
 */
export const personSearchNames = pgTable(
  'person_search_names',
  {
    municipalityId: uuid('municipality_id').notNull(),
    searchName: text('search_name').notNull(),
    persons: bigint('persons', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.searchName] }),
    /** Word similarity (`%>`) of the text typed to a name or a part of it, tolerant of typos. */
    index('person_search_names_trgm_idx').using('gin', t.searchName.op('gin_trgm_ops')),
  ],
)

/**
 * The distinct given names and family names (each folded as searches compare them, a part of a
 * search name) of each municipality's persons, with how many persons bear each — the dictionary a
 * one-word search ("mario", "brambilla") matches against (docs/decisions/0027): far fewer rows than
 * the distinct full names, and a common word matches a handful of parts where it matches tens of
 * thousands of full names. Moved by statement-level triggers on `persons` (migration 0022), never
 * written by the application.
 */
export const personSearchParts = pgTable(
  'person_search_parts',
  {
    municipalityId: uuid('municipality_id').notNull(),
    kind: text('kind', { enum: ['given', 'family'] }).notNull(),
    part: text('part').notNull(),
    persons: bigint('persons', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.kind, t.part] }),
    /** Word similarity (`%>`) of the word typed to a part, tolerant of typos. */
    index('person_search_parts_trgm_idx').using('gin', t.part.op('gin_trgm_ops')),
  ],
)

/** GDPR special categories (DOMAIN.md §1 rule 4): never joined into the working profile. */
export const personSensitive = pgTable('person_sensitive', {
  personId: uuid('person_id').primaryKey().references(() => persons.id),
  /** L. 381/1991 art. 4 disadvantage categories. */
  disadvantageCategories: text('disadvantage_categories').array().notNull().default(sql`'{}'::text[]`),
  l68Registered: boolean('l68_registered').notNull().default(false),
  invalidityPercent: smallint('invalidity_percent'),
  healthNotes: text('health_notes'),
  addictionNotes: text('addiction_notes'),
  judicialNotes: text('judicial_notes'),
  updatedBy: uuid('updated_by').references(() => users.id),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})
export type PersonSensitiveRow = typeof personSensitive.$inferSelect
