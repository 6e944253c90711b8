/**
 * Writes audit entries — writes inside the use case's transaction, reads batched per request — as
 * pending entries that take no lock; the sealer links them into the hash chain (docs/decisions/0013).
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'

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

/**
 * One statement however many entries: the actor once, the entries' columns as five arrays
 * unnested in order (ids follow the array order). A page of 50 cases used to go through Drizzle's
 * insert builder as 550 parameters, which cost more of the event loop than the rest of the request.
 */
export async function recordAudit(db: Db, actor: AuditActor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  const column = <T>(pick: (e: AuditEntry) => T) => sql.param(entries.map(pick))
  await db.execute(sql`insert into "audit_log" ("actor_user_id", "actor_client_id", "channel", "request_id", "organisation_id", "action", "resource_type", "resource_id", "changed_fields")
    select ${actor.actorUserId}::uuid, ${actor.actorClientId}::uuid, ${actor.channel}, ${actor.requestId}, e.organisation_id, e.action, e.resource_type, e.resource_id, e.changed_fields::text[]
    from unnest(${column((e) => e.organisationId ?? null)}::uuid[], ${column((e) => e.action)}::text[], ${column((e) => e.resourceType)}::text[], ${column((e) => e.resourceId ?? null)}::text[], ${column((e) => (e.changedFields ? textArrayLiteral(e.changedFields) : null))}::text[])
      as e(organisation_id, action, resource_type, resource_id, changed_fields)`)
}

/** A text[] literal (`{"a","b\"c"}`): each entry's changed fields travel as one element of an array of literals. */
function textArrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`
}

/** The fields whose values differ between two versions of a record (for `changedFields`). */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): string[] {
  return Object.keys(after).filter((k) => after[k] !== undefined && JSON.stringify(after[k]) !== JSON.stringify(before[k]))
}

/**
 * Links pending entries into the hash chain (SQL `audit_seal`, docs/decisions/0013) until none is
 * left, or `goOn` answers false between two batches; answers how many it sealed. Another process
 * sealing at the same moment makes it stop early (that process finishes the work).
 */
export async function sealAuditTrail(db: Db, batchSize = 5000, goOn: () => boolean = () => true): Promise<number> {
  let total = 0
  for (;;) {
    const result = await db.execute<{ sealed: number }>(sql`select audit_seal(${batchSize}::int) as sealed`)
    const sealed = Number(result.rows[0]?.sealed ?? 0)
    total += sealed
    // `goOn` false (the process is closing): what is left stays pending for the next sealer.
    if (sealed < batchSize || !goOn()) return total
  }
}
