import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { domainEvents } from '../../src/db/schema/index.js'
import { daysFromTodayInItaly, todayInItaly } from '../../src/lib/dates.js'
import { useTestContext } from '../helpers/app.js'
import { createUser } from '../helpers/factories.js'
import { ifMatch } from '../cases/case-world.js'
import { createMediationWorld, registerCompany, type MediationWorld } from '../companies/mediation-world.js'

const ctx = useTestContext()
let world: MediationWorld

beforeAll(async () => {
  world = await createMediationWorld(ctx.app, ctx.database.db)
})

const post = (url: string, payload: object, user = world.operator) => ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: user.headers, payload })
const get = (url: string, user = world.operator) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers })
const patch = (url: string, version: number, payload: object, user = world.operator) =>
  ctx.app.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: { ...ifMatch(user, version), 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify(payload) })

describe('recording mediation activities', () => {
  it('records a visit with the contact met, the outcome and the next action, with an event', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const contact = (await post(`/companies/${company.id}/contacts`, { givenName: 'Carla', familyName: 'Bonfanti', role: 'Titolare' })).json()
    const response = await post(`/companies/${company.id}/activities`, {
      kind: 'visit',
      date: todayInItaly(),
      summary: 'Visita in officina con la titolare',
      outcome: 'Disponibile ad accogliere un tirocinante',
      contactId: contact.id,
      nextAction: { description: 'Inviare il progetto formativo', dueOn: daysFromTodayInItaly(3) },
    })
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({
      company: { id: company.id },
      kind: 'visit',
      operator: { id: world.operator.id },
      contact: { id: contact.id, name: 'Carla Bonfanti' },
      nextAction: { description: 'Inviare il progetto formativo', dueOn: daysFromTodayInItaly(3), doneAt: null },
      isOverdue: false,
      canEdit: true,
    })
    const events = await ctx.database.db.select().from(domainEvents).where(eq(domainEvents.resourceId, body.id))
    expect(events).toMatchObject([{ type: 'company_activity.created', ownerOrganisationId: world.cooperative, data: { companyId: company.id, kind: 'visit' } }])
    const log = (await get(`/companies/${company.id}/activities`, world.caseManager)).json()
    expect(log.items.map((a: { id: string }) => a.id)).toEqual([body.id])
    expect(log.items[0].canEdit).toBe(false)
  })

  it('answers 422 for a future date, another company\'s contact and a next action due before the activity', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const other = await registerCompany(ctx.app, world.operator)
    const stranger = (await post(`/companies/${other.id}/contacts`, { givenName: 'Ugo', familyName: 'Rota' })).json()
    const response = await post(`/companies/${company.id}/activities`, {
      kind: 'call',
      date: daysFromTodayInItaly(2),
      summary: 'Telefonata',
      contactId: stranger.id,
      nextAction: { description: 'Richiamare', dueOn: daysFromTodayInItaly(1) },
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/date', '/contactId', '/nextAction/dueOn'])
  })

  it('lets operators and coordinators record, refuses case managers (403) and hides the company from others (404)', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const body = { kind: 'email', date: todayInItaly(), summary: 'Inviata la presentazione del servizio' }
    expect((await post(`/companies/${company.id}/activities`, body, world.coordinator)).statusCode).toBe(201)
    expect((await post(`/companies/${company.id}/activities`, body, world.caseManager)).statusCode).toBe(403)
    expect((await post(`/companies/${company.id}/activities`, body, world.otherOperator)).statusCode).toBe(404)
    expect((await get(`/companies/${company.id}/activities`, world.otherOperator)).statusCode).toBe(404)
  })

  it('lets only its operator or a coordinator of their organisation edit an activity', async () => {
    const company = await registerCompany(ctx.app, world.operator)
    const colleague = await createUser(ctx.app, ctx.database.db, [{ organisationId: world.cooperative, roles: ['operator'] }])
    const activity = (await post(`/companies/${company.id}/activities`, { kind: 'call', date: todayInItaly(), summary: 'Telefonata' })).json()
    expect((await patch(`/activities/${activity.id}`, 1, { outcome: 'Richiamare' }, colleague)).statusCode).toBe(403)
    const updated = await patch(`/activities/${activity.id}`, 1, { outcome: 'Richiamare a gennaio' })
    expect(updated.json()).toMatchObject({ outcome: 'Richiamare a gennaio', version: 2 })
    expect((await patch(`/activities/${activity.id}`, 1, { outcome: 'Altro' })).statusCode).toBe(412)
  })
})

describe('next actions due', () => {
  it('lists the caller\'s open next actions overdue and due within the window, soonest first, until marked done', async () => {
    const operator = await createUser(ctx.app, ctx.database.db, [{ organisationId: world.cooperative, roles: ['operator'] }])
    const company = await registerCompany(ctx.app, operator)
    const record = async (date: string, dueOn: string | null, user = operator) =>
      (await post(`/companies/${company.id}/activities`, { kind: 'call', date, summary: `Telefonata del ${date}`, ...(dueOn ? { nextAction: { description: `Entro il ${dueOn}`, dueOn } } : {}) }, user)).json()
    const overdue = await record(daysFromTodayInItaly(-20), daysFromTodayInItaly(-3))
    const today = await record(daysFromTodayInItaly(-1), todayInItaly())
    const soon = await record(todayInItaly(), daysFromTodayInItaly(6))
    await record(todayInItaly(), daysFromTodayInItaly(30))
    await record(todayInItaly(), null)
    await record(todayInItaly(), daysFromTodayInItaly(1), world.operator)
    const due = (await get('/activities/due', operator)).json()
    expect(due.items.map((a: { id: string }) => a.id)).toEqual([overdue.id, today.id, soon.id])
    expect(due.items.map((a: { isOverdue: boolean }) => a.isOverdue)).toEqual([true, false, false])
    expect((await get('/activities/due?withinDays=0', operator)).json().items).toHaveLength(2)
    const done = await patch(`/activities/${overdue.id}`, 1, { nextActionDone: true }, operator)
    expect(done.json().nextAction).toMatchObject({ doneBy: { id: operator.id } })
    expect(done.json().isOverdue).toBe(false)
    expect((await get('/activities/due', operator)).json().items.map((a: { id: string }) => a.id)).toEqual([today.id, soon.id])
    expect((await get('/activities/due', world.facilitator)).json().items).toEqual([])
  })
})
