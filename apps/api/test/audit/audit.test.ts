import { and, desc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../../src/db/schema/index.js'
import { recordAudit, sealAuditTrail, SYSTEM_ACTOR } from '../../src/lib/audit.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, TEST_PASSWORD, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()
const db = () => ctx.database.db
const entriesUrl = (organisationId: string) => `/api/v1/organisations/${organisationId}/audit-entries`

const list = (caller: TestUser, organisationId: string, query: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url: entriesUrl(organisationId), query, headers: caller.headers })
const verify = (caller: TestUser, organisationId: string) => ctx.app.inject({ method: 'GET', url: `${entriesUrl(organisationId)}/verification`, headers: caller.headers })

const staff = (userId: string, requestId = 'req-test') => ({ actorUserId: userId, actorClientId: null, channel: 'staff' as const, requestId })

/** A municipality with its auditor, a case manager who did a few things there, and the entries of those things. */
async function municipalityWithTrail() {
  const org = await createOrganisation(db())
  const auditor = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['auditor'] }], { givenName: 'Dora', familyName: 'Pini' })
  const worker = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['case_manager'] }], { givenName: 'Carlo', familyName: 'Neri' })
  const caseId = '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'
  const personId = '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6b'
  await recordAudit(db(), staff(worker.id), [{ action: 'create', resourceType: 'person', resourceId: personId, organisationId: org.id, changedFields: ['givenName', 'familyName'] }])
  await recordAudit(db(), staff(worker.id), [{ action: 'read', resourceType: 'case', resourceId: caseId, organisationId: org.id }])
  await recordAudit(db(), staff(worker.id), [{ action: 'update', resourceType: 'case', resourceId: caseId, organisationId: org.id, changedFields: ['notes'] }])
  await sealAuditTrail(db())
  return { org, auditor, worker, caseId, personId }
}

type Entry = { id: number; action: string; resourceType: string; resourceId: string | null; actor: { id: string; name: string } | null; changedFields: string[] | null; hash: string; prevHash: string | null; channel: string; at: string }

describe('listing the audit trail', () => {
  it('shows the auditor the sign-ins of the people who work for the organisation', async () => {
    const { org, auditor, worker } = await municipalityWithTrail()
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: worker.email, password: TEST_PASSWORD }, remoteAddress: '10.9.9.9' })
    expect(signIn.statusCode).toBe(200)
    const items = (await list(auditor, org.id, { action: 'login' })).json().items as Entry[]
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ action: 'login', resourceType: 'session', actor: { id: worker.id, name: 'Carlo Neri' } })
  })

  it('lets the auditor read their organisation\'s entries, newest first, with who did what, and not another organisation\'s', async () => {
    const { org, auditor, worker, caseId } = await municipalityWithTrail()
    const other = await municipalityWithTrail()
    const response = await list(auditor, org.id)
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-store')
    const items = response.json().items as Entry[]
    expect(items.map((e) => `${e.action} ${e.resourceType}`)).toEqual(['update case', 'read case', 'create person'])
    expect(items[0]).toMatchObject({ actor: { id: worker.id, name: 'Carlo Neri' }, channel: 'staff', resourceId: caseId, changedFields: ['notes'], requestId: 'req-test' })
    expect(items[0]!.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(items[0]!.prevHash).toMatch(/^[0-9a-f]{64}$/)
    expect(items[0]!.id).toBeGreaterThan(items[1]!.id)
    const otherIds = (await list(other.auditor, other.org.id)).json().items.map((e: Entry) => e.id)
    expect(otherIds).not.toEqual(expect.arrayContaining(items.map((e) => e.id)))
    expect(otherIds.length).toBeGreaterThan(0)
  })

  it('records the reading of the trail itself in the trail', async () => {
    const { org, auditor } = await municipalityWithTrail()
    await list(auditor, org.id)
    const [last] = await db().select().from(auditLog).where(eq(auditLog.organisationId, org.id)).orderBy(desc(auditLog.id)).limit(1)
    expect(last).toMatchObject({ action: 'read', resourceType: 'audit_log', resourceId: org.id, actorUserId: auditor.id, channel: 'staff' })
    const items = (await list(auditor, org.id)).json().items as Entry[]
    expect(items[0]).toMatchObject({ action: 'read', resourceType: 'audit_log', actor: { id: auditor.id, name: 'Dora Pini' } })
  })

  it('filters by action, resource type, resource id, actor and period', async () => {
    const { org, auditor, worker, caseId, personId } = await municipalityWithTrail()
    const byAction = (await list(auditor, org.id, { action: 'update' })).json().items as Entry[]
    expect(byAction.map((e) => e.action)).toEqual(['update'])
    const byType = (await list(auditor, org.id, { resourceType: 'case' })).json().items as Entry[]
    expect(byType.map((e) => e.action)).toEqual(['update', 'read'])
    const byResource = (await list(auditor, org.id, { resourceId: personId })).json().items as Entry[]
    expect(byResource.map((e) => e.resourceId)).toEqual([personId])
    const byActor = (await list(auditor, org.id, { actorUserId: worker.id, resourceId: caseId })).json().items as Entry[]
    expect(byActor).toHaveLength(2)
    expect((await list(auditor, org.id, { actorUserId: auditor.id, action: 'create' })).json().items).toEqual([])
    const future = new Date(Date.now() + 3600_000).toISOString()
    expect((await list(auditor, org.id, { from: future })).json().items).toEqual([])
    const past = new Date(Date.now() - 3600_000).toISOString()
    expect((await list(auditor, org.id, { from: past, to: future, resourceType: 'person' })).json().items).toHaveLength(1)
    expect((await list(auditor, org.id, { to: past })).json().items).toEqual([])
  })

  it('answers 400 for a period that ends before it starts, a malformed resource id or a bad cursor', async () => {
    const { org, auditor } = await municipalityWithTrail()
    const now = Date.now()
    const reversed = await list(auditor, org.id, { from: new Date(now).toISOString(), to: new Date(now - 1000).toISOString() })
    expect(reversed.statusCode).toBe(400)
    expect(reversed.json().errors[0].pointer).toBe('/from')
    expect((await list(auditor, org.id, { resourceId: 'nope' })).statusCode).toBe(400)
    expect((await list(auditor, org.id, { cursor: 'garbage' })).statusCode).toBe(400)
    expect((await list(auditor, org.id, { cursor: Buffer.from('["x"]').toString('base64url') })).statusCode).toBe(400)
  })

  it('pages through the entries newest first with the cursor', async () => {
    const { org, auditor, worker } = await municipalityWithTrail()
    for (let i = 0; i < 4; i++) await recordAudit(db(), staff(worker.id), [{ action: 'list', resourceType: 'case', resourceId: null, organisationId: org.id }])
    const seen: number[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const response = await list(auditor, org.id, { action: 'list', limit: '3', ...(cursor ? { cursor } : {}) })
      expect(response.statusCode).toBe(200)
      const page = response.json() as { items: Entry[]; nextCursor: string | null }
      seen.push(...page.items.map((e) => e.id))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(2)
    expect(seen).toHaveLength(4)
    expect([...seen].sort((a, b) => b - a)).toEqual(seen)
  })

  it('answers 404 to everyone but the organisation\'s auditor: coordinators, case managers, administrators, platform administrators and other organisations\' auditors', async () => {
    const { org } = await municipalityWithTrail()
    const coordinator = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['coordinator', 'org_admin'] }])
    const caseManager = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['case_manager'] }])
    const platform = await createOrganisation(db(), { kind: 'other' })
    const platformAdmin = await createUser(ctx.app, db(), [{ organisationId: platform.id, roles: ['platform_admin', 'auditor'] }])
    const otherAuditor = await createUser(ctx.app, db(), [{ organisationId: (await createOrganisation(db())).id, roles: ['auditor'] }])
    for (const caller of [coordinator, caseManager, platformAdmin, otherAuditor]) {
      for (const response of [await list(caller, org.id), await verify(caller, org.id)]) {
        expect(response.statusCode).toBe(404)
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      }
    }
    const unknown = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['auditor'] }])
    expect((await list(unknown, '019a7b1e-6c2e-7a4b-9a51-000000000000')).statusCode).toBe(404)
    expect((await ctx.app.inject({ method: 'GET', url: entriesUrl(org.id) })).statusCode).toBe(401)
  })
})

describe('verifying the hash chain', () => {
  it('answers valid on an untouched chain, counting the organisation\'s entries, and audits the verification', async () => {
    const { org, auditor } = await municipalityWithTrail()
    await municipalityWithTrail()
    const response = await verify(auditor, org.id)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ checked: 3, pending: 0, valid: true, firstInvalidId: null })
    const [last] = await db().select().from(auditLog).where(and(eq(auditLog.organisationId, org.id), eq(auditLog.resourceType, 'audit_log'))).orderBy(desc(auditLog.id)).limit(1)
    expect(last).toMatchObject({ action: 'read', actorUserId: auditor.id })
    // The reading of the verification is itself an entry: pending until the sealer links it.
    expect((await verify(auditor, org.id)).json()).toEqual({ checked: 3, pending: 1, valid: true, firstInvalidId: null })
    await sealAuditTrail(db())
    expect((await verify(auditor, org.id)).json()).toEqual({ checked: 5, pending: 0, valid: true, firstInvalidId: null })
  })

  it('finds a forged entry inserted behind the insert trigger\'s back, and the broken link after it', async () => {
    const { org, auditor, worker } = await municipalityWithTrail()
    // The test database user is the superuser: it may switch the trigger that makes entries pending off for one transaction.
    const forgedId = await db().transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_born_pending`)
      const [row] = await tx
        .insert(auditLog)
        .values({ actorUserId: worker.id, organisationId: org.id, channel: 'staff', action: 'read', resourceType: 'case', resourceId: null, prevHash: 'f'.repeat(64), hash: 'e'.repeat(64) })
        .returning()
      await tx.execute(sql`alter table audit_log enable trigger audit_log_born_pending`)
      return row!.id
    })
    await recordAudit(db(), staff(worker.id), [{ action: 'read', resourceType: 'case', resourceId: null, organisationId: org.id }])
    await sealAuditTrail(db())
    const response = await verify(auditor, org.id)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ checked: 5, pending: 0, valid: false, firstInvalidId: forgedId })
  })
})

/** The database refused the statement as a change of the append-only trail. */
async function refused(statement: Promise<unknown>) {
  const error = await statement.then(
    () => null,
    (e: unknown) => e as Error & { cause?: Error },
  )
  expect(error, 'the statement was not refused').not.toBeNull()
  expect(String(error!.cause?.message ?? error!.message)).toMatch(/append-only/)
}

describe('sealing the trail: writers append without waiting, one sealer chains', () => {
  /** Every sealed entry, walked from the first along the links: the chain must be one line through all of them, ending at the head. */
  async function walkChain() {
    // (leaving out the entry an earlier test forged behind the triggers' back)
    const rows = (await db().execute<{ id: number; hash: string; prev_hash: string | null }>(sql`select id, hash, prev_hash from audit_log where hash is not null and hash <> ${'e'.repeat(64)}`)).rows
    const byPrev = new Map(rows.map((r) => [r.prev_hash, r]))
    const walked: number[] = []
    for (let entry = byPrev.get(null); entry; entry = byPrev.get(entry.hash)) walked.push(Number(entry.id))
    const head = (await db().execute<{ hash: string | null }>(sql`select hash from audit_chain_head where id = 1`)).rows[0]!.hash
    const last = rows.find((r) => Number(r.id) === walked.at(-1))
    return { sealed: rows.length, walked, head, lastHash: last?.hash ?? null }
  }

  it('lets a writer append while another writer\'s transaction is still open (no lock on a chain head)', async () => {
    const { org, worker } = await municipalityWithTrail()
    const slow = await ctx.database.pool.connect()
    try {
      await slow.query('begin')
      await slow.query(`insert into audit_log (actor_user_id, organisation_id, channel, action, resource_type) values ($1, $2, 'staff', 'read', 'case')`, [worker.id, org.id])
      // With a lock on the chain head this second writer would wait for the first to commit; it must not wait at all.
      await db().transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '5s'`)
        await recordAudit(tx, staff(worker.id), [{ action: 'read', resourceType: 'person', resourceId: null, organisationId: org.id }])
      })
      // The sealer, too, runs while the first transaction is open: it links what is committed.
      expect(await sealAuditTrail(db())).toBe(1)
      await slow.query('commit')
    } finally {
      slow.release()
    }
    expect(await sealAuditTrail(db())).toBe(1)
    const chain = await walkChain()
    expect(chain.walked).toHaveLength(chain.sealed)
    expect(chain.head).toBe(chain.lastHash)
  })

  it('verifies the chain after many concurrent writers and sealers, each entry linked exactly once', async () => {
    const { org, auditor, worker } = await municipalityWithTrail()
    const writers = Array.from({ length: 40 }, (_, i) =>
      recordAudit(db(), staff(worker.id, `req-${i}`), Array.from({ length: 1 + (i % 5) }, () => ({ action: 'read', resourceType: 'case', resourceId: null, organisationId: org.id }))),
    )
    const sealers = Array.from({ length: 4 }, () => sealAuditTrail(db(), 7))
    await Promise.all([...writers, ...sealers])
    await sealAuditTrail(db())
    const written = 3 + Array.from({ length: 40 }, (_, i) => 1 + (i % 5)).reduce((a, b) => a + b, 0)
    expect((await verify(auditor, org.id)).json()).toEqual({ checked: written, pending: 0, valid: true, firstInvalidId: null })
    const chain = await walkChain()
    expect(chain.walked).toHaveLength(chain.sealed)
    expect(new Set(chain.walked).size).toBe(chain.sealed)
    expect(chain.head).toBe(chain.lastHash)
  })

  it('reports the entries not sealed yet as pending, and lists them without a hash', async () => {
    const { org, auditor, worker } = await municipalityWithTrail()
    await recordAudit(db(), staff(worker.id), [
      { action: 'read', resourceType: 'case', resourceId: null, organisationId: org.id },
      { action: 'read', resourceType: 'person', resourceId: null, organisationId: org.id },
    ])
    expect((await verify(auditor, org.id)).json()).toEqual({ checked: 3, pending: 2, valid: true, firstInvalidId: null })
    const items = (await list(auditor, org.id)).json().items as Entry[]
    expect(items.filter((e) => e.hash === null)).toHaveLength(3) // the two reads and the verification's own entry
    await sealAuditTrail(db())
    expect((await verify(auditor, org.id)).json()).toMatchObject({ checked: 7, pending: 0, valid: true })
  })

  it('refuses every change but the sealing itself, and detects a sealed entry changed behind the trigger\'s back', async () => {
    const { org, auditor } = await municipalityWithTrail()
    const [sealed] = await db().select().from(auditLog).where(eq(auditLog.organisationId, org.id)).orderBy(auditLog.id).limit(1)
    await refused(db().execute(sql`update audit_log set resource_id = 'forged' where id = ${sealed!.id}`))
    await refused(db().execute(sql`update audit_log set hash = null, prev_hash = null where id = ${sealed!.id}`))
    await refused(db().execute(sql`delete from audit_log where id = ${sealed!.id}`))
    // A pending entry takes only its true hash: a made-up one is refused.
    await recordAudit(db(), SYSTEM_ACTOR, [{ action: 'test', resourceType: 'thing', resourceId: 'x', organisationId: org.id }])
    await refused(db().execute(sql`update audit_log set hash = ${'a'.repeat(64)} where hash is null`))
    await sealAuditTrail(db())
    await db().transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_seal_only`)
      await tx.execute(sql`update audit_log set resource_id = 'someone-else' where id = ${sealed!.id}`)
      await tx.execute(sql`alter table audit_log enable trigger audit_log_seal_only`)
    })
    expect((await verify(auditor, org.id)).json()).toMatchObject({ valid: false, firstInvalidId: sealed!.id })
  })
})
