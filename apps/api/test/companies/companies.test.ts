import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, domainEvents } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser } from '../helpers/factories.js'
import { ifMatch } from '../cases/case-world.js'
import { createMediationWorld, newVatNumber, registerCompany, type MediationWorld } from './mediation-world.js'

const ctx = useTestContext()
let world: MediationWorld

beforeAll(async () => {
  world = await createMediationWorld(ctx.app, ctx.database.db)
})

const get = (url: string, user = world.operator) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers })
const post = (url: string, payload: object, user = world.operator, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...user.headers, ...headers }, payload })
const patch = (url: string, version: number, payload: object, user = world.operator) =>
  ctx.app.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: { ...ifMatch(user, version), 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify(payload) })

describe('registering a company', () => {
  it('registers it as a prospect of the operator\'s organisation, with the obligations its size drives, an audit entry and an event', async () => {
    const vatNumber = newVatNumber()
    const response = await post('/companies', { name: 'Fonderia Lariana S.r.l.', vatNumber: `IT ${vatNumber}`, taxCode: vatNumber, atecoCode: '24.51.00', employees: 64, municipality: 'Lecco', province: 'LC', region: 'lombardia' })
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({
      name: 'Fonderia Lariana S.r.l.',
      vatNumber,
      relationshipStatus: 'prospect',
      ownerOrganisation: { id: world.cooperative },
      obligations: { internsHostableAtOnce: 6, disabledWorkersQuota: 4, disabledQuotaBand: 'seven_percent' },
      statusHistory: [{ from: null, to: 'prospect', changedBy: { id: world.operator.id } }],
      allowedTransitions: ['contacted', 'inactive'],
      sites: [],
      contacts: [],
    })
    expect(response.headers.location).toBe(`/api/v1/companies/${body.id}`)
    expect(response.headers.etag).toBe('"1"')
    const audit = await ctx.database.db.select().from(auditLog).where(eq(auditLog.resourceId, body.id))
    expect(audit).toMatchObject([{ action: 'create', resourceType: 'company', organisationId: world.cooperative }])
    const events = await ctx.database.db.select().from(domainEvents).where(eq(domainEvents.resourceId, body.id))
    expect(events).toMatchObject([{ type: 'company.created', resourceType: 'company', ownerOrganisationId: world.cooperative }])
  })

  it('answers 422 naming the field for a partita IVA or codice fiscale with a wrong check digit or shape', async () => {
    const good = newVatNumber()
    const wrong = `${good.slice(0, 10)}${(Number(good[10]) + 1) % 10}`
    const response = await post('/companies', { name: 'Errata S.n.c.', vatNumber: wrong, taxCode: 'ABC12345678' })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors).toEqual([
      expect.objectContaining({ pointer: '/vatNumber', code: 'vat_number_check_digit' }),
      expect.objectContaining({ pointer: '/taxCode', code: 'tax_code_format' }),
    ])
  })

  it('answers 409 with the existing id for a partita IVA already registered, by anyone', async () => {
    const first = await registerCompany(ctx.app, world.operator)
    const { vatNumber } = (await get(`/companies/${first.id}`)).json()
    const again = await post('/companies', { name: 'Stessa azienda', vatNumber }, world.otherOperator)
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'company-duplicate-vat-number', existingId: first.id })
  })

  it('gives no obligations when the number of employees is unknown, and none of L. 68 below 15', async () => {
    const unknown = await registerCompany(ctx.app, world.operator, { employees: null })
    expect((await get(`/companies/${unknown.id}`)).json().obligations).toBeNull()
    const small = await registerCompany(ctx.app, world.operator, { employees: 14 })
    expect((await get(`/companies/${small.id}`)).json().obligations).toEqual({ internsHostableAtOnce: 2, disabledWorkersQuota: 0, disabledQuotaBand: 'none' })
  })

  it('refuses registration to case managers and to roles that do not work companies (403)', async () => {
    for (const user of [world.caseManager, world.facilitator, world.auditor, world.pucManager]) {
      expect((await post('/companies', { name: 'Non mia' }, user)).statusCode, user.email).toBe(403)
    }
  })
})

describe('who sees a company', () => {
  it('shares the cooperative\'s companies with the municipality it works with, and with nobody else', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    for (const user of [world.operator, world.coordinator, world.caseManager, world.colleague]) expect((await get(`/companies/${company.id}`, user)).statusCode, user.email).toBe(200)
    for (const user of [world.otherOperator, world.otherCoordinator, world.otherCaseManager, world.facilitator, world.pucManager, world.auditor, world.platformAdmin, world.orgAdmin]) {
      expect((await get(`/companies/${company.id}`, user)).statusCode, user.email).toBe(404)
      const list = (await get(`/companies?vatNumber=${(await get(`/companies/${company.id}`)).json().vatNumber}`, user)).json()
      expect(list.items, user.email).toEqual([])
    }
  })

  it('shares the municipality\'s companies with the partner, and a consortium\'s with its cooperatives', async () => {
    const mine = await registerCompany(ctx.app, world.coordinator)
    expect(mine.ownerOrganisation.id).toBe(world.municipality)
    expect((await get(`/companies/${mine.id}`, world.operator)).statusCode).toBe(200)
    const consortium = await createOrganisation(ctx.database.db, { kind: 'consortium' })
    const member = await createOrganisation(ctx.database.db, { kind: 'cooperative', parentId: consortium.id })
    const consortiumOperator = await createUser(ctx.app, ctx.database.db, [{ organisationId: consortium.id, roles: ['operator'] }])
    const memberOperator = await createUser(ctx.app, ctx.database.db, [{ organisationId: member.id, roles: ['operator'] }])
    const ofConsortium = await registerCompany(ctx.app, consortiumOperator)
    expect((await get(`/companies/${ofConsortium.id}`, memberOperator)).statusCode).toBe(200)
    expect((await get(`/companies/${ofConsortium.id}`, world.operator)).statusCode).toBe(404)
  })

  it('lets case managers read but not change companies (403)', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const read = (await get(`/companies/${company.id}`, world.caseManager)).json()
    expect(read.permissions).toEqual([])
    expect(read.allowedTransitions).toEqual([])
    expect((await patch(`/companies/${company.id}`, 1, { employees: 3 }, world.caseManager)).statusCode).toBe(403)
    expect((await post(`/companies/${company.id}/contacts`, { givenName: 'Anna', familyName: 'Sala' }, world.caseManager)).statusCode).toBe(403)
    expect((await get(`/companies/${company.id}`, world.coordinator)).json().permissions).toContain('update')
  })

  it('audits each read of a contact\'s personal data', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const contact = (await post(`/companies/${company.id}/contacts`, { givenName: 'Giulia', familyName: 'Mauri', role: 'Responsabile HR', phone: '0341 123456', email: 'giulia.mauri@example.it' })).json()
    await get(`/companies/${company.id}`, world.coordinator)
    await get(`/companies/${company.id}/contacts`, world.caseManager)
    const reads = await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, contact.id), eq(auditLog.resourceType, 'company_contact')))
    expect(reads.map((r) => [r.action, r.actorUserId])).toEqual([
      ['create', world.operator.id],
      ['read', world.coordinator.id],
      ['list', world.caseManager.id],
    ])
  })
})

describe('changing a company', () => {
  it('updates with If-Match, checks the new partita IVA and keeps the fields that changed', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/v1/companies/${company.id}`, headers: { ...world.operator.headers, 'content-type': 'application/merge-patch+json' }, payload: '{}' })).statusCode).toBe(428)
    const updated = await patch(`/companies/${company.id}`, 1, { employees: 12, phone: '+39 0341 555000', followedById: world.operator.id })
    expect(updated.statusCode).toBe(200)
    expect(updated.json()).toMatchObject({ employees: 12, version: 2, followedBy: { id: world.operator.id }, obligations: { internsHostableAtOnce: 2, disabledWorkersQuota: 0 } })
    expect((await patch(`/companies/${company.id}`, 1, { employees: 13 })).statusCode).toBe(412)
    expect((await patch(`/companies/${company.id}`, 2, { vatNumber: '12345678901' })).statusCode).toBe(422)
    const other = await registerCompany(ctx.app, world.operator)
    const otherVat = (await get(`/companies/${other.id}`)).json().vatNumber
    const duplicate = await patch(`/companies/${company.id}`, 2, { vatNumber: otherVat })
    expect(duplicate.statusCode).toBe(409)
    expect(duplicate.json().existingId).toBe(other.id)
    const events = await ctx.database.db.select().from(domainEvents).where(eq(domainEvents.resourceId, company.id))
    expect(events.map((e) => e.type)).toEqual(['company.created', 'company.updated'])
    expect((events[1]!.data as { changedFields: string[] }).changedFields.sort()).toEqual(['employees', 'ownerUserId', 'phone'])
  })

  it('follows the relationship status diagram and keeps every change with who and why', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const move = (version: number, to: string, reason?: string) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/companies/${company.id}/transitions`, headers: ifMatch(world.operator, version), payload: { to, ...(reason ? { reason } : {}) } })
    expect((await move(1, 'partner')).statusCode).toBe(409)
    expect((await move(1, 'contacted')).json()).toMatchObject({ relationshipStatus: 'contacted', version: 2 })
    expect((await move(2, 'available')).statusCode).toBe(200)
    expect((await move(3, 'inactive')).statusCode).toBe(422)
    const inactive = (await move(3, 'inactive', 'Ha chiuso lo stabilimento di Valmadrera')).json()
    expect(inactive.allowedTransitions).toEqual(['contacted'])
    expect(inactive.statusHistory.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'prospect'], ['prospect', 'contacted'], ['contacted', 'available'], ['available', 'inactive'],
    ])
    expect(inactive.statusHistory[3]).toMatchObject({ reason: 'Ha chiuso lo stabilimento di Valmadrera', changedBy: { id: world.operator.id } })
    const events = await ctx.database.db.select().from(domainEvents).where(and(eq(domainEvents.resourceId, company.id), eq(domainEvents.type, 'company.transitioned')))
    expect(events.map((e) => e.data)).toEqual([{ from: 'prospect', to: 'contacted' }, { from: 'contacted', to: 'available' }, { from: 'available', to: 'inactive' }])
  })

  it('adds sites (one headquarters) and contacts at a site of the company', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const hq = (await post(`/companies/${company.id}/sites`, { name: 'Sede legale', municipality: 'Lecco', province: 'LC', region: 'lombardia', isHeadquarters: true })).json()
    const plant = await post(`/companies/${company.id}/sites`, { name: 'Stabilimento', municipality: 'Valmadrera', region: 'lombardia', isHeadquarters: true })
    expect(plant.statusCode).toBe(201)
    const sites = (await get(`/companies/${company.id}/sites`)).json().items
    expect(sites.map((s: { name: string; isHeadquarters: boolean }) => [s.name, s.isHeadquarters])).toEqual([['Stabilimento', true], ['Sede legale', false]])
    const other = await registerCompany(ctx.app, world.operator)
    const wrongSite = await post(`/companies/${other.id}/contacts`, { givenName: 'Paolo', familyName: 'Rota', siteId: hq.id })
    expect(wrongSite.statusCode).toBe(422)
    const contact = (await post(`/companies/${company.id}/contacts`, { givenName: 'Paolo', familyName: 'Rota', siteId: hq.id })).json()
    const left = await patch(`/companies/${company.id}/contacts/${contact.id}`, 1, { isActive: false })
    expect(left.json()).toMatchObject({ isActive: false, version: 2 })
    expect((await patch(`/companies/${other.id}/contacts/${contact.id}`, 2, { isActive: true })).statusCode).toBe(404)
  })
})

describe('listing companies', () => {
  it('filters by name words, ATECO prefix, status and municipality (of a site too), by name with a cursor', async () => {
    const org = await createOrganisation(ctx.database.db, { kind: 'cooperative' })
    const operator = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['operator'] }])
    const a = await registerCompany(ctx.app, operator, { name: 'Àlfa Costruzioni', atecoCode: '41.20.00', municipality: 'Lecco' })
    const b = await registerCompany(ctx.app, operator, { name: 'Beta Meccanica', atecoCode: '25.62.00', municipality: 'Valmadrera' })
    const c = await registerCompany(ctx.app, operator, { name: 'Gamma Meccanica di Precisione', atecoCode: '25.11.00', municipality: 'Oggiono' })
    await post(`/companies/${a.id}/sites`, { name: 'Cantiere', municipality: 'Civate', region: 'lombardia' }, operator)
    await ctx.app.inject({ method: 'POST', url: `/api/v1/companies/${b.id}/transitions`, headers: ifMatch(operator, 1), payload: { to: 'contacted' } })
    const names = async (query: string) => (await get(`/companies?${query}`, operator)).json().items.map((i: { name: string }) => i.name)
    expect(await names('')).toEqual(['Beta Meccanica', 'Gamma Meccanica di Precisione', 'Àlfa Costruzioni'].sort((x, y) => (x < y ? -1 : 1)))
    expect(await names('q=alfa')).toEqual(['Àlfa Costruzioni'])
    expect(await names('q=meccanica%20precisione')).toEqual(['Gamma Meccanica di Precisione'])
    expect(await names('atecoCode=25')).toEqual(['Beta Meccanica', 'Gamma Meccanica di Precisione'])
    expect(await names('atecoCode=25.62')).toEqual(['Beta Meccanica'])
    expect(await names('relationshipStatus=contacted&relationshipStatus=partner')).toEqual(['Beta Meccanica'])
    expect(await names('municipality=civate')).toEqual(['Àlfa Costruzioni'])
    const first = (await get('/companies?limit=2', operator)).json()
    expect(first.items).toHaveLength(2)
    const second = (await get(`/companies?limit=2&cursor=${first.nextCursor}`, operator)).json()
    expect(second.items).toHaveLength(1)
    expect(second.nextCursor).toBeNull()
    expect([...first.items, ...second.items].map((i: { id: string }) => i.id).sort()).toEqual([a.id, b.id, c.id].sort())
    expect((await get('/companies?cursor=nonsense', operator)).statusCode).toBe(400)
  })
})
