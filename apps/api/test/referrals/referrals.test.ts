import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, caseEvents, referrals, type ReferralRow } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'
import { createCaseWorld, ifMatch, type CaseWorld } from '../cases/case-world.js'

const ctx = useTestContext()
let world: CaseWorld

beforeAll(async () => {
  world = await createCaseWorld(ctx.app, ctx.database.db)
})

const newCase = (values: { status?: 'intake' | 'active' | 'closed' } = {}) =>
  createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: values.status ?? 'active' })

const validBody = (partnerOrganisationId = world.cooperative) => ({
  partnerOrganisationId,
  purpose: 'Orientamento al lavoro e ricerca di un tirocinio',
  consent: { date: '2026-10-15', scope: 'Profilo lavorativo al servizio lavoro della cooperativa' },
})

const refer = (caseId: string, body: object = validBody(), user: TestUser = world.caseManager, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/referrals`, headers: { ...user.headers, ...headers }, payload: body })

const act = (user: TestUser, referral: { id: string; version: number }, action: string, reason?: string) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/referrals/${referral.id}/transitions`, headers: ifMatch(user, referral.version), payload: { action, ...(reason ? { reason } : {}) } })

describe('referring a case', () => {
  it('creates a requested referral with the consent, a timeline event for the case and an audit entry', async () => {
    const row = await newCase()
    const response = await refer(row.id)
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({
      caseId: row.id,
      status: 'requested',
      partnerOrganisation: { id: world.cooperative },
      municipality: { id: world.municipality },
      consent: { date: '2026-10-15', scope: 'Profilo lavorativo al servizio lavoro della cooperativa' },
      requestedBy: { id: world.caseManager.id },
      person: { id: row.personId },
      allowedActions: ['revoke'],
      version: 1,
    })
    expect(response.headers.location).toBe(`/api/v1/referrals/${body.id}`)
    expect(response.headers.etag).toBe('"1"')
    const events = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id))
    expect(events).toMatchObject([{ type: 'referral.requested', audience: 'case', resourceType: 'referral', resourceId: body.id, data: { partnerOrganisation: { id: world.cooperative } } }])
    const audit = await ctx.database.db.select().from(auditLog).where(eq(auditLog.resourceId, body.id))
    expect(audit).toMatchObject([{ action: 'create', resourceType: 'referral', organisationId: world.municipality, actorUserId: world.caseManager.id }])
  })

  it('answers 422 naming partnerOrganisationId for a municipality, a district, an inactive or a missing organisation', async () => {
    const row = await newCase()
    const district = (await createOrganisation(ctx.database.db, { kind: 'district' })).id
    const inactive = (await createOrganisation(ctx.database.db, { kind: 'cooperative', isActive: false })).id
    for (const partner of [world.otherMunicipality, world.municipality, district, inactive, '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a']) {
      const response = await refer(row.id, validBody(partner))
      expect(response.statusCode).toBe(422)
      expect(response.json().errors[0].pointer).toBe('/partnerOrganisationId')
    }
  })

  it('accepts a consortium, an employment agency and another partner organisation', async () => {
    const row = await newCase()
    for (const kind of ['consortium', 'employment_agency', 'other'] as const) {
      const partner = (await createOrganisation(ctx.database.db, { kind })).id
      expect((await refer(row.id, validBody(partner))).statusCode).toBe(201)
    }
  })

  it('answers 422 naming consent/date for a consent dated in the future', async () => {
    const row = await newCase()
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    const response = await refer(row.id, { ...validBody(), consent: { date: tomorrow, scope: 'Profilo lavorativo' } })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors[0].pointer).toBe('/consent/date')
  })

  it('answers 400 without the consent', async () => {
    const row = await newCase()
    const response = await refer(row.id, { partnerOrganisationId: world.cooperative, purpose: 'Orientamento' })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toContain('/consent')
  })

  it('keeps one live referral per partner: 409 with the existing one, a new one once it is over', async () => {
    const row = await newCase()
    const first = (await refer(row.id)).json()
    const second = await refer(row.id)
    expect(second.statusCode).toBe(409)
    expect(second.json()).toMatchObject({ code: 'referral-already-live', existingId: first.id })
    await act(world.operator, first, 'reject', 'Nessun posto disponibile')
    expect((await refer(row.id)).statusCode).toBe(201)
  })

  it('refers only once when two requests race', async () => {
    const row = await newCase()
    const responses = await Promise.all([refer(row.id), refer(row.id, validBody(), world.coordinator)])
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409])
  })

  it('creates one referral for a retried request with the same Idempotency-Key', async () => {
    const row = await newCase()
    const headers = { 'idempotency-key': `refer-${row.id}` }
    const first = await refer(row.id, validBody(), world.caseManager, headers)
    const replay = await refer(row.id, validBody(), world.caseManager, headers)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.json()).toEqual(first.json())
    expect(await ctx.database.db.select().from(referrals).where(eq(referrals.caseId, row.id))).toHaveLength(1)
  })

  it('lets the coordinator and the assigned case manager refer, answers 403 to a colleague, 404 to a partner and to another municipality, 409 for a closed case', async () => {
    const row = await newCase()
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/cases/${row.id}/members/${world.colleague.id}`, headers: world.coordinator.headers })
    await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative })
    const other = (await createOrganisation(ctx.database.db, { kind: 'cooperative' })).id
    expect((await refer(row.id, validBody(other), world.colleague)).statusCode).toBe(403)
    expect((await refer(row.id, validBody(other), world.operator)).statusCode).toBe(404)
    expect((await refer(row.id, validBody(other), world.otherCoordinator)).statusCode).toBe(404)
    expect((await refer(row.id, validBody(other), world.coordinator)).statusCode).toBe(201)
    const closed = await newCase({ status: 'closed' })
    const response = await refer(closed.id)
    expect(response.statusCode).toBe(409)
    expect(response.json().code).toBe('case-closed')
  })
})

describe('referral transitions', () => {
  const STATUSES: ReferralRow['status'][] = ['requested', 'accepted', 'rejected', 'completed', 'revoked']
  const ALLOWED: Record<string, ReferralRow['status'][]> = { accept: ['requested'], reject: ['requested'], complete: ['accepted'], revoke: ['requested', 'accepted'] }
  const RESULT: Record<string, ReferralRow['status']> = { accept: 'accepted', reject: 'rejected', complete: 'completed', revoke: 'revoked' }
  const ACTOR: Record<string, () => TestUser> = { accept: () => world.operator, reject: () => world.operator, complete: () => world.operator, revoke: () => world.caseManager }

  const cases = Object.keys(ALLOWED).flatMap((action) => STATUSES.map((status) => ({ action, status, allowed: ALLOWED[action]!.includes(status) })))
  it.each(cases)('taking the action $action on a $status referral is allowed: $allowed', async ({ action, status, allowed }) => {
    const row = await newCase()
    const referral = await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative, status })
    const response = await act(ACTOR[action]!(), referral, action, 'Motivo')
    if (allowed) {
      expect(response.statusCode).toBe(200)
      expect(response.json()).toMatchObject({ status: RESULT[action], version: referral.version + 1 })
    } else {
      // A partner no longer sees a referral's case once it is over, but still sees the referral itself: 409, not 404.
      expect(response.statusCode).toBe(409)
      expect(response.json().code).toBe('transition-not-allowed')
    }
  })

  it('lets the municipality complete an accepted referral too', async () => {
    const row = await newCase()
    const referral = await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative })
    const response = await act(world.coordinator, referral, 'complete')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ status: 'completed', closedBy: { id: world.coordinator.id } })
  })

  it('answers 403 to the wrong side: the municipality accepting or rejecting, the partner revoking, a colleague completing', async () => {
    const row = await newCase()
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/cases/${row.id}/members/${world.colleague.id}`, headers: world.coordinator.headers })
    const requested = await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative, status: 'requested' })
    expect((await act(world.caseManager, requested, 'accept')).statusCode).toBe(403)
    expect((await act(world.coordinator, requested, 'reject', 'No')).statusCode).toBe(403)
    expect((await act(world.operator, requested, 'revoke')).statusCode).toBe(403)
    const row2 = await newCase()
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/cases/${row2.id}/members/${world.colleague.id}`, headers: world.coordinator.headers })
    const accepted = await createReferral(ctx.database.db, { caseId: row2.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative })
    expect((await act(world.colleague, accepted, 'complete')).statusCode).toBe(403)
    expect((await act(world.colleague, accepted, 'revoke')).statusCode).toBe(403)
  })

  it('answers 404 to those who cannot see the referral', async () => {
    const row = await newCase()
    const referral = await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative, status: 'requested' })
    for (const user of [world.otherOperator, world.otherCoordinator, world.colleague, world.facilitator]) {
      expect((await act(user, referral, 'accept')).statusCode).toBe(404)
    }
  })

  it('records the decision: who accepted and when, the reason of a rejection', async () => {
    const row = await newCase()
    const referral = await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative, status: 'requested' })
    const missing = await act(world.operator, referral, 'reject')
    expect(missing.statusCode).toBe(422)
    expect(missing.json().errors[0].pointer).toBe('/reason')
    const rejected = await act(world.operator, referral, 'reject', 'Nessun posto disponibile nel laboratorio')
    expect(rejected.json()).toMatchObject({ status: 'rejected', statusReason: 'Nessun posto disponibile nel laboratorio', decidedBy: { id: world.operator.id } })
    expect(rejected.json().decidedAt).toMatch(/Z$/)
    const events = await ctx.database.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, row.id), eq(caseEvents.type, 'referral.rejected')))
    expect(events).toMatchObject([{ audience: 'case', actorUserId: world.operator.id, resourceId: referral.id, data: { from: 'requested', to: 'rejected', reason: 'Nessun posto disponibile nel laboratorio' } }])
    const audit = await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, referral.id), eq(auditLog.action, 'reject')))
    expect(audit).toHaveLength(1)
  })

  it('needs If-Match: 428 without, 412 when stale, and one of two concurrent moves wins', async () => {
    const row = await newCase()
    const referral = await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative, status: 'requested' })
    const without = await ctx.app.inject({ method: 'POST', url: `/api/v1/referrals/${referral.id}/transitions`, headers: world.operator.headers, payload: { action: 'accept' } })
    expect(without.statusCode).toBe(428)
    expect((await act(world.operator, { id: referral.id, version: 7 }, 'accept')).statusCode).toBe(412)
    const [a, b] = await Promise.all([act(world.operator, referral, 'accept'), act(world.caseManager, referral, 'revoke', 'Il cittadino ha rinunciato')])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412])
    const [after] = await ctx.database.db.select().from(referrals).where(eq(referrals.id, referral.id))
    expect(after!.version).toBe(referral.version + 1)
  })
})

describe('the referrals inbox', () => {
  let partner: string
  let operator: TestUser

  beforeAll(async () => {
    partner = (await createOrganisation(ctx.database.db, { kind: 'cooperative', name: 'Cooperativa Inbox' })).id
    operator = await createUser(ctx.app, ctx.database.db, [{ organisationId: partner, roles: ['operator'] }])
  })

  it('lists the requested and accepted referrals addressed to the operator\'s organisation, with person, case and municipality', async () => {
    const byStatus: Record<string, string> = {}
    for (const status of ['requested', 'accepted', 'rejected', 'completed', 'revoked'] as const) {
      const row = await newCase()
      byStatus[status] = (await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: partner, status })).id
    }
    const page = (await ctx.app.inject({ method: 'GET', url: '/api/v1/referrals', headers: operator.headers })).json()
    expect(page.items.map((r: { id: string }) => r.id).sort()).toEqual([byStatus.requested, byStatus.accepted].sort())
    const requested = page.items.find((r: { status: string }) => r.status === 'requested')
    expect(requested.person.givenName).toEqual(expect.any(String))
    expect(requested.municipality).toMatchObject({ id: world.municipality })
    expect(requested.allowedActions).toEqual(['accept', 'reject'])
    const over = (await ctx.app.inject({ method: 'GET', url: '/api/v1/referrals?status=rejected&status=completed&status=revoked', headers: operator.headers })).json()
    expect(over.items).toHaveLength(3)
    expect(over.items.every((r: { person: unknown }) => r.person === null)).toBe(true)
  })

  it('lists to municipality staff the referrals of the cases they see, with the person', async () => {
    const mine = await newCase()
    const referral = await createReferral(ctx.database.db, { caseId: mine.id, municipalityId: world.municipality, partnerOrganisationId: partner, status: 'completed' })
    const theirs = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.colleague.id })
    const hidden = await createReferral(ctx.database.db, { caseId: theirs.id, municipalityId: world.municipality, partnerOrganisationId: partner })
    const list = async (user: TestUser) =>
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/referrals?status=completed&status=accepted&limit=200', headers: user.headers })).json().items.map((r: { id: string }) => r.id)
    expect(await list(world.caseManager)).toContain(referral.id)
    expect(await list(world.caseManager)).not.toContain(hidden.id)
    expect(await list(world.coordinator)).toEqual(expect.arrayContaining([referral.id, hidden.id]))
    const read = (await ctx.app.inject({ method: 'GET', url: `/api/v1/referrals/${referral.id}`, headers: world.caseManager.headers })).json()
    expect(read.person.id).toBe(mine.personId)
  })

  it('pages through the inbox newest first with a cursor', async () => {
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const row = await newCase()
      ids.push((await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.otherCooperative, status: 'requested' })).id)
    }
    const first = (await ctx.app.inject({ method: 'GET', url: '/api/v1/referrals?limit=2', headers: world.otherOperator.headers })).json()
    const second = (await ctx.app.inject({ method: 'GET', url: `/api/v1/referrals?limit=2&cursor=${first.nextCursor}`, headers: world.otherOperator.headers })).json()
    const seen = [...first.items, ...second.items].map((r: { id: string }) => r.id)
    expect(seen.slice(0, 3)).toEqual([...ids].reverse())
  })

  it('records each referral read in the audit trail', async () => {
    const row = await newCase()
    const referral = await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: partner, status: 'requested' })
    await ctx.app.inject({ method: 'GET', url: `/api/v1/referrals/${referral.id}`, headers: operator.headers })
    await ctx.app.inject({ method: 'GET', url: '/api/v1/referrals', headers: operator.headers })
    const audit = await ctx.database.db.select().from(auditLog).where(eq(auditLog.resourceId, referral.id))
    expect(audit.map((a) => a.action).sort()).toEqual(['list', 'read'])
    expect(audit.every((a) => a.actorUserId === operator.id && a.organisationId === world.municipality)).toBe(true)
  })
})
