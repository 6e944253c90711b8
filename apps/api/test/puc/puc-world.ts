/**
 * The cast of a PUC test: the case world (two municipalities with their staff, cooperatives with
 * operators) plus helpers that build projects and assignments through the API, and dates counted
 * from today so the rules on the future and on deadlines hold whenever the tests run.
 */
import type { PucAssignment, PucProject, PucProjectCreate } from '@ponte/shared'
import { expect } from 'vitest'
import type { Db } from '../../src/db/client.js'
import { pucAssignments } from '../../src/db/schema/index.js'
import { todayInItaly } from '../../src/lib/dates.js'
import type { App } from '../../src/lib/fastify.js'
import { addDays, isoWeekOf } from '../../src/modules/puc/puc.rules.js'
import { eq } from 'drizzle-orm'
import { createCase } from '../helpers/case-factories.js'
import type { TestUser } from '../helpers/factories.js'
import { createCaseWorld, type CaseWorld } from '../cases/case-world.js'

export { ifMatch } from '../cases/case-world.js'

/** A date `days` from today (negative for the past). */
export const fromToday = (days: number) => addDays(todayInItaly(), days)

/** The ISO week `weeks` weeks before this one. */
export const weekAgo = (weeks: number) => isoWeekOf(fromToday(-7 * weeks))

export type PucWorld = CaseWorld

export const createPucWorld = (app: App, db: Db): Promise<PucWorld> => createCaseWorld(app, db)

export function projectBody(world: PucWorld, overrides: Partial<PucProjectCreate> = {}): PucProjectCreate {
  return {
    ownerMunicipalityId: world.municipality,
    implementingOrganisationId: world.cooperative,
    title: 'Cura del verde pubblico',
    area: 'environmental',
    description: 'Manutenzione leggera di parchi e aiuole con la squadra dei Lavori pubblici.',
    periodStart: fromToday(-200),
    periodEnd: fromToday(200),
    weeklySchedule: [
      { weekday: 1, from: '08:30', to: '12:30' },
      { weekday: 3, from: '08:30', to: '12:30' },
    ],
    seats: { municipalityBeneficiaries: 3, employmentCentreBeneficiaries: 1, volunteers: 1 },
    sites: [{ name: 'Parco Belvedere', address: 'Via Belvedere 1, Valmadrera', supervisorName: 'Giorgio Fumagalli', supervisorPhone: '0341 123456' }],
    ...overrides,
  }
}

export async function createProject(app: App, world: PucWorld, overrides: Partial<PucProjectCreate> = {}, as: TestUser = world.pucManager): Promise<PucProject> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/puc-projects', headers: as.headers, payload: projectBody(world, overrides) })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<PucProject>()
}

/** A new open case of the world's municipality, assigned to its case manager. */
export const createPucCase = (db: Db, world: PucWorld, values: Partial<Parameters<typeof createCase>[1]> = {}) =>
  createCase(db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'active', ...values })

export async function assign(
  app: App,
  world: PucWorld,
  project: PucProject,
  caseId: string,
  overrides: Record<string, unknown> = {},
): Promise<PucAssignment> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/puc-projects/${project.id}/assignments`,
    headers: world.pucManager.headers,
    payload: { caseId, siteId: project.sites[0]!.id, category: 'municipality_beneficiaries', weeklyHours: 12, startDate: fromToday(-60), endDate: fromToday(60), ...overrides },
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<PucAssignment>()
}

/** Moves an assignment along the diagram through the API (to_assign → proposed → active …). */
export async function moveTo(app: App, world: PucWorld, assignment: PucAssignment, ...steps: { to: string; reason?: string; date?: string }[]): Promise<PucAssignment> {
  let current = assignment
  for (const step of steps) {
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/puc-assignments/${current.id}/transitions`,
      headers: { ...world.pucManager.headers, 'if-match': `"${current.version}"` },
      payload: step,
    })
    expect(response.statusCode, response.body).toBe(200)
    current = response.json<PucAssignment>()
  }
  return current
}

/** An active assignment of a new case, started 60 days ago. */
export async function activeAssignment(
  app: App,
  db: Db,
  world: PucWorld,
  project: PucProject,
  overrides: Record<string, unknown> = {},
  caseValues: Partial<Parameters<typeof createCase>[1]> = {},
) {
  const caseRow = await createPucCase(db, world, caseValues)
  const created = await assign(app, world, project, caseRow.id, overrides)
  return { caseRow, assignment: await moveTo(app, world, created, { to: 'proposed' }, { to: 'active' }) }
}

/** Sets an assignment's dates directly (tests of deadlines at their boundaries). */
export const setAssignment = (db: Db, id: string, values: Partial<typeof pucAssignments.$inferInsert>) => db.update(pucAssignments).set(values).where(eq(pucAssignments.id, id))
