/**
 * Rules of the audit trail's reading: only the organisation's auditor, newest first, with whose
 * file each entry touched (the persons shown are reported so the showing is audited too), the
 * export of a selection, and a check of the hash chain.
 */
import { AUDIT_EXPORT_MAX, type AuditActorPage, type AuditChainVerification, type AuditEntry, type AuditEntryExportQuery, type AuditEntryListQuery, type AuditEntryPage } from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import { badRequest, unprocessable } from '../../lib/errors.js'
import { decodeCursor, toPage } from '../../lib/http.js'
import type { Principal } from '../../lib/principal.js'
import { assertCanReadAuditTrailOf } from './audit.policy.js'
import * as repo from './audit.repository.js'

export function toAuditEntry({ row, actorName, personId, personName, caseId, caseEpisode, caseOpenedOn }: repo.AuditEntryRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actorUserId ? { id: row.actorUserId, name: actorName ?? '' } : null,
    channel: row.channel as AuditEntry['channel'],
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    subject:
      personId && personName
        ? { person: { id: personId, name: personName }, case: caseId && caseOpenedOn ? { id: caseId, episode: Number(caseEpisode ?? 1), openedOn: caseOpenedOn } : null }
        : null,
    changedFields: row.changedFields,
    requestId: row.requestId,
    hash: row.hash,
    prevHash: row.prevHash,
  }
}

/** What a read of the trail answers, and the persons whose names it shows (each read is audited). */
export interface AuditReading<T> {
  result: T
  personsShown: string[]
}

const personsShownIn = (entries: AuditEntry[]) => [...new Set(entries.flatMap((e) => (e.subject ? [e.subject.person.id] : [])))]

function filtersOf(query: Omit<AuditEntryListQuery, 'limit' | 'cursor'>) {
  if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
    throw badRequest('L\'inizio del periodo è successivo alla fine.', [{ pointer: '/from', detail: 'from must not be after to' }])
  }
  return {
    from: query.from,
    to: query.to,
    actorUserId: query.actorUserId,
    resourceType: query.resourceType,
    resourceId: query.resourceId,
    action: query.action,
    personId: query.personId,
    q: query.q,
  }
}

export async function listAuditEntries(db: Db, principal: Principal, organisationId: string, query: AuditEntryListQuery): Promise<AuditReading<AuditEntryPage>> {
  assertCanReadAuditTrailOf(principal, organisationId)
  const filters = filtersOf(query)
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 1)
  if (cursor && (typeof cursor[0] !== 'number' || !Number.isSafeInteger(cursor[0]) || cursor[0] < 1)) {
    throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  }
  const rows = await repo.listAuditEntries(db, organisationId, { ...filters, beforeId: cursor ? Number(cursor[0]) : null, limit })
  const page = toPage(rows, limit, toAuditEntry, ({ row }) => [row.id])
  return { result: page, personsShown: personsShownIn(page.items) }
}

/** Every entry the filters select, newest first, for an export; more than AUDIT_EXPORT_MAX answers 422 (never a silently cut file). */
export async function exportAuditEntries(db: Db, principal: Principal, organisationId: string, query: AuditEntryExportQuery): Promise<AuditReading<AuditEntry[]>> {
  assertCanReadAuditTrailOf(principal, organisationId)
  const filters = filtersOf(query)
  const count = await repo.countAuditEntries(db, organisationId, filters, AUDIT_EXPORT_MAX)
  if (count > AUDIT_EXPORT_MAX) {
    throw unprocessable(
      [{ rule: 'audit-export-max', value: count, limit: AUDIT_EXPORT_MAX, detail: `Un'esportazione contiene al massimo ${AUDIT_EXPORT_MAX} voci.` }],
      'Troppe voci da esportare: restringi il periodo o i filtri.',
    )
  }
  const rows = await repo.listAuditEntries(db, organisationId, { ...filters, beforeId: null, limit: AUDIT_EXPORT_MAX })
  const entries = rows.map(toAuditEntry)
  return { result: entries, personsShown: personsShownIn(entries) }
}

/** The users who appear in the organisation's trail, for the filter by user. */
export async function listAuditActors(db: Db, principal: Principal, organisationId: string): Promise<AuditActorPage> {
  assertCanReadAuditTrailOf(principal, organisationId)
  return { items: await repo.listAuditActors(db, organisationId), nextCursor: null }
}

/** `db` is the pool: the verification runs one short statement per batch, never in one transaction. */
export async function verifyAuditChain(db: Database, principal: Principal, organisationId: string, options: repo.VerifyOptions = {}): Promise<AuditChainVerification> {
  assertCanReadAuditTrailOf(principal, organisationId)
  const { checked, pending, firstInvalidId } = await repo.verifyAuditChain(db, organisationId, options)
  return { checked, pending, valid: firstInvalidId === null, firstInvalidId }
}
