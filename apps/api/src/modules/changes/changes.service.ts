/**
 * The change feed, read from the domain events outbox (docs/decisions/0006): events in (tx_id, seq)
 * order, only those of transactions older than the oldest one still running — so an event committed
 * later can never land behind a cursor already handed out — and only those addressed to one of the
 * caller's organisations whose record the caller may still see (a `visibility_lost` is addressed to
 * the partner that lost sight and carries only the id). The webhooks read through the same function.
 */
import { and, asc, inArray, sql, type SQL } from 'drizzle-orm'
import type { Change, ChangeFeedQuery, ChangePage } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { cases, domainEvents, referrals, type DomainEventRow } from '../../db/schema/index.js'
import { badRequest } from '../../lib/errors.js'
import type { Principal } from '../../lib/principal.js'
import { visibleCasesCondition } from '../cases/cases.policy.js'
import { visibleReferralsCondition } from '../referrals/referrals.policy.js'

export interface FeedPosition {
  txId: string
  seq: number
}

export const START: FeedPosition = { txId: '0', seq: 0 }

export const encodeFeedCursor = (p: FeedPosition) => Buffer.from(JSON.stringify([p.txId, p.seq])).toString('base64url')

export function decodeFeedCursor(cursor: string | undefined): FeedPosition {
  if (cursor === undefined || cursor === '') return START
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && /^\d{1,20}$/.test(value[0]) && Number.isSafeInteger(value[1]) && (value[1] as number) >= 0) {
      return { txId: value[0], seq: value[1] as number }
    }
  } catch {
    // fall through
  }
  throw badRequest('Il cursore non è valido.', [{ pointer: '/after', detail: 'Invalid cursor' }])
}

/** The events the principal may see now, as SQL on `domain_events`. */
export function visibleEventsCondition(principal: Principal): SQL {
  const organisationIds = [...new Set(principal.memberships.map((m) => m.organisationId))]
  if (organisationIds.length === 0) return sql`false`
  return sql`(${domainEvents.audience} && array[${sql.join(organisationIds.map((id) => sql`${id}::uuid`), sql`, `)}]
    and (
      ${domainEvents.type} like '%.visibility_lost'
      or ${domainEvents.caseId} is null
      or (${domainEvents.resourceType} = 'referral' and exists (select 1 from ${referrals} where ${referrals.id} = ${domainEvents.resourceId} and ${visibleReferralsCondition(principal)}))
      or exists (select 1 from ${cases} where ${cases.id} = ${domainEvents.caseId} and ${visibleCasesCondition(principal)})
    ))`
}

export function toChange(row: DomainEventRow): Change {
  return {
    id: row.id,
    type: row.type,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    caseId: row.caseId,
    occurredAt: row.occurredAt.toISOString(),
    data: row.data,
  }
}

/** Up to `limit` visible events after `after`, and the position after the last one. */
export async function readEvents(db: Db, principal: Principal, after: FeedPosition, options: { types?: string[]; limit: number }) {
  const rows = await db
    .select()
    .from(domainEvents)
    .where(
      and(
        sql`(${domainEvents.txId}, ${domainEvents.seq}) > (${after.txId}::xid8, ${after.seq}::bigint)`,
        // Every transaction below the snapshot's xmin has ended: nothing can still commit before this point.
        sql`${domainEvents.txId} < pg_snapshot_xmin(pg_current_snapshot())`,
        options.types && options.types.length > 0 ? inArray(domainEvents.type, options.types) : undefined,
        visibleEventsCondition(principal),
      ),
    )
    .orderBy(asc(domainEvents.txId), asc(domainEvents.seq))
    .limit(options.limit + 1)
  const hasMore = rows.length > options.limit
  const page = hasMore ? rows.slice(0, options.limit) : rows
  const last = page.at(-1)
  return { rows: page, hasMore, position: last ? { txId: last.txId, seq: last.seq } : after }
}

export async function readChanges(db: Db, principal: Principal, query: ChangeFeedQuery): Promise<ChangePage> {
  const after = decodeFeedCursor(query.after)
  const { rows, hasMore, position } = await readEvents(db, principal, after, { types: query.types, limit: query.limit ?? 100 })
  return { items: rows.map(toChange), nextCursor: encodeFeedCursor(position), hasMore }
}
