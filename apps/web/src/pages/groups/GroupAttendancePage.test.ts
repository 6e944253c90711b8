import { describe, expect, it } from 'vitest'
import { attendanceOf, groupOf, MEMBERS, SESSION_ID, sessionOf } from '../../../test/groups-fixtures'
import { drafts, draftNotice, leavingAsks } from '../../../test/drafts'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../../test/helpers'
import GroupAttendancePage from './GroupAttendancePage.vue'

async function open(api: (call: FetchCall) => Response) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([membership('Cooperativa Lavoro', ['facilitator'], 'org-coop')]))) : api(call)))
  const context = createAppContext()
  await context.router.push(`/group-sessions/${SESSION_ID}/attendance`)
  await context.router.isReady()
  const wrapper = mountWithApp(GroupAttendancePage, context, { props: { sessionId: SESSION_ID } })
  await settle(10)
  return { wrapper, calls, router: context.router }
}

describe('GroupAttendancePage', () => {
  it('records every member in one screen, with If-Match, and shows the alert the save raised', async () => {
    const alert = { groupId: groupOf().id, groupName: 'Gruppo del martedì', memberId: MEMBERS[1]!.memberId, givenName: 'Daniela', familyName: 'Mauri', streak: 3, lastSessionDate: '2026-11-24' }
    const { wrapper, calls } = await open((call) => {
      if (call.url.startsWith('/api/v1/groups/')) return json(200, groupOf())
      if (call.method === 'PUT') return json(200, attendanceOf({ session: sessionOf({ status: 'held', version: 4 }), entries: MEMBERS.map((m, i) => ({ ...m, status: i === 0 ? 'present' : 'absent_unjustified' })), alerts: [alert] }))
      return json(200, attendanceOf())
    })
    expect(wrapper.get('h1').text()).toBe('Presenze — Incontro 8 di 16, 24/11/2026')
    const fieldsets = wrapper.findAll('fieldset.ponte-attendance-row')
    expect(fieldsets.map((f) => f.get('legend').text())).toEqual(['Fabio Gerosa', 'Daniela Mauri'])
    expect(fieldsets[0]!.findAll('label').map((l) => l.text())).toEqual(['Presente', 'Assente giustificato', 'Assente ingiustificato'])
    // Nothing chosen for Daniela: the form says so and sends nothing.
    await wrapper.get(`#attendance-${MEMBERS[0]!.memberId}-present`).setValue(true)
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('Indica la presenza di ogni membro.')
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)

    await wrapper.get(`#attendance-${MEMBERS[1]!.memberId}-absent_unjustified`).setValue(true)
    await wrapper.get('form').trigger('submit')
    await settle(10)
    const put = calls.find((c) => c.method === 'PUT')!
    expect(put.url).toBe(`/api/v1/group-sessions/${SESSION_ID}/attendance`)
    expect(put.headers['if-match']).toBe('"3"')
    expect(put.body).toEqual({ entries: [{ memberId: MEMBERS[0]!.memberId, status: 'present' }, { memberId: MEMBERS[1]!.memberId, status: 'absent_unjustified' }] })
    expect(wrapper.text()).toContain('Presenze salvate.')
    expect(wrapper.text()).toContain('Daniela Mauri: 3 assenze ingiustificate di fila')
  })

  it('marks everyone present with one button, and offers only themes from the list', async () => {
    const { wrapper, calls } = await open((call) => {
      if (call.url.startsWith('/api/v1/groups/')) return json(200, groupOf())
      if (call.method === 'PUT') return json(200, attendanceOf({ session: sessionOf({ status: 'held', version: 4 }) }))
      if (call.method === 'PATCH') return json(200, sessionOf({ themes: ['mutual_support'], version: 5 }))
      return json(200, attendanceOf())
    })
    await wrapper.findAll('button').find((b) => b.text() === 'Segna tutti presenti')!.trigger('click')
    expect(wrapper.findAll('input[type=radio]:checked').map((i) => i.attributes('value'))).toEqual(['present', 'present'])
    const themes = wrapper.findAll('input[type=checkbox]')
    expect(themes).toHaveLength(8)
    expect(wrapper.find('textarea').exists()).toBe(false)
    const support = themes.find((input) => wrapper.get(`label[for="${input.attributes('id')}"]`).text() === 'Sostegno reciproco')!
    await support.setValue(true)
    await wrapper.get('form').trigger('submit')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.body).toEqual({ themes: ['mutual_support'] })
    expect(patch.headers['if-match']).toBe('"4"')
  })

  it('says a future session takes no attendance yet', async () => {
    const { wrapper } = await open((call) => (call.url.startsWith('/api/v1/groups/') ? json(200, groupOf()) : json(200, attendanceOf({ session: sessionOf({ date: '2999-01-01' }) }))))
    expect(wrapper.text()).toContain("L'incontro non si è ancora tenuto")
    expect(wrapper.find('form').exists()).toBe(false)
  })
})

describe('the attendance marked and not saved keeps its draft', () => {
  it('across a change of page, with the notice and a question before leaving; forgotten once saved', async () => {
    const api = (call: FetchCall) => {
      if (call.url.startsWith('/api/v1/groups/')) return json(200, groupOf())
      if (call.method === 'PUT') return json(200, attendanceOf({ session: sessionOf({ status: 'held', version: 4 }), entries: MEMBERS.map((m) => ({ ...m, status: 'present' })), alerts: [] }))
      return json(200, attendanceOf())
    }
    const first = await open(api)
    await first.wrapper.get(`#attendance-${MEMBERS[0]!.memberId}-present`).setValue(true)
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await open(api)
    expect((again.wrapper.get(`#attendance-${MEMBERS[0]!.memberId}-present`).element as HTMLInputElement).checked).toBe(true)
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.get(`#attendance-${MEMBERS[1]!.memberId}-present`).setValue(true)
    await again.wrapper.get('form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'PUT')!.body).toEqual({ entries: MEMBERS.map((m) => ({ memberId: m.memberId, status: 'present' })) })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })
})
