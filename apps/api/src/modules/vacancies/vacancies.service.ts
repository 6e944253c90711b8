/**
 * Vacancy rules: a vacancy of a company of the caller's circle, at one of its sites; positions
 * filled are counted from the hired matches and never typed in — a vacancy whose positions are all
 * filled is `filled`, and one whose positions grow past its hires is open again; by hand only
 * open → closed and closed → open. Each write audited and announced as a domain event.
 */
import {
  MATCH_STATUSES,
  VACANCY_MANUAL_TRANSITIONS,
  type ProblemFieldError,
  type Vacancy,
  type VacancyCreate,
  type VacancyListQuery,
  type VacancyPage,
  type VacancyPatch,
  type VacancyStatus,
  type VacancyTransitionRequest,
} from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import type { VacancyRow } from '../../db/schema/index.js'
import { changedFields, recordAudit } from '../../lib/audit.js'
import { todayInItaly } from '../../lib/dates.js'
import { conflict, fieldUnprocessable, notFound, transitionNotAllowed, unprocessable } from '../../lib/errors.js'
import { recordDomainEvent } from '../../lib/events.js'
import { assertVersion, decodeInstantIdCursor, toPage } from '../../lib/http.js'
import type { Caller } from '../../lib/caller.js'
import { allowedVacancyTransitions, assertCanEditCompany, assertCanReadCompany, loadCompanyCircle, registeringOrganisation, vacancyPermissions, type CompanyCircle } from '../companies/companies.policy.js'
import * as companies from '../companies/companies.repository.js'
import * as repo from './vacancies.repository.js'

export function toVacancy(view: repo.VacancyView, circle: CompanyCircle): Vacancy {
  const row = view.row
  const counts = Object.fromEntries(MATCH_STATUSES.map((s) => [s, view.matchCounts[s] ?? 0])) as Vacancy['matchCounts']
  return {
    id: row.id,
    company: { id: row.companyId, name: view.companyName },
    site: row.siteId && view.siteName ? { id: row.siteId, name: view.siteName, municipality: view.siteMunicipality ?? '' } : null,
    title: row.title,
    profileCode: row.profileCode,
    location: row.location,
    contractType: row.contractType,
    contractMonths: row.contractMonths,
    weeklyHours: row.weeklyHours,
    positions: row.positions,
    positionsFilled: counts.hired,
    requirements: row.requirements,
    deadline: row.deadline,
    status: row.status,
    statusReason: row.statusReason,
    ownerOrganisation: { id: row.ownerOrganisationId, name: view.ownerName },
    createdBy: row.createdBy && view.createdByName ? { id: row.createdBy, name: view.createdByName } : null,
    matchCounts: counts,
    allowedTransitions: allowedVacancyTransitions(circle, view.companyOwnerId, row.status),
    permissions: vacancyPermissions(circle, view.companyOwnerId, row.status),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export async function vacancyResponse(db: Db, circle: CompanyCircle, id: string): Promise<Vacancy> {
  const view = await repo.findVacancyView(db, id)
  assertCanReadCompany(circle, view?.companyOwnerId)
  return toVacancy(view!, circle)
}

export async function listVacancies(db: Database, caller: Caller, query: VacancyListQuery): Promise<VacancyPage> {
  const circle = await loadCompanyCircle(db, caller.principal)
  const limit = query.limit ?? 50
  const rows = await repo.listVacancies(db, {
    owners: circle.readable,
    ...(query.companyId ? { companyId: query.companyId } : {}),
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.q ? { q: query.q } : {}),
    after: decodeInstantIdCursor(query.cursor),
    limit,
  })
  return toPage(rows, limit, (r) => toVacancy(r, circle), (r) => [r.cursorCreatedAt, r.row.id])
}

export async function readVacancy(db: Database, caller: Caller, id: string): Promise<Vacancy> {
  return vacancyResponse(db, await loadCompanyCircle(db, caller.principal), id)
}

async function checkSite(tx: Db, companyId: string, siteId: string | null | undefined, errors: ProblemFieldError[]) {
  if (!siteId) return
  const site = await companies.findSite(tx, siteId)
  if (!site || site.companyId !== companyId || !site.isActive) errors.push({ pointer: '/siteId', code: 'not_a_site_of_company', detail: 'La sede non è un\'unità attiva dell\'azienda.' })
}

function checkContract(values: { contractType?: string; contractMonths?: number | null }, errors: ProblemFieldError[]) {
  if (values.contractType === 'fixed_term' && !values.contractMonths) errors.push({ pointer: '/contractMonths', code: 'months_required', detail: 'Per un contratto a tempo determinato indica la durata in mesi.' })
}

export async function createVacancy(db: Database, caller: Caller, input: VacancyCreate): Promise<Vacancy> {
  return db.transaction(async (tx) => {
    const circle = await loadCompanyCircle(tx, caller.principal)
    const company = await companies.lockCompany(tx, input.companyId)
    // The company is named in the body: one outside the circle is a field that does not fit (422), never a hint that it exists.
    if (!company || !circle.readable.includes(company.ownerOrganisationId)) {
      throw fieldUnprocessable([{ pointer: '/companyId', code: 'company_not_found', detail: 'L\'azienda non esiste o non è visibile.' }])
    }
    assertCanEditCompany(circle, company.ownerOrganisationId)
    const errors: ProblemFieldError[] = []
    await checkSite(tx, company.id, input.siteId, errors)
    checkContract(input, errors)
    if (input.deadline && input.deadline < todayInItaly()) errors.push({ pointer: '/deadline', code: 'deadline_past', detail: 'La scadenza è già passata.' })
    if (errors.length > 0) throw fieldUnprocessable(errors, 'L\'opportunità non rispetta le regole.')
    const ownerOrganisationId = circle.editorOrganisations.includes(company.ownerOrganisationId) ? company.ownerOrganisationId : registeringOrganisation(circle, undefined)
    const row = await repo.insertVacancy(tx, {
      companyId: company.id,
      siteId: input.siteId ?? null,
      ownerOrganisationId,
      title: input.title.trim(),
      profileCode: input.profileCode ?? null,
      location: input.location?.trim() || null,
      contractType: input.contractType,
      contractMonths: input.contractType === 'fixed_term' ? (input.contractMonths ?? null) : null,
      weeklyHours: input.weeklyHours ?? null,
      positions: input.positions,
      requirements: input.requirements?.trim() || null,
      deadline: input.deadline ?? null,
      status: 'open',
      createdBy: caller.principal.userId,
    })
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'vacancy', resourceId: row.id, organisationId: company.ownerOrganisationId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, {
      type: 'vacancy.created',
      resourceType: 'vacancy',
      resourceId: row.id,
      ownerOrganisationId: company.ownerOrganisationId,
      partnerOrganisationId: ownerOrganisationId === company.ownerOrganisationId ? null : ownerOrganisationId,
      data: { companyId: company.id, status: 'open' },
    })
    return vacancyResponse(tx, circle, row.id)
  })
}

/** The status the hires give a vacancy that is not closed: filled when every position is taken. */
export const statusFromHires = (status: VacancyStatus, positions: number, hires: number): VacancyStatus => (status === 'closed' ? 'closed' : hires >= positions ? 'filled' : 'open')

async function recordVacancyStatus(tx: Db, caller: Caller, row: VacancyRow, companyOwnerId: string, to: VacancyStatus) {
  await recordDomainEvent(tx, caller.actor, {
    type: 'vacancy.transitioned',
    resourceType: 'vacancy',
    resourceId: row.id,
    ownerOrganisationId: companyOwnerId,
    partnerOrganisationId: row.ownerOrganisationId === companyOwnerId ? null : row.ownerOrganisationId,
    data: { from: row.status, to },
  })
}

/** Locks a vacancy of a company the caller edits (404 outside the circle, 403 for readers). */
async function editableVacancy(tx: Db, caller: Caller, id: string) {
  const circle = await loadCompanyCircle(tx, caller.principal)
  const row = await repo.lockVacancy(tx, id)
  const company = row ? await companies.findCompany(tx, row.companyId) : null
  if (!row || !company) throw notFound('L\'opportunità')
  assertCanEditCompany(circle, company.ownerOrganisationId)
  return { circle, row, companyOwnerId: company.ownerOrganisationId }
}

export async function updateVacancy(db: Database, caller: Caller, id: string, expectedVersion: number, patch: VacancyPatch): Promise<Vacancy> {
  return db.transaction(async (tx) => {
    const { circle, row, companyOwnerId } = await editableVacancy(tx, caller, id)
    assertVersion(row.version, expectedVersion)
    const errors: ProblemFieldError[] = []
    if (patch.siteId !== undefined) await checkSite(tx, row.companyId, patch.siteId, errors)
    const contractType = patch.contractType ?? row.contractType
    const contractMonths = patch.contractMonths !== undefined ? patch.contractMonths : row.contractMonths
    checkContract({ contractType, contractMonths }, errors)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'L\'opportunità non rispetta le regole.')
    const hires = await repo.countHires(tx, id)
    if (patch.positions !== undefined && patch.positions < hires) {
      throw unprocessable([{ rule: 'positions_below_hires', value: patch.positions, limit: hires, detail: `Le persone già assunte sono ${hires}: i posti non possono essere meno.` }])
    }
    const changes: repo.VacancyChanges = {}
    if (patch.siteId !== undefined) changes.siteId = patch.siteId
    if (patch.title !== undefined) changes.title = patch.title.trim()
    if (patch.profileCode !== undefined) changes.profileCode = patch.profileCode
    if (patch.location !== undefined) changes.location = patch.location?.trim() || null
    if (patch.contractType !== undefined) changes.contractType = patch.contractType
    if (patch.contractMonths !== undefined || patch.contractType !== undefined) changes.contractMonths = contractType === 'fixed_term' ? contractMonths : null
    if (patch.weeklyHours !== undefined) changes.weeklyHours = patch.weeklyHours
    if (patch.positions !== undefined) changes.positions = patch.positions
    if (patch.requirements !== undefined) changes.requirements = patch.requirements?.trim() || null
    if (patch.deadline !== undefined) changes.deadline = patch.deadline
    const status = statusFromHires(row.status, changes.positions ?? row.positions, hires)
    if (status !== row.status) changes.status = status
    const changed = changedFields(row as unknown as Record<string, unknown>, changes as Record<string, unknown>)
    if (changed.length > 0) {
      await repo.updateVacancy(tx, id, changes)
      await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'vacancy', resourceId: id, organisationId: companyOwnerId, changedFields: changed }])
      await recordDomainEvent(tx, caller.actor, {
        type: 'vacancy.updated',
        resourceType: 'vacancy',
        resourceId: id,
        ownerOrganisationId: companyOwnerId,
        partnerOrganisationId: row.ownerOrganisationId === companyOwnerId ? null : row.ownerOrganisationId,
        data: { changedFields: changed },
      })
      if (changes.status) await recordVacancyStatus(tx, caller, row, companyOwnerId, changes.status)
    }
    return vacancyResponse(tx, circle, id)
  })
}

export async function transitionVacancy(db: Database, caller: Caller, id: string, expectedVersion: number, input: VacancyTransitionRequest): Promise<Vacancy> {
  return db.transaction(async (tx) => {
    const { circle, row, companyOwnerId } = await editableVacancy(tx, caller, id)
    assertVersion(row.version, expectedVersion)
    if (!VACANCY_MANUAL_TRANSITIONS[row.status].includes(input.to)) {
      if (input.to === 'filled') throw conflict('vacancy-filled-by-hires', 'Un\'opportunità diventa coperta solo con le assunzioni.')
      throw transitionNotAllowed(row.status, input.to)
    }
    const hires = await repo.countHires(tx, id)
    if (input.to === 'open' && hires >= row.positions) throw conflict('vacancy-all-positions-filled', 'Tutti i posti sono già coperti: aumenta i posti per riaprirla.')
    await repo.updateVacancy(tx, id, { status: input.to, statusReason: input.reason?.trim() || null })
    await recordAudit(tx, caller.actor, [{ action: 'transition', resourceType: 'vacancy', resourceId: id, organisationId: companyOwnerId, changedFields: ['status', 'statusReason'] }])
    await recordVacancyStatus(tx, caller, row, companyOwnerId, input.to)
    return vacancyResponse(tx, circle, id)
  })
}

/**
 * Counts a hire on a vacancy the caller's transaction has locked: 422 when every position is
 * already filled; the vacancy becomes `filled` with its last position.
 */
export async function fillPosition(tx: Db, caller: Caller, vacancy: VacancyRow, companyOwnerId: string): Promise<void> {
  const hires = await repo.countHires(tx, vacancy.id)
  if (vacancy.status !== 'open') throw conflict('vacancy-not-open', 'L\'opportunità non è aperta.')
  if (hires >= vacancy.positions) {
    throw unprocessable([{ rule: 'vacancy_positions_filled', value: hires + 1, limit: vacancy.positions, detail: 'Tutti i posti dell\'opportunità sono già coperti.' }])
  }
  if (hires + 1 >= vacancy.positions) {
    await repo.updateVacancy(tx, vacancy.id, { status: 'filled', statusReason: null })
    await recordVacancyStatus(tx, caller, vacancy, companyOwnerId, 'filled')
  }
}
