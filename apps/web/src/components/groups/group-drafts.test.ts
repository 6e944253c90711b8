/**
 * The forms of the self-help groups area keep what the user typed and did not save — a new
 * application (never its consent date), a new group, an information meeting, the plan of the
 * sessions, moving a session, a member leaving — across a change of tab or page, with the notice;
 * leaving asks first; a save or a cancel forgets them.
 */
import type { Group } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import type { Component } from 'vue'
import { describe, expect, it } from 'vitest'
import { startSession } from '../../api/http'
import { useSessionStore } from '../../stores/session'
import { drafts, draftNotice, draftValues, leavingAsks, typeLeaveAndReturn } from '../../../test/drafts'
import { GROUP_ID, groupOf, PROGRAMME_ID, programmeOf, sessionOf } from '../../../test/groups-fixtures'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../../test/helpers'
import ApplicationsSection from './ApplicationsSection.vue'
import GroupMembersSection from './GroupMembersSection.vue'
import GroupOutcomesSection from './GroupOutcomesSection.vue'
import GroupSessionCalendar from './GroupSessionCalendar.vue'
import GroupSessionPlanner from './GroupSessionPlanner.vue'
import InformationMeetingsSection from './InformationMeetingsSection.vue'
import ProgrammeGroupsSection from './ProgrammeGroupsSection.vue'

const path = (call: FetchCall) => new URL(call.url, 'http://x').pathname.replace(/^\/api\/v1/, '')
const empty = { items: [], nextCursor: null }

/** Mounts a section for a signed-in coordinator whose calls `api` answers (the same user each time, so the drafts are theirs). */
async function mountSection(component: Component, props: Record<string, unknown>, api: (call: FetchCall) => Response | undefined = () => undefined) {
  const { calls } = stubFetch((call) => api(call) ?? json(200, empty))
  const context = createAppContext()
  useSessionStore()
  startSession(session(me([membership('Comune di Valmadrera', ['coordinator'])], { id: 'user-1' })))
  const wrapper = mountWithApp(component, context, { props } as never)
  await settle(10)
  return { wrapper: wrapper as VueWrapper, calls, router: context.router }
}
const value = (wrapper: VueWrapper, selector: string) => (wrapper.get(selector).element as HTMLInputElement).value
const buttonNamed = (wrapper: VueWrapper, name: string) => {
  const found = wrapper.findAll('button').find((b) => b.text() === name)
  if (!found) throw new Error(`No button ${name}: ${wrapper.findAll('button').map((b) => b.text()).join(' | ')}`)
  return found
}

describe('a new application keeps its draft, never the consent date', () => {
  it('across a change of tab, asking before leaving; saved, it is gone; cancelled, it is gone', async () => {
    const api = (call: FetchCall) => (call.method === 'POST' && path(call) === `/programmes/${PROGRAMME_ID}/applications` ? json(201, { givenName: 'Marta', familyName: 'Riva' }) : undefined)
    const first = await mountSection(ApplicationsSection, { programme: programmeOf() }, api)
    await buttonNamed(first.wrapper, 'Nuova candidatura').trigger('click')
    await settle()
    await first.wrapper.get('#application-givenName').setValue('Marta')
    await first.wrapper.get('#application-familyName').setValue('Riva')
    await first.wrapper.get('#application-residence').setValue('Malgrate')
    await first.wrapper.get('#application-consent').setValue('2026-11-30')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(draftValues()).not.toHaveProperty('consentDate')
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await mountSection(ApplicationsSection, { programme: programmeOf() }, api)
    expect(value(again.wrapper, '#application-givenName')).toBe('Marta')
    expect(value(again.wrapper, '#application-residence')).toBe('Malgrate')
    // The consent date is given again, deliberately: it starts from today.
    expect(value(again.wrapper, '#application-consent')).not.toBe('2026-11-30')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.get('#application-consent').setValue('2026-11-30')
    await again.wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ givenName: 'Marta', familyName: 'Riva', residenceMunicipality: 'Malgrate', consentDate: '2026-11-30' })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)

    await buttonNamed(again.wrapper, 'Nuova candidatura').trigger('click')
    await settle()
    await again.wrapper.get('#application-givenName').setValue('Da non tenere')
    await settle()
    expect(drafts()).toHaveLength(1)
    await buttonNamed(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
  })
})

describe("a programme's new group and information meeting keep their drafts", () => {
  it('across a change of tab, until created', async () => {
    const api = (call: FetchCall) => {
      if (path(call) === `/programmes/${PROGRAMME_ID}/facilitators`) return json(200, { items: [{ user: { id: 'user-7', name: 'Davide Gilardi' }, organisation: { id: 'org-coop', name: 'Cooperativa Lavoro' } }], nextCursor: null })
      if (call.method === 'POST') return json(201, { id: GROUP_ID, name: 'Gruppo del giovedì' })
      return undefined
    }
    const again = await typeLeaveAndReturn(
      () => mountSection(ProgrammeGroupsSection, { programme: programmeOf() }, api),
      async (wrapper) => {
        await wrapper.get('#group-name').setValue('Gruppo del giovedì')
        await wrapper.get('#group-facilitator').setValue('user-7')
      },
    )
    expect(value(again.wrapper, '#group-name')).toBe('Gruppo del giovedì')
    expect(value(again.wrapper, '#group-facilitator')).toBe('user-7')
    await again.wrapper.get('form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ name: 'Gruppo del giovedì', facilitatorUserId: 'user-7' })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
    again.wrapper.unmount()

    const meetingsAgain = await typeLeaveAndReturn(
      () => mountSection(InformationMeetingsSection, { programme: programmeOf() }, (call) => (call.method === 'POST' ? json(201, {}) : undefined)),
      async (wrapper) => {
        await wrapper.get('#meeting-date').setValue('2027-01-20')
        await wrapper.get('#meeting-place').setValue('Sala civica')
      },
      { leaving: false },
    )
    expect(value(meetingsAgain.wrapper, '#meeting-place')).toBe('Sala civica')
    await meetingsAgain.wrapper.findAll('form').at(-1)!.trigger('submit')
    await settle(10)
    expect(meetingsAgain.calls.find((c) => c.method === 'POST')!.body).toEqual({ date: '2027-01-20', startTime: '18:00', place: 'Sala civica' })
    expect(drafts()).toEqual([])
  })
})

describe("a group's calendar and members keep their drafts", () => {
  const planned = sessionOf({ date: '2027-01-12' })

  it('the plan of the sessions and moving a session: across a change of tab, with the notice; a cancel forgets the move', async () => {
    const planner = await typeLeaveAndReturn(
      () => mountSection(GroupSessionPlanner, { groupId: GROUP_ID }),
      async (wrapper) => {
        await wrapper.get('#plan-start').setValue('2027-01-10')
        await wrapper.get('#plan-place').setValue('Sala civica')
      },
      { leaving: false },
    )
    expect(value(planner.wrapper, '#plan-start')).toBe('2027-01-10')
    expect(value(planner.wrapper, '#plan-place')).toBe('Sala civica')
    await buttonNamed(planner.wrapper, 'Scarta la bozza').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    planner.wrapper.unmount()

    const calendar = await mountSection(GroupSessionCalendar, { group: groupOf(), sessions: [planned] })
    await calendar.wrapper.findAll('button').find((b) => b.text().startsWith("Sposta l'incontro"))!.trigger('click')
    await settle()
    await calendar.wrapper.get('#session-new-date').setValue('2027-01-19')
    await calendar.wrapper.get('#session-change-reason').setValue('facilitator_unavailable')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(calendar.router)).toBe(true)
    calendar.wrapper.unmount()

    const again = await mountSection(GroupSessionCalendar, { group: groupOf(), sessions: [planned] })
    expect(value(again.wrapper, '#session-new-date')).toBe('2027-01-19')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await buttonNamed(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    expect(again.wrapper.find('#session-new-date').exists()).toBe(false)
  })

  it('a member leaving: across a change of tab, until recorded', async () => {
    const member: Group['members'][number] = {
      id: 'member-1',
      applicationId: 'application-1',
      givenName: 'Fabio',
      familyName: 'Gerosa',
      phone: null,
      email: null,
      joinedOn: '2026-10-01',
      status: 'active',
      dropOutReason: null,
      droppedOutOn: null,
      sessionsRecorded: 4,
      sessionsPresent: 4,
      attendanceRate: 1,
      unjustifiedAbsenceStreak: 0,
      version: 2,
    }
    const group = groupOf({ members: [member] })
    const api = (call: FetchCall) => (call.method === 'POST' && path(call) === '/group-members/member-1/drop-out' ? json(200, { ...member, status: 'dropped_out', version: 3 }) : undefined)
    const first = await mountSection(GroupMembersSection, { group }, api)
    await first.wrapper.findAll('button').find((b) => b.text().includes('Fabio Gerosa'))!.trigger('click')
    await settle()
    await first.wrapper.get('#drop-out-reason').setValue('found_job')
    await settle()
    expect(drafts()).toHaveLength(1)
    first.wrapper.unmount()

    const again = await mountSection(GroupMembersSection, { group }, api)
    expect(value(again.wrapper, '#drop-out-reason')).toBe('found_job')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toEqual({ reason: 'found_job' })
    expect(drafts()).toEqual([])
  })
})

describe("an information meeting's attendance keeps its draft", () => {
  it('across a change of tab, with the notice; forgotten once saved', async () => {
    let saved = false
    const meeting = (version: number) => ({ id: 'meeting-1', programmeId: PROGRAMME_ID, date: '2026-11-20', startTime: '18:00', place: 'Sala civica', attendance: [], attendedCount: 0, version, createdAt: '2026-11-01T09:00:00.000Z', updatedAt: '2026-11-01T09:00:00.000Z' })
    const api = (call: FetchCall) => {
      if (path(call) === `/programmes/${PROGRAMME_ID}/information-meetings`) return json(200, { items: [meeting(saved ? 2 : 1)], nextCursor: null })
      if (path(call) === `/programmes/${PROGRAMME_ID}/applications`) return json(200, { items: [{ id: 'application-1', givenName: 'Marta', familyName: 'Riva' }], nextCursor: null })
      if (call.method === 'PUT') {
        saved = true
        return json(200, meeting(2))
      }
      return undefined
    }
    const again = await typeLeaveAndReturn(
      () => mountSection(InformationMeetingsSection, { programme: programmeOf() }, api),
      (wrapper) => wrapper.get('#meeting-meeting-1-application-1').setValue(true),
    )
    expect((again.wrapper.get('#meeting-meeting-1-application-1').element as HTMLInputElement).checked).toBe(true)
    await again.wrapper.get('article form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'PUT')!.body).toEqual({ entries: [{ applicationId: 'application-1', attended: true }] })
    expect(drafts()).toEqual([])
  })
})

describe("a member's outcomes keep their draft", () => {
  it('across a change of tab, with the notice; forgotten once saved', async () => {
    let saved = false
    const outcome = (version: number) => ({
      memberId: 'member-1',
      givenName: 'Fabio',
      familyName: 'Gerosa',
      memberStatus: 'active',
      wellbeingEntry: null,
      selfEfficacyEntry: null,
      wellbeingEnd: null,
      selfEfficacyEnd: null,
      jobSearchActions: [],
      referrals: [],
      followUps: [],
      version,
    })
    const api = (call: FetchCall) => {
      if (path(call) === `/groups/${GROUP_ID}/outcomes`)
        return json(200, { groupId: GROUP_ID, lastSessionDate: null, items: [outcome(saved ? 2 : 1)], summary: { members: 1, retainedToEnd: 1, averageAttendanceRate: null, averageWellbeingEntry: null, averageWellbeingEnd: null } })
      if (call.method === 'PUT') {
        saved = true
        return json(200, outcome(2))
      }
      return undefined
    }
    const again = await typeLeaveAndReturn(
      () => mountSection(GroupOutcomesSection, { group: groupOf() }, api),
      (wrapper) => wrapper.get('#outcome-member-1-wellbeingEntry').setValue('6'),
    )
    expect(value(again.wrapper, '#outcome-member-1-wellbeingEntry')).toBe('6')
    await again.wrapper.get('article form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'PUT')!.body).toMatchObject({ wellbeingEntry: 6 })
    expect(drafts()).toEqual([])
  })
})

describe('read again, the rows typed and not saved keep what was typed (issue 14)', () => {
  it("a member's outcomes: saving another member, or a refetch, never resets them; only the saved member takes the server's values", async () => {
    const versions = { 'member-1': 1, 'member-2': 1 }
    const server: Record<string, { wellbeingEntry: number | null; selfEfficacyEntry: number | null }> = { 'member-1': { wellbeingEntry: null, selfEfficacyEntry: null }, 'member-2': { wellbeingEntry: null, selfEfficacyEntry: null } }
    const outcome = (memberId: 'member-1' | 'member-2', givenName: string) => ({
      memberId,
      givenName,
      familyName: 'Gerosa',
      memberStatus: 'active',
      ...server[memberId],
      wellbeingEnd: null,
      selfEfficacyEnd: null,
      jobSearchActions: [],
      referrals: [],
      followUps: [],
      version: versions[memberId],
    })
    const api = (call: FetchCall) => {
      if (path(call) === `/groups/${GROUP_ID}/outcomes`)
        return json(200, { groupId: GROUP_ID, lastSessionDate: null, items: [outcome('member-1', 'Fabio'), outcome('member-2', 'Sara')], summary: { members: 2, retainedToEnd: 2, averageAttendanceRate: null, averageWellbeingEntry: null, averageWellbeingEnd: null } })
      if (call.method === 'PUT') {
        const memberId = path(call).split('/')[2] as 'member-1' | 'member-2'
        const body = call.body as { wellbeingEntry: number | null }
        // The server keeps what was saved and, meanwhile, someone else recorded the other member's self-efficacy.
        server[memberId] = { wellbeingEntry: body.wellbeingEntry, selfEfficacyEntry: 5 }
        versions[memberId] += 1
        server['member-2'] = { ...server['member-2']!, selfEfficacyEntry: 4 }
        versions['member-2'] += 1
        return json(200, outcome(memberId, 'x'))
      }
      return undefined
    }
    const first = await mountSection(GroupOutcomesSection, { group: groupOf() }, api)
    await first.wrapper.get('#outcome-member-1-wellbeingEntry').setValue('6')
    await first.wrapper.get('#outcome-member-2-wellbeingEntry').setValue('8')
    await settle()
    await first.wrapper.findAll('article form')[0]!.trigger('submit')
    await settle(10)
    expect(first.calls.filter((c) => c.method === 'PUT')).toHaveLength(1)
    // The saved member shows what the server holds now; the other keeps what was typed, and takes what it did not touch.
    expect(value(first.wrapper, '#outcome-member-1-wellbeingEntry')).toBe('6')
    expect(value(first.wrapper, '#outcome-member-1-selfEfficacyEntry')).toBe('5')
    expect(value(first.wrapper, '#outcome-member-2-wellbeingEntry')).toBe('8')
    expect(value(first.wrapper, '#outcome-member-2-selfEfficacyEntry')).toBe('4')
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await mountSection(GroupOutcomesSection, { group: groupOf() }, api)
    expect(value(again.wrapper, '#outcome-member-2-wellbeingEntry')).toBe('8')
    expect(value(again.wrapper, '#outcome-member-1-wellbeingEntry')).toBe('6')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.findAll('article form')[1]!.trigger('submit')
    await settle(10)
    const saved = again.calls.find((c) => c.method === 'PUT')!
    expect(saved.body).toMatchObject({ wellbeingEntry: 8, selfEfficacyEntry: 4 })
    // What was typed did not clash with the other change: the save is of the version read now.
    expect(saved.headers['if-match']).toContain('2')
    expect(drafts()).toEqual([])
  })

  it("an information meeting's attendance: saving another meeting never unticks what was ticked and not saved", async () => {
    const versions: Record<string, number> = { 'meeting-1': 1, 'meeting-2': 1 }
    const attendance: Record<string, { applicationId: string; attended: boolean }[]> = { 'meeting-1': [], 'meeting-2': [] }
    const meeting = (id: string, date: string) => ({ id, programmeId: PROGRAMME_ID, date, startTime: '18:00', place: 'Sala civica', attendance: attendance[id], attendedCount: 0, version: versions[id], createdAt: '2026-11-01T09:00:00.000Z', updatedAt: '2026-11-01T09:00:00.000Z' })
    const api = (call: FetchCall) => {
      if (path(call) === `/programmes/${PROGRAMME_ID}/information-meetings`) return json(200, { items: [meeting('meeting-1', '2026-11-10'), meeting('meeting-2', '2026-11-20')], nextCursor: null })
      if (path(call) === `/programmes/${PROGRAMME_ID}/applications`)
        return json(200, { items: [{ id: 'application-1', givenName: 'Marta', familyName: 'Riva' }, { id: 'application-2', givenName: 'Luca', familyName: 'Conti' }], nextCursor: null })
      if (call.method === 'PUT') {
        const id = path(call).split('/')[2]!
        attendance[id] = (call.body as { entries: { applicationId: string; attended: boolean }[] }).entries
        versions[id]! += 1
        return json(200, meeting(id, '2026-11-10'))
      }
      return undefined
    }
    const checked = (wrapper: VueWrapper, id: string) => (wrapper.get(`#${id}`).element as HTMLInputElement).checked
    const first = await mountSection(InformationMeetingsSection, { programme: programmeOf() }, api)
    await first.wrapper.get('#meeting-meeting-1-application-1').setValue(true)
    await first.wrapper.get('#meeting-meeting-2-application-2').setValue(true)
    await settle()
    await first.wrapper.findAll('article form')[0]!.trigger('submit')
    await settle(10)
    expect(first.calls.find((c) => c.method === 'PUT')!.body).toEqual({ entries: [{ applicationId: 'application-1', attended: true }, { applicationId: 'application-2', attended: false }] })
    expect(checked(first.wrapper, 'meeting-meeting-1-application-1')).toBe(true)
    expect(checked(first.wrapper, 'meeting-meeting-2-application-2')).toBe(true)
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await mountSection(InformationMeetingsSection, { programme: programmeOf() }, api)
    expect(checked(again.wrapper, 'meeting-meeting-2-application-2')).toBe(true)
    expect(checked(again.wrapper, 'meeting-meeting-1-application-1')).toBe(true)
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.findAll('article form')[1]!.trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'PUT')!.body).toEqual({ entries: [{ applicationId: 'application-1', attended: false }, { applicationId: 'application-2', attended: true }] })
    expect(drafts()).toEqual([])
  })
})
