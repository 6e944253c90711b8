/**
 * The case timeline as a reader may see it: the audiences of their access, their own restricted
 * events, and for partners only the referral events of their own organisation's referrals.
 */
import type { CaseEvent, CaseEventPage, CaseTimelineQuery } from '@ponte/shared'
import { Value } from 'typebox/value'
import { CASE_EVENT_DATA_SCHEMAS, type CaseEventType } from '@ponte/shared'
import type { CaseEventRow } from '../../db/schema/index.js'
import type { Database } from '../../db/client.js'
import { toPage } from '../../lib/http.js'
import { organisationsWithRole } from '../../lib/principal.js'
import { isMunicipalStaff, timelineAudiences, type CaseScope } from './cases.policy.js'
import { decodeInstantIdCursor } from '../../lib/http.js'
import * as repo from './timeline.repository.js'
import { caseEventDataValidator } from './case-events.js'

/** An event the timeline leaves out: a stored row that matches no event schema (its id and type only, for the log). */
export interface UnreadableCaseEvent {
  id: string
  type: string
}

/**
 * A stored row as the contract's event of its type: data the schema does not name is dropped (a
 * key an older writer stored); a row whose type is unknown or whose data still misses what its
 * type requires is null — left out of the page rather than failing it.
 */
export function toCaseEvent(row: CaseEventRow, actorName: string | null): CaseEvent | null {
  const validator = caseEventDataValidator(row.type)
  if (!validator) return null
  // Rows written by the current writers pass at once; only an older row is cleaned (a copy) and checked again.
  const data = validator.Check(row.data) ? row.data : Value.Clean(CASE_EVENT_DATA_SCHEMAS[row.type as CaseEventType], structuredClone(row.data))
  if (data !== row.data && !validator.Check(data)) return null
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurredAt.toISOString(),
    audience: row.audience,
    actor: row.actorUserId && actorName ? { id: row.actorUserId, name: actorName } : null,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    data,
  } as CaseEvent
}

export async function readCaseTimeline(db: Database, scope: CaseScope, query: CaseTimelineQuery): Promise<{ page: CaseEventPage; municipalityId: string; unreadable: UnreadableCaseEvent[] }> {
  const { row, access, principal, caseId } = scope
  const limit = query.limit ?? 50
  const cursor = decodeInstantIdCursor(query.cursor)
  const audiences = timelineAudiences(access)
  const rows = await repo.listCaseEvents(db, caseId, {
    audiences,
    restrictedAuthorId: isMunicipalStaff(access) && !audiences.includes('restricted') ? principal.userId : null,
    referralPartnerIds: access === 'partner' ? organisationsWithRole(principal, 'operator') : null,
    after: cursor ? { occurredAt: cursor.at, id: cursor.id } : null,
    limit,
  })
  const unreadable: UnreadableCaseEvent[] = []
  const read = toPage(rows, limit, (r) => ({ event: toCaseEvent(r.row, r.actorName), row: r.row }), (r) => [r.cursorOccurredAt, r.row.id])
  const items: CaseEvent[] = []
  for (const { event, row: eventRow } of read.items) {
    if (event) items.push(event)
    else unreadable.push({ id: eventRow.id, type: eventRow.type })
  }
  return { page: { ...read, items }, municipalityId: row.municipalityId, unreadable }
}
