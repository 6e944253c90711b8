import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, economicSupports } from '../../src/db/schema/index.js'
import type { Db } from '../../src/db/client.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createPerson, createReferral } from '../helpers/case-factories.js'
import { createOrganisation, createUser } from '../helpers/factories.js'

const ctx = useTestContext()

const call = (user: { headers: Record<string, string> }, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method, url: `/api/v1${url}`, headers: { ...user.headers, ...headers }, ...(payload ? { payload } : {}) })

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000)

async function insertSupport(db: Db, values: { caseId: string; createdAt: Date } & Partial<typeof economicSupports.$inferInsert>) {
  const [row] = await db.insert(economicSupports).values({ type: 'rent', amountCents: 90_000, periodFrom: '2026-12-01', periodTo: '2027-02-28', ...values }).returning()
  return row!
}

describe('economic supports awaiting a decision', () => {
  /**
   * A municipality with a coordinator, a case manager who requested supports on two of their cases
   * (at different times) and has others approved, rejected and paid; a partner with an accepted
   * referral on the first case; another municipality with a request of its own.
   */
  async function queueWorld() {
    const db = ctx.database.db
    const municipality = await createOrganisation(db, { kind: 'municipality' })
    const cooperative = await createOrganisation(db, { kind: 'cooperative' })
    const coordinator = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['coordinator'] }])
    const caseManager = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
    const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator'] }])
    const person = await createPerson(db, { municipalityId: municipality.id, givenName: 'Giuseppe', familyName: 'Valsecchi' })
    const kase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, personId: person.id, status: 'active' })
    const secondCase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'intake' })
    await createReferral(db, { caseId: kase.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id })

    const newest = await insertSupport(db, { caseId: secondCase.id, createdAt: hoursAgo(2), requestedBy: caseManager.id, type: 'transport', amountCents: 4_500 })
    const oldest = await insertSupport(db, { caseId: kase.id, createdAt: hoursAgo(30), requestedBy: caseManager.id, type: 'emergency_grant', amountCents: 9_007_199_254_740 })
    const middle = await insertSupport(db, { caseId: kase.id, createdAt: hoursAgo(10), requestedBy: caseManager.id })
    await insertSupport(db, { caseId: kase.id, createdAt: hoursAgo(40), requestedBy: caseManager.id, status: 'approved', approvedAmountCents: 90_000, decidedBy: coordinator.id, decidedAt: hoursAgo(39) })
    await insertSupport(db, { caseId: kase.id, createdAt: hoursAgo(40), requestedBy: caseManager.id, status: 'rejected', decisionNote: 'Requisiti ISEE non soddisfatti', decidedBy: coordinator.id, decidedAt: hoursAgo(39) })

    const elsewhere = await createOrganisation(db, { kind: 'municipality' })
    const otherCoordinator = await createUser(ctx.app, db, [{ organisationId: elsewhere.id, roles: ['coordinator'] }])
    const otherCase = await createCase(db, { municipalityId: elsewhere.id, caseManagerId: otherCoordinator.id, status: 'active' })
    const otherSupport = await insertSupport(db, { caseId: otherCase.id, createdAt: hoursAgo(5), requestedBy: otherCoordinator.id })

    return { db, coordinator, caseManager, operator, otherCoordinator, kase, secondCase, person, oldest, middle, newest, otherSupport }
  }

  const ids = (response: { json: () => { items: { id: string }[] } }) => response.json().items.map((s) => s.id)

  it("shows the coordinator the requested supports of their municipality's cases, the oldest request first", async () => {
    const w = await queueWorld()
    const response = await call(w.coordinator, 'GET', '/economic-supports/awaiting-decision')
    expect(response.statusCode).toBe(200)
    expect(ids(response)).toEqual([w.oldest.id, w.middle.id, w.newest.id])
    expect(response.json().items[0]).toEqual({
      id: w.oldest.id,
      caseId: w.kase.id,
      type: 'emergency_grant',
      amountCents: 9_007_199_254_740,
      periodFrom: '2026-12-01',
      periodTo: '2027-02-28',
      requestedBy: w.caseManager.id,
      requestedByName: expect.stringMatching(/^Maria Rossi /),
      createdAt: w.oldest.createdAt.toISOString(),
      person: { id: w.person.id, givenName: 'Giuseppe', familyName: 'Valsecchi' },
    })
    expect(ids(await call(w.otherCoordinator, 'GET', '/economic-supports/awaiting-decision'))).toEqual([w.otherSupport.id])
  })

  it('gives a case manager, even of the cases, and a partner operator an empty list', async () => {
    const w = await queueWorld()
    for (const user of [w.caseManager, w.operator]) {
      const response = await call(user, 'GET', '/economic-supports/awaiting-decision')
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({ items: [], nextCursor: null })
    }
  })

  it('pages with a cursor, returning each support once, and audits every support returned', async () => {
    const w = await queueWorld()
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await call(w.coordinator, 'GET', `/economic-supports/awaiting-decision?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()
      expect(page.items).toHaveLength(1)
      seen.push(...page.items.map((s) => s.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([w.oldest.id, w.middle.id, w.newest.id])
    const reads = await w.db.select().from(auditLog).where(and(eq(auditLog.action, 'read'), eq(auditLog.resourceType, 'economic_support'), eq(auditLog.actorUserId, w.coordinator.id)))
    expect(reads.map((r) => r.resourceId).sort()).toEqual([...seen].sort())
  })

  it('drops a support from the queue once the coordinator decides it', async () => {
    const w = await queueWorld()
    const decided = await call(w.coordinator, 'POST', `/cases/${w.kase.id}/economic-supports/${w.middle.id}/transitions`, { to: 'rejected', note: 'Fuori dai criteri del regolamento' }, { 'if-match': `"${w.middle.version}"` })
    expect(decided.statusCode).toBe(200)
    expect(ids(await call(w.coordinator, 'GET', '/economic-supports/awaiting-decision'))).toEqual([w.oldest.id, w.newest.id])
  })
})
