import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../../src/lib/audit.js'
import { recordDomainEvent } from '../../src/lib/events.js'
import { buildApp } from '../../src/app.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser } from '../helpers/factories.js'
import { act, closeCase, createPartnerWorld, newCase, readFeed, readFeedUntil, refer } from '../helpers/partner-world.js'

const ctx = useTestContext()

describe('the change feed', () => {
  it('follows a referred case from the referral to its revocation, which ends in visibility_lost carrying only the id', async () => {
    const world = await createPartnerWorld(ctx)
    const start = (await readFeed(ctx.app, await world.system())).cursor
    const kase = await newCase(ctx, world)
    const referral = await refer(ctx.app, world, kase.id)
    const accepted = await act(ctx.app, await world.system(), referral, 'accept')
    await act(ctx.app, world.caseManager.headers, accepted, 'revoke')

    const { items } = await readFeedUntil(ctx.app, world.system, (items) => items.some((i) => i.type === 'case.visibility_lost'), start)
    expect(items.map((i) => i.type)).toEqual(['referral.requested', 'referral.accepted', 'referral.revoked', 'case.visibility_lost'])
    expect(items[1]).toMatchObject({ resourceType: 'referral', resourceId: referral.id, caseId: kase.id, data: { from: 'requested', to: 'accepted' } })
    expect(items[3]).toEqual(expect.objectContaining({ type: 'case.visibility_lost', resourceType: 'case', resourceId: kase.id, data: {} }))
    // The case itself is gone from the system's sight.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${kase.id}`, headers: await world.system() })).statusCode).toBe(404)
  })

  it('announces visibility_lost when the case is closed or the referral completed, to that partner only', async () => {
    const world = await createPartnerWorld(ctx)
    const otherAdmin = await createUser(ctx.app, ctx.database.db, [{ organisationId: world.otherCooperative, roles: ['operator'] }])
    const start = (await readFeed(ctx.app, await world.system())).cursor
    const closing = await newCase(ctx, world)
    await act(ctx.app, await world.system(), await refer(ctx.app, world, closing.id), 'accept')
    await closeCase(ctx.app, world, closing.id)
    const completing = await newCase(ctx, world)
    const accepted = await act(ctx.app, await world.system(), await refer(ctx.app, world, completing.id), 'accept')
    await act(ctx.app, await world.system(), accepted, 'complete')

    const { items } = await readFeedUntil(ctx.app, world.system, (items) => items.filter((i) => i.type === 'case.visibility_lost').length === 2, start)
    expect(items.filter((i) => i.type === 'case.visibility_lost').map((i) => i.resourceId)).toEqual([closing.id, completing.id])
    expect(items.filter((i) => i.type === 'referral.completed')).toHaveLength(2)
    // Another cooperative sees none of it; the municipality sees the referrals but no visibility_lost.
    expect((await readFeed(ctx.app, otherAdmin.headers)).items.filter((i) => i.caseId === closing.id || i.caseId === completing.id)).toEqual([])
    const municipal = await readFeedUntil(ctx.app, () => world.coordinator.headers, (items) => items.filter((i) => i.type === 'referral.completed').length === 2)
    expect(municipal.items.some((i) => i.type === 'case.visibility_lost')).toBe(false)
    expect(municipal.items.some((i) => i.type === 'case.status_changed' && i.resourceId === closing.id)).toBe(true)
  })

  it('filters by type and refuses a malformed cursor', async () => {
    const world = await createPartnerWorld(ctx)
    const kase = await newCase(ctx, world)
    await act(ctx.app, await world.system(), await refer(ctx.app, world, kase.id), 'accept')
    await readFeedUntil(ctx.app, world.system, (items) => items.some((i) => i.type === 'referral.accepted'))
    const only = await readFeed(ctx.app, await world.system(), undefined, ['referral.accepted'])
    expect(only.items.map((i) => i.type)).toEqual(['referral.accepted'])
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/v1/changes?after=nonsense', headers: await world.system() })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0].pointer).toBe('/after')
  })

  it('misses nothing and repeats nothing while transactions commit out of order, and its cursor survives a restart', async () => {
    const org = await createOrganisation(ctx.database.db, { kind: 'cooperative' })
    const reader = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['operator'] }])
    const expected: string[] = []
    const event = () => {
      const id = randomUUID()
      expected.push(id)
      return { type: 'thing.updated', resourceType: 'thing', resourceId: id, ownerOrganisationId: org.id }
    }

    // A transaction that writes first and commits last, held open on its own connection.
    const slow = await ctx.database.pool.connect()
    await slow.query('begin')
    const slowId = randomUUID()
    await slow.query(`insert into domain_events (id, type, resource_type, resource_id, owner_organisation_id, audience) values ($1, 'thing.updated', 'thing', $2, $3, array[$3]::uuid[])`, [randomUUID(), slowId, org.id])

    const seen: string[] = []
    let cursor: string | undefined
    const poll = async () => {
      const page = await readFeed(ctx.app, reader.headers, cursor)
      seen.push(...page.items.map((i) => i.resourceId))
      cursor = page.cursor
    }
    // Concurrent writers, each in its own transaction, with the reader polling in between.
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 4 }, () => ctx.database.db.transaction((tx) => recordDomainEvent(tx, SYSTEM_ACTOR, event(), event()))))
      await poll()
    }
    // Nothing after the open transaction's position has been answered yet: it could still commit before them.
    expect(seen).toEqual([])
    await slow.query('commit')
    slow.release()
    expected.unshift(slowId)

    // A new process on the same database continues from the cursor.
    const restarted = await buildApp({ config: ctx.config, database: ctx.database, closeDatabase: false, logger: false })
    try {
      for (let attempt = 0; attempt < 200 && seen.length < expected.length; attempt++) {
        const page = await readFeed(restarted, reader.headers, cursor)
        seen.push(...page.items.map((i) => i.resourceId))
        cursor = page.cursor
        if (seen.length < expected.length) await new Promise((resolve) => setTimeout(resolve, 50))
      }
    } finally {
      await restarted.close()
    }
    expect(new Set(seen).size).toBe(seen.length)
    expect([...seen].sort()).toEqual([...expected].sort())
    // In commit-safe order: the transaction that started first comes first, though it committed last.
    expect(seen[0]).toBe(slowId)
  })
})
