/**
 * Companies (aziende, DOMAIN.md §4) in the job developers' book: identity (partita IVA and codice
 * fiscale, checked as in vat-number.ts), size and the obligations it drives, address, sites (sedi),
 * contacts (referenti) and the relationship status; plus the bulk import of companies.
 */
import { Type, type Static, type TOptional, type TSchema } from 'typebox'
import { Instant, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { OrganisationRef, UserRef } from './cases.js'
import { ITALIAN_REGIONS } from './regions.js'

/** Null first: with the API's type coercion a `null` must match the null branch before being coerced into 0 or "". */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema])

export const COMPANY_RELATIONSHIP_STATUSES = ['prospect', 'contacted', 'available', 'partner', 'inactive'] as const
export type CompanyRelationshipStatus = (typeof COMPANY_RELATIONSHIP_STATUSES)[number]
export const CompanyRelationshipStatus = Type.Enum(COMPANY_RELATIONSHIP_STATUSES, {
  $id: 'CompanyRelationshipStatus',
  description: '`prospect` (da contattare), `contacted` (contattata), `available` (disponibile a ospitare o assumere), `partner` (partner stabile), `inactive` (non attiva)',
})

/**
 * The relationship status diagram: one step forward along prospect → contacted → available →
 * partner; `inactive` from any status (with a reason); an inactive company is taken up again as
 * `contacted`; a partner may step back to `available`.
 */
export const COMPANY_STATUS_TRANSITIONS: Record<CompanyRelationshipStatus, readonly CompanyRelationshipStatus[]> = {
  prospect: ['contacted', 'inactive'],
  contacted: ['available', 'inactive'],
  available: ['partner', 'inactive'],
  partner: ['available', 'inactive'],
  inactive: ['contacted'],
}
export const isCompanyTransitionAllowed = (from: CompanyRelationshipStatus, to: CompanyRelationshipStatus) => COMPANY_STATUS_TRANSITIONS[from].includes(to)
/** Moves that need a reason. */
export const COMPANY_TRANSITIONS_NEEDING_REASON: readonly CompanyRelationshipStatus[] = ['inactive']

export const RegionCode = Type.Enum(ITALIAN_REGIONS, { $id: 'RegionCode', description: 'Region (selects the internship rule set of an internship hosted at a site)' })

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })
const VatNumber = Type.String({ minLength: 11, maxLength: 20, description: 'Partita IVA: 11 digits with a valid check digit (spaces and an `IT` prefix are ignored)', examples: ['01234567897'] })
const CompanyTaxCode = Type.String({ minLength: 11, maxLength: 20, description: 'Codice fiscale of the company: 11 digits (checked like a partita IVA) or 16 characters for a sole trader', examples: ['01234567897'] })
const AtecoCode = Type.String({ pattern: '^[0-9]{2}(\\.[0-9]{1,2}){0,2}$', maxLength: 8, description: 'ATECO code (section digits, e.g. `25.62.00`)', examples: ['25.62.00'] })
const Employees = Type.Integer({ format: 'int32', minimum: 0, maximum: 1000000, description: 'Number of employees: drives the interns it may host and its L. 68 quota' })
const Street = Type.String({ maxLength: 200 })
const PostalCode = Type.String({ pattern: '^[0-9]{5}$', description: 'CAP', examples: ['23868'] })
const Municipality = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', examples: ['Valmadrera'] })
const Province = Type.String({ pattern: '^[A-Z]{2}$', description: 'Province code', examples: ['LC'] })
const Phone = Type.String({ maxLength: 30, pattern: '^\\+?[0-9][0-9 ()./-]{4,29}$', description: 'Phone number', examples: ['+39 0341 123456'] })
const Email = Type.String({ format: 'email', maxLength: 254 })
const Website = Type.String({ maxLength: 300, pattern: '^(https?://)?[^\\s]+\\.[^\\s]+$', examples: ['https://www.example.it'] })

export const CompanyRef = Type.Object({ id: Uuid, name: Type.String() }, { $id: 'CompanyRef', additionalProperties: false, description: 'A company as other resources name it' })
export type CompanyRef = Static<typeof CompanyRef>

export const CompanyObligations = Type.Object(
  {
    internsHostableAtOnce: Type.Integer({ format: 'int32', description: 'Interns it may host at once (DOMAIN.md §3: 0–5 employees → 1; 6–20 → 2; > 20 → 10%)' }),
    disabledWorkersQuota: Type.Integer({ format: 'int32', description: 'L. 68/1999 quota of disabled workers (15–35 → 1; 36–50 → 2; > 50 → 7%)' }),
    disabledQuotaBand: Type.Enum(['none', 'one', 'two', 'seven_percent'], { description: 'The L. 68 band its size falls in' }),
  },
  { $id: 'CompanyObligations', additionalProperties: false, description: 'Derived from the number of employees; null when it is unknown' },
)
export type CompanyObligations = Static<typeof CompanyObligations>

export const COMPANY_PERMISSIONS = ['update', 'transition', 'manage_sites', 'manage_contacts', 'record_activity', 'create_vacancy'] as const
export type CompanyPermission = (typeof COMPANY_PERMISSIONS)[number]
export const CompanyPermission = Type.Enum(COMPANY_PERMISSIONS, { $id: 'CompanyPermission' })

export const CompanySite = Type.Object(
  {
    id: Uuid,
    companyId: Uuid,
    name: Type.String(),
    street: Nullable(Type.String()),
    postalCode: Nullable(Type.String()),
    municipality: Type.String(),
    province: Nullable(Type.String()),
    region: Ref(RegionCode),
    isHeadquarters: Type.Boolean(),
    isActive: Type.Boolean(),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'CompanySite', additionalProperties: false, description: 'A site (sede / postazione) where people work' },
)
export type CompanySite = Static<typeof CompanySite>

export const CompanySiteCreate = Type.Object(
  {
    name: Name,
    street: Type.Optional(Nullable(Street)),
    postalCode: Type.Optional(Nullable(PostalCode)),
    municipality: Municipality,
    province: Type.Optional(Nullable(Province)),
    region: Ref(RegionCode),
    isHeadquarters: Type.Optional(Type.Boolean({ default: false })),
  },
  { $id: 'CompanySiteCreate', additionalProperties: false },
)
export type CompanySiteCreate = Static<typeof CompanySiteCreate>

export const CompanySitePatch = Type.Object(
  {
    name: Type.Optional(Name),
    street: Type.Optional(Nullable(Street)),
    postalCode: Type.Optional(Nullable(PostalCode)),
    municipality: Type.Optional(Municipality),
    province: Type.Optional(Nullable(Province)),
    region: Type.Optional(Ref(RegionCode)),
    isHeadquarters: Type.Optional(Type.Boolean()),
    isActive: Type.Optional(Type.Boolean()),
  },
  { $id: 'CompanySitePatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a site' },
)
export type CompanySitePatch = Static<typeof CompanySitePatch>

export const CompanyContact = Type.Object(
  {
    id: Uuid,
    companyId: Uuid,
    siteId: Nullable(Uuid),
    givenName: Type.String(),
    familyName: Type.String(),
    role: Nullable(Type.String({ description: 'Their role in the company, e.g. "Responsabile del personale"' })),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    isActive: Type.Boolean(),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'CompanyContact', additionalProperties: false, description: 'A person of the company (referente); each read is audited' },
)
export type CompanyContact = Static<typeof CompanyContact>

export const CompanyContactCreate = Type.Object(
  {
    givenName: Name,
    familyName: Name,
    role: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    phone: Type.Optional(Nullable(Phone)),
    email: Type.Optional(Nullable(Email)),
    siteId: Type.Optional(Nullable(Uuid)),
  },
  { $id: 'CompanyContactCreate', additionalProperties: false },
)
export type CompanyContactCreate = Static<typeof CompanyContactCreate>

export const CompanyContactPatch = Type.Object(
  {
    givenName: Type.Optional(Name),
    familyName: Type.Optional(Name),
    role: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    phone: Type.Optional(Nullable(Phone)),
    email: Type.Optional(Nullable(Email)),
    siteId: Type.Optional(Nullable(Uuid)),
    isActive: Type.Optional(Type.Boolean()),
  },
  { $id: 'CompanyContactPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a contact' },
)
export type CompanyContactPatch = Static<typeof CompanyContactPatch>

export const CompanySiteList = Type.Object(
  { items: Type.Array(Ref(CompanySite)), nextCursor: Type.Null({ description: 'Always null: the whole list is one page' }) },
  { $id: 'CompanySiteList', additionalProperties: false, description: 'Every site of the company (headquarters first)' },
)
export type CompanySiteList = Static<typeof CompanySiteList>

export const CompanyContactList = Type.Object(
  { items: Type.Array(Ref(CompanyContact)), nextCursor: Type.Null({ description: 'Always null: the whole list is one page' }) },
  { $id: 'CompanyContactList', additionalProperties: false, description: 'Every contact of the company (active first)' },
)
export type CompanyContactList = Static<typeof CompanyContactList>

export const CompanyStatusChange = Type.Object(
  {
    from: Nullable(Ref(CompanyRelationshipStatus)),
    to: Ref(CompanyRelationshipStatus),
    reason: Nullable(Type.String()),
    changedBy: Nullable(Ref(UserRef)),
    changedAt: Instant,
  },
  { $id: 'CompanyStatusChange', additionalProperties: false },
)
export type CompanyStatusChange = Static<typeof CompanyStatusChange>

const companyCore = {
  id: Uuid,
  name: Type.String(),
  vatNumber: Nullable(Type.String({ description: 'Partita IVA' })),
  taxCode: Nullable(Type.String({ description: 'Codice fiscale of the company' })),
  atecoCode: Nullable(Type.String()),
  employees: Nullable(Type.Integer({ format: 'int32' })),
  isPublicAdministration: Type.Boolean(),
  isTypeBCooperative: Type.Boolean(),
  municipality: Nullable(Type.String()),
  province: Nullable(Type.String()),
  relationshipStatus: Ref(CompanyRelationshipStatus),
  ownerOrganisation: Ref(OrganisationRef),
  followedBy: Nullable(Ref(UserRef)),
  obligations: Nullable(Ref(CompanyObligations)),
  openVacancies: Type.Integer({ format: 'int32', description: 'Vacancies open now' }),
  version: Version,
  updatedAt: Instant,
}

export const CompanySummary = Type.Object(companyCore, { $id: 'CompanySummary', additionalProperties: false, description: 'A company as lists show it' })
export type CompanySummary = Static<typeof CompanySummary>

export const Company = Type.Object(
  {
    ...companyCore,
    street: Nullable(Type.String()),
    postalCode: Nullable(Type.String()),
    region: Nullable(Ref(RegionCode)),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    website: Nullable(Type.String()),
    sites: Type.Array(Ref(CompanySite)),
    contacts: Type.Array(Ref(CompanyContact), { description: 'Its contacts (active first); reading them is audited' }),
    statusHistory: Type.Array(Ref(CompanyStatusChange), { description: 'Every relationship status change, oldest first' }),
    allowedTransitions: Type.Array(Ref(CompanyRelationshipStatus), { description: 'The statuses the caller may move the company to now' }),
    permissions: Type.Array(Ref(CompanyPermission), { description: 'What the caller may do on the company now' }),
    createdAt: Instant,
  },
  { $id: 'Company', additionalProperties: false },
)
export type Company = Static<typeof Company>

const companyWritable = {
  vatNumber: Nullable(VatNumber),
  taxCode: Nullable(CompanyTaxCode),
  atecoCode: Nullable(AtecoCode),
  employees: Nullable(Employees),
  isPublicAdministration: Type.Boolean(),
  isTypeBCooperative: Type.Boolean(),
  street: Nullable(Street),
  postalCode: Nullable(PostalCode),
  municipality: Nullable(Municipality),
  province: Nullable(Province),
  region: Nullable(Ref(RegionCode)),
  phone: Nullable(Phone),
  email: Nullable(Email),
  website: Nullable(Website),
  followedById: Nullable(Type.String({ format: 'uuid', description: 'The job developer who follows the company (a user of the owner organisation)' })),
}
const optional = <T extends Record<string, TSchema>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof T]: TOptional<T[K]> }

export const CompanyCreate = Type.Object(
  {
    name: Name,
    ...optional(companyWritable),
    ownerOrganisationId: Type.Optional(Type.String({ format: 'uuid', description: 'The organisation registering the company, when the caller works for several (default: the first where they work companies)' })),
  },
  { $id: 'CompanyCreate', additionalProperties: false, description: 'A new company: a partita IVA or a codice fiscale is advised; a partita IVA already registered answers 409 with its id' },
)
export type CompanyCreate = Static<typeof CompanyCreate>

export const CompanyPatch = Type.Object({ name: Type.Optional(Name), ...optional(companyWritable) }, {
  $id: 'CompanyPatch',
  additionalProperties: false,
  description: 'JSON Merge Patch (RFC 7396) of a company; the relationship status changes only through transitions',
})
export type CompanyPatch = Static<typeof CompanyPatch>

export const CompanyListQuery = Type.Object({
  ...PageQuery.properties,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the company\'s name (case and accent insensitive)' })),
  vatNumber: Type.Optional(Type.String({ minLength: 11, maxLength: 20, description: 'Exactly this partita IVA' })),
  atecoCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}(\\.[0-9]{0,2}){0,2}$', maxLength: 8, description: 'ATECO code or its prefix (`25` → every 25.x.x)' })),
  relationshipStatus: Type.Optional(Type.Array(Ref(CompanyRelationshipStatus), { maxItems: 5, description: 'Only companies in these statuses (repeat the parameter for several)' })),
  municipality: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Municipality of the company or of one of its sites' })),
})
export type CompanyListQuery = Static<typeof CompanyListQuery>

export const CompanyPage = Page(Ref(CompanySummary), { $id: 'CompanyPage', description: 'A page of companies, by name' })
export type CompanyPage = Static<typeof CompanyPage>

export const CompanyTransitionRequest = Type.Object(
  {
    to: Ref(CompanyRelationshipStatus),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'Why (required to make it inactive)' })),
  },
  { $id: 'CompanyTransitionRequest', additionalProperties: false },
)
export type CompanyTransitionRequest = Static<typeof CompanyTransitionRequest>

export const COMPANY_IMPORT_MAX_ROWS = 1000

/** A row of the import: the fields of a new company, each loosely typed so one bad row never fails the file. */
export const CompanyImportRow = Type.Record(Type.String(), Type.Unknown(), { $id: 'CompanyImportRow', description: 'A company as in CompanyCreate; each row is checked on its own' })
export type CompanyImportRow = Static<typeof CompanyImportRow>

export const CompanyImportRequest = Type.Object(
  {
    items: Type.Array(Ref(CompanyImportRow), { minItems: 1, maxItems: COMPANY_IMPORT_MAX_ROWS }),
    ownerOrganisationId: Type.Optional(Type.String({ format: 'uuid', description: 'The organisation registering the companies, when the caller works for several' })),
  },
  { $id: 'CompanyImportRequest', additionalProperties: false, description: 'Up to 1,000 companies (also accepted as `text/csv` with a header row of the same field names)' },
)
export type CompanyImportRequest = Static<typeof CompanyImportRequest>

export const CompanyImportOutcome = Type.Enum(['created', 'duplicate', 'invalid'], { $id: 'CompanyImportOutcome' })
export type CompanyImportOutcome = 'created' | 'duplicate' | 'invalid'

export const CompanyImportItemResult = Type.Object(
  {
    index: Type.Integer({ format: 'int32', minimum: 0, description: 'Position of the row (0-based; the CSV header is not counted)' }),
    outcome: Ref(CompanyImportOutcome),
    id: Type.Optional(Uuid),
    existingId: Type.Optional(Uuid),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String(), code: Type.Optional(Type.String()) }, { additionalProperties: false }))),
  },
  { $id: 'CompanyImportItemResult', additionalProperties: false, description: '`created` with `id`; `duplicate` with the `existingId` of the partita IVA; `invalid` with its `errors`' },
)
export type CompanyImportItemResult = Static<typeof CompanyImportItemResult>

export const CompanyImportResult = Type.Object(
  {
    created: Type.Integer({ format: 'int32' }),
    duplicates: Type.Integer({ format: 'int32' }),
    invalid: Type.Integer({ format: 'int32' }),
    items: Type.Array(Ref(CompanyImportItemResult)),
  },
  { $id: 'CompanyImportResult', additionalProperties: false },
)
export type CompanyImportResult = Static<typeof CompanyImportResult>
