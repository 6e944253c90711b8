/**
 * Visibility of PUC for every role (issue 11): the PUC manager and the coordinators of the owner
 * municipality see and manage; the case manager sees the assignments of their cases; the
 * implementing organisation's operators see their projects' assignments without the case and
 * record attendance; everyone else gets 404.
 */
import type { PucAssignment, PucProject } from '@ponte/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import type { TestUser } from '../helpers/factories.js'
import { datesOfIsoWeek } from '../../src/modules/puc/puc.rules.js'
import { activeAssignment, createProject, createPucCase, createPucWorld, weekAgo, type PucWorld } from './puc-world.js'

const ctx = useTestContext()
let world: PucWorld
let project: PucProject
let assignment: PucAssignment
let caseId: string
let otherCasesAssignment: PucAssignment

beforeAll(async () => {
  world = await createPucWorld(ctx.app, ctx.database.db)
  project = await createProject(ctx.app, world)
  const made = await activeAssignment(ctx.app, ctx.database.db, world, project)
  assignment = made.assignment
  caseId = made.caseRow.id
  // A case of the coordinator's, not the case manager's.
  const otherCase = await createPucCase(ctx.database.db, world, { caseManagerId: world.coordinator.id })
  otherCasesAssignment = (await activeAssignment(ctx.app, ctx.database.db, world, project, { caseId: otherCase.id })).assignment
})

const get = (url: string, user: TestUser) => ctx.app.inject({ method: 'GET', url, headers: user.headers })
const outsiders = () => [world.otherCoordinator, world.otherCaseManager, world.otherOperator, world.facilitator, world.auditor, world.platformAdmin, world.orgAdmin]

describe('projects', () => {
  it('are seen by the PUC manager, the coordinators and the implementing organisation\'s operators', async () => {
    for (const user of [world.pucManager, world.coordinator, world.operator]) {
      expect((await get(`/api/v1/puc-projects/${project.id}`, user)).statusCode).toBe(200)
      expect((await get('/api/v1/puc-projects', user)).json().items.map((p: PucProject) => p.id)).toContain(project.id)
    }
  })

  it('answer 404 to everyone else, and are missing from their lists', async () => {
    for (const user of [...outsiders(), world.caseManager]) {
      expect((await get(`/api/v1/puc-projects/${project.id}`, user)).statusCode).toBe(404)
      expect((await get(`/api/v1/puc-projects/${project.id}/assignments`, user)).statusCode).toBe(404)
      expect((await get(`/api/v1/puc-projects/${project.id}/attendance?week=${weekAgo(1)}`, user)).statusCode).toBe(404)
      expect((await get('/api/v1/puc-projects', user)).json().items).toEqual([])
    }
  })

  it('are changed by the manager only: the implementing organisation gets 403', async () => {
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/puc-projects/${project.id}`,
      headers: { ...world.operator.headers, 'if-match': `"${project.version}"`, 'content-type': 'application/merge-patch+json' },
      payload: { title: 'Altro' },
    })
    expect(response.statusCode).toBe(403)
    const permissions = (await get(`/api/v1/puc-projects/${project.id}`, world.operator)).json().permissions
    expect(permissions).toEqual(['recordAttendance', 'downloadRegister'])
  })
})

describe('assignments', () => {
  it('show the case to the municipality\'s staff and never to the implementing organisation', async () => {
    expect((await get(`/api/v1/puc-assignments/${assignment.id}`, world.pucManager)).json().caseId).toBe(caseId)
    expect((await get(`/api/v1/puc-assignments/${assignment.id}`, world.coordinator)).json().caseId).toBe(caseId)
    const asOperator = await get(`/api/v1/puc-assignments/${assignment.id}`, world.operator)
    expect(asOperator.statusCode).toBe(200)
    expect(asOperator.json()).toMatchObject({ caseId: null, person: assignment.person, allowedTransitions: [], permissions: ['recordAttendance'] })
    const list = (await get(`/api/v1/puc-projects/${project.id}/assignments`, world.operator)).json().items as PucAssignment[]
    expect(list.map((a) => a.caseId)).toEqual([null, null])
    // The case itself stays out of the operator's reach.
    expect((await get(`/api/v1/cases/${caseId}`, world.operator)).statusCode).toBe(404)
  })

  it('of their cases are seen by the case manager, on the case and one by one, read only', async () => {
    const onCase = await get(`/api/v1/cases/${caseId}/puc-assignments`, world.caseManager)
    expect(onCase.statusCode).toBe(200)
    expect(onCase.json().items.map((a: PucAssignment) => a.id)).toEqual([assignment.id])
    const one = await get(`/api/v1/puc-assignments/${assignment.id}`, world.caseManager)
    expect(one.json()).toMatchObject({ caseId, allowedTransitions: [], permissions: ['openCase'] })
    expect((await get(`/api/v1/puc-assignments/${otherCasesAssignment.id}`, world.caseManager)).statusCode).toBe(404)
    const transition = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/puc-assignments/${assignment.id}/transitions`,
      headers: { ...world.caseManager.headers, 'if-match': `"${assignment.version}"` },
      payload: { to: 'completed' },
    })
    expect(transition.statusCode).toBe(403)
  })

  it('answer 404 to everyone else, on the assignment and on the case', async () => {
    for (const user of outsiders()) {
      expect((await get(`/api/v1/puc-assignments/${assignment.id}`, user)).statusCode).toBe(404)
      expect((await get(`/api/v1/puc-assignments/${assignment.id}/attendance?month=${weekAgo(0).slice(0, 4)}-01`, user)).statusCode).toBe(404)
    }
    expect((await get(`/api/v1/cases/${caseId}/puc-assignments`, world.operator)).statusCode).toBe(404)
    expect((await get(`/api/v1/cases/${caseId}/puc-assignments`, world.otherCoordinator)).statusCode).toBe(404)
  })
})

describe('attendance', () => {
  it('is recorded by the implementing organisation\'s operators, not by the case manager (403) nor outsiders (404)', async () => {
    const [monday, tuesday, wednesday] = datesOfIsoWeek(weekAgo(2))!
    const at = (date: string, user: TestUser) =>
      ctx.app.inject({ method: 'PUT', url: `/api/v1/puc-assignments/${assignment.id}/attendance/${date}`, headers: user.headers, payload: { status: 'present', hours: 4 } })
    expect((await at(monday!, world.operator)).statusCode).toBe(201)
    expect((await at(tuesday!, world.caseManager)).statusCode).toBe(403)
    expect((await at(wednesday!, world.otherOperator)).statusCode).toBe(404)
    const week = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/puc-projects/${project.id}/attendance?week=${weekAgo(2)}`,
      headers: world.otherOperator.headers,
      payload: { entries: [{ assignmentId: assignment.id, date: tuesday, status: 'present', hours: 4 }] },
    })
    expect(week.statusCode).toBe(404)
  })
})

describe('the PUC office\'s search for people to assign', () => {
  it('finds open cases of the municipality by name for the PUC manager, and is refused to others (403)', async () => {
    const person = assignment.person
    const found = await get(`/api/v1/puc/candidates?q=${encodeURIComponent(person.familyName.slice(0, 4))}`, world.pucManager)
    expect(found.statusCode).toBe(200)
    expect(found.json().items.some((c: { caseId: string; liveAssignments: number }) => c.caseId === caseId && c.liveAssignments === 1)).toBe(true)
    // The recorded sex comes along, so the form can say "nata" or "nato".
    expect(found.json().items.every((c: { sex: string }) => c.sex === 'F' || c.sex === 'M')).toBe(true)
    expect((await get('/api/v1/puc/candidates?q=ro', world.operator)).statusCode).toBe(403)
    expect((await get('/api/v1/puc/candidates?q=ro', world.caseManager)).statusCode).toBe(403)
    // A coordinator of another municipality manages its own PUC only.
    const other = await get(`/api/v1/puc/candidates?q=${encodeURIComponent(person.familyName.slice(0, 4))}`, world.otherCoordinator)
    expect(other.json().items.some((c: { caseId: string }) => c.caseId === caseId)).toBe(false)
  })
})
