/** Programmes, applications (eligibility, every transition allowed and forbidden) and information meetings, through the API. */
import { GROUP_APPLICATION_STATUSES, GROUP_APPLICATION_TRANSITIONS, type GroupApplication, type GroupApplicationStatus, type InformationMeeting, type Programme } from '@ponte/shared'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { persons } from '../../src/db/schema/index.js'
import { createCase } from '../helpers/case-factories.js'
import { useTestContext } from '../helpers/app.js'
import { admitted, apply, createGroup, createGroupsWorld, createProgramme, fromToday, ifMatch, moveApplication, addMember, type GroupsWorld } from './groups-world.js'

const ctx = useTestContext()
let world: GroupsWorld
let programme: Programme

beforeAll(async () => {
  world = await createGroupsWorld(ctx.app, ctx.database.db)
  programme = await createProgramme(ctx.app, world)
})

/** A path of steps from `received` to each status. */
const PATHS: Record<GroupApplicationStatus, Record<string, unknown>[]> = {
  received: [],
  interview_scheduled: [{ to: 'interview_scheduled', interviewDate: '2026-11-02' }],
  admitted: [{ to: 'interview_scheduled', interviewDate: '2026-11-02' }, { to: 'admitted' }],
  waiting_list: [{ to: 'interview_scheduled', interviewDate: '2026-11-02' }, { to: 'waiting_list' }],
  not_admitted: [{ to: 'not_admitted', reason: 'not_resident' }],
  withdrawn: [{ to: 'withdrawn', reason: 'applicant_withdrew' }],
}
const bodyFor = (to: GroupApplicationStatus) => ({ to, ...(to === 'interview_scheduled' ? { interviewDate: '2026-11-03' } : {}), ...(to === 'not_admitted' || to === 'withdrawn' ? { reason: 'other' } : {}) })

describe('programmes', () => {
  it('are created by a coordinator of the municipality, with partners and local closures', async () => {
    expect(programme.partnerOrganisations.map((p) => p.id).sort()).toEqual([world.cooperative, world.otherCooperative].sort())
    expect(programme.localClosures).toEqual([{ date: '12-06', name: 'San Nicolò, patrono di Lecco' }])
    expect(programme.permissions).toEqual(expect.arrayContaining(['update', 'createGroups', 'screenApplications']))
  })

  it('refuses a caller who coordinates no municipality (403) and another municipality (422)', async () => {
    const body = { ownerMunicipalityId: world.municipality, name: 'X', coveredMunicipalities: ['Lecco'], partnerOrganisationIds: [], funder: 'Y', periodStart: '2026-01-01', periodEnd: '2026-12-31' }
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/programmes', headers: world.facilitator.headers, payload: body })).statusCode).toBe(403)
    const other = await ctx.app.inject({ method: 'POST', url: '/api/v1/programmes', headers: world.otherCoordinator.headers, payload: body })
    expect(other.statusCode).toBe(422)
    expect(other.json().errors[0].pointer).toBe('/ownerMunicipalityId')
  })

  it('refuses a period that ends before it starts, and changes nothing', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/programmes', headers: world.coordinator.headers, payload: { ownerMunicipalityId: world.municipality, name: 'Rovescio', coveredMunicipalities: ['Lecco'], partnerOrganisationIds: [], funder: 'Y', periodStart: '2026-12-31', periodEnd: '2026-01-01' } })
    expect(response.statusCode).toBe(422)
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/programmes', headers: world.coordinator.headers })
    expect(list.json().items.map((p: Programme) => p.name)).not.toContain('Rovescio')
  })

  it('are updated by the coordinator with If-Match, not by a facilitator', async () => {
    const fresh = await createProgramme(ctx.app, world, { name: 'Da rinominare' })
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/v1/programmes/${fresh.id}`, headers: { ...ifMatch(world.facilitator, fresh.version), 'content-type': 'application/merge-patch+json' }, payload: { name: 'No' } })).statusCode).toBe(403)
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/v1/programmes/${fresh.id}`, headers: { ...world.coordinator.headers, 'content-type': 'application/merge-patch+json' }, payload: { name: 'No' } })).statusCode).toBe(428)
    const ok = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/programmes/${fresh.id}`, headers: { ...ifMatch(world.coordinator, fresh.version), 'content-type': 'application/merge-patch+json' }, payload: { name: 'Rinominato', partnerOrganisationIds: [world.cooperative] } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().name).toBe('Rinominato')
    expect(ok.json().partnerOrganisations).toEqual([{ id: world.cooperative, name: expect.any(String) }])
  })
})

describe('applications', () => {
  it('compute eligibility from residence and employment status', async () => {
    const eligible = await apply(ctx.app, world.facilitator, programme)
    expect(eligible.eligibility).toEqual({ residentInCoveredMunicipality: true, unemployed: true, eligible: true })
    const outside = await apply(ctx.app, world.facilitator, programme, { residenceMunicipality: 'Civate' })
    expect(outside.eligibility.eligible).toBe(false)
    const employed = await apply(ctx.app, world.facilitator, programme, { employmentStatus: 'employed' })
    expect(employed.eligibility).toEqual({ residentInCoveredMunicipality: true, unemployed: false, eligible: false })
    const list = await ctx.app.inject({ method: 'GET', url: `/api/v1/programmes/${programme.id}/applications?eligible=false`, headers: world.coordinator.headers })
    expect(list.json().items.map((a: GroupApplication) => a.id)).toEqual(expect.arrayContaining([outside.id, employed.id]))
    expect(list.json().items.map((a: GroupApplication) => a.id)).not.toContain(eligible.id)
  })

  it('need the identity, residence and employment status of a new applicant, and the consent', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/programmes/${programme.id}/applications`, headers: world.facilitator.headers, payload: { referralSource: 'self', consentDate: fromToday(-1) } })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/employmentStatus', '/familyName', '/givenName', '/residenceMunicipality'])
    const noConsent = await ctx.app.inject({ method: 'POST', url: `/api/v1/programmes/${programme.id}/applications`, headers: world.facilitator.headers, payload: { givenName: 'A', familyName: 'B', residenceMunicipality: 'Lecco', employmentStatus: 'unemployed', referralSource: 'self' } })
    expect(noConsent.statusCode).toBe(400)
  })

  it('link an existing person for the case manager, taking their data; refuse a second open one (409)', async () => {
    const caseRow = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'active' })
    await ctx.database.db.update(persons).set({ residenceMunicipality: 'Lecco', employmentStatus: 'unemployed', phone: '0341 000000' }).where(eq(persons.id, caseRow.personId))
    const application = await apply(ctx.app, world.caseManager, programme, { personId: caseRow.personId, givenName: undefined, familyName: undefined, residenceMunicipality: undefined, employmentStatus: undefined, phone: undefined, referralSource: 'social_services' })
    expect(application.personId).toBe(caseRow.personId)
    expect(application.residenceMunicipality).toBe('Lecco')
    expect(application.phone).toBe('0341 000000')
    expect(application.eligibility.eligible).toBe(true)
    const again = await ctx.app.inject({ method: 'POST', url: `/api/v1/programmes/${programme.id}/applications`, headers: world.caseManager.headers, payload: { personId: caseRow.personId, referralSource: 'social_services', consentDate: fromToday(-1) } })
    expect(again.statusCode).toBe(409)
    // The facilitator sees the application, never the person it links.
    const asFacilitator = await ctx.app.inject({ method: 'GET', url: `/api/v1/group-applications/${application.id}`, headers: world.facilitator.headers })
    expect(asFacilitator.json().personId).toBeNull()
  })

  it('refuse linking a person the caller does not see, facilitators included (422, nothing created)', async () => {
    const other = await createCase(ctx.database.db, { municipalityId: world.otherMunicipality, caseManagerId: world.otherCaseManager.id, status: 'active' })
    for (const user of [world.caseManager, world.facilitator]) {
      const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/programmes/${programme.id}/applications`, headers: user.headers, payload: { personId: other.personId, referralSource: 'social_services', consentDate: fromToday(-1) } })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors[0].pointer).toBe('/personId')
    }
  })

  it('refuse free text: an unknown property such as notes answers 400', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/programmes/${programme.id}/applications`, headers: world.facilitator.headers, payload: { givenName: 'A', familyName: 'B', residenceMunicipality: 'Lecco', employmentStatus: 'unemployed', referralSource: 'self', consentDate: fromToday(-1), notes: 'Racconta che…' } })
    expect(response.statusCode).toBe(400)
  })
})

describe('the application diagram', () => {
  const cases = GROUP_APPLICATION_STATUSES.flatMap((from) => GROUP_APPLICATION_STATUSES.filter((to) => to !== from).map((to) => [from, to, GROUP_APPLICATION_TRANSITIONS[from].includes(to)] as const))

  it.each(cases)('from %s to %s: allowed %s', async (from, to, allowed) => {
    const start = await moveApplication(ctx.app, world.facilitator, await apply(ctx.app, world.facilitator, programme), ...PATHS[from])
    expect(start.status).toBe(from)
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-applications/${start.id}/transitions`, headers: ifMatch(world.facilitator, start.version), payload: bodyFor(to) })
    if (allowed) {
      expect(response.statusCode, response.body).toBe(200)
      expect(response.json().status).toBe(to)
    } else {
      expect(response.statusCode).toBe(409)
      expect(response.json().code).toBe('transition-not-allowed')
      const after = await ctx.app.inject({ method: 'GET', url: `/api/v1/group-applications/${start.id}`, headers: world.facilitator.headers })
      expect(after.json().status).toBe(from)
    }
  })

  it('needs a reason from the list to not admit, and an interview date to schedule it', async () => {
    const a = await apply(ctx.app, world.facilitator, programme)
    const noReason = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-applications/${a.id}/transitions`, headers: ifMatch(world.facilitator, a.version), payload: { to: 'not_admitted' } })
    expect(noReason.statusCode).toBe(422)
    const freeText = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-applications/${a.id}/transitions`, headers: ifMatch(world.facilitator, a.version), payload: { to: 'not_admitted', reason: 'non se la sente' } })
    expect(freeText.statusCode).toBe(400)
    const noDate = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-applications/${a.id}/transitions`, headers: ifMatch(world.facilitator, a.version), payload: { to: 'interview_scheduled' } })
    expect(noDate.statusCode).toBe(422)
    const stale = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-applications/${a.id}/transitions`, headers: ifMatch(world.facilitator, a.version + 1), payload: { to: 'withdrawn', reason: 'other' } })
    expect(stale.statusCode).toBe(412)
  })

  it('is not for case managers (403), and a member withdraws through a drop-out (409)', async () => {
    const a = await apply(ctx.app, world.caseManager, programme)
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-applications/${a.id}/transitions`, headers: ifMatch(world.caseManager, a.version), payload: { to: 'withdrawn', reason: 'other' } })
    expect(response.statusCode).toBe(403)
    const member = await admitted(ctx.app, world, programme)
    const group = await createGroup(ctx.app, world, programme)
    expect((await addMember(ctx.app, world.facilitator, group, member.id)).statusCode).toBe(201)
    const withdraw = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-applications/${member.id}/transitions`, headers: ifMatch(world.facilitator, member.version), payload: { to: 'withdrawn', reason: 'found_job' } })
    expect(withdraw.statusCode).toBe(409)
  })
})

describe('information meetings', () => {
  it('record which applicants attended, from the meeting\'s day on', async () => {
    const a = await apply(ctx.app, world.facilitator, programme)
    const b = await apply(ctx.app, world.facilitator, programme)
    const created = await ctx.app.inject({ method: 'POST', url: `/api/v1/programmes/${programme.id}/information-meetings`, headers: world.facilitator.headers, payload: { date: fromToday(-3), startTime: '18:00', place: 'Biblioteca civica' } })
    expect(created.statusCode, created.body).toBe(201)
    const meeting = created.json<InformationMeeting>()
    const recorded = await ctx.app.inject({ method: 'PUT', url: `/api/v1/information-meetings/${meeting.id}/attendance`, headers: ifMatch(world.facilitator, meeting.version), payload: { entries: [{ applicationId: a.id, attended: true }, { applicationId: b.id, attended: false }] } })
    expect(recorded.statusCode, recorded.body).toBe(200)
    expect(recorded.json().attendedCount).toBe(1)
    const future = (await ctx.app.inject({ method: 'POST', url: `/api/v1/programmes/${programme.id}/information-meetings`, headers: world.coordinator.headers, payload: { date: fromToday(5), startTime: '18:00', place: 'Biblioteca civica' } })).json<InformationMeeting>()
    const early = await ctx.app.inject({ method: 'PUT', url: `/api/v1/information-meetings/${future.id}/attendance`, headers: ifMatch(world.coordinator, future.version), payload: { entries: [{ applicationId: a.id, attended: true }] } })
    expect(early.statusCode).toBe(422)
    const otherProgramme = await createProgramme(ctx.app, world)
    const stranger = await apply(ctx.app, world.facilitator, otherProgramme)
    const wrong = await ctx.app.inject({ method: 'PUT', url: `/api/v1/information-meetings/${meeting.id}/attendance`, headers: ifMatch(world.facilitator, recorded.json().version), payload: { entries: [{ applicationId: stranger.id, attended: true }] } })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.json().errors[0].pointer).toBe('/entries/0/applicationId')
    // Case managers see the meetings, not who attended.
    const asCaseManager = await ctx.app.inject({ method: 'GET', url: `/api/v1/programmes/${programme.id}/information-meetings`, headers: world.caseManager.headers })
    expect(asCaseManager.json().items.every((m: InformationMeeting) => m.attendance.length === 0)).toBe(true)
    const asCaseManagerWrite = await ctx.app.inject({ method: 'POST', url: `/api/v1/programmes/${programme.id}/information-meetings`, headers: world.caseManager.headers, payload: { date: fromToday(5), startTime: '18:00', place: 'X' } })
    expect(asCaseManagerWrite.statusCode).toBe(403)
  })
})
