import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { domainEvents } from '../../src/db/schema/index.js'
import { daysFromTodayInItaly } from '../../src/lib/dates.js'
import { useTestContext } from '../helpers/app.js'
import { ifMatch } from '../cases/case-world.js'
import { createMediationWorld, registerCompany, type MediationWorld } from '../companies/mediation-world.js'

const ctx = useTestContext()
let world: MediationWorld

beforeAll(async () => {
  world = await createMediationWorld(ctx.app, ctx.database.db)
})

const post = (url: string, payload: object, user = world.operator, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...user.headers, ...headers }, payload })
const get = (url: string, user = world.operator) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers })
const patch = (url: string, version: number, payload: object, user = world.operator) =>
  ctx.app.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: { ...ifMatch(user, version), 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify(payload) })

const vacancyBody = (companyId: string, values: object = {}) => ({ companyId, title: 'Addetto al magazzino', profileCode: '8.1.3.1.0', contractType: 'fixed_term', contractMonths: 6, positions: 2, requirements: 'Patentino del carrello elevatore', deadline: daysFromTodayInItaly(30), ...values })

describe('publishing vacancies', () => {
  it('publishes an open vacancy at a site of the company, with nothing filled, and an event', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const site = (await post(`/companies/${company.id}/sites`, { name: 'Magazzino', municipality: 'Oggiono', region: 'lombardia' })).json()
    const response = await post('/vacancies', vacancyBody(company.id, { siteId: site.id }))
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({
      company: { id: company.id },
      site: { id: site.id, name: 'Magazzino', municipality: 'Oggiono' },
      status: 'open',
      positions: 2,
      positionsFilled: 0,
      matchCounts: { proposed: 0, hired: 0 },
      allowedTransitions: ['closed'],
      permissions: ['update', 'transition', 'propose'],
    })
    const events = await ctx.database.db.select().from(domainEvents).where(eq(domainEvents.resourceId, body.id))
    expect(events).toMatchObject([{ type: 'vacancy.created', data: { companyId: company.id, status: 'open' } }])
    expect((await get(`/vacancies?companyId=${company.id}`, world.caseManager)).json().items.map((v: { id: string }) => v.id)).toEqual([body.id])
    expect((await get(`/vacancies/${body.id}`, world.otherOperator)).statusCode).toBe(404)
    expect((await get(`/vacancies?companyId=${company.id}`, world.otherOperator)).json().items).toEqual([])
  })

  it('answers 422 for another company\'s site, a fixed term without months, a past deadline, a company outside the circle', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const other = await registerCompany(ctx.app, world.operator)
    const site = (await post(`/companies/${other.id}/sites`, { name: 'Altrove', municipality: 'Lecco', region: 'lombardia' })).json()
    const response = await post('/vacancies', vacancyBody(company.id, { siteId: site.id, contractMonths: null, deadline: daysFromTodayInItaly(-1) }))
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/siteId', '/contractMonths', '/deadline'])
    const outside = await registerCompany(ctx.app, world.otherOperator)
    const hidden = await post('/vacancies', vacancyBody(outside.id))
    expect(hidden.statusCode).toBe(422)
    expect(hidden.json().errors[0].pointer).toBe('/companyId')
    expect((await post('/vacancies', vacancyBody(company.id), world.caseManager)).statusCode).toBe(403)
  })

  it('closes and reopens by hand, never marks filled by hand', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const vacancy = (await post('/vacancies', vacancyBody(company.id))).json()
    const move = (version: number, to: string) => post(`/vacancies/${vacancy.id}/transitions`, { to, reason: 'Stagione conclusa' }, world.operator, { 'if-match': `"${version}"` })
    expect((await move(1, 'filled')).statusCode).toBe(409)
    expect((await move(1, 'closed')).json()).toMatchObject({ status: 'closed', statusReason: 'Stagione conclusa', allowedTransitions: ['open'] })
    expect((await move(2, 'open')).json()).toMatchObject({ status: 'open' })
    const events = await ctx.database.db.select().from(domainEvents).where(and(eq(domainEvents.resourceId, vacancy.id), eq(domainEvents.type, 'vacancy.transitioned')))
    expect(events.map((e) => e.data)).toEqual([{ from: 'open', to: 'closed' }, { from: 'closed', to: 'open' }])
  })

  it('updates with If-Match and lists by status and words of the title or company', async () => {
    const company = await registerCompany(ctx.app, world.operator, { name: 'Ortofrutta Lariana' })
    const vacancy = (await post('/vacancies', vacancyBody(company.id, { title: 'Banconista' }))).json()
    expect((await patch(`/vacancies/${vacancy.id}`, 1, { positions: 3, weeklyHours: 30 })).json()).toMatchObject({ positions: 3, weeklyHours: 30, version: 2 })
    expect((await get('/vacancies?q=lariana%20banco&status=open')).json().items.map((v: { id: string }) => v.id)).toEqual([vacancy.id])
    expect((await get('/vacancies?q=lariana&status=closed')).json().items).toEqual([])
  })
})
