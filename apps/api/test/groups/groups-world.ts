/**
 * The cast of a groups test: the case world (two municipalities with their staff, cooperatives with
 * an operator and a facilitator) plus a second facilitator of the other cooperative, and helpers
 * that build programmes, applications and groups through the API.
 */
import type { Group, GroupApplication, GroupSessionPlan, Programme, ProgrammeCreate } from '@ponte/shared'
import { expect } from 'vitest'
import type { Db } from '../../src/db/client.js'
import { todayInItaly } from '../../src/lib/dates.js'
import type { App } from '../../src/lib/fastify.js'
import { addDays } from '../../src/lib/holidays.js'
import { createCaseWorld, type CaseWorld } from '../cases/case-world.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

export { ifMatch } from '../cases/case-world.js'

export interface GroupsWorld extends CaseWorld {
  /** A facilitator of the other cooperative, a partner too: co-facilitates from another organisation. */
  partnerFacilitator: TestUser
  /** A facilitator of a cooperative that is no partner of the programme. */
  outsideFacilitator: TestUser
}

export async function createGroupsWorld(app: App, db: Db): Promise<GroupsWorld> {
  const world = await createCaseWorld(app, db)
  const outside = (await createOrganisation(db, { kind: 'cooperative' })).id
  return {
    ...world,
    partnerFacilitator: await createUser(app, db, [{ organisationId: world.otherCooperative, roles: ['facilitator'] }]),
    outsideFacilitator: await createUser(app, db, [{ organisationId: outside, roles: ['facilitator'] }]),
  }
}

export const fromToday = (days: number) => addDays(todayInItaly(), days)

export function programmeBody(world: GroupsWorld, overrides: Partial<ProgrammeCreate> = {}): ProgrammeCreate {
  return {
    ownerMunicipalityId: world.municipality,
    name: 'Valoriamo — edizione di prova',
    coveredMunicipalities: ['Valmadrera', 'Lecco'],
    partnerOrganisationIds: [world.cooperative, world.otherCooperative],
    funder: 'Fondazione Comunitaria del Lecchese',
    periodStart: fromToday(-300),
    periodEnd: fromToday(300),
    localClosures: [{ date: '12-06', name: 'San Nicolò, patrono di Lecco' }],
    ...overrides,
  }
}

export async function createProgramme(app: App, world: GroupsWorld, overrides: Partial<ProgrammeCreate> = {}): Promise<Programme> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/programmes', headers: world.coordinator.headers, payload: programmeBody(world, overrides) })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Programme>()
}

let counter = 0
export async function apply(app: App, as: TestUser, programme: Programme, overrides: Record<string, unknown> = {}): Promise<GroupApplication> {
  counter++
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/programmes/${programme.id}/applications`,
    headers: as.headers,
    payload: { givenName: 'Giulia', familyName: `Brambilla ${counter}`, residenceMunicipality: 'Valmadrera', employmentStatus: 'unemployed', phone: '333 1234567', referralSource: 'self', consentDate: fromToday(-10), ...overrides },
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<GroupApplication>()
}

export async function moveApplication(app: App, as: TestUser, application: GroupApplication, ...steps: Record<string, unknown>[]): Promise<GroupApplication> {
  let current = application
  for (const step of steps) {
    const response = await app.inject({ method: 'POST', url: `/api/v1/group-applications/${current.id}/transitions`, headers: { ...as.headers, 'if-match': `"${current.version}"` }, payload: step })
    expect(response.statusCode, response.body).toBe(200)
    current = response.json<GroupApplication>()
  }
  return current
}

/** An application taken to `admitted`. */
export async function admitted(app: App, world: GroupsWorld, programme: Programme, overrides: Record<string, unknown> = {}) {
  const application = await apply(app, world.facilitator, programme, overrides)
  return moveApplication(app, world.facilitator, application, { to: 'interview_scheduled', interviewDate: fromToday(-5) }, { to: 'admitted' })
}

export async function createGroup(app: App, world: GroupsWorld, programme: Programme, overrides: Record<string, unknown> = {}): Promise<Group> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/programmes/${programme.id}/groups`,
    headers: world.coordinator.headers,
    payload: { name: 'Gruppo del martedì', cohort: 'closed', facilitatorUserId: world.facilitator.id, coFacilitatorUserIds: [world.partnerFacilitator.id], requestedTopics: ['cv_and_cover_letter', 'job_interview'], ...overrides },
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Group>()
}

export async function addMember(app: App, as: TestUser, group: Group, applicationId: string, joinedOn?: string) {
  return app.inject({ method: 'POST', url: `/api/v1/groups/${group.id}/members`, headers: as.headers, payload: { applicationId, ...(joinedOn ? { joinedOn } : {}) } })
}

export async function plan(app: App, as: TestUser, group: Group, body: Record<string, unknown>) {
  const response = await app.inject({ method: 'POST', url: `/api/v1/groups/${group.id}/sessions/plan`, headers: as.headers, payload: { weekday: 2, startTime: '17:30', place: 'Sala civica, Via Roma 1', ...body } })
  return { response, plan: response.json<GroupSessionPlan>() }
}

export async function readGroup(app: App, as: TestUser, groupId: string): Promise<Group> {
  const response = await app.inject({ method: 'GET', url: `/api/v1/groups/${groupId}`, headers: as.headers })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<Group>()
}

export async function transitionGroup(app: App, as: TestUser, group: Group, to: string) {
  return app.inject({ method: 'POST', url: `/api/v1/groups/${group.id}/transitions`, headers: { ...as.headers, 'if-match': `"${group.version}"` }, payload: { to } })
}

/**
 * A running group with `members` admitted members, whose 16 sessions started `weeksAgo` weeks ago
 * (so the first sessions are in the past and take attendance).
 */
export async function runningGroup(app: App, world: GroupsWorld, programme: Programme, options: { members?: number; weeksAgo?: number; overrides?: Record<string, unknown> } = {}) {
  const group = await createGroup(app, world, programme, options.overrides)
  const applications: GroupApplication[] = []
  for (let i = 0; i < (options.members ?? 3); i++) {
    const a = await admitted(app, world, programme)
    applications.push(a)
    const response = await addMember(app, world.facilitator, group, a.id, fromToday(-7 * (options.weeksAgo ?? 10) - 1))
    expect(response.statusCode, response.body).toBe(201)
  }
  const { response } = await plan(app, world.facilitator, group, { startDate: fromToday(-7 * (options.weeksAgo ?? 10)) })
  expect(response.statusCode, response.body).toBe(201)
  const started = await transitionGroup(app, world.facilitator, await readGroup(app, world.facilitator, group.id), 'running')
  expect(started.statusCode, started.body).toBe(200)
  return { group: started.json<Group>(), applications }
}
