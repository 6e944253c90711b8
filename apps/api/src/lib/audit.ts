/** Writes audit entries: writes inside the use case's transaction, reads batched per request. */
import type { Db } from '../db/client.js'
import { auditLog } from '../db/schema/index.js'

export interface AuditActor {
  actorUserId: string | null
  actorClientId: string | null
  channel: 'staff' | 'client' | 'system'
  requestId: string | null
}

export interface AuditEntry {
  action: string
  resourceType: string
  resourceId?: string | null
  organisationId?: string | null
  changedFields?: string[] | null
}

export const SYSTEM_ACTOR: AuditActor = { actorUserId: null, actorClientId: null, channel: 'system', requestId: null }

export async function recordAudit(db: Db, actor: AuditActor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  await db.insert(auditLog).values(
    entries.map((e) => ({
      ...actor,
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceId ?? null,
      organisationId: e.organisationId ?? null,
      changedFields: e.changedFields ?? null,
    })),
  )
}

/** The fields whose values differ between two versions of a record (for `changedFields`). */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): string[] {
  return Object.keys(after).filter((k) => after[k] !== undefined && JSON.stringify(after[k]) !== JSON.stringify(before[k]))
}
