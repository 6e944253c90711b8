/** Groups through the API: capacity (also under concurrency), cohorts, the session plan, sessions moved and cancelled, attendance and the absence alert, drop-outs, outcomes, the calendar. */
import ICAL from 'ical.js'
import type { Group, GroupOutcomes, GroupSession, GroupSessionAttendance, GroupSessionList, Programme } from '@ponte/shared'
import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { domainEvents, groupSessions } from '../../src/db/schema/index.js'
import { addDays, italianHolidayOn } from '../../src/lib/holidays.js'
import { useTestContext } from '../helpers/app.js'
import { addMember, admitted, apply, createGroup, createGroupsWorld, createProgramme, fromToday, ifMatch, plan, readGroup, runningGroup, transitionGroup, type GroupsWorld } from './groups-world.js'

const ctx = useTestContext()
let world: GroupsWorld
let programme: Programme

beforeAll(async () => {
  world = await createGroupsWorld(ctx.app, ctx.database.db)
  programme = await createProgramme(ctx.app, world)
})

const sessionsOf = async (groupId: string, as = world.facilitator) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/groups/${groupId}/sessions`, headers: as.headers })).json<GroupSessionList>().items
const attendanceOf = async (sessionId: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/group-sessions/${sessionId}/attendance`, headers: world.facilitator.headers })).json<GroupSessionAttendance>()

async function record(session: GroupSession, entries: { memberId: string; status: string }[]) {
  const fresh = (await attendanceOf(session.id)).session
  return ctx.app.inject({ method: 'PUT', url: `/api/v1/group-sessions/${session.id}/attendance`, headers: ifMatch(world.facilitator, fresh.version), payload: { entries } })
}

describe('creating a group', () => {
  it('defaults the capacity to 16 and records facilitators of different organisations', async () => {
    const group = await createGroup(ctx.app, world, programme)
    expect(group.capacity).toBe(16)
    expect(group.status).toBe('planned')
    expect(group.facilitators).toEqual([
      { user: { id: world.facilitator.id, name: expect.any(String) }, organisation: { id: world.cooperative, name: expect.any(String) }, lead: true },
      { user: { id: world.partnerFacilitator.id, name: expect.any(String) }, organisation: { id: world.otherCooperative, name: expect.any(String) }, lead: false },
    ])
  })

  it('refuses a facilitator of an organisation outside the programme, and a user who is no facilitator (422)', async () => {
    for (const user of [world.outsideFacilitator, world.operator]) {
      const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/programmes/${programme.id}/groups`, headers: world.coordinator.headers, payload: { name: 'X', cohort: 'open', facilitatorUserId: user.id } })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors[0].pointer).toBe('/facilitatorUserId')
    }
  })

  it('offers the coordinator the facilitators of the municipality and partners to choose from', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/programmes/${programme.id}/facilitators`, headers: world.coordinator.headers })
    expect(response.statusCode).toBe(200)
    const ids = response.json().items.map((f: { user: { id: string } }) => f.user.id)
    expect(ids).toEqual(expect.arrayContaining([world.facilitator.id, world.partnerFacilitator.id]))
    expect(ids).not.toContain(world.outsideFacilitator.id)
    expect(ids).not.toContain(world.operator.id)
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/programmes/${programme.id}/facilitators`, headers: world.facilitator.headers })).statusCode).toBe(403)
  })

  it('is for the coordinator only: facilitators get 403', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/programmes/${programme.id}/groups`, headers: world.facilitator.headers, payload: { name: 'X', cohort: 'open', facilitatorUserId: world.facilitator.id } })
    expect(response.statusCode).toBe(403)
  })
})

describe('members and capacity', () => {
  it('admits only admitted applications of the programme', async () => {
    const group = await createGroup(ctx.app, world, programme)
    const received = await apply(ctx.app, world.facilitator, programme)
    const notAdmitted = await addMember(ctx.app, world.facilitator, group, received.id)
    expect(notAdmitted.statusCode).toBe(422)
    expect(notAdmitted.json().violations[0].rule).toBe('application_not_admitted')
    const other = await createProgramme(ctx.app, world)
    const foreign = await admitted(ctx.app, world, other)
    expect((await addMember(ctx.app, world.facilitator, group, foreign.id)).statusCode).toBe(422)
  })

  it('never goes beyond capacity, also when requests race for the last place', async () => {
    const group = await createGroup(ctx.app, world, programme, { capacity: 3, cohort: 'open' })
    const applications = await Promise.all([0, 1, 2, 3, 4].map(() => admitted(ctx.app, world, programme)))
    expect((await addMember(ctx.app, world.facilitator, group, applications[0]!.id)).statusCode).toBe(201)
    expect((await addMember(ctx.app, world.facilitator, group, applications[1]!.id)).statusCode).toBe(201)
    const raced = await Promise.all(applications.slice(2).map((a) => addMember(ctx.app, world.facilitator, group, a.id)))
    expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 422, 422])
    expect(raced.filter((r) => r.statusCode === 422).every((r) => r.json().violations[0].rule === 'group_full')).toBe(true)
    expect((await readGroup(ctx.app, world.facilitator, group.id)).activeMembers).toBe(3)
  })

  it('puts an applicant in one group only (409)', async () => {
    const a = await admitted(ctx.app, world, programme)
    const first = await createGroup(ctx.app, world, programme)
    const second = await createGroup(ctx.app, world, programme)
    expect((await addMember(ctx.app, world.facilitator, first, a.id)).statusCode).toBe(201)
    const again = await addMember(ctx.app, world.facilitator, second, a.id)
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('already-member')
  })

  it('closes a closed cohort once running (409) and keeps an open one open', async () => {
    const { group: closed } = await runningGroup(ctx.app, world, programme, { members: 1 })
    const late = await admitted(ctx.app, world, programme)
    const refused = await addMember(ctx.app, world.facilitator, closed, late.id)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('cohort-closed')
    const { group: open } = await runningGroup(ctx.app, world, programme, { members: 1, overrides: { cohort: 'open' } })
    expect((await addMember(ctx.app, world.facilitator, open, late.id)).statusCode).toBe(201)
  })

  it('keeps the capacity above the active members (422) and lets only the coordinator change it (403)', async () => {
    const { group } = await runningGroup(ctx.app, world, programme, { members: 3, overrides: { cohort: 'open' } })
    const patch = (as: typeof world.coordinator, capacity: number, version: number) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/v1/groups/${group.id}`, headers: { ...ifMatch(as, version), 'content-type': 'application/merge-patch+json' }, payload: { capacity } })
    expect((await patch(world.facilitator, 10, group.version)).statusCode).toBe(403)
    expect((await patch(world.coordinator, 2, group.version)).statusCode).toBe(422)
    expect((await patch(world.coordinator, 3, group.version)).statusCode).toBe(200)
  })
})

describe('the session plan', () => {
  it('answers a dry run for review, saves nothing, then saves 16 sessions once', async () => {
    const group = await createGroup(ctx.app, world, programme)
    const dry = await plan(ctx.app, world.facilitator, group, { startDate: '2026-11-23', weekday: 1, dryRun: true })
    expect(dry.response.statusCode, dry.response.body).toBe(200)
    expect(dry.plan.saved).toBe(false)
    expect(dry.plan.sessions).toHaveLength(16)
    expect(dry.plan.sessions.every((s) => s.id === null)).toBe(true)
    // 8 December 2026 is a Tuesday: a Monday plan meets 7 December, then Easter Monday 2027 (29 March).
    expect(dry.plan.skipped.map((s) => s.date)).toEqual(['2027-03-29'])
    expect(await sessionsOf(group.id)).toEqual([])
    const saved = await plan(ctx.app, world.facilitator, group, { startDate: '2026-11-23', weekday: 1 })
    expect(saved.response.statusCode).toBe(201)
    expect(saved.plan.sessions.map((s) => s.date)).toEqual(dry.plan.sessions.map((s) => s.date))
    const stored = await sessionsOf(group.id)
    expect(stored.map((s) => s.number)).toEqual([...Array(16).keys()].map((i) => i + 1))
    const again = await plan(ctx.app, world.facilitator, group, { startDate: '2027-01-01', weekday: 1 })
    expect(again.response.statusCode).toBe(409)
  })

  it('skips the programme\'s local closure and the national holidays on the weekday', async () => {
    const group = await createGroup(ctx.app, world, programme)
    const sunday = await plan(ctx.app, world.facilitator, group, { startDate: '2026-11-22', weekday: 7, dryRun: true })
    expect(sunday.plan.skipped).toEqual([
      { date: '2026-12-06', reason: 'San Nicolò, patrono di Lecco' },
      { date: '2027-03-28', reason: 'Pasqua' },
      { date: '2027-04-25', reason: 'Festa della Liberazione' },
    ])
    expect(sunday.plan.sessions.every((s) => italianHolidayOn(s.date) === null)).toBe(true)
  })

  it('validates its input (400) and is not for a case manager (404)', async () => {
    const group = await createGroup(ctx.app, world, programme)
    expect((await plan(ctx.app, world.facilitator, group, { startDate: '2026-11-22', weekday: 8 })).response.statusCode).toBe(400)
    expect((await plan(ctx.app, world.facilitator, group, { startDate: '2026-11-22', startTime: '25:00' })).response.statusCode).toBe(400)
    expect((await plan(ctx.app, world.caseManager, group, { startDate: '2026-11-22' })).response.statusCode).toBe(404)
  })

  it('adds thematic sessions on the topics the group asked for, never on a holiday', async () => {
    const group = await createGroup(ctx.app, world, programme)
    const add = (topic: string, date: string) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/groups/${group.id}/sessions`, headers: world.facilitator.headers, payload: { topic, date, startTime: '17:30', place: 'Sala civica' } })
    const ok = await add('cv_and_cover_letter', '2026-12-10')
    expect(ok.statusCode, ok.body).toBe(201)
    expect(ok.json()).toMatchObject({ kind: 'thematic', topic: 'cv_and_cover_letter', number: null })
    const notAsked = await add('self_employment', '2026-12-10')
    expect(notAsked.statusCode).toBe(422)
    expect(notAsked.json().errors[0].pointer).toBe('/topic')
    expect((await add('job_interview', '2026-12-08')).json().errors[0].pointer).toBe('/date')
    expect((await add('job_interview', '2026-12-06')).statusCode).toBe(422)
  })
})

describe('moving and cancelling a session', () => {
  it('records why and when it was, and tells the members through the outbox', async () => {
    const group = await createGroup(ctx.app, world, programme)
    await plan(ctx.app, world.facilitator, group, { startDate: fromToday(30), weekday: 3 })
    const [first, second] = await sessionsOf(group.id)
    let to = addDays(first!.date, 1)
    while (italianHolidayOn(to)) to = addDays(to, 1)
    const moved = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-sessions/${first!.id}/move`, headers: ifMatch(world.facilitator, first!.version), payload: { date: to, reason: 'venue_unavailable' } })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json()).toMatchObject({ date: to, movedFrom: first!.date, changeReason: 'venue_unavailable', status: 'planned' })
    const cancelled = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-sessions/${second!.id}/cancel`, headers: ifMatch(world.facilitator, second!.version), payload: { reason: 'facilitator_unavailable' } })
    expect(cancelled.statusCode).toBe(200)
    expect(cancelled.json().status).toBe('cancelled')
    const cancelAgain = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-sessions/${second!.id}/cancel`, headers: ifMatch(world.facilitator, cancelled.json().version), payload: { reason: 'other' } })
    expect(cancelAgain.statusCode).toBe(409)
    const events = await ctx.database.db.select().from(domainEvents).where(and(eq(domainEvents.resourceType, 'group_session'), sql`${domainEvents.resourceId} in (${first!.id}, ${second!.id})`))
    expect(events.map((e) => e.type).sort()).toEqual(['group_session.cancelled', 'group_session.moved'])
    expect(events.every((e) => e.caseId === null && (e.data as { notify?: string }).notify === 'members')).toBe(true)
    // Addressed to the municipality and the partners whose facilitators run the groups (the change feed and webhooks).
    expect(events.every((e) => [world.municipality, world.cooperative, world.otherCooperative].every((id) => e.audience.includes(id)))).toBe(true)
    const freeReason = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-sessions/${first!.id}/move`, headers: ifMatch(world.facilitator, moved.json().version), payload: { date: to, reason: 'Mario stava male' } })
    expect(freeReason.statusCode).toBe(400)
    const past = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-sessions/${first!.id}/move`, headers: ifMatch(world.facilitator, moved.json().version), payload: { date: fromToday(-3), reason: 'other' } })
    expect(past.statusCode).toBe(422)
  })
})

describe('attendance and the absence alert', () => {
  it('takes the status of each member expected and marks the session held', async () => {
    const { group } = await runningGroup(ctx.app, world, programme, { members: 2 })
    const [first] = await sessionsOf(group.id)
    const grid = await attendanceOf(first!.id)
    expect(grid.entries).toHaveLength(2)
    expect(grid.entries.every((e) => e.status === null)).toBe(true)
    const saved = await record(first!, grid.entries.map((e) => ({ memberId: e.memberId, status: 'present' })))
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().session).toMatchObject({ status: 'held', attendance: { present: 2, absentJustified: 0, absentUnjustified: 0 } })
  })

  it('refuses a future session (422), a member of another group (422), a missing If-Match (428), a stale one (412)', async () => {
    const { group } = await runningGroup(ctx.app, world, programme, { members: 1 })
    const { group: other } = await runningGroup(ctx.app, world, programme, { members: 1 })
    const sessions = await sessionsOf(group.id)
    const future = sessions.find((s) => s.date > fromToday(0))!
    const memberId = (await readGroup(ctx.app, world.facilitator, group.id)).members[0]!.id
    expect((await record(future, [{ memberId, status: 'present' }])).statusCode).toBe(422)
    const stranger = (await readGroup(ctx.app, world.facilitator, other.id)).members[0]!.id
    const wrong = await record(sessions[0]!, [{ memberId: stranger, status: 'present' }])
    expect(wrong.statusCode).toBe(422)
    expect(wrong.json().errors[0].pointer).toBe('/entries/0/memberId')
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/group-sessions/${sessions[0]!.id}/attendance`, headers: world.facilitator.headers, payload: { entries: [{ memberId, status: 'present' }] } })).statusCode).toBe(428)
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/group-sessions/${sessions[0]!.id}/attendance`, headers: ifMatch(world.facilitator, 99), payload: { entries: [{ memberId, status: 'present' }] } })).statusCode).toBe(412)
    expect((await attendanceOf(sessions[0]!.id)).entries[0]!.status).toBeNull()
  })

  it('raises the alert at the third unjustified absence in a row, not at the second, stepping over justified ones', async () => {
    const { group } = await runningGroup(ctx.app, world, programme, { members: 2, weeksAgo: 12 })
    const sessions = (await sessionsOf(group.id)).filter((s) => s.date <= fromToday(0))
    expect(sessions.length).toBeGreaterThanOrEqual(5)
    const [absentee, other] = (await readGroup(ctx.app, world.facilitator, group.id)).members
    const mark = (i: number, status: string) => record(sessions[i]!, [{ memberId: absentee!.id, status }, { memberId: other!.id, status: 'present' }])
    await mark(0, 'absent_unjustified')
    await mark(1, 'absent_justified')
    const second = await mark(2, 'absent_unjustified')
    expect(second.json().alerts).toEqual([])
    expect((await readGroup(ctx.app, world.facilitator, group.id)).members.find((m) => m.id === absentee!.id)!.unjustifiedAbsenceStreak).toBe(2)
    const third = await mark(3, 'absent_unjustified')
    expect(third.json().alerts).toEqual([expect.objectContaining({ memberId: absentee!.id, streak: 3, groupId: group.id })])
    const home = await ctx.app.inject({ method: 'GET', url: '/api/v1/group-alerts', headers: world.facilitator.headers })
    expect(home.json().items.map((a: { memberId: string }) => a.memberId)).toContain(absentee!.id)
    const raised = await ctx.database.db.select().from(domainEvents).where(and(eq(domainEvents.type, 'group_member.absence_alert_raised'), eq(domainEvents.resourceId, absentee!.id)))
    expect(raised).toHaveLength(1)
    // A presence ends the run and the alert goes away.
    const back = await mark(4, 'present')
    expect(back.json().alerts).toEqual([])
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/group-alerts', headers: world.facilitator.headers })).json().items.map((a: { memberId: string }) => a.memberId)).not.toContain(absentee!.id)
  })

  it('is not taken on a cancelled session (409) nor before the group starts (409)', async () => {
    const group = await createGroup(ctx.app, world, programme)
    const a = await admitted(ctx.app, world, programme)
    await addMember(ctx.app, world.facilitator, group, a.id, fromToday(-40))
    await plan(ctx.app, world.facilitator, group, { startDate: fromToday(-30) })
    const [first] = await sessionsOf(group.id)
    const memberId = (await readGroup(ctx.app, world.facilitator, group.id)).members[0]!.id
    expect((await record(first!, [{ memberId, status: 'present' }])).statusCode).toBe(409)
  })
})

describe('drop-outs', () => {
  it('record a reason from the list, free a place and end the member\'s alert', async () => {
    const { group } = await runningGroup(ctx.app, world, programme, { members: 2 })
    const member = (await readGroup(ctx.app, world.facilitator, group.id)).members[0]!
    const free = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-members/${member.id}/drop-out`, headers: ifMatch(world.facilitator, member.version), payload: { reason: 'ha trovato lavoro' } })
    expect(free.statusCode).toBe(400)
    const dropped = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-members/${member.id}/drop-out`, headers: ifMatch(world.facilitator, member.version), payload: { reason: 'found_job' } })
    expect(dropped.statusCode, dropped.body).toBe(200)
    expect(dropped.json()).toMatchObject({ status: 'dropped_out', dropOutReason: 'found_job', droppedOutOn: fromToday(0) })
    expect((await readGroup(ctx.app, world.facilitator, group.id)).activeMembers).toBe(1)
    const again = await ctx.app.inject({ method: 'POST', url: `/api/v1/group-members/${member.id}/drop-out`, headers: ifMatch(world.facilitator, dropped.json().version), payload: { reason: 'other' } })
    expect(again.statusCode).toBe(409)
  })
})

describe('the group diagram', () => {
  it('starts once planned with members, completes, and is cancelled by the coordinator only', async () => {
    const empty = await createGroup(ctx.app, world, programme)
    const early = await transitionGroup(ctx.app, world.facilitator, empty, 'running')
    expect(early.statusCode).toBe(422)
    expect(early.json().violations.map((v: { rule: string }) => v.rule).sort()).toEqual(['group_sessions_not_planned', 'group_without_members'])
    expect((await transitionGroup(ctx.app, world.facilitator, empty, 'completed')).statusCode).toBe(409)
    expect((await transitionGroup(ctx.app, world.facilitator, empty, 'cancelled')).statusCode).toBe(403)
    expect((await transitionGroup(ctx.app, world.coordinator, empty, 'cancelled')).statusCode).toBe(200)
    const { group } = await runningGroup(ctx.app, world, programme, { members: 2 })
    expect((await transitionGroup(ctx.app, world.facilitator, group, 'cancelled')).statusCode).toBe(409)
    const completed = await transitionGroup(ctx.app, world.facilitator, group, 'completed')
    expect(completed.statusCode).toBe(200)
    expect(completed.json<Group>().members.every((m) => m.status === 'completed')).toBe(true)
  })
})

describe('outcomes', () => {
  it('records scales at entry, end scales once the group is over, and follow-ups when due', async () => {
    const { group } = await runningGroup(ctx.app, world, programme, { members: 2, weeksAgo: 60 })
    const [m1, m2] = (await readGroup(ctx.app, world.facilitator, group.id)).members
    const put = (memberId: string, body: object, version?: number) =>
      ctx.app.inject({ method: 'PUT', url: `/api/v1/group-members/${memberId}/outcomes`, headers: version ? ifMatch(world.facilitator, version) : world.facilitator.headers, payload: body })
    const entry = await put(m1!.id, { wellbeingEntry: 4, selfEfficacyEntry: 5 })
    expect(entry.statusCode, entry.body).toBe(200)
    expect((await put(m1!.id, { wellbeingEnd: 7 }, 1)).statusCode).toBe(422)
    expect((await put(m1!.id, { wellbeingEntry: 11 })).statusCode).toBe(400)
    expect((await put(m1!.id, { wellbeingEntry: 5 })).statusCode).toBe(428)
    // The group's sessions all lie in the past: complete it, then the end scales and follow-ups.
    const fresh = await readGroup(ctx.app, world.facilitator, group.id)
    expect((await transitionGroup(ctx.app, world.facilitator, fresh, 'completed')).statusCode).toBe(200)
    const end = await put(m1!.id, { wellbeingEnd: 8, selfEfficacyEnd: 7, jobSearchActions: ['cv_updated', 'applications_sent'], referrals: ['internship'] }, 1)
    expect(end.statusCode, end.body).toBe(200)
    const outcomes = end.json<GroupOutcomes>()
    const mine = outcomes.items.find((i) => i.memberId === m1!.id)!
    expect(mine).toMatchObject({ wellbeingEntry: 4, wellbeingEnd: 8, jobSearchActions: ['cv_updated', 'applications_sent'], referrals: ['internship'] })
    expect(outcomes.summary.averageWellbeingEnd).toBe(8)
    expect(outcomes.lastSessionDate).not.toBeNull()
    expect(mine.followUps.map((f) => f.months)).toEqual([3, 6, 12])
    expect(mine.followUps.every((f) => f.dueOn !== null && f.status === null)).toBe(true)
    const due = await ctx.app.inject({ method: 'GET', url: '/api/v1/group-follow-ups', headers: world.facilitator.headers })
    const dueHere = due.json().items.filter((d: { groupId: string }) => d.groupId === group.id)
    expect(dueHere.map((d: { months: number }) => d.months)).toContain(3)
    const follow = await ctx.app.inject({ method: 'PUT', url: `/api/v1/group-members/${m2!.id}/follow-ups/3`, headers: world.facilitator.headers, payload: { status: 'employed' } })
    expect(follow.statusCode, follow.body).toBe(200)
    expect(follow.json<GroupOutcomes>().items.find((i) => i.memberId === m2!.id)!.followUps[0]).toMatchObject({ months: 3, status: 'employed' })
    const notDue = await ctx.app.inject({ method: 'PUT', url: `/api/v1/group-members/${m2!.id}/follow-ups/12`, headers: world.facilitator.headers, payload: { status: 'employed' } })
    const twelveDue = mine.followUps[2]!.dueOn! <= fromToday(0)
    expect(notDue.statusCode).toBe(twelveDue ? 200 : 422)
  })
})

describe('the calendar', () => {
  it('opens in a calendar parser with one event per session and no member\'s name', async () => {
    const { group } = await runningGroup(ctx.app, world, programme, { members: 2 })
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/groups/${group.id}/calendar.ics`, headers: world.facilitator.headers })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/calendar/)
    const calendar = new ICAL.Component(ICAL.parse(response.body))
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    expect(events).toHaveLength(16)
    const sessions = await sessionsOf(group.id)
    expect(events[0]!.startDate.toString()).toBe(`${sessions[0]!.date}T17:30:00`)
    expect(events[0]!.summary).toMatch(/incontro 1\/16/)
    expect(events[0]!.location).toBe('Sala civica, Via Roma 1')
    const names = (await readGroup(ctx.app, world.facilitator, group.id)).members.flatMap((m) => [m.givenName, m.familyName])
    for (const name of names) expect(response.body).not.toContain(name)
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/groups/${group.id}/calendar.ics`, headers: world.caseManager.headers })).statusCode).toBe(404)
    const rows = await ctx.database.db.select().from(groupSessions).where(eq(groupSessions.groupId, group.id))
    expect(rows).toHaveLength(16)
  })
})
