/**
 * Company rules: a checked partita IVA (unique: a second registration answers 409 with the
 * existing id) and codice fiscale, the obligations its size drives, the relationship status
 * diagram with its history, and the sites and contacts — each write audited and announced as a
 * domain event in its transaction; each read of a contact's personal data audited.
 */
import {
  checkCompanyTaxCode,
  checkVatNumber,
  COMPANY_TRANSITIONS_NEEDING_REASON,
  disabledQuotaBand,
  disabledWorkersQuota,
  internsHostableAtOnce,
  isCompanyTransitionAllowed,
  normaliseCompanyTaxCode,
  normaliseVatNumber,
  type Company,
  type CompanyContact,
  type CompanyContactCreate,
  type CompanyContactPatch,
  type CompanyCreate,
  type CompanyListQuery,
  type CompanyObligations,
  type CompanyPage,
  type CompanyPatch,
  type CompanySite,
  type CompanySiteCreate,
  type CompanySitePatch,
  type CompanySummary,
  type CompanyTransitionRequest,
  type ProblemFieldError,
} from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import type { CompanyContactRow, CompanyRow, CompanySiteRow } from '../../db/schema/index.js'
import { changedFields, recordAudit } from '../../lib/audit.js'
import { conflict, fieldUnprocessable, notFound, transitionNotAllowed } from '../../lib/errors.js'
import { recordDomainEvent } from '../../lib/events.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import { isUniqueViolation } from '../../lib/pg-errors.js'
import { badRequest } from '../../lib/errors.js'
import type { Caller } from '../../lib/caller.js'
import {
  allowedCompanyTransitions,
  assertCanEditCompany,
  assertCanReadCompany,
  companyPermissions,
  loadCompanyCircle,
  registeringOrganisation,
  visibleCompaniesCondition,
  type CompanyCircle,
} from './companies.policy.js'
import * as repo from './companies.repository.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function obligationsOf(employees: number | null): CompanyObligations | null {
  if (employees === null) return null
  return { internsHostableAtOnce: internsHostableAtOnce(employees), disabledWorkersQuota: disabledWorkersQuota(employees), disabledQuotaBand: disabledQuotaBand(employees) }
}

function toSummary(view: NonNullable<repo.CompanyView>): CompanySummary {
  const row = view.row
  return {
    id: row.id,
    name: row.name,
    vatNumber: row.vatNumber,
    taxCode: row.taxCode,
    atecoCode: row.atecoCode,
    employees: row.employees,
    isPublicAdministration: row.isPublicAdministration,
    isTypeBCooperative: row.isTypeBCooperative,
    municipality: row.municipality,
    province: row.province,
    relationshipStatus: row.relationshipStatus,
    ownerOrganisation: { id: row.ownerOrganisationId, name: view.ownerName },
    followedBy: row.ownerUserId && view.followedByName ? { id: row.ownerUserId, name: view.followedByName } : null,
    obligations: obligationsOf(row.employees),
    openVacancies: view.openVacancies,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  }
}

export const toSite = (row: CompanySiteRow): CompanySite => ({
  id: row.id,
  companyId: row.companyId,
  name: row.name,
  street: row.street,
  postalCode: row.postalCode,
  municipality: row.municipality,
  province: row.province,
  region: row.region,
  isHeadquarters: row.isHeadquarters,
  isActive: row.isActive,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
})

export const toContact = (row: CompanyContactRow): CompanyContact => ({
  id: row.id,
  companyId: row.companyId,
  siteId: row.siteId,
  givenName: row.givenName,
  familyName: row.familyName,
  role: row.role,
  phone: row.phone,
  email: row.email,
  isActive: row.isActive,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
})

/** The whole company as the caller sees it; its contacts' reads are audited. */
async function companyResponse(db: Db, caller: Caller, circle: CompanyCircle, id: string): Promise<Company> {
  const view = await repo.findCompanyView(db, id)
  if (!view) throw notFound('L\'azienda')
  assertCanReadCompany(circle, view.row.ownerOrganisationId)
  // One after another: `db` may be the write's transaction, one connection (no concurrent queries on it).
  const sites = await repo.listSites(db, id)
  const contacts = await repo.listContacts(db, id)
  const history = await repo.listStatusChanges(db, id)
  for (const contact of contacts) caller.auditRead('company_contact', contact.id, view.row.ownerOrganisationId)
  const row = view.row
  return {
    ...toSummary(view),
    street: row.street,
    postalCode: row.postalCode,
    region: row.region,
    phone: row.phone,
    email: row.email,
    website: row.website,
    sites: sites.map(toSite),
    contacts: contacts.map(toContact),
    statusHistory: history.map((h) => ({
      from: h.row.fromStatus,
      to: h.row.toStatus,
      reason: h.row.reason,
      changedBy: h.row.changedBy && h.changedByName ? { id: h.row.changedBy, name: h.changedByName } : null,
      changedAt: h.row.changedAt.toISOString(),
    })),
    allowedTransitions: allowedCompanyTransitions(circle, row.ownerOrganisationId, row.relationshipStatus),
    permissions: companyPermissions(circle, row.ownerOrganisationId),
    createdAt: row.createdAt.toISOString(),
  }
}

function decodeNameCursor(cursor: string | undefined): { name: string; id: string } | null {
  const values = decodeCursor(cursor, 2)
  if (!values) return null
  const [name, id] = values
  if (typeof name !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  return { name, id }
}

export async function listCompanies(db: Database, caller: Caller, query: CompanyListQuery): Promise<CompanyPage> {
  const circle = await loadCompanyCircle(db, caller.principal)
  const limit = query.limit ?? 50
  const rows = await repo.listCompanies(db, visibleCompaniesCondition(circle), {
    ...(query.q ? { q: query.q } : {}),
    ...(query.vatNumber ? { vatNumber: normaliseVatNumber(query.vatNumber) } : {}),
    ...(query.atecoCode ? { atecoCode: query.atecoCode } : {}),
    ...(query.relationshipStatus ? { statuses: query.relationshipStatus } : {}),
    ...(query.municipality ? { municipality: query.municipality } : {}),
    after: decodeNameCursor(query.cursor),
    limit,
  })
  return toPage(rows, limit, toSummary, (r) => [r.row.name, r.row.id])
}

export async function readCompany(db: Database, caller: Caller, id: string): Promise<Company> {
  return companyResponse(db, caller, await loadCompanyCircle(db, caller.principal), id)
}

/** The identity fields normalised and checked: 422 naming each field whose number is wrong. */
function checkIdentity(input: { vatNumber?: string | null; taxCode?: string | null }, prefix = ''): { values: { vatNumber?: string | null; taxCode?: string | null }; errors: ProblemFieldError[] } {
  const errors: ProblemFieldError[] = []
  const values: { vatNumber?: string | null; taxCode?: string | null } = {}
  if (input.vatNumber !== undefined) {
    values.vatNumber = input.vatNumber === null ? null : normaliseVatNumber(input.vatNumber)
    const problems = values.vatNumber === null ? [] : checkVatNumber(values.vatNumber)
    if (problems.includes('format')) errors.push({ pointer: `${prefix}/vatNumber`, code: 'vat_number_format', detail: 'La partita IVA deve avere 11 cifre.' })
    else if (problems.includes('check_digit')) errors.push({ pointer: `${prefix}/vatNumber`, code: 'vat_number_check_digit', detail: 'La cifra di controllo della partita IVA non è corretta.' })
  }
  if (input.taxCode !== undefined) {
    values.taxCode = input.taxCode === null ? null : normaliseCompanyTaxCode(input.taxCode)
    const problems = values.taxCode === null ? [] : checkCompanyTaxCode(values.taxCode)
    if (problems.includes('format')) errors.push({ pointer: `${prefix}/taxCode`, code: 'tax_code_format', detail: 'Il codice fiscale dell\'azienda ha 11 cifre (o 16 caratteri per una ditta individuale).' })
    else if (problems.includes('check_digit')) errors.push({ pointer: `${prefix}/taxCode`, code: 'tax_code_check_character', detail: 'Il carattere di controllo del codice fiscale non è corretto.' })
  }
  return { values, errors }
}

export const duplicateVatNumber = (existingId: string | null) =>
  conflict('company-duplicate-vat-number', 'Un\'azienda con questa partita IVA è già registrata.', existingId ? { existingId } : {})

/** The company's fields from a create or patch body, normalised (trimmed, identity checked). */
export async function checkedCompanyValues(db: Db, circle: CompanyCircle, input: CompanyPatch, ownerOrganisationId: string, prefix = ''): Promise<{ values: repo.CompanyChanges; errors: ProblemFieldError[] }> {
  const { values: identity, errors } = checkIdentity(input, prefix)
  const values: repo.CompanyChanges = { ...identity }
  const text = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : v.trim() || null)
  if (input.name !== undefined) values.name = input.name.trim()
  for (const key of ['atecoCode', 'street', 'postalCode', 'municipality', 'province', 'phone', 'email', 'website'] as const) {
    const v = text(input[key])
    if (v !== undefined) values[key] = v
  }
  if (input.employees !== undefined) values.employees = input.employees
  if (input.isPublicAdministration !== undefined) values.isPublicAdministration = input.isPublicAdministration
  if (input.isTypeBCooperative !== undefined) values.isTypeBCooperative = input.isTypeBCooperative
  if (input.region !== undefined) values.region = input.region
  if (input.followedById !== undefined) {
    if (input.followedById === null) values.ownerUserId = null
    else if (!(await repo.findMemberName(db, input.followedById, [ownerOrganisationId, ...circle.editorOrganisations]))) {
      errors.push({ pointer: `${prefix}/followedById`, code: 'not_a_colleague', detail: 'Chi segue l\'azienda deve essere un utente attivo dell\'ente.' })
    } else values.ownerUserId = input.followedById
  }
  return { values, errors }
}

export async function createCompany(db: Database, caller: Caller, input: CompanyCreate): Promise<Company> {
  const circle = await loadCompanyCircle(db, caller.principal)
  const ownerOrganisationId = registeringOrganisation(circle, input.ownerOrganisationId)
  const { values, errors } = await checkedCompanyValues(db, circle, input, ownerOrganisationId)
  if (errors.length > 0) throw fieldUnprocessable(errors, 'I dati dell\'azienda non sono validi.')
  if (values.vatNumber) {
    const existing = await repo.findCompanyIdByVatNumber(db, values.vatNumber)
    if (existing) throw duplicateVatNumber(existing)
  }
  try {
    return await db.transaction(async (tx) => {
      const row = await insertCompanyRecord(tx, caller, ownerOrganisationId, { ...values, name: values.name ?? input.name.trim() })
      return companyResponse(tx, caller, circle, row.id)
    })
  } catch (error) {
    if (isUniqueViolation(error, 'companies_vat_number_key')) throw duplicateVatNumber(await repo.findCompanyIdByVatNumber(db, values.vatNumber!))
    throw error
  }
}

/** Inserts a company with its first status row, audit entry and event (used by create and import). */
export async function insertCompanyRecord(tx: Db, caller: Caller, ownerOrganisationId: string, values: repo.CompanyChanges & { name: string }): Promise<CompanyRow> {
  const row = await repo.insertCompany(tx, { ...values, ownerOrganisationId, createdBy: caller.principal.userId })
  await repo.insertStatusChange(tx, { companyId: row.id, fromStatus: null, toStatus: row.relationshipStatus, changedBy: caller.principal.userId })
  const fields = Object.keys(values).filter((k) => values[k as keyof typeof values] !== undefined && values[k as keyof typeof values] !== null)
  await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'company', resourceId: row.id, organisationId: ownerOrganisationId, changedFields: fields }])
  await recordDomainEvent(tx, caller.actor, { type: 'company.created', resourceType: 'company', resourceId: row.id, ownerOrganisationId, data: { status: row.relationshipStatus } })
  return row
}

export async function updateCompany(db: Database, caller: Caller, id: string, expectedVersion: number, patch: CompanyPatch): Promise<Company> {
  const circle = await loadCompanyCircle(db, caller.principal)
  try {
    return await db.transaction(async (tx) => {
      const row = await repo.lockCompany(tx, id)
      assertCanEditCompany(circle, row?.ownerOrganisationId)
      assertVersion(row!.version, expectedVersion)
      const { values, errors } = await checkedCompanyValues(tx, circle, patch, row!.ownerOrganisationId)
      if (errors.length > 0) throw fieldUnprocessable(errors, 'I dati dell\'azienda non sono validi.')
      if (values.vatNumber && values.vatNumber !== row!.vatNumber) {
        const existing = await repo.findCompanyIdByVatNumber(tx, values.vatNumber)
        if (existing && existing !== id) throw duplicateVatNumber(existing)
      }
      const changed = changedFields(row as unknown as Record<string, unknown>, values as Record<string, unknown>)
      if (changed.length > 0) {
        await repo.updateCompany(tx, id, values)
        await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'company', resourceId: id, organisationId: row!.ownerOrganisationId, changedFields: changed }])
        await recordDomainEvent(tx, caller.actor, { type: 'company.updated', resourceType: 'company', resourceId: id, ownerOrganisationId: row!.ownerOrganisationId, data: { changedFields: changed } })
      }
      return companyResponse(tx, caller, circle, id)
    })
  } catch (error) {
    if (isUniqueViolation(error, 'companies_vat_number_key')) throw duplicateVatNumber(patch.vatNumber ? await repo.findCompanyIdByVatNumber(db, normaliseVatNumber(patch.vatNumber)) : null)
    throw error
  }
}

export async function transitionCompany(db: Database, caller: Caller, id: string, expectedVersion: number, input: CompanyTransitionRequest): Promise<Company> {
  const circle = await loadCompanyCircle(db, caller.principal)
  return db.transaction(async (tx) => {
    const row = await repo.lockCompany(tx, id)
    assertCanEditCompany(circle, row?.ownerOrganisationId)
    assertVersion(row!.version, expectedVersion)
    const from = row!.relationshipStatus
    if (!isCompanyTransitionAllowed(from, input.to)) throw transitionNotAllowed(from, input.to)
    const reason = input.reason?.trim() || null
    if (COMPANY_TRANSITIONS_NEEDING_REASON.includes(input.to) && !reason) {
      throw fieldUnprocessable([{ pointer: '/reason', code: 'reason_required', detail: 'Indica perché l\'azienda non è più attiva.' }])
    }
    await repo.updateCompany(tx, id, { relationshipStatus: input.to })
    await repo.insertStatusChange(tx, { companyId: id, fromStatus: from, toStatus: input.to, reason, changedBy: caller.principal.userId })
    await recordAudit(tx, caller.actor, [{ action: 'transition', resourceType: 'company', resourceId: id, organisationId: row!.ownerOrganisationId, changedFields: ['relationshipStatus'] }])
    await recordDomainEvent(tx, caller.actor, { type: 'company.transitioned', resourceType: 'company', resourceId: id, ownerOrganisationId: row!.ownerOrganisationId, data: { from, to: input.to } })
    return companyResponse(tx, caller, circle, id)
  })
}

/** The company the caller may read, for its sub-resources (404 otherwise). */
async function readableCompany(db: Db, caller: Caller, companyId: string): Promise<{ row: CompanyRow; circle: CompanyCircle }> {
  const circle = await loadCompanyCircle(db, caller.principal)
  const row = await repo.findCompany(db, companyId)
  assertCanReadCompany(circle, row?.ownerOrganisationId)
  return { row: row!, circle }
}

/** The company locked for a change of its sub-resources, by a caller who may edit it. */
async function editableCompany(tx: Db, caller: Caller, companyId: string): Promise<{ row: CompanyRow; circle: CompanyCircle }> {
  const circle = await loadCompanyCircle(tx, caller.principal)
  const row = await repo.lockCompany(tx, companyId)
  assertCanEditCompany(circle, row?.ownerOrganisationId)
  return { row: row!, circle }
}

export async function listSites(db: Database, caller: Caller, companyId: string): Promise<CompanySite[]> {
  await readableCompany(db, caller, companyId)
  return (await repo.listSites(db, companyId)).map(toSite)
}

export async function createSite(db: Database, caller: Caller, companyId: string, input: CompanySiteCreate): Promise<CompanySite> {
  return db.transaction(async (tx) => {
    const { row: company } = await editableCompany(tx, caller, companyId)
    const site = await repo.insertSite(tx, {
      companyId,
      name: input.name.trim(),
      street: input.street?.trim() || null,
      postalCode: input.postalCode ?? null,
      municipality: input.municipality.trim(),
      province: input.province ?? null,
      region: input.region,
      isHeadquarters: input.isHeadquarters ?? false,
    })
    if (site.isHeadquarters) await repo.clearOtherHeadquarters(tx, companyId, site.id)
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'company_site', resourceId: site.id, organisationId: company.ownerOrganisationId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, { type: 'company_site.created', resourceType: 'company_site', resourceId: site.id, ownerOrganisationId: company.ownerOrganisationId, data: { companyId } })
    return toSite(site)
  })
}

export async function updateSite(db: Database, caller: Caller, companyId: string, siteId: string, expectedVersion: number, patch: CompanySitePatch): Promise<CompanySite> {
  return db.transaction(async (tx) => {
    const { row: company } = await editableCompany(tx, caller, companyId)
    const site = await repo.findSite(tx, siteId)
    if (!site || site.companyId !== companyId) throw notFound('La sede')
    assertVersion(site.version, expectedVersion)
    const values: repo.SiteChanges = {}
    if (patch.name !== undefined) values.name = patch.name.trim()
    if (patch.street !== undefined) values.street = patch.street?.trim() || null
    if (patch.postalCode !== undefined) values.postalCode = patch.postalCode
    if (patch.municipality !== undefined) values.municipality = patch.municipality.trim()
    if (patch.province !== undefined) values.province = patch.province
    if (patch.region !== undefined) values.region = patch.region
    if (patch.isHeadquarters !== undefined) values.isHeadquarters = patch.isHeadquarters
    if (patch.isActive !== undefined) values.isActive = patch.isActive
    const changed = changedFields(site as unknown as Record<string, unknown>, values as Record<string, unknown>)
    if (changed.length === 0) return toSite(site)
    const updated = await repo.updateSite(tx, siteId, values)
    if (updated.isHeadquarters) await repo.clearOtherHeadquarters(tx, companyId, siteId)
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'company_site', resourceId: siteId, organisationId: company.ownerOrganisationId, changedFields: changed }])
    await recordDomainEvent(tx, caller.actor, { type: 'company_site.updated', resourceType: 'company_site', resourceId: siteId, ownerOrganisationId: company.ownerOrganisationId, data: { companyId, changedFields: changed } })
    return toSite(updated)
  })
}

export async function listContacts(db: Database, caller: Caller, companyId: string): Promise<CompanyContact[]> {
  const { row } = await readableCompany(db, caller, companyId)
  const contacts = await repo.listContacts(db, companyId)
  for (const contact of contacts) caller.auditRead('company_contact', contact.id, row.ownerOrganisationId, 'list')
  return contacts.map(toContact)
}

async function checkContactSite(tx: Db, companyId: string, siteId: string | null | undefined): Promise<void> {
  if (!siteId) return
  const site = await repo.findSite(tx, siteId)
  if (!site || site.companyId !== companyId) throw fieldUnprocessable([{ pointer: '/siteId', code: 'not_a_site_of_company', detail: 'La sede non è dell\'azienda.' }])
}

export async function createContact(db: Database, caller: Caller, companyId: string, input: CompanyContactCreate): Promise<CompanyContact> {
  return db.transaction(async (tx) => {
    const { row: company } = await editableCompany(tx, caller, companyId)
    await checkContactSite(tx, companyId, input.siteId)
    const contact = await repo.insertContact(tx, {
      companyId,
      siteId: input.siteId ?? null,
      givenName: input.givenName.trim(),
      familyName: input.familyName.trim(),
      role: input.role?.trim() || null,
      phone: input.phone?.trim() || null,
      email: input.email?.trim() || null,
    })
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'company_contact', resourceId: contact.id, organisationId: company.ownerOrganisationId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, { type: 'company_contact.created', resourceType: 'company_contact', resourceId: contact.id, ownerOrganisationId: company.ownerOrganisationId, data: { companyId } })
    return toContact(contact)
  })
}

export async function updateContact(db: Database, caller: Caller, companyId: string, contactId: string, expectedVersion: number, patch: CompanyContactPatch): Promise<CompanyContact> {
  return db.transaction(async (tx) => {
    const { row: company } = await editableCompany(tx, caller, companyId)
    const contact = await repo.findContact(tx, contactId)
    if (!contact || contact.companyId !== companyId) throw notFound('Il referente')
    assertVersion(contact.version, expectedVersion)
    if (patch.siteId !== undefined) await checkContactSite(tx, companyId, patch.siteId)
    const values: repo.ContactChanges = {}
    if (patch.givenName !== undefined) values.givenName = patch.givenName.trim()
    if (patch.familyName !== undefined) values.familyName = patch.familyName.trim()
    for (const key of ['role', 'phone', 'email'] as const) if (patch[key] !== undefined) values[key] = patch[key]?.trim() || null
    if (patch.siteId !== undefined) values.siteId = patch.siteId
    if (patch.isActive !== undefined) values.isActive = patch.isActive
    const changed = changedFields(contact as unknown as Record<string, unknown>, values as Record<string, unknown>)
    if (changed.length === 0) return toContact(contact)
    const updated = await repo.updateContact(tx, contactId, values)
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'company_contact', resourceId: contactId, organisationId: company.ownerOrganisationId, changedFields: changed }])
    await recordDomainEvent(tx, caller.actor, { type: 'company_contact.updated', resourceType: 'company_contact', resourceId: contactId, ownerOrganisationId: company.ownerOrganisationId, data: { companyId, changedFields: changed } })
    return toContact(updated)
  })
}
