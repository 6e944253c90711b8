import type { PucAssignment, PucProject } from '@ponte/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import { activeAssignment, assign, createProject, createPucCase, createPucWorld, fromToday, ifMatch, moveTo, projectBody, type PucWorld } from './puc-world.js'

const ctx = useTestContext()
let world: PucWorld

beforeAll(async () => {
  world = await createPucWorld(ctx.app, ctx.database.db)
})

const post = (url: string, payload: object, headers: Record<string, string> = world.pucManager.headers) => ctx.app.inject({ method: 'POST', url, headers, payload })

describe('projects', () => {
  it('creates a project with its sites and answers the seats free by category', async () => {
    const project = await createProject(ctx.app, world)
    expect(project.ownerMunicipality.id).toBe(world.municipality)
    expect(project.sites).toHaveLength(1)
    expect(project.seats).toEqual([
      { category: 'municipality_beneficiaries', total: 3, taken: 0, free: 3 },
      { category: 'employment_centre_beneficiaries', total: 1, taken: 0, free: 1 },
      { category: 'volunteers', total: 1, taken: 0, free: 1 },
    ])
    expect(project.permissions).toEqual(['update', 'manageSites', 'assign', 'recordAttendance', 'downloadRegister'])
  })

  it('refuses a project of a municipality the caller does not manage (422) and callers who manage none (403)', async () => {
    const other = await post('/api/v1/puc-projects', { ...projectBody(world), ownerMunicipalityId: world.otherMunicipality })
    expect(other.statusCode).toBe(422)
    expect(other.json().errors[0].pointer).toBe('/ownerMunicipalityId')
    const operator = await post('/api/v1/puc-projects', projectBody(world), world.operator.headers)
    expect(operator.statusCode).toBe(403)
  })

  it('adds and updates a site, with If-Match', async () => {
    const project = await createProject(ctx.app, world)
    const site = await post(`/api/v1/puc-projects/${project.id}/sites`, { name: 'Cimitero', address: 'Via Roma 3', supervisorName: 'Aldo Sala' })
    expect(site.statusCode).toBe(201)
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/puc-projects/${project.id}/sites/${site.json().id}`,
      headers: { ...ifMatch(world.pucManager, 1), 'content-type': 'application/merge-patch+json' },
      payload: { supervisorName: 'Aldo Sala e Piera Sala' },
    })
    expect(patched.statusCode).toBe(200)
    expect(patched.json().version).toBe(2)
  })

  it('refuses seats below those already taken (422)', async () => {
    const project = await createProject(ctx.app, world)
    await activeAssignment(ctx.app, ctx.database.db, world, project)
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/puc-projects/${project.id}`,
      headers: { ...ifMatch(world.pucManager, project.version), 'content-type': 'application/merge-patch+json' },
      payload: { seats: { municipalityBeneficiaries: 0, employmentCentreBeneficiaries: 1, volunteers: 1 } },
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().violations[0]).toMatchObject({ rule: 'puc_seats_below_taken', value: 0, limit: 1 })
  })
})

describe('assignments and their hours', () => {
  let project: PucProject
  beforeAll(async () => {
    project = await createProject(ctx.app, world, { seats: { municipalityBeneficiaries: 10, employmentCentreBeneficiaries: 0, volunteers: 0 } })
  })

  it('assigns a person of a case for 8 or 16 hours, starting to assign', async () => {
    for (const weeklyHours of [8, 16]) {
      const caseRow = await createPucCase(ctx.database.db, world)
      const assignment = await assign(ctx.app, world, project, caseRow.id, { weeklyHours })
      expect(assignment).toMatchObject({ status: 'to_assign', weeklyHours, caseId: caseRow.id, allowedTransitions: ['proposed', 'withdrawn'] })
    }
  })

  it('refuses 7 and 17 hours a week with the rule and the limits (422)', async () => {
    for (const weeklyHours of [7, 17]) {
      const caseRow = await createPucCase(ctx.database.db, world)
      const response = await post(`/api/v1/puc-projects/${project.id}/assignments`, { caseId: caseRow.id, siteId: project.sites[0]!.id, category: 'municipality_beneficiaries', weeklyHours, startDate: fromToday(1), endDate: fromToday(90) })
      expect(response.statusCode).toBe(422)
      expect(response.json().violations).toEqual([expect.objectContaining({ rule: 'puc_weekly_hours_range', value: weeklyHours, limit: { min: 8, max: 16 } })])
    }
  })

  it('refuses a case of another municipality or a closed case, and a site of another project (422)', async () => {
    const otherCase = await createPucCase(ctx.database.db, world, { municipalityId: world.otherMunicipality, caseManagerId: world.otherCaseManager.id })
    const closed = await createPucCase(ctx.database.db, world, { status: 'closed' })
    const otherProject = await createProject(ctx.app, world)
    for (const [caseId, siteId, pointer] of [
      [otherCase.id, project.sites[0]!.id, '/caseId'],
      [closed.id, project.sites[0]!.id, '/caseId'],
      [(await createPucCase(ctx.database.db, world)).id, otherProject.sites[0]!.id, '/siteId'],
    ] as const) {
      const response = await post(`/api/v1/puc-projects/${project.id}/assignments`, { caseId, siteId, category: 'municipality_beneficiaries', weeklyHours: 10, startDate: fromToday(1), endDate: fromToday(90) })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors[0].pointer).toBe(pointer)
    }
  })

  it('refuses dates outside the project\'s period (422)', async () => {
    const caseRow = await createPucCase(ctx.database.db, world)
    const response = await post(`/api/v1/puc-projects/${project.id}/assignments`, { caseId: caseRow.id, siteId: project.sites[0]!.id, category: 'municipality_beneficiaries', weeklyHours: 10, startDate: fromToday(1), endDate: fromToday(400) })
    expect(response.statusCode).toBe(422)
    expect(response.json().violations[0].rule).toBe('puc_assignment_within_project')
  })

  it('refuses a second live assignment of the same person to the project (409)', async () => {
    const caseRow = await createPucCase(ctx.database.db, world)
    const first = await assign(ctx.app, world, project, caseRow.id)
    const response = await post(`/api/v1/puc-projects/${project.id}/assignments`, { caseId: caseRow.id, siteId: project.sites[0]!.id, category: 'municipality_beneficiaries', weeklyHours: 10, startDate: fromToday(1), endDate: fromToday(90) })
    expect(response.statusCode).toBe(409)
    expect(response.json()).toMatchObject({ code: 'assignment-already-live', existingId: first.id })
  })
})

describe('seats', () => {
  it('never overbooks a category: the seat after the last answers 409 and frees again when an assignment is withdrawn', async () => {
    const project = await createProject(ctx.app, world, { seats: { municipalityBeneficiaries: 1, employmentCentreBeneficiaries: 1, volunteers: 0 } })
    const first = await assign(ctx.app, world, project, (await createPucCase(ctx.database.db, world)).id)
    const secondCase = await createPucCase(ctx.database.db, world)
    const body = { caseId: secondCase.id, siteId: project.sites[0]!.id, category: 'municipality_beneficiaries', weeklyHours: 10, startDate: fromToday(1), endDate: fromToday(90) }
    const full = await post(`/api/v1/puc-projects/${project.id}/assignments`, body)
    expect(full.statusCode).toBe(409)
    expect(full.json().code).toBe('seats-full')
    // Another category still has its seat.
    expect((await post(`/api/v1/puc-projects/${project.id}/assignments`, { ...body, category: 'employment_centre_beneficiaries' })).statusCode).toBe(201)
    await moveTo(ctx.app, world, first, { to: 'withdrawn', reason: 'Ha trovato lavoro' })
    const third = await createPucCase(ctx.database.db, world)
    expect((await post(`/api/v1/puc-projects/${project.id}/assignments`, { ...body, caseId: third.id })).statusCode).toBe(201)
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/puc-projects/${project.id}`, headers: world.pucManager.headers })
    expect(read.json().seats[0]).toEqual({ category: 'municipality_beneficiaries', total: 1, taken: 1, free: 0 })
  })

  it('gives the last seat to one of two simultaneous requests: one 201, one 409', async () => {
    const project = await createProject(ctx.app, world, { seats: { municipalityBeneficiaries: 1, employmentCentreBeneficiaries: 0, volunteers: 0 } })
    const [a, b] = [await createPucCase(ctx.database.db, world), await createPucCase(ctx.database.db, world)]
    const request = (caseId: string) =>
      post(`/api/v1/puc-projects/${project.id}/assignments`, { caseId, siteId: project.sites[0]!.id, category: 'municipality_beneficiaries', weeklyHours: 10, startDate: fromToday(1), endDate: fromToday(90) })
    const responses = await Promise.all([request(a.id), request(b.id)])
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409])
    expect(responses.find((r) => r.statusCode === 409)!.json().code).toBe('seats-full')
  })

  it('checks the seats of a new category when an assignment changes category (409)', async () => {
    const project = await createProject(ctx.app, world, { seats: { municipalityBeneficiaries: 2, employmentCentreBeneficiaries: 0, volunteers: 0 } })
    const assignment = await assign(ctx.app, world, project, (await createPucCase(ctx.database.db, world)).id)
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/puc-assignments/${assignment.id}`,
      headers: { ...ifMatch(world.pucManager, assignment.version), 'content-type': 'application/merge-patch+json' },
      payload: { category: 'volunteers' },
    })
    expect(response.statusCode).toBe(409)
    expect(response.json().code).toBe('seats-full')
  })
})

describe('the status diagram', () => {
  let project: PucProject
  beforeAll(async () => {
    project = await createProject(ctx.app, world, { seats: { municipalityBeneficiaries: 20, employmentCentreBeneficiaries: 0, volunteers: 0 } })
  })

  it('goes to_assign → proposed → active → completed, with the last day', async () => {
    const assignment = await assign(ctx.app, world, project, (await createPucCase(ctx.database.db, world)).id, { startDate: fromToday(-30), endDate: fromToday(-1) })
    const done = await moveTo(ctx.app, world, assignment, { to: 'proposed' }, { to: 'active' }, { to: 'completed' })
    expect(done).toMatchObject({ status: 'completed', endedOn: fromToday(-1), allowedTransitions: [] })
  })

  it('needs a reason to withdraw or interrupt (422 naming /reason)', async () => {
    const assignment = await assign(ctx.app, world, project, (await createPucCase(ctx.database.db, world)).id)
    const response = await post(`/api/v1/puc-assignments/${assignment.id}/transitions`, { to: 'withdrawn' }, ifMatch(world.pucManager, assignment.version))
    expect(response.statusCode).toBe(422)
    expect(response.json().errors[0].pointer).toBe('/reason')
  })

  it('interrupts an active assignment today by default, with its reason', async () => {
    const { assignment } = await activeAssignment(ctx.app, ctx.database.db, world, project)
    const interrupted = await moveTo(ctx.app, world, assignment, { to: 'interrupted', reason: 'Assunto a tempo determinato' })
    expect(interrupted).toMatchObject({ status: 'interrupted', statusReason: 'Assunto a tempo determinato', endedOn: fromToday(0) })
  })

  it('refuses a move the diagram does not allow (409), a stale version (412) and no If-Match (428)', async () => {
    const assignment: PucAssignment = await assign(ctx.app, world, project, (await createPucCase(ctx.database.db, world)).id)
    const skip = await post(`/api/v1/puc-assignments/${assignment.id}/transitions`, { to: 'completed' }, ifMatch(world.pucManager, assignment.version))
    expect(skip.statusCode).toBe(409)
    expect(skip.json().code).toBe('transition-not-allowed')
    expect((await post(`/api/v1/puc-assignments/${assignment.id}/transitions`, { to: 'proposed' }, ifMatch(world.pucManager, 99))).statusCode).toBe(412)
    expect((await post(`/api/v1/puc-assignments/${assignment.id}/transitions`, { to: 'proposed' })).statusCode).toBe(428)
  })

  it('records the transitions in the audit trail and the domain events, with the case', async () => {
    const { assignment, caseRow } = await activeAssignment(ctx.app, ctx.database.db, world, project)
    const events = await ctx.database.pool.query<{ type: string; case_id: string; data: { from?: string; to?: string } }>(
      'select type, case_id, data from domain_events where resource_id = $1 order by seq',
      [assignment.id],
    )
    expect(events.rows.map((e) => e.type)).toEqual(['puc_assignment.created', 'puc_assignment.transitioned', 'puc_assignment.transitioned'])
    expect(events.rows[2]).toMatchObject({ case_id: caseRow.id, data: { from: 'proposed', to: 'active' } })
    const audit = await ctx.database.pool.query<{ action: string }>('select action from audit_log where resource_id = $1 and action <> $2 order by id', [assignment.id, 'read'])
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'transition', 'transition'])
  })
})
