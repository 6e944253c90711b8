/**
 * Who sees what of groups, for every role: the coordinator everything of their municipality's
 * programmes; facilitators their programmes and only the groups they facilitate, never a case;
 * case managers the programme, their applications and, through the case, whether their person is in
 * a group with the attendance rate — nothing more; anyone else 404.
 */
import type { CaseGroupParticipationList, Group, GroupApplication, GroupPage, Programme } from '@ponte/shared'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { persons } from '../../src/db/schema/index.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import { useTestContext } from '../helpers/app.js'
import { createUser, type TestUser } from '../helpers/factories.js'
import { addMember, apply, createGroup, createGroupsWorld, createProgramme, fromToday, moveApplication, runningGroup, type GroupsWorld } from './groups-world.js'

const ctx = useTestContext()
let world: GroupsWorld
let programme: Programme
let group: Group
let otherGroup: Group
let caseId: string
let linked: GroupApplication
let colleagueFacilitator: TestUser

beforeAll(async () => {
  world = await createGroupsWorld(ctx.app, ctx.database.db)
  programme = await createProgramme(ctx.app, world, { partnerOrganisationIds: [world.cooperative] })
  group = (await runningGroup(ctx.app, world, programme, { members: 2, overrides: { coFacilitatorUserIds: [] } })).group
  // A group the facilitator does not facilitate: led by a colleague of the same cooperative.
  colleagueFacilitator = await createUser(ctx.app, ctx.database.db, [{ organisationId: world.cooperative, roles: ['facilitator'] }])
  otherGroup = await createGroup(ctx.app, world, programme, { facilitatorUserId: colleagueFacilitator.id, coFacilitatorUserIds: [] })
  const caseRow = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'active' })
  await ctx.database.db.update(persons).set({ residenceMunicipality: 'Valmadrera', employmentStatus: 'unemployed' }).where(eq(persons.id, caseRow.personId))
  await createReferral(ctx.database.db, { caseId: caseRow.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative })
  caseId = caseRow.id
  linked = await apply(ctx.app, world.caseManager, programme, { personId: caseRow.personId, givenName: undefined, familyName: undefined, residenceMunicipality: undefined, employmentStatus: undefined, referralSource: 'social_services' })
  linked = await moveApplication(ctx.app, world.coordinator, linked, { to: 'interview_scheduled', interviewDate: fromToday(-3) }, { to: 'admitted' })
  const fresh = await createGroup(ctx.app, world, programme, { cohort: 'open', coFacilitatorUserIds: [] })
  expect((await addMember(ctx.app, world.coordinator, fresh, linked.id)).statusCode).toBe(201)
})

const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers })

describe('programmes', () => {
  it('are seen by the municipality\'s coordinator and case managers and the partners\' facilitators; 404 for everyone else', async () => {
    const seeing = [world.coordinator, world.caseManager, world.colleague, world.facilitator]
    const notSeeing = [world.otherCoordinator, world.otherCaseManager, world.operator, world.otherOperator, world.pucManager, world.auditor, world.platformAdmin, world.orgAdmin, world.outsideFacilitator, world.partnerFacilitator]
    for (const user of seeing) expect((await get(user, `/programmes/${programme.id}`)).statusCode).toBe(200)
    for (const user of notSeeing) {
      expect((await get(user, `/programmes/${programme.id}`)).statusCode).toBe(404)
      expect((await get(user, '/programmes')).json().items.map((p: Programme) => p.id)).not.toContain(programme.id)
      expect((await get(user, `/programmes/${programme.id}/applications`)).statusCode).toBe(404)
    }
  })

  it('show the applications to screen to the facilitator, and to the case manager only theirs', async () => {
    const all = (await get(world.facilitator, `/programmes/${programme.id}/applications?limit=200`)).json().items as GroupApplication[]
    expect(all.length).toBeGreaterThan(2)
    expect(all.every((a) => a.personId === null)).toBe(true)
    const theirs = (await get(world.caseManager, `/programmes/${programme.id}/applications?limit=200`)).json().items as GroupApplication[]
    expect(theirs.map((a) => a.id)).toEqual([linked.id])
    expect(theirs[0]!.personId).not.toBeNull()
    expect((await get(world.colleague, `/group-applications/${all.find((a) => a.id !== linked.id)!.id}`)).statusCode).toBe(404)
  })
})

describe('groups', () => {
  it('are seen by the coordinator and their own facilitators only', async () => {
    expect((await get(world.coordinator, `/groups/${group.id}`)).statusCode).toBe(200)
    expect((await get(world.facilitator, `/groups/${group.id}`)).statusCode).toBe(200)
    for (const user of [world.caseManager, world.colleague, world.otherCoordinator, world.operator, world.pucManager, world.auditor, world.platformAdmin, world.orgAdmin, world.outsideFacilitator]) {
      for (const path of [`/groups/${group.id}`, `/groups/${group.id}/sessions`, `/groups/${group.id}/outcomes`, `/groups/${group.id}/calendar.ics`]) expect((await get(user, path)).statusCode, `${path}`).toBe(404)
      expect((await get(user, '/groups')).json<GroupPage>().items.map((g) => g.id)).not.toContain(group.id)
      expect((await get(user, '/group-alerts')).json().items).toEqual([])
    }
  })

  it('of a colleague are not seen by a facilitator of the same cooperative (404), and facilitatedByMe lists one\'s own', async () => {
    expect((await get(world.facilitator, `/groups/${otherGroup.id}`)).statusCode).toBe(404)
    expect((await get(colleagueFacilitator, `/groups/${otherGroup.id}`)).statusCode).toBe(200)
    const mine = (await get(world.facilitator, '/groups?facilitatedByMe=true')).json<GroupPage>().items.map((g) => g.id)
    expect(mine).toContain(group.id)
    expect(mine).not.toContain(otherGroup.id)
    const coordinatorsMine = (await get(world.coordinator, '/groups?facilitatedByMe=true')).json<GroupPage>().items
    expect(coordinatorsMine).toEqual([])
  })

  it('never give a facilitator a person id or a case', async () => {
    const body = (await get(world.facilitator, `/groups/${group.id}`)).body
    expect(body).not.toMatch(/personId|caseId/)
  })
})

describe('cases', () => {
  it('answer 404 to the facilitator on every case route', async () => {
    for (const path of [`/cases/${caseId}`, `/cases/${caseId}/group-participations`, `/cases/${caseId}/diary-notes`, `/cases/${caseId}/plans`, `/cases/${caseId}/assessments`, `/cases/${caseId}/meetings`]) {
      expect((await get(world.facilitator, path)).statusCode, path).toBe(404)
    }
  })

  it('tell the case manager whether their person is in a group and the attendance rate, nothing more', async () => {
    const response = await get(world.caseManager, `/cases/${caseId}/group-participations`)
    expect(response.statusCode).toBe(200)
    const { items } = response.json<CaseGroupParticipationList>()
    expect(items).toEqual([{ programme: { id: programme.id, name: programme.name }, applicationStatus: 'admitted', inGroup: true, memberStatus: 'active', attendanceRate: null }])
  })

  it('tell the partner operator of an accepted referral nothing about groups (404)', async () => {
    expect((await get(world.operator, `/cases/${caseId}`)).statusCode).toBe(200)
    expect((await get(world.operator, `/cases/${caseId}/group-participations`)).statusCode).toBe(404)
  })
})
