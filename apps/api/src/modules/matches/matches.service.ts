/**
 * Match rules: a person proposed for an open vacancy — only with an accepted referral to the
 * caller's organisation or a case of the caller's municipality (the case policy decides), once at
 * a time per vacancy — and moved along the pipeline with every step kept. `trial` may create the
 * internship and `hired` creates the job placement and fills a position, all in the transaction of
 * the move: a failure leaves neither the move nor the measure. Matches follow their case's
 * visibility; each read is audited (they name a person).
 */
import {
  isMatchTransitionAllowed,
  MATCH_TRANSITIONS,
  type Match,
  type MatchCreate,
  type MatchListQuery,
  type MatchPage,
  type MatchStatus,
  type MatchTransitionRequest,
} from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import { recordAudit } from '../../lib/audit.js'
import { AppError, conflict, fieldUnprocessable, forbidden, notFound, transitionNotAllowed } from '../../lib/errors.js'
import { recordDomainEvent } from '../../lib/events.js'
import { assertVersion, decodeInstantIdCursor, toPage } from '../../lib/http.js'
import { isUniqueViolation } from '../../lib/pg-errors.js'
import { organisationsWithRole } from '../../lib/principal.js'
import { assertCaseOpen, loadCaseAccess, visibleCasesCondition, type CaseScope, type VisibleCase } from '../cases/cases.policy.js'
import type { Caller } from '../../lib/caller.js'
import { canReadCompany, loadCompanyCircle, type CompanyCircle } from '../companies/companies.policy.js'
import * as companies from '../companies/companies.repository.js'
import { fillPosition } from '../vacancies/vacancies.service.js'
import * as vacancies from '../vacancies/vacancies.repository.js'
import { createInternshipForMatch, createPlacementForMatch } from './match-measures.js'
import * as repo from './matches.repository.js'

const OUT_STATUSES: readonly MatchStatus[] = ['rejected', 'withdrawn']

function toMatch(view: repo.MatchView, steps: Awaited<ReturnType<typeof repo.listSteps>>, allowed: MatchStatus[]): Match {
  const row = view.row
  return {
    id: row.id,
    vacancy: { id: row.vacancyId, title: view.vacancyTitle, status: view.vacancyStatus, company: { id: view.companyId, name: view.companyName } },
    caseId: row.caseId,
    person: { id: row.personId, givenName: view.personGivenName, familyName: view.personFamilyName },
    municipality: { id: row.municipalityId, name: view.municipalityName },
    status: row.status,
    note: row.note,
    proposedBy: row.proposedBy && view.proposedByName ? { id: row.proposedBy, name: view.proposedByName } : null,
    proposedByOrganisation: { id: row.proposedByOrganisationId, name: view.proposedByOrganisationName },
    steps: steps
      .filter((s) => s.row.matchId === row.id)
      .map((s) => ({ from: s.row.fromStatus, to: s.row.toStatus, reason: s.row.reason, by: s.row.byUserId && s.byName ? { id: s.row.byUserId, name: s.byName } : null, at: s.row.at.toISOString() })),
    internshipMeasureId: row.internshipMeasureId,
    placementMeasureId: row.placementMeasureId,
    allowedTransitions: allowed,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The moves the caller may make: whoever sees the case and the vacancy's company moves it. */
const allowedMoves = (circle: CompanyCircle, companyOwnerId: string, status: MatchStatus): MatchStatus[] => (canReadCompany(circle, companyOwnerId) ? [...MATCH_TRANSITIONS[status]] : [])

async function toMatchPage(db: Db, caller: Caller, rows: repo.MatchView[], limit: number): Promise<MatchPage> {
  const circle = await loadCompanyCircle(db, caller.principal)
  const owners = new Map<string, string>()
  for (const r of rows.slice(0, limit)) {
    if (!owners.has(r.companyId)) owners.set(r.companyId, (await companies.findCompany(db, r.companyId))!.ownerOrganisationId)
    caller.auditRead('match', r.row.id, r.row.municipalityId, 'list')
  }
  const steps = await repo.listSteps(db, rows.slice(0, limit).map((r) => r.row.id))
  return toPage(rows, limit, (r) => toMatch(r, steps, allowedMoves(circle, owners.get(r.companyId)!, r.row.status)), (r) => [r.cursorCreatedAt, r.row.id])
}

export async function listVacancyMatches(db: Database, caller: Caller, vacancyId: string, query: MatchListQuery): Promise<MatchPage> {
  const circle = await loadCompanyCircle(db, caller.principal)
  const vacancy = await vacancies.findVacancy(db, vacancyId)
  const company = vacancy ? await companies.findCompany(db, vacancy.companyId) : null
  if (!company || !canReadCompany(circle, company.ownerOrganisationId)) throw notFound('L\'opportunità')
  const limit = query.limit ?? 50
  const rows = await repo.listMatches(db, { visibleCases: visibleCasesCondition(caller.principal), vacancyId, ...(query.status ? { statuses: query.status } : {}), after: decodeInstantIdCursor(query.cursor), limit })
  return toMatchPage(db, caller, rows, limit)
}

export async function listCaseMatches(db: Database, caller: Caller, scope: CaseScope, query: MatchListQuery): Promise<MatchPage> {
  const { caseId } = scope
  const limit = query.limit ?? 50
  const rows = await repo.listMatches(db, { visibleCases: visibleCasesCondition(caller.principal), caseId, ...(query.status ? { statuses: query.status } : {}), after: decodeInstantIdCursor(query.cursor), limit })
  return toMatchPage(db, caller, rows, limit)
}

async function matchResponse(db: Db, caller: Caller, circle: CompanyCircle, id: string): Promise<Match> {
  const view = await repo.findMatchView(db, id)
  if (!view) throw notFound('La candidatura')
  const company = await companies.findCompany(db, view.companyId)
  const steps = await repo.listSteps(db, [id])
  caller.auditRead('match', id, view.row.municipalityId)
  return toMatch(view, steps, allowedMoves(circle, company!.ownerOrganisationId, view.row.status))
}

/** A match the caller may see: its case is visible to them (404 otherwise, as a missing one). */
export async function readMatch(db: Database, caller: Caller, id: string): Promise<Match> {
  const view = await repo.findMatchView(db, id)
  if (!view) throw notFound('La candidatura')
  await loadCaseOr404(db, caller, view.row.caseId)
  return matchResponse(db, caller, await loadCompanyCircle(db, caller.principal), id)
}

async function loadCaseOr404(db: Db, caller: Caller, caseId: string, options: { forUpdate?: boolean } = {}): Promise<VisibleCase> {
  try {
    return await loadCaseAccess(db, caller.principal, caseId, options)
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw notFound('La candidatura')
    throw error
  }
}

const liveMatchConflict = (existingId: string | undefined) =>
  conflict('match-already-live', 'La persona è già candidata a questa opportunità.', existingId ? { existingId } : {})

export async function createMatch(db: Database, caller: Caller, vacancyId: string, input: MatchCreate): Promise<Match> {
  try {
    return await db.transaction(async (tx) => {
      const circle = await loadCompanyCircle(tx, caller.principal)
      const found = await vacancies.findVacancy(tx, vacancyId)
      const company = found ? await companies.findCompany(tx, found.companyId) : null
      if (!company || !canReadCompany(circle, company.ownerOrganisationId)) throw notFound('L\'opportunità')
      // The case first, then the vacancy: every use case that locks both takes them in this order.
      let scope: VisibleCase
      try {
        scope = await loadCaseAccess(tx, caller.principal, input.caseId, { forUpdate: true })
      } catch (error) {
        if (!(error instanceof AppError && error.status === 404)) throw error
        throw fieldUnprocessable(
          [{ pointer: '/caseId', code: 'case_not_proposable', detail: 'Puoi candidare solo persone inviate al tuo ente (invio accettato) o seguite dal tuo comune.' }],
          'La persona non può essere candidata da te.',
        )
      }
      assertCaseOpen(scope.row, 'Il caso è chiuso: non si possono fare nuove candidature.')
      const vacancy = (await vacancies.lockVacancy(tx, vacancyId))!
      if (vacancy.status !== 'open') throw conflict('vacancy-not-open', 'L\'opportunità non è aperta: non si possono proporre candidati.')
      const live = await repo.findLiveMatch(tx, vacancyId, scope.row.id)
      if (live) throw liveMatchConflict(live.id)
      const proposedByOrganisationId =
        scope.access === 'partner' ? (await repo.acceptedReferralOrganisations(tx, scope.row.id, organisationsWithRole(caller.principal, 'operator')))[0]! : scope.row.municipalityId
      const row = await repo.insertMatch(tx, {
        vacancyId,
        caseId: scope.row.id,
        personId: scope.row.personId,
        municipalityId: scope.row.municipalityId,
        proposedByOrganisationId,
        proposedBy: caller.principal.userId,
        note: input.note?.trim() || null,
        status: 'proposed',
      })
      await repo.insertStep(tx, { matchId: row.id, fromStatus: null, toStatus: 'proposed', byUserId: caller.principal.userId })
      await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'match', resourceId: row.id, organisationId: scope.row.municipalityId, changedFields: ['vacancyId', 'caseId', ...(input.note ? ['note'] : [])] }])
      await recordDomainEvent(tx, caller.actor, {
        type: 'match.created',
        resourceType: 'match',
        resourceId: row.id,
        caseId: scope.row.id,
        ownerOrganisationId: scope.row.municipalityId,
        partnerOrganisationId: proposedByOrganisationId === scope.row.municipalityId ? null : proposedByOrganisationId,
        data: { vacancyId, status: 'proposed' },
      })
      return matchResponse(tx, caller, circle, row.id)
    })
  } catch (error) {
    if (isUniqueViolation(error, 'matches_one_live_per_case_key')) throw liveMatchConflict((await repo.findLiveMatch(db, vacancyId, input.caseId))?.id)
    throw error
  }
}

export async function transitionMatch(db: Database, caller: Caller, id: string, expectedVersion: number, input: MatchTransitionRequest): Promise<Match> {
  return db.transaction(async (tx) => {
    const row = await repo.lockMatch(tx, id)
    if (!row) throw notFound('La candidatura')
    const scope = await loadCaseOr404(tx, caller, row.caseId, { forUpdate: true })
    const circle = await loadCompanyCircle(tx, caller.principal)
    const vacancy = (await vacancies.lockVacancy(tx, row.vacancyId))!
    const company = (await companies.findCompany(tx, vacancy.companyId))!
    if (!canReadCompany(circle, company.ownerOrganisationId)) throw forbidden('L\'opportunità non è tra le aziende del tuo ente: non puoi spostare la candidatura.')
    assertVersion(row.version, expectedVersion)
    if (!isMatchTransitionAllowed(row.status, input.to)) throw transitionNotAllowed(row.status, input.to)
    const reason = input.reason?.trim() || null
    if (OUT_STATUSES.includes(input.to) && !reason) throw fieldUnprocessable([{ pointer: '/reason', code: 'reason_required', detail: 'Indica il motivo.' }])
    if (input.internship && input.to !== 'trial') throw fieldUnprocessable([{ pointer: '/internship', code: 'only_with_trial', detail: 'Il tirocinio si crea solo con il passaggio alla prova.' }])
    if (input.placement && input.to !== 'hired') throw fieldUnprocessable([{ pointer: '/placement', code: 'only_with_hired', detail: 'L\'inserimento lavorativo si crea solo con l\'assunzione.' }])

    const changes: repo.MatchChanges = { status: input.to }
    if (input.to === 'trial' && input.internship) {
      assertCaseOpen(scope.row, 'Il caso è chiuso: riaprilo per avviare un tirocinio.')
      changes.internshipMeasureId = await createInternshipForMatch(tx, caller, scope, { match: row, company, vacancy, input: input.internship })
    }
    if (input.to === 'hired') {
      assertCaseOpen(scope.row, 'Il caso è chiuso: riaprilo per registrare l\'assunzione.')
      await fillPosition(tx, caller, vacancy, company.ownerOrganisationId)
      changes.placementMeasureId = await createPlacementForMatch(tx, caller, scope, { match: row, company, vacancy, input: input.placement ?? null })
    }
    await repo.updateMatch(tx, id, changes)
    await repo.insertStep(tx, { matchId: id, fromStatus: row.status, toStatus: input.to, reason, byUserId: caller.principal.userId })
    await recordAudit(tx, caller.actor, [{ action: 'transition', resourceType: 'match', resourceId: id, organisationId: row.municipalityId, changedFields: Object.keys(changes) }])
    await recordDomainEvent(tx, caller.actor, {
      type: 'match.transitioned',
      resourceType: 'match',
      resourceId: id,
      caseId: row.caseId,
      ownerOrganisationId: row.municipalityId,
      partnerOrganisationId: row.proposedByOrganisationId === row.municipalityId ? null : row.proposedByOrganisationId,
      data: { from: row.status, to: input.to, ...(changes.internshipMeasureId ? { internshipMeasureId: changes.internshipMeasureId } : {}), ...(changes.placementMeasureId ? { placementMeasureId: changes.placementMeasureId } : {}) },
    })
    return matchResponse(tx, caller, circle, id)
  })
}
