/**
 * Rules of persons: registration in one municipality with a validated, unique (omocodia-proof) tax
 * code, the near-duplicate warning, reads shaped by the caller's access (partners get the working
 * profile), merge-patch updates, search, and the sensitive section — every write versioned and
 * audited in its transaction, every change written on the person's open cases' timelines.
 */
import {
  checkTaxCode,
  normaliseTaxCode,
  type Person,
  type PersonCreate,
  type PersonDuplicate,
  type PersonDuplicateCheck,
  type PersonDuplicateList,
  type PersonPatch,
  type PersonSearch,
  type PersonSearchPage,
  type PersonSearchResult,
  type PersonSensitive,
  type PersonSensitiveReplace,
  type ProblemFieldError,
  type TaxCodeProblem,
} from '@ponte/shared'
import type { Database } from '../../db/client.js'
import type { PersonRow, PersonSensitiveRow } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { badRequest, conflict, fieldUnprocessable, forbidden, notFound, preconditionFailed, preconditionRequired, validationFailed } from '../../lib/errors.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import type { Principal } from '../../lib/principal.js'
import { recordCaseEvent } from '../cases/case-events.js'
import { visibleCasesCondition } from '../cases/cases.policy.js'
import {
  accessOfRegistrar,
  assertCanUpdatePerson,
  canReadPersonSensitive,
  canUpdatePerson,
  loadPersonAccess,
  municipalitiesWhereCanRegisterPersons,
  personSearchScopes,
  seesWorkingProfileOnly,
  visiblePersonsCondition,
  type PersonAccess,
} from './persons.policy.js'
import * as repo from './persons.repository.js'

/** A read of personal data to write on the audit trail (the route hands it to `request.auditRead`). */
export interface AuditedRead {
  resourceType: 'person' | 'person_sensitive' | 'case'
  resourceId: string
  organisationId: string
  action: string
}

const TAX_CODE_PROBLEM_DETAILS: Record<TaxCodeProblem, string> = {
  format: 'Il codice fiscale non ha un formato valido: servono 16 caratteri (6 lettere, 2 cifre, 1 lettera, 2 cifre, 1 lettera, 3 cifre, 1 lettera; le cifre possono essere sostituite dalle lettere dell\'omocodia).',
  check_character: 'L\'ultimo carattere (carattere di controllo) del codice fiscale non è corretto: verifica di averlo trascritto senza errori.',
  birth_date: 'Il codice fiscale non corrisponde alla data di nascita indicata.',
  sex: 'Il codice fiscale non corrisponde al sesso indicato.',
}

const DUPLICATES_LIMIT = 20
const today = () => new Date().toISOString().slice(0, 10)

// ---------------------------------------------------------------------------------------------
// Shapes

/** The person as the access may see it: partners get the working profile (residence and registrar null). */
export function toPerson(row: PersonRow, access: PersonAccess): Person {
  const workingProfileOnly = seesWorkingProfileOnly(access)
  return {
    id: row.id,
    municipalityId: row.municipalityId,
    view: workingProfileOnly ? 'working_profile' : 'full',
    permissions: { canUpdate: canUpdatePerson(access), canReadSensitive: canReadPersonSensitive(access) },
    givenName: row.givenName,
    familyName: row.familyName,
    taxCode: row.taxCode,
    birthDate: row.birthDate,
    sex: row.sex,
    birthPlace: row.birthPlace,
    citizenship: row.citizenship,
    residence: workingProfileOnly ? null : { municipality: row.residenceMunicipality, address: row.residenceAddress },
    contacts: { phone: row.phone, email: row.email },
    educationLevel: row.educationLevel,
    educationNotes: row.educationNotes,
    languages: row.languages.map((l) => ({ language: l.language, level: l.level as Person['languages'][number]['level'] })),
    drivingLicences: row.drivingLicences as Person['drivingLicences'],
    skills: row.skills,
    availability: {
      hoursPerWeek: row.availability.hoursPerWeek ?? null,
      days: (row.availability.days ?? []) as Person['availability']['days'],
      mobility: (row.availability.mobility ?? []) as Person['availability']['mobility'],
      notes: row.availability.notes ?? null,
    },
    employmentStatus: row.employmentStatus,
    unemployedSince: row.unemployedSince,
    didRegistered: row.didRegistered,
    didDate: row.didDate,
    createdBy: workingProfileOnly ? null : row.createdBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function toPersonSensitive(row: PersonSensitiveRow): PersonSensitive {
  return {
    personId: row.personId,
    disadvantageCategories: row.disadvantageCategories as PersonSensitive['disadvantageCategories'],
    l68Registered: row.l68Registered,
    invalidityPercent: row.invalidityPercent,
    healthNotes: row.healthNotes,
    addictionNotes: row.addictionNotes,
    judicialNotes: row.judicialNotes,
    updatedBy: row.updatedBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

/** The normalised tax code, or 422 naming `/taxCode` with one error per problem. */
function validTaxCode(taxCode: string, person: { birthDate: string; sex: 'F' | 'M' }): string {
  const code = normaliseTaxCode(taxCode)
  const problems = checkTaxCode(code, person)
  if (problems.length > 0) {
    throw fieldUnprocessable(
      problems.map((p) => ({ pointer: '/taxCode', code: `tax_code_${p}`, detail: TAX_CODE_PROBLEM_DETAILS[p] })),
      `Il codice fiscale non è valido: ${problems.map((p) => TAX_CODE_PROBLEM_DETAILS[p]).join(' ')}`,
    )
  }
  return code
}

/** Dates that cannot be in the future: 422 naming each. */
function assertDates(values: { birthDate?: string | null; unemployedSince?: string | null; didDate?: string | null }): void {
  const now = today()
  const errors: ProblemFieldError[] = []
  if (values.birthDate && (values.birthDate > now || values.birthDate < '1900-01-01')) {
    errors.push({ pointer: '/birthDate', code: 'birth_date_out_of_range', detail: 'La data di nascita deve essere compresa tra il 1900 e oggi.' })
  }
  if (values.unemployedSince && values.unemployedSince > now) errors.push({ pointer: '/unemployedSince', code: 'date_in_future', detail: 'La data di inizio disoccupazione non può essere futura.' })
  if (values.didDate && values.didDate > now) errors.push({ pointer: '/didDate', code: 'date_in_future', detail: 'La data della DID non può essere futura.' })
  if (errors.length > 0) throw fieldUnprocessable(errors)
}

/**
 * The municipality a person is registered in: the one named, if the caller may register there
 * (403 otherwise); else the caller's only one; when they have several, it must be named (400).
 */
function registrationMunicipality(principal: Principal, requested: string | undefined): string {
  const allowed = municipalitiesWhereCanRegisterPersons(principal)
  if (allowed.length === 0) throw forbidden('Solo i coordinatori e gli assistenti sociali di un comune possono registrare persone.')
  if (requested !== undefined) {
    if (!allowed.includes(requested)) throw forbidden('Non puoi registrare persone in questo comune.')
    return requested
  }
  if (allowed.length > 1) {
    throw validationFailed([{ pointer: '/municipalityId', code: 'required', detail: 'Operi in più comuni: indica in quale registrare la persona.' }], 'Indica il comune della persona.')
  }
  return allowed[0]!
}

// ---------------------------------------------------------------------------------------------
// Mapping input to columns

type OptionalInput = Omit<PersonPatch, 'givenName' | 'familyName' | 'taxCode' | 'birthDate' | 'sex'>

/** The columns set by the optional fields of a create or merge patch, merging nested objects into `current`. */
function optionalColumns(input: OptionalInput, current: PersonRow | null): repo.PersonChanges {
  const columns: repo.PersonChanges = {}
  const text = (value: string | null | undefined) => (value === null || value === undefined ? null : value.trim() || null)
  if (input.birthPlace !== undefined) columns.birthPlace = text(input.birthPlace)
  if (input.citizenship !== undefined) columns.citizenship = text(input.citizenship)
  if (input.residence !== undefined) {
    if (input.residence === null) Object.assign(columns, { residenceMunicipality: null, residenceAddress: null })
    else {
      if (input.residence.municipality !== undefined) columns.residenceMunicipality = text(input.residence.municipality)
      if (input.residence.address !== undefined) columns.residenceAddress = text(input.residence.address)
    }
  }
  if (input.contacts !== undefined) {
    if (input.contacts === null) Object.assign(columns, { phone: null, email: null })
    else {
      if (input.contacts.phone !== undefined) columns.phone = text(input.contacts.phone)
      if (input.contacts.email !== undefined) columns.email = text(input.contacts.email)
    }
  }
  if (input.educationLevel !== undefined) columns.educationLevel = input.educationLevel
  if (input.educationNotes !== undefined) columns.educationNotes = text(input.educationNotes)
  if (input.languages !== undefined) columns.languages = (input.languages ?? []).map((l) => ({ language: l.language, level: l.level }))
  if (input.drivingLicences !== undefined) columns.drivingLicences = [...(input.drivingLicences ?? [])]
  if (input.skills !== undefined) columns.skills = [...new Set((input.skills ?? []).map((s) => s.trim()).filter((s) => s !== ''))]
  if (input.availability !== undefined) {
    const base = current?.availability ?? {}
    const patch = input.availability ?? { hoursPerWeek: null, days: [], mobility: [], notes: null }
    columns.availability = {
      hoursPerWeek: patch.hoursPerWeek !== undefined ? patch.hoursPerWeek : (base.hoursPerWeek ?? null),
      days: patch.days !== undefined ? [...patch.days] : (base.days ?? []),
      mobility: patch.mobility !== undefined ? [...patch.mobility] : (base.mobility ?? []),
      notes: patch.notes !== undefined ? text(patch.notes) : (base.notes ?? null),
    }
  }
  if (input.employmentStatus !== undefined) columns.employmentStatus = input.employmentStatus
  if (input.unemployedSince !== undefined) columns.unemployedSince = input.unemployedSince
  if (input.didRegistered !== undefined) columns.didRegistered = input.didRegistered
  if (input.didDate !== undefined) columns.didDate = input.didDate
  return columns
}

/** The row with its JSON columns in the key order `optionalColumns` writes (jsonb stores keys in its own order). */
function comparable(row: PersonRow): Record<string, unknown> {
  return {
    ...row,
    languages: row.languages.map((l) => ({ language: l.language, level: l.level })),
    availability: { hoursPerWeek: row.availability.hoursPerWeek ?? null, days: row.availability.days ?? [], mobility: row.availability.mobility ?? [], notes: row.availability.notes ?? null },
  }
}

const duplicateTaxCode = (existingId: string) =>
  conflict('duplicate-tax-code', 'Una persona con questo codice fiscale (o una sua variante per omocodia) è già registrata nel comune.', { existingId })

// ---------------------------------------------------------------------------------------------
// Use cases

export async function createPerson(db: Database, principal: Principal, actor: AuditActor, input: PersonCreate): Promise<Person> {
  const municipalityId = registrationMunicipality(principal, input.municipalityId)
  const taxCode = validTaxCode(input.taxCode, input)
  assertDates(input)
  const values = {
    municipalityId,
    givenName: input.givenName.trim(),
    familyName: input.familyName.trim(),
    taxCode,
    birthDate: input.birthDate,
    sex: input.sex,
    ...optionalColumns(input, null),
    createdBy: principal.userId,
  }
  return db.transaction(async (tx) => {
    const existingId = await repo.findPersonIdByTaxCode(tx, municipalityId, taxCode)
    if (existingId) throw duplicateTaxCode(existingId)
    const row = await repo.insertPerson(tx, values)
    if (!row) {
      // Registered by someone else in the meantime: the unique index refused it.
      const winnerId = await repo.findPersonIdByTaxCode(tx, municipalityId, taxCode)
      throw winnerId ? duplicateTaxCode(winnerId) : conflict('duplicate-tax-code', 'Una persona con questo codice fiscale è già registrata nel comune.')
    }
    const fields = Object.keys(values).filter((k) => k !== 'municipalityId' && k !== 'createdBy')
    await recordAudit(tx, actor, [{ action: 'create', resourceType: 'person', resourceId: row.id, organisationId: municipalityId, changedFields: fields }])
    return toPerson(row, accessOfRegistrar(principal, municipalityId))
  })
}

export async function checkPersonDuplicates(db: Database, principal: Principal, input: PersonDuplicateCheck): Promise<{ list: PersonDuplicateList; reads: AuditedRead[] }> {
  const municipalityId = registrationMunicipality(principal, input.municipalityId)
  const taxCode = input.taxCode !== undefined ? normaliseTaxCode(input.taxCode) : null
  // A malformed code matches nothing (the form reports its problems on its own).
  const usableTaxCode = taxCode && !checkTaxCode(taxCode).includes('format') ? taxCode : null
  const rows = await repo.findDuplicates(db, {
    municipalityId,
    givenName: input.givenName,
    familyName: input.familyName,
    birthDate: input.birthDate,
    sex: input.sex ?? null,
    taxCode: usableTaxCode,
    limit: DUPLICATES_LIMIT,
  })
  return {
    list: {
      items: rows.map((r) => ({
        personId: r.id,
        givenName: r.givenName,
        familyName: r.familyName,
        birthDate: r.birthDate,
        sex: r.sex,
        reason: r.reason as PersonDuplicate['reason'],
        openCaseId: r.openCaseId,
      })),
    },
    reads: rows.map((r) => ({ resourceType: 'person', resourceId: r.id, organisationId: r.municipalityId, action: 'duplicate_check' })),
  }
}

export async function readPerson(db: Database, principal: Principal, personId: string): Promise<Person> {
  const { row, access } = await loadPersonAccess(db, principal, personId)
  return toPerson(row, access)
}

export async function updatePerson(db: Database, principal: Principal, actor: AuditActor, personId: string, expectedVersion: number, patch: PersonPatch): Promise<Person> {
  return db.transaction(async (tx) => {
    const { row: current, access } = await loadPersonAccess(tx, principal, personId, { forUpdate: true })
    assertCanUpdatePerson(access)
    assertVersion(current.version, expectedVersion)

    const changes: repo.PersonChanges = optionalColumns(patch, current)
    if (patch.givenName !== undefined) changes.givenName = patch.givenName.trim()
    if (patch.familyName !== undefined) changes.familyName = patch.familyName.trim()
    if (patch.birthDate !== undefined) changes.birthDate = patch.birthDate
    if (patch.sex !== undefined) changes.sex = patch.sex
    // The tax code is judged again whenever it, the birth date or the sex changes.
    if (patch.taxCode !== undefined || patch.birthDate !== undefined || patch.sex !== undefined) {
      const taxCode = validTaxCode(patch.taxCode ?? current.taxCode, { birthDate: changes.birthDate ?? current.birthDate, sex: changes.sex ?? current.sex })
      if (patch.taxCode !== undefined) changes.taxCode = taxCode
    }
    assertDates({ birthDate: patch.birthDate, unemployedSince: patch.unemployedSince, didDate: patch.didDate })

    const changed = changedFields(comparable(current), changes as Record<string, unknown>)
    if (changed.length === 0) return toPerson(current, access)
    if (changed.includes('taxCode')) {
      const existingId = await repo.findPersonIdByTaxCode(tx, current.municipalityId, changes.taxCode!, current.id)
      if (existingId) throw duplicateTaxCode(existingId)
    }
    const updated = await repo.updatePerson(tx, current.id, Object.fromEntries(changed.map((k) => [k, changes[k as keyof repo.PersonChanges]])))
    if (!updated) {
      const winnerId = await repo.findPersonIdByTaxCode(tx, current.municipalityId, changes.taxCode!, current.id)
      throw winnerId ? duplicateTaxCode(winnerId) : conflict('duplicate-tax-code', 'Una persona con questo codice fiscale è già registrata nel comune.')
    }
    await recordAudit(tx, actor, [{ action: 'update', resourceType: 'person', resourceId: current.id, organisationId: current.municipalityId, changedFields: changed }])
    for (const caseId of await repo.openCaseIdsOf(tx, current.id)) {
      await recordCaseEvent(tx, { caseId, type: 'person.updated', audience: 'municipality', actorUserId: principal.userId, resourceType: 'person', resourceId: current.id, data: { changedFields: changed } })
    }
    return toPerson(updated, access)
  })
}

const CURSOR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function searchPersons(db: Database, principal: Principal, input: PersonSearch): Promise<{ page: PersonSearchPage; reads: AuditedRead[] }> {
  let criteria: repo.SearchCriteria
  if (input.taxCode !== undefined) {
    if (input.name !== undefined || input.birthDate !== undefined) {
      throw validationFailed([{ pointer: '/taxCode', code: 'exclusive', detail: 'Cerca per codice fiscale oppure per nome e data di nascita, non entrambi.' }], 'Cerca per codice fiscale oppure per nome e data di nascita.')
    }
    const taxCode = normaliseTaxCode(input.taxCode)
    if (checkTaxCode(taxCode).includes('format')) throw validationFailed([{ pointer: '/taxCode', code: 'tax_code_format', detail: TAX_CODE_PROBLEM_DETAILS.format }], 'Il codice fiscale cercato non ha un formato valido.')
    criteria = { kind: 'tax_code', taxCode }
  } else if (input.name !== undefined) {
    criteria = { kind: 'name', name: input.name.trim(), birthDate: input.birthDate ?? null }
  } else if (input.birthDate !== undefined) {
    criteria = { kind: 'birth_date', birthDate: input.birthDate }
  } else {
    throw validationFailed([{ pointer: '/', code: 'required', detail: 'Indica il codice fiscale, oppure il nome e/o la data di nascita.' }], 'Indica cosa cercare.')
  }

  const limit = input.limit ?? 50
  const cursor = decodeCursor(input.cursor, 2)
  if (cursor && (typeof cursor[0] !== 'number' || !(cursor[0] >= 0 && cursor[0] <= 1) || !CURSOR.test(String(cursor[1])))) {
    throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  }
  const after = cursor ? { distance: Number(cursor[0]), id: String(cursor[1]) } : null

  const rows = await repo.searchPersons(db, visiblePersonsCondition(principal), personSearchScopes(principal), criteria, { after, limit })
  const match: PersonSearchResult['match'] = criteria.kind === 'tax_code' ? 'tax_code' : criteria.kind === 'name' ? 'name' : 'birth_date'
  const shown = rows.slice(0, limit)
  const caseOf = await repo.caseToOpenByPerson(db, shown.map(({ person }) => person.id), visibleCasesCondition(principal))
  const page = toPage(
    rows,
    limit,
    ({ person, distance }): PersonSearchResult => ({
      id: person.id,
      municipalityId: person.municipalityId,
      givenName: person.givenName,
      familyName: person.familyName,
      taxCode: person.taxCode,
      birthDate: person.birthDate,
      sex: person.sex,
      match,
      score: Math.round((1 - distance) * 1000),
      case: caseOf.get(person.id) ?? null,
    }),
    ({ person, distance }) => [distance, person.id],
  )
  const reads: AuditedRead[] = page.items.flatMap((p) => [
    { resourceType: 'person' as const, resourceId: p.id, organisationId: p.municipalityId, action: 'search' },
    ...(p.case ? [{ resourceType: 'case' as const, resourceId: p.case.id, organisationId: p.municipalityId, action: 'search' }] : []),
  ])
  return { page, reads }
}

/** The sensitive section, for those who may read it; 404 for everyone else who sees the person (never reveal it exists). */
export async function readPersonSensitive(db: Database, principal: Principal, personId: string): Promise<{ section: PersonSensitive; municipalityId: string }> {
  const { row, access } = await loadPersonAccess(db, principal, personId)
  if (!canReadPersonSensitive(access)) throw notFound('La sezione riservata')
  const section = await repo.findSensitive(db, personId)
  if (!section) throw notFound('La sezione riservata')
  return { section: toPersonSensitive(section), municipalityId: row.municipalityId }
}

/**
 * Replaces (or first creates) the sensitive section. Replacing needs If-Match with its version
 * (428 without, 412 when stale); creating needs none, and If-Match on a section not yet created is 412.
 */
export async function replacePersonSensitive(
  db: Database,
  principal: Principal,
  actor: AuditActor,
  personId: string,
  expectedVersion: number | null,
  input: PersonSensitiveReplace,
): Promise<{ section: PersonSensitive; created: boolean }> {
  return db.transaction(async (tx) => {
    // Locking the person serialises the first creation of the section as well as its updates.
    const { row: person, access } = await loadPersonAccess(tx, principal, personId, { forUpdate: true })
    if (!canReadPersonSensitive(access)) throw notFound('La sezione riservata')
    const values: repo.PersonSensitiveValues = {
      disadvantageCategories: [...new Set(input.disadvantageCategories)],
      l68Registered: input.l68Registered,
      invalidityPercent: input.invalidityPercent ?? null,
      healthNotes: input.healthNotes?.trim() || null,
      addictionNotes: input.addictionNotes?.trim() || null,
      judicialNotes: input.judicialNotes?.trim() || null,
    }
    const current = await repo.findSensitive(tx, personId, { forUpdate: true })
    if (!current) {
      if (expectedVersion !== null) throw preconditionFailed()
      const section = await repo.insertSensitive(tx, personId, values, principal.userId)
      const fields = Object.keys(values).filter((k) => JSON.stringify(values[k as keyof typeof values]) !== JSON.stringify(k === 'disadvantageCategories' ? [] : k === 'l68Registered' ? false : null))
      await recordAudit(tx, actor, [{ action: 'create', resourceType: 'person_sensitive', resourceId: personId, organisationId: person.municipalityId, changedFields: fields }])
      return { section: toPersonSensitive(section), created: true }
    }
    if (expectedVersion === null) throw preconditionRequired()
    assertVersion(current.version, expectedVersion)
    const changed = changedFields(current as unknown as Record<string, unknown>, values as unknown as Record<string, unknown>)
    if (changed.length === 0) return { section: toPersonSensitive(current), created: false }
    const section = await repo.updateSensitive(tx, personId, values, principal.userId)
    await recordAudit(tx, actor, [{ action: 'update', resourceType: 'person_sensitive', resourceId: personId, organisationId: person.municipalityId, changedFields: changed }])
    return { section: toPersonSensitive(section), created: false }
  })
}
