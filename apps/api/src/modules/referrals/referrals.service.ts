/**
 * Referral rules: who may refer a case and to whom (an active partner organisation, the person's
 * consent dated not in the future, one live referral per partner), and the life of a referral —
 * accepted or rejected by the partner, completed, revoked by the municipality — each step written
 * to the case timeline and the audit trail in one transaction. Access follows the status at once.
 */
import {
  LIVE_REFERRAL_STATUSES,
  REFERRAL_ACTION_RULES,
  type CaseReferralListQuery,
  type ProblemFieldError,
  type Referral,
  type ReferralCreate,
  type ReferralListQuery,
  type ReferralPage,
  type ReferralPartnerListQuery,
  type ReferralPartnerPage,
  type ReferralStatus,
  type ReferralTransitionRequest,
} from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import { type AuditActor, recordAudit } from '../../lib/audit.js'
import { recordDomainEvent } from '../../lib/events.js'
import { badRequest, conflict, fieldUnprocessable, forbidden, notFound, transitionNotAllowed } from '../../lib/errors.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'
import { recordCaseEvent } from '../cases/case-events.js'
import { assertCanManageCase, lockCaseScope, municipalitiesWhereCanOpenCases, type CaseScope } from '../cases/cases.policy.js'
import { todayInItaly } from '../../lib/dates.js'
import { isUniqueViolation } from '../../lib/pg-errors.js'
import { allowedReferralActions, assertMayTakeAction, canSeeReferral, partnerSeesPerson, referralRelation, visibleReferralsCondition, type ReferralRelation } from './referrals.policy.js'
import * as repo from './referrals.repository.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DEFAULT_STATUSES: ReferralStatus[] = [...LIVE_REFERRAL_STATUSES]

const PAST_TENSE = { accept: 'accepted', reject: 'rejected', complete: 'completed', revoke: 'revoked' } as const

function decodeIdCursor(cursor: string | undefined): string | null {
  const values = decodeCursor(cursor, 1)
  if (!values) return null
  if (typeof values[0] !== 'string' || !UUID.test(values[0])) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  return values[0]
}

/** The referral as the caller sees it: a partner no longer sees the person once the referral is over. */
export function toReferral(view: repo.ReferralView, relation: ReferralRelation): Referral {
  const row = view.row
  const showsPerson = relation.caseAccess !== null || partnerSeesPerson(row.status)
  const ref = (id: string | null, name: string | null) => (id && name ? { id, name } : null)
  return {
    id: row.id,
    caseId: row.caseId,
    person: showsPerson ? { id: view.personId, givenName: view.personGivenName, familyName: view.personFamilyName } : null,
    municipality: { id: row.municipalityId, name: view.municipalityName },
    partnerOrganisation: { id: row.partnerOrganisationId, name: view.partnerName },
    purpose: row.purpose,
    consent: { date: row.consentDate, scope: row.consentScope },
    status: row.status,
    statusReason: row.statusReason,
    requestedBy: ref(row.requestedBy, view.requestedByName),
    decidedBy: ref(row.decidedBy, view.decidedByName),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    closedBy: ref(row.closedBy, view.closedByName),
    closedAt: row.closedAt?.toISOString() ?? null,
    allowedActions: allowedReferralActions(relation, row.status),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

async function referralResponse(db: Db, principal: Principal, id: string, relation?: ReferralRelation): Promise<Referral> {
  const view = await repo.findReferralView(db, id)
  if (!view) throw notFound('L\'invio')
  return toReferral(view, relation ?? (await referralRelation(db, principal, view.row)))
}

/** The relation of the caller to each referral of a page, computed once per case. */
async function toReferralPage(db: Db, principal: Principal, rows: repo.ReferralView[], limit: number): Promise<ReferralPage> {
  const relations = new Map<string, ReferralRelation>()
  for (const row of rows.slice(0, limit)) {
    const key = `${row.row.caseId}:${row.row.partnerOrganisationId}`
    if (!relations.has(key)) relations.set(key, await referralRelation(db, principal, row.row))
  }
  return toPage(rows, limit, (r) => toReferral(r, relations.get(`${r.row.caseId}:${r.row.partnerOrganisationId}`)!), (r) => [r.row.id])
}


const liveReferralConflict = (existingId: string | undefined) =>
  conflict('referral-already-live', 'Il caso è già stato inviato a questo ente e l\'invio è ancora in corso.', existingId ? { existingId } : {})

export async function createReferral(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, input: ReferralCreate): Promise<Referral> {
  const { caseId } = scope
  try {
    return await db.transaction(async (tx) => {
      const { row: caseRow, access } = await lockCaseScope(tx, scope)
      assertCanManageCase(access)
      if (caseRow.status === 'closed') throw conflict('case-closed', 'Il caso è chiuso: non si possono fare nuovi invii.')
      const errors: ProblemFieldError[] = []
      const partner = await repo.findReferralPartner(tx, input.partnerOrganisationId)
      if (!partner) {
        errors.push({
          pointer: '/partnerOrganisationId',
          code: 'not_a_partner',
          detail: 'L\'ente destinatario deve essere una cooperativa, un consorzio, un\'agenzia per il lavoro o un altro ente partner attivo (non il gestore della piattaforma).',
        })
      }
      if (input.consent.date > todayInItaly()) {
        errors.push({ pointer: '/consent/date', code: 'consent_in_future', detail: 'La data del consenso non può essere futura.' })
      }
      if (errors.length > 0) throw fieldUnprocessable(errors, 'L\'invio non rispetta le regole.')
      const live = await repo.findLiveReferral(tx, caseId, partner!.id)
      if (live) throw liveReferralConflict(live.id)
      const row = await repo.insertReferral(tx, {
        caseId,
        municipalityId: caseRow.municipalityId,
        partnerOrganisationId: partner!.id,
        purpose: input.purpose.trim(),
        consentDate: input.consent.date,
        consentScope: input.consent.scope.trim(),
        status: 'requested',
        requestedBy: principal.userId,
      })
      await recordCaseEvent(tx, {
        caseId,
        type: 'referral.requested',
        audience: 'case',
        actorUserId: principal.userId,
        resourceType: 'referral',
        resourceId: row.id,
        data: { partnerOrganisation: { id: partner!.id, name: partner!.name } },
      })
      await recordAudit(tx, actor, [
        { action: 'create', resourceType: 'referral', resourceId: row.id, organisationId: caseRow.municipalityId, changedFields: ['partnerOrganisationId', 'purpose', 'consentDate', 'consentScope'] },
      ])
      return referralResponse(tx, principal, row.id, { asPartner: false, caseAccess: access === 'partner' ? null : access })
    })
  } catch (error) {
    if (isUniqueViolation(error, 'referrals_one_live_per_partner_key')) throw liveReferralConflict((await repo.findLiveReferral(db, caseId, input.partnerOrganisationId))?.id)
    throw error
  }
}

export async function listCaseReferrals(db: Database, principal: Principal, scope: CaseScope, query: CaseReferralListQuery): Promise<ReferralPage> {
  const { caseId, access } = scope
  const limit = query.limit ?? 50
  const rows = await repo.listReferrals(db, {
    visible: visibleReferralsCondition(principal),
    caseId,
    // A partner sees only the referrals addressed to its own organisations, never another partner's.
    ...(access === 'partner' ? { partnerOrganisationIds: organisationsWithRole(principal, 'operator') } : {}),
    afterId: decodeIdCursor(query.cursor),
    limit,
  })
  return toReferralPage(db, principal, rows, limit)
}

export async function listReferrals(db: Database, principal: Principal, query: ReferralListQuery): Promise<ReferralPage> {
  const limit = query.limit ?? 50
  const rows = await repo.listReferrals(db, {
    visible: visibleReferralsCondition(principal),
    statuses: query.status && query.status.length > 0 ? query.status : DEFAULT_STATUSES,
    afterId: decodeIdCursor(query.cursor),
    limit,
  })
  return toReferralPage(db, principal, rows, limit)
}

export async function readReferral(db: Database, principal: Principal, id: string): Promise<Referral> {
  const view = await repo.findReferralView(db, id)
  if (!view) throw notFound('L\'invio')
  const relation = await referralRelation(db, principal, view.row)
  if (!canSeeReferral(relation)) throw notFound('L\'invio')
  return toReferral(view, relation)
}

export async function transitionReferral(db: Database, principal: Principal, actor: AuditActor, id: string, expectedVersion: number, input: ReferralTransitionRequest): Promise<Referral> {
  return db.transaction(async (tx) => {
    const row = await repo.lockReferral(tx, id)
    if (!row) throw notFound('L\'invio')
    const relation = await referralRelation(tx, principal, row)
    if (!canSeeReferral(relation)) throw notFound('L\'invio')
    assertMayTakeAction(relation, input.action)
    assertVersion(row.version, expectedVersion)
    const rule = REFERRAL_ACTION_RULES[input.action]
    if (!rule.from.includes(row.status)) throw transitionNotAllowed(row.status, rule.to)
    const reason = input.reason?.trim() || null
    if (input.action === 'reject' && !reason) {
      throw fieldUnprocessable([{ pointer: '/reason', code: 'reason_required', detail: 'Per rifiutare l\'invio indica il motivo.' }])
    }

    const now = new Date()
    const changes: repo.ReferralChanges = { status: rule.to }
    if (input.action === 'accept' || input.action === 'reject') Object.assign(changes, { decidedBy: principal.userId, decidedAt: now })
    else Object.assign(changes, { closedBy: principal.userId, closedAt: now })
    if (reason && (input.action === 'reject' || input.action === 'revoke' || input.action === 'complete')) changes.statusReason = reason
    await repo.updateReferral(tx, id, changes)

    const partner = await repo.findOrganisation(tx, row.partnerOrganisationId)
    await recordCaseEvent(tx, {
      caseId: row.caseId,
      type: `referral.${PAST_TENSE[input.action]}`,
      audience: 'case',
      actorUserId: principal.userId,
      resourceType: 'referral',
      resourceId: id,
      data: { partnerOrganisation: { id: row.partnerOrganisationId, name: partner?.name ?? null }, from: row.status, to: rule.to, ...(reason ? { reason } : {}) },
    })
    if (row.status === 'accepted') await announceVisibilityLost(tx, actor, row)
    await recordAudit(tx, actor, [{ action: input.action, resourceType: 'referral', resourceId: id, organisationId: row.municipalityId, changedFields: Object.keys(changes) }])
    return referralResponse(tx, principal, id, relation)
  })
}

/**
 * Closing a case ends its live referrals in the same transaction, so a partner never keeps access
 * to a closed case: an accepted referral is completed, a requested one revoked, each with its event.
 */
export async function endLiveReferralsOfClosedCase(tx: Db, principal: Principal, actor: AuditActor, caseRow: { id: string; municipalityId: string }) {
  const reason = 'Caso chiuso'
  for (const referral of await repo.lockLiveReferralsOfCase(tx, caseRow.id)) {
    const to = referral.status === 'accepted' ? 'completed' : 'revoked'
    const changes: repo.ReferralChanges = { status: to, statusReason: reason, closedBy: principal.userId, closedAt: new Date() }
    await repo.updateReferral(tx, referral.id, changes)
    const partner = await repo.findOrganisation(tx, referral.partnerOrganisationId)
    await recordCaseEvent(tx, {
      caseId: caseRow.id,
      type: `referral.${to}`,
      audience: 'case',
      actorUserId: principal.userId,
      resourceType: 'referral',
      resourceId: referral.id,
      data: { partnerOrganisation: { id: referral.partnerOrganisationId, name: partner?.name ?? null }, from: referral.status, to, reason },
    })
    if (referral.status === 'accepted') await announceVisibilityLost(tx, actor, referral)
    await recordAudit(tx, actor, [{ action: to === 'completed' ? 'complete' : 'revoke', resourceType: 'referral', resourceId: referral.id, organisationId: caseRow.municipalityId, changedFields: Object.keys(changes) }])
  }
}

/**
 * An accepted referral that ends (revoked, completed, or its case closed) takes the case out of the
 * partner's sight: the change feed and the webhooks tell that partner only, with the case's id and
 * nothing else, so its system can delete what it held.
 */
async function announceVisibilityLost(tx: Db, actor: AuditActor, referral: { caseId: string; partnerOrganisationId: string; municipalityId: string }) {
  await recordDomainEvent(tx, actor, {
    type: 'case.visibility_lost',
    resourceType: 'case',
    resourceId: referral.caseId,
    caseId: referral.caseId,
    ownerOrganisationId: referral.municipalityId,
    partnerOrganisationId: referral.partnerOrganisationId,
    audience: [referral.partnerOrganisationId],
    onlyAudience: true,
  })
}

/** The organisations a case may be referred to (GET /referral-partners): what the referral form offers. */
export async function listReferralPartners(db: Database, principal: Principal, query: ReferralPartnerListQuery): Promise<ReferralPartnerPage> {
  if (municipalitiesWhereCanOpenCases(principal).length === 0) throw forbidden('Solo il personale del Comune (coordinatori e case manager) invia casi ai partner.')
  const limit = query.limit ?? 50
  const values = decodeCursor(query.cursor, 2)
  if (values && (typeof values[0] !== 'string' || !UUID.test(String(values[1])))) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  const rows = await repo.listReferralPartners(db, { after: values ? { name: String(values[0]), id: String(values[1]) } : null, limit })
  return toPage(rows, limit, (row) => row, (row) => [row.name, row.id])
}
