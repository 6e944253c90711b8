/** Rules of the audit trail's reading: only the organisation's auditor, newest first, and a check of the hash chain. */
import type { AuditChainVerification, AuditEntry, AuditEntryListQuery, AuditEntryPage } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { badRequest } from '../../lib/errors.js'
import { decodeCursor, toPage } from '../../lib/http.js'
import type { Principal } from '../../lib/principal.js'
import { assertCanReadAuditTrailOf } from './audit.policy.js'
import * as repo from './audit.repository.js'

export function toAuditEntry({ row, actorName }: repo.AuditEntryRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actorUserId ? { id: row.actorUserId, name: actorName ?? '' } : null,
    channel: row.channel as AuditEntry['channel'],
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    changedFields: row.changedFields,
    requestId: row.requestId,
    hash: row.hash,
    prevHash: row.prevHash,
  }
}

export async function listAuditEntries(db: Db, principal: Principal, organisationId: string, query: AuditEntryListQuery): Promise<AuditEntryPage> {
  assertCanReadAuditTrailOf(principal, organisationId)
  if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
    throw badRequest('L\'inizio del periodo è successivo alla fine.', [{ pointer: '/from', detail: 'from must not be after to' }])
  }
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 1)
  if (cursor && (typeof cursor[0] !== 'number' || !Number.isSafeInteger(cursor[0]) || cursor[0] < 1)) {
    throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  }
  const rows = await repo.listAuditEntries(db, organisationId, {
    from: query.from,
    to: query.to,
    actorUserId: query.actorUserId,
    resourceType: query.resourceType,
    resourceId: query.resourceId,
    action: query.action,
    beforeId: cursor ? Number(cursor[0]) : null,
    limit,
  })
  return toPage(rows, limit, toAuditEntry, ({ row }) => [row.id])
}

export async function verifyAuditChain(db: Db, principal: Principal, organisationId: string): Promise<AuditChainVerification> {
  assertCanReadAuditTrailOf(principal, organisationId)
  const { checked, pending, firstInvalidId } = await repo.verifyAuditChain(db, organisationId)
  return { checked, pending, valid: firstInvalidId === null, firstInvalidId }
}
