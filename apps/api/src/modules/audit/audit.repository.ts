/** SQL of the audit trail: a page of an organisation's entries, and the recomputation of their hash chain. */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { auditLog, users, type AuditRow } from '../../db/schema/index.js'
import { userName } from '../cases/cases.repository.js'

export interface AuditEntryFilter {
  from?: string
  to?: string
  actorUserId?: string
  resourceType?: string
  resourceId?: string
  action?: string
  /** Id of the last entry of the previous page (newest first). */
  beforeId: number | null
  limit: number
}

export interface AuditEntryRow {
  row: AuditRow
  actorName: string | null
}

/** One page (plus one row) of the organisation's entries, newest first (by id, the order of the chain). */
export function listAuditEntries(db: Db, organisationId: string, filter: AuditEntryFilter): Promise<AuditEntryRow[]> {
  const where: SQL[] = [eq(auditLog.organisationId, organisationId)]
  if (filter.from) where.push(sql`${auditLog.at} >= ${filter.from}::timestamptz`)
  if (filter.to) where.push(sql`${auditLog.at} < ${filter.to}::timestamptz`)
  if (filter.actorUserId) where.push(eq(auditLog.actorUserId, filter.actorUserId))
  if (filter.resourceType) where.push(eq(auditLog.resourceType, filter.resourceType))
  if (filter.resourceId) where.push(eq(auditLog.resourceId, filter.resourceId))
  if (filter.action) where.push(eq(auditLog.action, filter.action))
  if (filter.beforeId !== null) where.push(sql`${auditLog.id} < ${filter.beforeId}`)
  return db
    .select({ row: auditLog, actorName: sql<string | null>`${userName(users)}` })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1)
}

export interface ChainCheck {
  checked: number
  pending: number
  firstInvalidId: number | null
}

/**
 * Recomputes each of the organisation's sealed entries with `audit_log_entry_hash` — the function
 * `audit_seal` uses (migrations 0007, 0015) — from its own `prev_hash`, and checks its link: the
 * `prev_hash` is the hash of an existing entry (the chain is global, across organisations) that no
 * other entry also claims as its predecessor (a fork means an entry was forged or replayed); only
 * one sealed entry, the first, has none. Entries not sealed yet are counted as pending.
 */
export async function verifyAuditChain(db: Db, organisationId: string): Promise<ChainCheck> {
  const result = await db.execute<{ checked: number; pending: number; first_invalid_id: number | null }>(sql`
    with entries as (
      select a.id, a.hash is null as pending,
        (a.prev_hash is null and not exists (select 1 from audit_log f where f.prev_hash is null and f.hash is not null and f.id <> a.id))
          or (exists (select 1 from audit_log p where p.hash = a.prev_hash)
              and not exists (select 1 from audit_log f where f.prev_hash = a.prev_hash and f.id <> a.id)) as linked,
        a.hash = audit_log_entry_hash(a.prev_hash, a) as intact
      from audit_log a
      where a.organisation_id = ${organisationId}::uuid
    )
    select count(*) filter (where not pending)::int as checked, count(*) filter (where pending)::int as pending,
      min(id) filter (where not pending and not (linked and intact)) as first_invalid_id
    from entries
  `)
  const first = result.rows[0]
  return {
    checked: Number(first?.checked ?? 0),
    pending: Number(first?.pending ?? 0),
    firstInvalidId: first?.first_invalid_id == null ? null : Number(first.first_invalid_id),
  }
}
