import { computeTaxCode } from '@ponte/shared'
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, caseMembers, referrals } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createPerson, createReferral } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()

function call(user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...user.headers, ...(method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  })
}

/** A new person's registration body, with a valid tax code. */
const newPerson = (givenName: string, familyName: string, birthDate: string, sex: 'F' | 'M') => ({
  givenName,
  familyName,
  birthDate,
  sex,
  taxCode: computeTaxCode({ givenName, familyName, birthDate, sex, birthPlaceCode: 'E507' }),
})

const sensitive = { disadvantageCategories: ['drug_addiction'], l68Registered: true, invalidityPercent: 46, healthNotes: 'In carico al SerD', judicialNotes: null }

/**
 * A municipality with its coordinator, two case managers (the first with a case of the person, the
 * second a colleague), a partner cooperative with an operator, and a second municipality.
 */
async function world() {
  const db = ctx.database.db
  const municipality = await createOrganisation(db, { kind: 'municipality' })
  const otherMunicipality = await createOrganisation(db, { kind: 'municipality' })
  const cooperative = await createOrganisation(db, { kind: 'cooperative' })
  const coordinator = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['coordinator'] }])
  const caseManager = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
  const colleague = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
  const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator'] }])
  const otherCoordinator = await createUser(ctx.app, db, [{ organisationId: otherMunicipality.id, roles: ['coordinator', 'case_manager'] }])
  const person = await createPerson(db, { municipalityId: municipality.id, residenceMunicipality: 'Valmadrera', residenceAddress: 'Via Roma 1', phone: '0341 000000', skills: ['magazzino'] })
  const kase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, personId: person.id, status: 'active' })
  return { db, municipality, otherMunicipality, cooperative, coordinator, caseManager, colleague, operator, otherCoordinator, person, kase }
}

/** What `user` gets for the person: the read, the sensitive section and a search by tax code. */
async function whatSees(user: TestUser, person: { id: string; taxCode: string }) {
  const read = await call(user, 'GET', `/persons/${person.id}`)
  const sensitiveRead = await call(user, 'GET', `/persons/${person.id}/sensitive`)
  const search = await call(user, 'POST', '/persons/search', { taxCode: person.taxCode })
  return { read: read.statusCode, sensitive: sensitiveRead.statusCode, found: search.json().items.length as number, body: read.json() }
}

describe('who sees a person', () => {
  it('shows the person to the coordinator and the assigned case manager, with the sensitive section', async () => {
    const { coordinator, caseManager, person } = await world()
    expect((await call(coordinator, 'PUT', `/persons/${person.id}/sensitive`, sensitive)).statusCode).toBe(201)
    for (const user of [coordinator, caseManager]) {
      const seen = await whatSees(user, person)
      expect(seen).toMatchObject({ read: 200, sensitive: 200, found: 1 })
      expect(seen.body).toMatchObject({ view: 'full', residence: { address: 'Via Roma 1' }, permissions: { canUpdate: true, canReadSensitive: true } })
    }
  })

  it('answers 404 to another municipality\'s staff for the person, its sensitive section and its updates, and hides it from their searches', async () => {
    const { otherCoordinator, person } = await world()
    expect(await whatSees(otherCoordinator, person)).toMatchObject({ read: 404, sensitive: 404, found: 0 })
    expect((await call(otherCoordinator, 'PATCH', `/persons/${person.id}`, { skills: [] }, { 'if-match': '"1"' })).statusCode).toBe(404)
    expect((await call(otherCoordinator, 'PUT', `/persons/${person.id}/sensitive`, sensitive)).statusCode).toBe(404)
  })

  it('shows a case manager the persons they registered and those of their cases, not a colleague\'s', async () => {
    const { db, municipality, caseManager, colleague, person } = await world()
    const registered = (await call(colleague, 'POST', '/persons', newPerson('Giulia', 'Panzeri', '1990-01-01', 'F'))).json()
    expect(registered.id).toEqual(expect.any(String))
    const seenByColleague = await whatSees(colleague, registered)
    expect(seenByColleague).toMatchObject({ read: 200, sensitive: 404, found: 1 })
    expect(seenByColleague.body.permissions).toEqual({ canUpdate: true, canReadSensitive: false })

    expect(await whatSees(caseManager, registered)).toMatchObject({ read: 404, sensitive: 404, found: 0 })
    expect(await whatSees(colleague, person)).toMatchObject({ read: 404, sensitive: 404, found: 0 })
    const byName = await call(colleague, 'POST', '/persons/search', { name: `${person.givenName} ${person.familyName}` })
    expect(byName.json().items.map((i: { id: string }) => i.id)).not.toContain(person.id)

    // A person of another case manager's case and registered by nobody in particular: not the caseManager's.
    const stranger = await createPerson(db, { municipalityId: municipality.id })
    expect(await whatSees(caseManager, stranger)).toMatchObject({ read: 404, found: 0 })
  })

  it('shows a colleague added to the case the person, but not the sensitive section', async () => {
    const { db, coordinator, colleague, person, kase } = await world()
    await call(coordinator, 'PUT', `/persons/${person.id}/sensitive`, sensitive)
    await db.insert(caseMembers).values({ caseId: kase.id, userId: colleague.id })
    const seen = await whatSees(colleague, person)
    expect(seen).toMatchObject({ read: 200, sensitive: 404, found: 1 })
    expect(seen.body).toMatchObject({ view: 'full', permissions: { canUpdate: true, canReadSensitive: false } })
    expect((await call(colleague, 'PUT', `/persons/${person.id}/sensitive`, sensitive, { 'if-match': '"1"' })).statusCode).toBe(404)
  })

  it('shows the registering case manager no sensitive section until a case of the person is assigned to them', async () => {
    const { db, municipality, caseManager } = await world()
    const created = (await call(caseManager, 'POST', '/persons', newPerson('Luca', 'Mauri', '1980-01-01', 'M'))).json()
    expect(created.permissions).toEqual({ canUpdate: true, canReadSensitive: false })
    expect((await call(caseManager, 'PUT', `/persons/${created.id}/sensitive`, sensitive)).statusCode).toBe(404)
    await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, personId: created.id })
    expect((await call(caseManager, 'PUT', `/persons/${created.id}/sensitive`, sensitive)).statusCode).toBe(201)
    expect((await call(caseManager, 'GET', `/persons/${created.id}`)).json().permissions.canReadSensitive).toBe(true)
  })

  it('shows a partner operator the working profile only while the referral is accepted, and never lets them update it', async () => {
    const { db, municipality, cooperative, coordinator, operator, person, kase } = await world()
    await call(coordinator, 'PUT', `/persons/${person.id}/sensitive`, sensitive)
    const referral = await createReferral(db, { caseId: kase.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id, status: 'requested' })
    expect(await whatSees(operator, person)).toMatchObject({ read: 404, sensitive: 404, found: 0 })
    expect((await call(operator, 'PATCH', `/persons/${person.id}`, { skills: [] }, { 'if-match': '"1"' })).statusCode).toBe(404)

    await db.update(referrals).set({ status: 'accepted' }).where(eq(referrals.id, referral.id))
    const seen = await whatSees(operator, person)
    expect(seen).toMatchObject({ read: 200, sensitive: 404, found: 1 })
    expect(seen.body).toMatchObject({
      view: 'working_profile',
      permissions: { canUpdate: false, canReadSensitive: false },
      givenName: person.givenName,
      taxCode: person.taxCode,
      contacts: { phone: '0341 000000' },
      skills: ['magazzino'],
      residence: null,
      createdBy: null,
    })
    expect(JSON.stringify(seen.body)).not.toMatch(/SerD|drug_addiction|Via Roma/)
    const patch = await call(operator, 'PATCH', `/persons/${person.id}`, { skills: [] }, { 'if-match': '"1"' })
    expect(patch.statusCode).toBe(403)
    expect((await call(operator, 'PUT', `/persons/${person.id}/sensitive`, sensitive, { 'if-match': '"1"' })).statusCode).toBe(404)
    const byName = await call(operator, 'POST', '/persons/search', { name: person.familyName })
    expect(byName.json().items.map((i: { id: string }) => i.id)).toEqual([person.id])

    for (const status of ['revoked', 'completed', 'rejected'] as const) {
      await db.update(referrals).set({ status }).where(eq(referrals.id, referral.id))
      expect(await whatSees(operator, person), status).toMatchObject({ read: 404, sensitive: 404, found: 0 })
    }
  })

  it('answers 404 to facilitators, PUC managers, auditors, org admins and platform admins, even of the owning municipality', async () => {
    const { db, municipality, person } = await world()
    for (const roles of [['facilitator'], ['puc_manager'], ['auditor'], ['org_admin'], ['platform_admin']] as const) {
      const user = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: [...roles] }])
      expect(await whatSees(user, person), roles[0]).toMatchObject({ read: 404, sensitive: 404, found: 0 })
    }
  })
})

describe('the person of a case (GET /cases/{caseId}/person)', () => {
  const readAudits = (db: Awaited<ReturnType<typeof world>>['db'], personId: string, userId: string) =>
    db.select().from(auditLog).where(and(eq(auditLog.resourceType, 'person'), eq(auditLog.resourceId, personId), eq(auditLog.action, 'read'), eq(auditLog.actorUserId, userId)))

  it('answers whoever sees the case the person exactly as GET /persons/{personId} does, with its ETag, and audits it as a read of the person', async () => {
    const { db, coordinator, caseManager, person, kase } = await world()
    for (const user of [coordinator, caseManager]) {
      const before = (await readAudits(db, person.id, user.id)).length
      const ofCase = await call(user, 'GET', `/cases/${kase.id}/person`)
      expect(ofCase.statusCode).toBe(200)
      expect((await readAudits(db, person.id, user.id)).length).toBe(before + 1)
      const direct = await call(user, 'GET', `/persons/${person.id}`)
      expect(ofCase.json()).toEqual(direct.json())
      expect(ofCase.headers.etag).toBe(direct.headers.etag)
      expect(ofCase.json()).toMatchObject({ id: person.id, view: 'full', permissions: { canReadSensitive: true } })
    }
  })

  it("answers 404 to whoever does not see the case (a colleague not added to it, another municipality's staff, an unknown case), and audits nothing", async () => {
    const { db, colleague, otherCoordinator, caseManager, person, kase } = await world()
    for (const user of [colleague, otherCoordinator]) {
      expect((await call(user, 'GET', `/cases/${kase.id}/person`)).statusCode).toBe(404)
      expect(await readAudits(db, person.id, user.id)).toEqual([])
    }
    expect((await call(caseManager, 'GET', '/cases/01a23271-0000-7000-8000-000000000000/person')).statusCode).toBe(404)
    expect((await call(caseManager, 'GET', '/cases/not-a-uuid/person')).statusCode).toBe(400)
  })

  it('answers a partner operator the working profile while the referral is accepted, 404 before', async () => {
    const { db, municipality, cooperative, operator, person, kase } = await world()
    const referral = await createReferral(db, { caseId: kase.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id, status: 'requested' })
    expect((await call(operator, 'GET', `/cases/${kase.id}/person`)).statusCode).toBe(404)
    await db.update(referrals).set({ status: 'accepted' }).where(eq(referrals.id, referral.id))
    const ofCase = await call(operator, 'GET', `/cases/${kase.id}/person`)
    expect(ofCase.statusCode).toBe(200)
    expect(ofCase.json()).toMatchObject({ view: 'working_profile', residence: null, permissions: { canUpdate: false, canReadSensitive: false } })
    expect(ofCase.json()).toEqual((await call(operator, 'GET', `/persons/${person.id}`)).json())
  })
})

describe('the case a search result leads to', () => {
  it('names the case the caller sees: the open episode first, a partner only the referred one, none for a person without a visible case', async () => {
    const { db, municipality, cooperative, coordinator, caseManager, operator, person, kase } = await world()
    // Another episode, closed, opened later than the active one: the open case still comes first.
    const earlier = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, personId: person.id, status: 'closed', episode: 2, openedOn: '2026-10-20' })
    const search = async (user: TestUser) => (await call(user, 'POST', '/persons/search', { taxCode: person.taxCode })).json().items
    expect(await search(coordinator)).toEqual([expect.objectContaining({ id: person.id, case: { id: kase.id, status: 'active', episode: 1 } })])
    expect(await search(caseManager)).toEqual([expect.objectContaining({ case: { id: kase.id, status: 'active', episode: 1 } })])

    // The cooperative sees only the case referred to it, even a closed episode.
    await createReferral(db, { caseId: earlier.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id })
    expect(await search(operator)).toEqual([expect.objectContaining({ id: person.id, case: { id: earlier.id, status: 'closed', episode: 2 } })])

    // Registered by the case manager, no case yet: the person is found, with no case.
    const registered = (await call(caseManager, 'POST', '/persons', newPerson('Maria', 'Brambilla', '1975-04-02', 'F'))).json()
    const byName = await call(caseManager, 'POST', '/persons/search', { name: 'maria brambila' })
    expect(byName.json().items).toContainEqual(expect.objectContaining({ id: registered.id, case: null }))

    // The case named is a read of the case on the audit trail.
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.resourceType, 'case'), eq(auditLog.resourceId, earlier.id), eq(auditLog.action, 'search')))
    expect(entries).toEqual([expect.objectContaining({ actorUserId: operator.id, organisationId: municipality.id })])
  })
})

describe('the sensitive section', () => {
  it('is created by a PUT without If-Match, then replaced only with the current If-Match', async () => {
    const { db, coordinator, caseManager, person } = await world()
    expect((await call(caseManager, 'GET', `/persons/${person.id}/sensitive`)).statusCode).toBe(404)
    expect((await call(caseManager, 'PUT', `/persons/${person.id}/sensitive`, sensitive, { 'if-match': '"1"' })).statusCode).toBe(412)

    const created = await call(caseManager, 'PUT', `/persons/${person.id}/sensitive`, sensitive)
    expect(created.statusCode).toBe(201)
    expect(created.headers.etag).toBe('"1"')
    expect(created.headers.location).toBe(`/api/v1/persons/${person.id}/sensitive`)
    expect(created.json()).toMatchObject({ personId: person.id, disadvantageCategories: ['drug_addiction'], l68Registered: true, invalidityPercent: 46, healthNotes: 'In carico al SerD', judicialNotes: null, addictionNotes: null, updatedBy: caseManager.id, version: 1 })

    expect((await call(coordinator, 'PUT', `/persons/${person.id}/sensitive`, { ...sensitive, invalidityPercent: 60 })).statusCode).toBe(428)
    expect((await call(coordinator, 'PUT', `/persons/${person.id}/sensitive`, { ...sensitive, invalidityPercent: 60 }, { 'if-match': '"9"' })).statusCode).toBe(412)
    expect((await call(coordinator, 'PUT', `/persons/${person.id}/sensitive`, { ...sensitive, invalidityPercent: 101 }, { 'if-match': '"1"' })).statusCode).toBe(400)
    const replaced = await call(coordinator, 'PUT', `/persons/${person.id}/sensitive`, { disadvantageCategories: [], l68Registered: false, invalidityPercent: 60 }, { 'if-match': '"1"' })
    expect(replaced.statusCode).toBe(200)
    expect(replaced.json()).toMatchObject({ disadvantageCategories: [], l68Registered: false, invalidityPercent: 60, healthNotes: null, version: 2 })

    const audits = await db.select().from(auditLog).where(and(eq(auditLog.resourceType, 'person_sensitive'), eq(auditLog.resourceId, person.id)))
    expect(audits.map((a) => a.action)).toEqual(['create', 'update'])
    expect(audits[1]!.changedFields!.sort()).toEqual(['disadvantageCategories', 'healthNotes', 'invalidityPercent', 'l68Registered'])
    expect(JSON.stringify(audits)).not.toContain('SerD')
  })
})

describe('the audit trail of reads', () => {
  it('writes an entry for every read of a person and of their sensitive section, and none for a refused read', async () => {
    const { db, municipality, coordinator, otherCoordinator, person } = await world()
    await call(coordinator, 'PUT', `/persons/${person.id}/sensitive`, sensitive)
    await call(coordinator, 'GET', `/persons/${person.id}`)
    await call(coordinator, 'GET', `/persons/${person.id}`)
    await call(coordinator, 'GET', `/persons/${person.id}/sensitive`)
    await call(otherCoordinator, 'GET', `/persons/${person.id}`)
    const reads = await db.select().from(auditLog).where(and(eq(auditLog.resourceId, person.id), eq(auditLog.action, 'read')))
    expect(reads.map((r) => [r.resourceType, r.actorUserId, r.organisationId, r.channel])).toEqual([
      ['person', coordinator.id, municipality.id, 'staff'],
      ['person', coordinator.id, municipality.id, 'staff'],
      ['person_sensitive', coordinator.id, municipality.id, 'staff'],
    ])
    expect(reads.every((r) => r.requestId !== null)).toBe(true)
  })
})
