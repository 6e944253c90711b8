/** Writes the case timeline: every service records its events here, in the transaction of the change. */
import type { Db } from '../../db/client.js'
import { caseEvents, type CASE_EVENT_AUDIENCES } from '../../db/schema/index.js'

export interface CaseEventInput {
  caseId: string
  /** Dotted event type, e.g. `case.opened`, `case.status_changed`, `plan.approved`, `referral.accepted`. */
  type: string
  /** `case`: partners with an accepted referral see it too; `municipality`: municipal staff; `restricted`: author and coordinators. */
  audience: (typeof CASE_EVENT_AUDIENCES)[number]
  actorUserId: string | null
  resourceType?: string
  resourceId?: string
  /** What a reader of the timeline needs: from/to statuses, reasons, titles. Never sensitive data. */
  data?: Record<string, unknown>
}

export async function recordCaseEvent(db: Db, event: CaseEventInput): Promise<void> {
  await db.insert(caseEvents).values({
    caseId: event.caseId,
    type: event.type,
    audience: event.audience,
    actorUserId: event.actorUserId,
    resourceType: event.resourceType ?? null,
    resourceId: event.resourceId ?? null,
    data: event.data ?? {},
  })
}
