/**
 * The case timeline as a reader may see it: the audiences of their access, their own restricted
 * events, and for partners only the referral events of their own organisation's referrals.
 */
import type { CaseEventPage, CaseTimelineQuery } from '@ponte/shared'
import type { Database } from '../../db/client.js'
import { toPage } from '../../lib/http.js'
import { organisationsWithRole } from '../../lib/principal.js'
import { isMunicipalStaff, timelineAudiences, type CaseScope } from './cases.policy.js'
import { decodeInstantIdCursor } from '../../lib/http.js'
import * as repo from './timeline.repository.js'

export async function readCaseTimeline(db: Database, scope: CaseScope, query: CaseTimelineQuery): Promise<{ page: CaseEventPage; municipalityId: string }> {
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
  const page = toPage(
    rows,
    limit,
    (r) => ({
      id: r.row.id,
      type: r.row.type,
      occurredAt: r.row.occurredAt.toISOString(),
      audience: r.row.audience,
      actor: r.row.actorUserId && r.actorName ? { id: r.row.actorUserId, name: r.actorName } : null,
      resourceType: r.row.resourceType,
      resourceId: r.row.resourceId,
      data: r.row.data,
    }),
    (r) => [r.cursorOccurredAt, r.row.id],
  )
  return { page, municipalityId: row.municipalityId }
}
