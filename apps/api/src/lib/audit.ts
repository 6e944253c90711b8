/**
 * Writes audit entries — writes inside the use case's transaction, reads batched per request — as
 * pending entries that take no lock; the sealer links them into the hash chain (docs/decisions/0013).
 */
import { sql } from 'drizzle-orm'
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

/**
 * Links pending entries into the hash chain (SQL `audit_seal`, docs/decisions/0013) until none is
 * left; answers how many it sealed. Another process sealing at the same moment makes it stop early
 * (that process finishes the work).
 */
export async function sealAuditTrail(db: Db, batchSize = 5000): Promise<number> {
  let total = 0
  for (;;) {
    const result = await db.execute<{ sealed: number }>(sql`select audit_seal(${batchSize}::int) as sealed`)
    const sealed = Number(result.rows[0]?.sealed ?? 0)
    total += sealed
    if (sealed < batchSize) return total
  }
}
