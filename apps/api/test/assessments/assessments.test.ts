import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, caseEvents, caseMembers } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()

const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' }

function call(user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...user.headers, ...(method === 'PATCH' ? MERGE_PATCH : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  })
}

/** A municipality with its coordinator, a case manager with an active case, and a partner cooperative. */
async function world() {
  const db = ctx.database.db
  const municipality = await createOrganisation(db, { kind: 'municipality' })
  const cooperative = await createOrganisation(db, { kind: 'cooperative', name: 'Cooperativa di prova' })
  const coordinator = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['coordinator'] }])
  const caseManager = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
  const kase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'assessment' })
  return { db, municipality, cooperative, coordinator, caseManager, kase }
}

const preliminary = { kind: 'preliminary', assessedOn: '2026-01-15', scores: { work: 1, education: 2, health: 3, socialNetwork: 2 }, strengths: 'Motivato, esperienza come magazziniere', needs: 'Patente scaduta', employabilityLevel: 'medium' }

describe('assessments of a case', () => {
  it('records a preliminary assessment by its author, with ETag, Location, a timeline event and an audit entry', async () => {
    const { db, caseManager, kase, municipality } = await world()
    const response = await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, preliminary)
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({
      caseId: kase.id,
      kind: 'preliminary',
      assessedOn: '2026-01-15',
      scores: { work: 1, education: 2, health: 3, housing: null, family: null, economic: null, socialNetwork: 2 },
      employabilityLevel: 'medium',
      authorId: caseManager.id,
      signedAt: null,
      version: 1,
    })
    expect(response.headers.etag).toBe('"1"')
    expect(response.headers.location).toBe(`/api/v1/cases/${kase.id}/assessments/${body.id}`)
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id))
    expect(events).toEqual([expect.objectContaining({ type: 'assessment.created', audience: 'municipality', actorUserId: caseManager.id, resourceType: 'assessment', resourceId: body.id })])
    expect(JSON.stringify(events[0]!.data)).not.toContain('magazziniere')
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.resourceType, 'assessment'), eq(auditLog.resourceId, body.id)))
    expect(audits).toEqual([expect.objectContaining({ action: 'create', organisationId: municipality.id, actorUserId: caseManager.id })])
  })

  it('refuses a score outside 1–4 with 400 and a date in the future with 422 naming the field', async () => {
    const { caseManager, kase } = await world()
    const badScore = await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, { ...preliminary, scores: { work: 5 } })
    expect(badScore.statusCode).toBe(400)
    expect(badScore.json().errors).toContainEqual(expect.objectContaining({ pointer: '/scores/work', code: 'maximum' }))
    const future = await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, { ...preliminary, assessedOn: '2099-01-01' })
    expect(future.statusCode).toBe(422)
    expect(future.json().errors).toEqual([expect.objectContaining({ pointer: '/assessedOn', code: 'date_in_future' })])
  })

  it('refuses an assessment with nothing filled in with 422 assessment-empty and records nothing', async () => {
    const { db, caseManager, kase } = await world()
    for (const payload of [
      { kind: 'preliminary', assessedOn: '2026-01-15' },
      { kind: 'preliminary', assessedOn: '2026-01-15', scores: { work: null }, strengths: '   ', needs: '', notes: null, employabilityLevel: null },
    ]) {
      const response = await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, payload)
      expect(response.statusCode, response.body).toBe(422)
      expect(response.headers['content-type']).toContain('application/problem+json')
      expect(response.json()).toMatchObject({ status: 422, code: 'assessment-empty', detail: expect.stringContaining('almeno un punteggio') })
    }
    expect(await db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id))).toEqual([])
    const onlyOneScore = await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, { kind: 'preliminary', assessedOn: '2026-01-15', scores: { housing: 2 } })
    expect(onlyOneScore.statusCode).toBe(201)
    const emptied = await call(caseManager, 'PATCH', `/cases/${kase.id}/assessments/${onlyOneScore.json().id}`, { scores: { housing: null } }, { 'if-match': '"1"' })
    expect(emptied.statusCode).toBe(422)
    expect(emptied.json().code).toBe('assessment-empty')
  })

  it('lists the assessments the most recent first, reads one with its ETag, and audits every read', async () => {
    const { db, coordinator, caseManager, kase } = await world()
    const first = (await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, preliminary)).json()
    const second = (await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, { kind: 'in_depth', assessedOn: '2026-02-20', scores: { work: 2 } })).json()
    const list = await call(coordinator, 'GET', `/cases/${kase.id}/assessments?limit=1`)
    expect(list.statusCode).toBe(200)
    expect(list.json().items.map((a: { id: string }) => a.id)).toEqual([second.id])
    const next = await call(coordinator, 'GET', `/cases/${kase.id}/assessments?limit=1&cursor=${list.json().nextCursor}`)
    expect(next.json()).toMatchObject({ items: [{ id: first.id }], nextCursor: null })
    const onlyInDepth = await call(coordinator, 'GET', `/cases/${kase.id}/assessments?kind=in_depth`)
    expect(onlyInDepth.json().items.map((a: { id: string }) => a.id)).toEqual([second.id])
    const read = await call(coordinator, 'GET', `/cases/${kase.id}/assessments/${first.id}`)
    expect(read.statusCode).toBe(200)
    expect(read.headers.etag).toBe('"1"')
    expect(read.json().authorName).toMatch(/^Maria Rossi/)
    const reads = await db.select().from(auditLog).where(and(eq(auditLog.action, 'read'), eq(auditLog.resourceId, first.id)))
    expect(reads.map((r) => r.actorUserId)).toEqual([coordinator.id, coordinator.id])
  })

  it('merges a patch area by area with If-Match, answering 428 without it and 412 when stale', async () => {
    const { caseManager, kase } = await world()
    const created = (await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, preliminary)).json()
    const url = `/cases/${kase.id}/assessments/${created.id}`
    expect((await call(caseManager, 'PATCH', url, { needs: 'Rinnovo patente' })).statusCode).toBe(428)
    const patched = await call(caseManager, 'PATCH', url, { scores: { health: null, housing: 4 }, needs: 'Rinnovo patente' }, { 'if-match': '"1"' })
    expect(patched.statusCode).toBe(200)
    expect(patched.json()).toMatchObject({ version: 2, needs: 'Rinnovo patente', scores: { work: 1, education: 2, health: null, housing: 4, socialNetwork: 2 } })
    expect(patched.headers.etag).toBe('"2"')
    const stale = await call(caseManager, 'PATCH', url, { notes: 'Vecchia versione' }, { 'if-match': '"1"' })
    expect(stale.statusCode).toBe(412)
  })

  it('lets one of two concurrent edits of the same version win and answers 412 to the other', async () => {
    const { coordinator, caseManager, kase } = await world()
    const created = (await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, preliminary)).json()
    const url = `/cases/${kase.id}/assessments/${created.id}`
    const [a, b] = await Promise.all([
      call(caseManager, 'PATCH', url, { notes: 'Nota del case manager' }, { 'if-match': '"1"' }),
      call(coordinator, 'PATCH', url, { strengths: 'Nota del coordinatore' }, { 'if-match': '"1"' }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412])
    const winner = a.statusCode === 200 ? a.json() : b.json()
    const current = (await call(caseManager, 'GET', url)).json()
    expect(current).toEqual(winner)
    expect(current.version).toBe(2)
  })

  it('is signed by its author only, and a signed assessment is frozen', async () => {
    const { coordinator, caseManager, kase, db } = await world()
    const created = (await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, preliminary)).json()
    const url = `/cases/${kase.id}/assessments/${created.id}`
    expect((await call(caseManager, 'POST', `${url}/sign`)).statusCode).toBe(428)
    const byCoordinator = await call(coordinator, 'POST', `${url}/sign`, undefined, { 'if-match': '"1"' })
    expect(byCoordinator.statusCode).toBe(403)
    const signed = await call(caseManager, 'POST', `${url}/sign`, undefined, { 'if-match': '"1"' })
    expect(signed.statusCode).toBe(200)
    expect(signed.json()).toMatchObject({ version: 2 })
    expect(signed.json().signedAt).toEqual(expect.any(String))
    const patch = await call(caseManager, 'PATCH', url, { notes: 'Aggiunta dopo la firma' }, { 'if-match': '"2"' })
    expect(patch.statusCode).toBe(409)
    expect(patch.json().code).toBe('assessment-signed')
    const again = await call(caseManager, 'POST', `${url}/sign`, undefined, { 'if-match': '"2"' })
    expect(again.statusCode).toBe(409)
    const types = (await db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id))).map((e) => e.type)
    expect(types).toEqual(['assessment.created', 'assessment.signed'])
  })

  it('creates the assessment once when a POST is retried with the same Idempotency-Key', async () => {
    const { caseManager, kase } = await world()
    const headers = { 'idempotency-key': 'valutazione-1' }
    const first = await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, preliminary, headers)
    const retry = await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, preliminary, headers)
    expect(first.statusCode).toBe(201)
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json().id).toBe(first.json().id)
    expect((await call(caseManager, 'GET', `/cases/${kase.id}/assessments`)).json().items).toHaveLength(1)
  })

  it('lets a colleague added to the case record one, and refuses changes on a closed case with 409', async () => {
    const { db, municipality, caseManager, kase } = await world()
    const colleague = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
    expect((await call(colleague, 'POST', `/cases/${kase.id}/assessments`, preliminary)).statusCode).toBe(404)
    await db.insert(caseMembers).values({ caseId: kase.id, userId: colleague.id })
    expect((await call(colleague, 'POST', `/cases/${kase.id}/assessments`, preliminary)).statusCode).toBe(201)
    const closed = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'closed' })
    const refused = await call(caseManager, 'POST', `/cases/${closed.id}/assessments`, preliminary)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('case-closed')
  })

  it('answers 404 on every route to a partner operator with an accepted referral, to another municipality and to an unassigned case manager', async () => {
    const { db, municipality, cooperative, caseManager, kase } = await world()
    const created = (await call(caseManager, 'POST', `/cases/${kase.id}/assessments`, preliminary)).json()
    await createReferral(db, { caseId: kase.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id })
    const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator'] }])
    const elsewhere = await createOrganisation(db, { kind: 'municipality' })
    const otherCoordinator = await createUser(ctx.app, db, [{ organisationId: elsewhere.id, roles: ['coordinator', 'case_manager'] }])
    const unassigned = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
    const url = `/cases/${kase.id}/assessments/${created.id}`
    for (const user of [operator, otherCoordinator, unassigned]) {
      const responses = [
        await call(user, 'GET', `/cases/${kase.id}/assessments`),
        await call(user, 'POST', `/cases/${kase.id}/assessments`, preliminary),
        await call(user, 'GET', url),
        await call(user, 'PATCH', url, { notes: 'x' }, { 'if-match': '"1"' }),
        await call(user, 'POST', `${url}/sign`, undefined, { 'if-match': '"1"' }),
      ]
      expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404])
    }
    expect((await call(caseManager, 'GET', url)).json().version).toBe(1)
  })
})
