/**
 * Persons (assistiti) registered by a municipality (DOMAIN.md §2): identity with a validated codice
 * fiscale, contacts, education, languages, skills, availability, employment status — and the
 * special-category section (L. 381/1991 art. 4, L. 68/1999, health, addiction, judicial notes) kept
 * apart, readable only by the owning coordinator and the assigned case manager (§1 rule 4).
 */
import { Type, type Static } from 'typebox'
import { CaseStatus } from './cases.js'
import { DateOnly, Instant, Nullable, Page, Ref, Uuid, Version } from './common.js'

export const SEXES = ['F', 'M'] as const
export const Sex = Type.Enum(SEXES, { $id: 'Sex', description: 'Sex as registered in the codice fiscale: `F` or `M`' })
export type Sex = (typeof SEXES)[number]

/** Same values as `persons.employment_status` (apps/api/src/db/schema/persons.ts). */
export const EMPLOYMENT_STATUSES = ['unemployed', 'employed', 'underemployed', 'inactive', 'student', 'retired'] as const
export const EmploymentStatus = Type.Enum(EMPLOYMENT_STATUSES, { $id: 'EmploymentStatus', description: 'Employment status (condizione occupazionale)' })
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number]

/** CEFR levels, or `native` (madrelingua). */
export const LANGUAGE_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'] as const
export const LanguageLevel = Type.Enum(LANGUAGE_LEVELS, { $id: 'LanguageLevel', description: 'CEFR level (A1…C2) or `native`' })
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number]

/** Driving licence categories (patenti di guida, Directive 2006/126/EC). */
export const DRIVING_LICENCES = ['AM', 'A1', 'A2', 'A', 'B1', 'B', 'BE', 'C1', 'C1E', 'C', 'CE', 'D1', 'D1E', 'D', 'DE'] as const
export const DrivingLicence = Type.Enum(DRIVING_LICENCES, { $id: 'DrivingLicence', description: 'Driving licence category (patente)' })
export type DrivingLicence = (typeof DRIVING_LICENCES)[number]

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
export const Weekday = Type.Enum(WEEKDAYS, { $id: 'Weekday', description: 'Day of the week' })
export type Weekday = (typeof WEEKDAYS)[number]

export const MOBILITY_MODES = ['car', 'motorbike', 'bicycle', 'public_transport', 'on_foot'] as const
export const MobilityMode = Type.Enum(MOBILITY_MODES, { $id: 'MobilityMode', description: 'How the person can reach a workplace' })
export type MobilityMode = (typeof MOBILITY_MODES)[number]

/**
 * Disadvantaged persons under L. 381/1991 art. 4: physical, psychic and sensory disability,
 * (former) psychiatric patients, drug addiction, alcoholism, minors of working age in family
 * difficulty, detainees, and convicts admitted to alternative measures. Special category data.
 */
export const DISADVANTAGE_CATEGORIES = [
  'physical_disability',
  'psychic_disability',
  'sensory_disability',
  'psychiatric_patient',
  'drug_addiction',
  'alcoholism',
  'minor_in_family_difficulty',
  'detainee',
  'convict_alternative_measures',
] as const
export const DisadvantageCategory = Type.Enum(DISADVANTAGE_CATEGORIES, { $id: 'DisadvantageCategory', description: 'Disadvantage category of L. 381/1991 art. 4' })
export type DisadvantageCategory = (typeof DISADVANTAGE_CATEGORIES)[number]

const Name = (description: string) => Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description })
const ShortText = (description: string, maxLength = 200) => Type.String({ maxLength, description })
const Phone = Type.String({ maxLength: 30, pattern: '^\\+?[0-9][0-9 ()./-]{4,29}$', description: 'Phone number, digits with optional +, spaces, dots, dashes', examples: ['+39 0341 123456'] })
const Email = Type.String({ format: 'email', maxLength: 254 })
const EducationLevel = Type.Integer({ format: 'int32', minimum: 1, maximum: 8, description: 'EQF level 1–8 of the highest qualification' })
const HoursPerWeek = Type.Integer({ format: 'int32', minimum: 1, maximum: 80, description: 'Hours per week the person is available for' })
/** How tax codes are accepted: normalised (spaces removed, upper case) and judged by the API. */
const TaxCodeInput = Type.String({ minLength: 1, maxLength: 32, description: 'Codice fiscale; spaces and case do not matter', examples: ['BRMNCL85M12E507Q'] })

export const LanguageSkill = Type.Object(
  {
    language: Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639 language code (lower case)', examples: ['it', 'en', 'ar'] }),
    level: Ref(LanguageLevel),
  },
  { $id: 'LanguageSkill', additionalProperties: false, description: 'A language the person speaks, with its level' },
)
export type LanguageSkill = Static<typeof LanguageSkill>

export const PersonResidence = Type.Object(
  {
    municipality: Nullable(ShortText('Municipality of residence')),
    address: Nullable(ShortText('Street address')),
  },
  { $id: 'PersonResidence', additionalProperties: false, description: 'Residence of the person' },
)
export type PersonResidence = Static<typeof PersonResidence>

export const PersonResidenceInput = Type.Object(
  {
    municipality: Type.Optional(Nullable(ShortText('Municipality of residence'))),
    address: Type.Optional(Nullable(ShortText('Street address'))),
  },
  { $id: 'PersonResidenceInput', additionalProperties: false, description: 'Residence; in a merge patch only the fields sent change, null clears one' },
)
export type PersonResidenceInput = Static<typeof PersonResidenceInput>

export const PersonContacts = Type.Object(
  { phone: Nullable(Phone), email: Nullable(Email) },
  { $id: 'PersonContacts', additionalProperties: false, description: 'How to reach the person' },
)
export type PersonContacts = Static<typeof PersonContacts>

export const PersonContactsInput = Type.Object(
  { phone: Type.Optional(Nullable(Phone)), email: Type.Optional(Nullable(Email)) },
  { $id: 'PersonContactsInput', additionalProperties: false, description: 'Contacts; in a merge patch only the fields sent change, null clears one' },
)
export type PersonContactsInput = Static<typeof PersonContactsInput>

export const PersonAvailability = Type.Object(
  {
    hoursPerWeek: Nullable(HoursPerWeek),
    days: Type.Array(Ref(Weekday), { uniqueItems: true, maxItems: 7 }),
    mobility: Type.Array(Ref(MobilityMode), { uniqueItems: true, maxItems: 10 }),
    notes: Nullable(ShortText('Constraints, shifts, care duties', 2000)),
  },
  { $id: 'PersonAvailability', additionalProperties: false, description: 'Availability for work: hours, days, mobility' },
)
export type PersonAvailability = Static<typeof PersonAvailability>

export const PersonAvailabilityInput = Type.Object(
  {
    hoursPerWeek: Type.Optional(Nullable(HoursPerWeek)),
    days: Type.Optional(Type.Array(Ref(Weekday), { uniqueItems: true, maxItems: 7 })),
    mobility: Type.Optional(Type.Array(Ref(MobilityMode), { uniqueItems: true, maxItems: 10 })),
    notes: Type.Optional(Nullable(ShortText('Constraints, shifts, care duties', 2000))),
  },
  { $id: 'PersonAvailabilityInput', additionalProperties: false, description: 'Availability; in a merge patch only the fields sent change (arrays are replaced)' },
)
export type PersonAvailabilityInput = Static<typeof PersonAvailabilityInput>

export const PERSON_VIEWS = ['full', 'working_profile'] as const
export const PersonView = Type.Enum(PERSON_VIEWS, {
  $id: 'PersonView',
  description: '`full` for municipality staff; `working_profile` for a partner operator with an accepted referral (fields outside the working profile are null)',
})
export type PersonView = (typeof PERSON_VIEWS)[number]

export const PersonPermissions = Type.Object(
  {
    canUpdate: Type.Boolean({ description: 'The caller may PATCH the person (municipality staff)' }),
    canReadSensitive: Type.Boolean({ description: 'The caller may read and replace the sensitive section (owning coordinator, assigned case manager)' }),
  },
  { $id: 'PersonPermissions', additionalProperties: false, description: 'What the caller may do with this person' },
)
export type PersonPermissions = Static<typeof PersonPermissions>

/**
 * A person as the caller may see them. A partner operator gets the working profile (identity,
 * contacts, education, languages, skills, availability, employment status): `residence` and
 * `createdBy` are null for them. The sensitive section is never part of it (`/sensitive`).
 */
export const Person = Type.Object(
  {
    id: Uuid,
    municipalityId: Type.String({ format: 'uuid', description: 'The owning municipality (titolare of the data)' }),
    view: Ref(PersonView),
    permissions: Ref(PersonPermissions),
    givenName: Type.String(),
    familyName: Type.String(),
    taxCode: Type.String({ description: 'Codice fiscale, upper case', examples: ['BRMNCL85M12E507Q'] }),
    birthDate: DateOnly,
    sex: Ref(Sex),
    birthPlace: Nullable(Type.String({ description: 'Municipality or country of birth' })),
    citizenship: Nullable(Type.String()),
    residence: Nullable(Ref(PersonResidence)),
    contacts: Ref(PersonContacts),
    educationLevel: Nullable(EducationLevel),
    educationNotes: Nullable(Type.String({ description: 'Qualifications, courses, certificates' })),
    languages: Type.Array(Ref(LanguageSkill)),
    drivingLicences: Type.Array(Ref(DrivingLicence)),
    skills: Type.Array(Type.String()),
    availability: Ref(PersonAvailability),
    employmentStatus: Nullable(Ref(EmploymentStatus)),
    unemployedSince: Nullable(DateOnly),
    didRegistered: Type.Boolean({ description: 'Registered at the employment centre (DID, dichiarazione di immediata disponibilità)' }),
    didDate: Nullable(DateOnly),
    createdBy: Nullable(Type.String({ format: 'uuid', description: 'The user who registered the person (null in the working profile)' })),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Person', additionalProperties: false, description: 'A person (assistito) of a municipality' },
)
export type Person = Static<typeof Person>

const personInputProperties = {
  birthPlace: Type.Optional(Nullable(ShortText('Municipality or country of birth', 100))),
  citizenship: Type.Optional(Nullable(ShortText('Citizenship', 100))),
  residence: Type.Optional(Nullable(Ref(PersonResidenceInput))),
  contacts: Type.Optional(Nullable(Ref(PersonContactsInput))),
  educationLevel: Type.Optional(Nullable(EducationLevel)),
  educationNotes: Type.Optional(Nullable(ShortText('Qualifications, courses, certificates', 2000))),
  languages: Type.Optional(Nullable(Type.Array(Ref(LanguageSkill), { maxItems: 20 }))),
  drivingLicences: Type.Optional(Nullable(Type.Array(Ref(DrivingLicence), { uniqueItems: true, maxItems: 15 }))),
  skills: Type.Optional(Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 }))),
  availability: Type.Optional(Nullable(Ref(PersonAvailabilityInput))),
  employmentStatus: Type.Optional(Nullable(Ref(EmploymentStatus))),
  unemployedSince: Type.Optional(Nullable(DateOnly)),
  didRegistered: Type.Optional(Type.Boolean()),
  didDate: Type.Optional(Nullable(DateOnly)),
}

export const PersonCreate = Type.Object(
  {
    givenName: Name('Given name(s)'),
    familyName: Name('Family name(s)'),
    taxCode: TaxCodeInput,
    birthDate: DateOnly,
    sex: Ref(Sex),
    ...personInputProperties,
    municipalityId: Type.Optional(
      Type.String({ format: 'uuid', description: 'The owning municipality; required only when the caller registers persons in more than one municipality' }),
    ),
  },
  { $id: 'PersonCreate', additionalProperties: false, description: 'A person to register; null or absent optional fields are left empty' },
)
export type PersonCreate = Static<typeof PersonCreate>

export const PersonPatch = Type.Object(
  {
    givenName: Type.Optional(Name('Given name(s)')),
    familyName: Type.Optional(Name('Family name(s)')),
    taxCode: Type.Optional(TaxCodeInput),
    birthDate: Type.Optional(DateOnly),
    sex: Type.Optional(Ref(Sex)),
    ...personInputProperties,
  },
  { $id: 'PersonPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a person: null clears a field (an array becomes empty)' },
)
export type PersonPatch = Static<typeof PersonPatch>

export const PersonDuplicateCheck = Type.Object(
  {
    givenName: Name('Given name(s)'),
    familyName: Name('Family name(s)'),
    birthDate: DateOnly,
    sex: Type.Optional(Ref(Sex)),
    taxCode: Type.Optional(TaxCodeInput),
    municipalityId: Type.Optional(Type.String({ format: 'uuid', description: 'As in PersonCreate' })),
  },
  { $id: 'PersonDuplicateCheck', additionalProperties: false, description: 'The data of a person about to be registered' },
)
export type PersonDuplicateCheck = Static<typeof PersonDuplicateCheck>

export const DUPLICATE_REASONS = ['tax_code', 'tax_code_place', 'name_and_birth_date', 'similar_name_and_birth_date'] as const
export const PersonDuplicate = Type.Object(
  {
    personId: Uuid,
    givenName: Type.String(),
    familyName: Type.String(),
    birthDate: DateOnly,
    sex: Ref(Sex),
    reason: Type.Enum(DUPLICATE_REASONS, {
      description:
        '`tax_code`: the same codice fiscale, omocodia variants included (registering it would answer 409: open this person instead); ' +
        '`tax_code_place`: a codice fiscale equal but for the place-of-birth code (same name codes, birth date and sex); ' +
        '`name_and_birth_date`: the same names (accents, case, spaces ignored, either order) and birth date; ' +
        '`similar_name_and_birth_date`: a name one or two letters off (trigram similarity) with the same birth date (and sex, when given)',
    }),
    openCaseId: Nullable(Uuid),
  },
  { $id: 'PersonDuplicate', additionalProperties: false, description: 'A person already registered who may be the same one' },
)
export type PersonDuplicate = Static<typeof PersonDuplicate>

export const PersonDuplicateList = Type.Object(
  { items: Type.Array(Ref(PersonDuplicate), { maxItems: 20 }) },
  { $id: 'PersonDuplicateList', additionalProperties: false, description: 'Possible duplicates, tax-code matches first' },
)
export type PersonDuplicateList = Static<typeof PersonDuplicateList>

/** The body of a search: a tax code, or a name and/or birth date; the page's limit and cursor too. */
export const PersonSearch = Type.Object(
  {
    taxCode: Type.Optional(TaxCodeInput),
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200, pattern: '\\S', description: 'Given and family name in any order; accents, case and small typos do not matter' })),
    birthDate: Type.Optional(DateOnly),
    limit: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 200, default: 50, description: 'Page size (1–200)' })),
    cursor: Type.Optional(Type.String({ maxLength: 512, description: 'Opaque cursor from the previous page\'s nextCursor' })),
  },
  {
    $id: 'PersonSearch',
    additionalProperties: false,
    description: 'Either `taxCode` alone, or `name` and/or `birthDate`. Paging travels in the body too (`limit`, `cursor`), so a search is one self-contained request.',
  },
)
export type PersonSearch = Static<typeof PersonSearch>

/** The case a search result leads to (the header search goes straight to it). */
export const PersonSearchCase = Type.Object(
  {
    id: Uuid,
    status: Ref(CaseStatus),
    episode: Type.Integer({ format: 'int32', minimum: 1, description: '1 for the first episode; a reopened case is the next episode' }),
  },
  { $id: 'PersonSearchCase', additionalProperties: false, description: 'One of the person\'s cases the caller sees' },
)
export type PersonSearchCase = Static<typeof PersonSearchCase>

export const PERSON_MATCHES = ['tax_code', 'name', 'birth_date'] as const
export const PersonSearchResult = Type.Object(
  {
    id: Uuid,
    municipalityId: Uuid,
    givenName: Type.String(),
    familyName: Type.String(),
    taxCode: Type.String(),
    birthDate: DateOnly,
    sex: Ref(Sex),
    match: Type.Enum(PERSON_MATCHES, { description: 'What matched: the tax code (omocodia variants included), the name, or the birth date alone' }),
    score: Type.Integer({ format: 'int32', minimum: 0, maximum: 1000, description: 'How well the name matches (1000 = exactly); results come best first' }),
    case: Type.Union([Ref(PersonSearchCase), Type.Null()], {
      description: 'The person\'s case the caller sees — the open one first, else the latest episode; null when the caller sees none of their cases (a person registered without a case yet)',
    }),
  },
  { $id: 'PersonSearchResult', additionalProperties: false, description: 'A person found by a search' },
)
export type PersonSearchResult = Static<typeof PersonSearchResult>

export const PersonSearchPage = Page(Ref(PersonSearchResult), { $id: 'PersonSearchPage', description: 'A page of search results, best match first' })
export type PersonSearchPage = Static<typeof PersonSearchPage>

const Notes = (description: string) => Type.String({ maxLength: 10_000, description })
const InvalidityPercent = Type.Integer({ format: 'int32', minimum: 0, maximum: 100, description: 'Recognised civil invalidity, percent' })

/** The special-category section (GDPR art. 9): never part of the Person, never seen by partners. */
export const PersonSensitive = Type.Object(
  {
    personId: Uuid,
    disadvantageCategories: Type.Array(Ref(DisadvantageCategory)),
    l68Registered: Type.Boolean({ description: 'Registered in the L. 68/1999 targeted-employment lists (collocamento mirato)' }),
    invalidityPercent: Nullable(InvalidityPercent),
    healthNotes: Nullable(Notes('Health situation relevant to work')),
    addictionNotes: Nullable(Notes('Addiction and treatment')),
    judicialNotes: Nullable(Notes('Judicial situation, alternative measures')),
    updatedBy: Nullable(Type.String({ format: 'uuid', description: 'The user who last changed the section' })),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'PersonSensitive', additionalProperties: false, description: 'Sensitive section of a person (disadvantage, disability, health, addiction, judicial situation)' },
)
export type PersonSensitive = Static<typeof PersonSensitive>

export const PersonSensitiveReplace = Type.Object(
  {
    disadvantageCategories: Type.Array(Ref(DisadvantageCategory), { uniqueItems: true, maxItems: DISADVANTAGE_CATEGORIES.length }),
    l68Registered: Type.Boolean({ description: 'Registered in the L. 68/1999 targeted-employment lists' }),
    invalidityPercent: Type.Optional(Nullable(InvalidityPercent)),
    healthNotes: Type.Optional(Nullable(Notes('Health situation relevant to work'))),
    addictionNotes: Type.Optional(Nullable(Notes('Addiction and treatment'))),
    judicialNotes: Type.Optional(Nullable(Notes('Judicial situation, alternative measures'))),
  },
  { $id: 'PersonSensitiveReplace', additionalProperties: false, description: 'The whole sensitive section (PUT replaces it: absent optional fields become null)' },
)
export type PersonSensitiveReplace = Static<typeof PersonSensitiveReplace>
