/**
 * Companies (aziende) in the book of the cooperatives' job developers, with their sites (sedi /
 * postazioni) and contacts (referenti). Company mediation (DOMAIN.md §4) owns their API; work
 * measures (§3) point at them as host or employer, and the region of the host site selects the
 * internship rule set.
 */
import { sql } from 'drizzle-orm'
import { boolean, date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { organisations } from './organisations.js'
import { users } from './users.js'

/** The regions' codes, as in the contract (`ITALIAN_REGIONS` of @ponte/shared). */
export const ITALIAN_REGIONS = [
  'abruzzo', 'basilicata', 'calabria', 'campania', 'emilia_romagna', 'friuli_venezia_giulia', 'lazio', 'liguria', 'lombardia', 'marche', 'molise',
  'piemonte', 'puglia', 'sardegna', 'sicilia', 'toscana', 'trentino_alto_adige_bolzano', 'trentino_alto_adige_trento', 'umbria', 'valle_d_aosta', 'veneto',
] as const

export const COMPANY_RELATIONSHIP_STATUSES = ['prospect', 'contacted', 'available', 'partner', 'inactive'] as const
export type CompanyRelationshipStatus = (typeof COMPANY_RELATIONSHIP_STATUSES)[number]

export const companies = pgTable(
  'companies',
  {
    id: id(),
    /** The organisation that registered the company; it shares it with the organisations it works with. */
    ownerOrganisationId: uuid('owner_organisation_id').notNull().references(() => organisations.id),
    name: text('name').notNull(),
    /** Partita IVA: 11 digits with its check digit; unique when present. */
    vatNumber: text('vat_number'),
    /** Codice fiscale of the company (11 digits, or 16 characters for a sole trader). */
    taxCode: text('tax_code'),
    /** ATECO 2007/2025 code, e.g. `25.62.00`. */
    atecoCode: text('ateco_code'),
    employees: integer('employees'),
    isPublicAdministration: boolean('is_public_administration').notNull().default(false),
    isTypeBCooperative: boolean('is_type_b_cooperative').notNull().default(false),
    street: text('street'),
    postalCode: text('postal_code'),
    municipality: text('municipality'),
    province: text('province'),
    region: text('region', { enum: ITALIAN_REGIONS }),
    phone: text('phone'),
    email: text('email'),
    website: text('website'),
    relationshipStatus: text('relationship_status', { enum: COMPANY_RELATIONSHIP_STATUSES }).notNull().default('prospect'),
    /** The job developer who follows the company. */
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('companies_vat_number_key').on(t.vatNumber).where(sql`${t.vatNumber} is not null`),
    index('companies_owner_organisation_idx').on(t.ownerOrganisationId),
    index('companies_relationship_status_idx').on(t.relationshipStatus),
    index('companies_ateco_code_idx').on(t.atecoCode),
    index('companies_search_name_trgm_idx').using('gin', sql`ponte_search_text(${t.name}) gin_trgm_ops`),
    index('companies_name_idx').on(t.name, t.id),
  ],
)
export type CompanyRow = typeof companies.$inferSelect

export const companySites = pgTable(
  'company_sites',
  {
    id: id(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    name: text('name').notNull(),
    street: text('street'),
    postalCode: text('postal_code'),
    municipality: text('municipality').notNull(),
    province: text('province'),
    /** Selects the internship rule set of an internship hosted here. */
    region: text('region', { enum: ITALIAN_REGIONS }).notNull(),
    isHeadquarters: boolean('is_headquarters').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('company_sites_company_idx').on(t.companyId)],
)
export type CompanySiteRow = typeof companySites.$inferSelect

export const companyContacts = pgTable(
  'company_contacts',
  {
    id: id(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    /** The site the contact works at, when the company has several. */
    siteId: uuid('site_id').references(() => companySites.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    /** Their role in the company, e.g. "Responsabile del personale"; a host tutor of internships. */
    role: text('role'),
    phone: text('phone'),
    email: text('email'),
    isActive: boolean('is_active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('company_contacts_company_idx').on(t.companyId)],
)
export type CompanyContactRow = typeof companyContacts.$inferSelect

/** Every relationship status change of a company, with who and why (the first row is its registration). */
export const companyStatusChanges = pgTable(
  'company_status_changes',
  {
    id: id(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    fromStatus: text('from_status', { enum: COMPANY_RELATIONSHIP_STATUSES }),
    toStatus: text('to_status', { enum: COMPANY_RELATIONSHIP_STATUSES }).notNull(),
    reason: text('reason'),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: createdAt(),
  },
  (t) => [index('company_status_changes_company_idx').on(t.companyId, t.changedAt)],
)
export type CompanyStatusChangeRow = typeof companyStatusChanges.$inferSelect

export const ACTIVITY_KIND_VALUES = ['call', 'visit', 'email', 'meeting'] as const

/** Mediation activities (attività di mediazione): a call, visit, email or meeting, its outcome and the next action. */
export const companyActivities = pgTable(
  'company_activities',
  {
    id: id(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    /** The organisation the operator recorded it for. */
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    kind: text('kind', { enum: ACTIVITY_KIND_VALUES }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    operatorId: uuid('operator_id').notNull().references(() => users.id),
    contactId: uuid('contact_id').references(() => companyContacts.id),
    summary: text('summary').notNull(),
    outcome: text('outcome'),
    nextAction: text('next_action'),
    nextActionDueOn: date('next_action_due_on', { mode: 'string' }),
    nextActionDoneAt: instant('next_action_done_at'),
    nextActionDoneBy: uuid('next_action_done_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('company_activities_company_idx').on(t.companyId, t.occurredOn),
    index('company_activities_due_idx').on(t.operatorId, t.nextActionDueOn).where(sql`${t.nextActionDueOn} is not null and ${t.nextActionDoneAt} is null`),
  ],
)
export type CompanyActivityRow = typeof companyActivities.$inferSelect
