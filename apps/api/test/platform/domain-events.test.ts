import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { domainEvents } from '../../src/db/schema/index.js'
import { SYSTEM_ACTOR } from '../../src/lib/audit.js'
import { recordDomainEvent } from '../../src/lib/events.js'
import { useTestContext } from '../helpers/app.js'

const ctx = useTestContext()

describe('domain events outbox', () => {
  it('keeps an event exactly when its transaction commits, stamped with that transaction id', async () => {
    const kept = randomUUID()
    const dropped = randomUUID()
    const txId = await ctx.database.db.transaction(async (tx) => {
      await recordDomainEvent(tx, SYSTEM_ACTOR, { type: 'thing.created', resourceType: 'thing', resourceId: kept, data: { to: 'open' } })
      const result = await tx.execute<{ id: string }>(sql`select pg_current_xact_id()::text as id`)
      return result.rows[0]!.id
    })
    await expect(
      ctx.database.db.transaction(async (tx) => {
        await recordDomainEvent(tx, SYSTEM_ACTOR, { type: 'thing.created', resourceType: 'thing', resourceId: dropped })
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')

    const rows = await ctx.database.db.select().from(domainEvents)
    expect(rows.map((r) => r.resourceId)).toEqual([kept])
    expect(rows[0]).toMatchObject({ type: 'thing.created', txId, data: { to: 'open' } })
  })
})
