import { describe, expect, it } from 'vitest'
import { MUNICIPALITY } from '../../test/case-fixtures'
import { button, hasButton } from '../../test/case-records'
import { drafts, draftNotice, leavingAsks } from '../../test/drafts'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import { ASSIGNMENT_ID, PROJECT_ID, projectOf, weekOf } from '../../test/puc-fixtures'
import PucAttendancePage from './PucAttendancePage.vue'

const path = (call: FetchCall) => new URL(call.url, 'http://x').pathname.replace(/^\/api\/v1/, '')

async function open(api: (call: FetchCall) => Response | undefined = () => undefined) {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Cooperativa', ['operator'], MUNICIPALITY.id)])))
    const answered = api(call)
    if (answered) return answered
    if (path(call) === `/puc-projects/${PROJECT_ID}`) return json(200, projectOf({ permissions: ['recordAttendance', 'downloadRegister'] }))
    if (path(call) === `/puc-projects/${PROJECT_ID}/attendance`) return json(200, weekOf())
    return json(404, {})
  })
  const context = createAppContext()
  await context.router.push(`/puc/projects/${PROJECT_ID}/attendance?week=2026-W41`)
  await context.router.isReady()
  const wrapper = mountWithApp(PucAttendancePage, context, { props: { projectId: PROJECT_ID } })
  await settle(10)
  return { wrapper, calls, context }
}

const cell = (wrapper: Awaited<ReturnType<typeof open>>['wrapper'], r: number, c: number) => wrapper.get(`#puc-att-${r}-${c}`)

describe('PucAttendancePage', () => {
  it('shows the week with each person\'s days, totals against the weekly hours, and only the days that take attendance', async () => {
    const { wrapper, calls } = await open()
    expect(calls.find((c) => path(c) === `/puc-projects/${PROJECT_ID}/attendance`)!.url).toContain('week=2026-W41')
    expect(wrapper.get('h2').text()).toContain('Settimana 41')
    expect((cell(wrapper, 0, 0).element as HTMLInputElement).value).toBe('4')
    expect(cell(wrapper, 0, 0).attributes('aria-label')).toBe('Giuseppe Fumagalli, lunedì 5 ottobre')
    expect(wrapper.text()).toContain('4 / 12 h')
    // Negri starts on Wednesday: Monday and Tuesday take nothing.
    expect(wrapper.find('#puc-att-1-0').exists()).toBe(false)
    expect(wrapper.find('#puc-att-1-2').exists()).toBe(true)
  })

  it('moves between cells with the arrow keys', async () => {
    const { wrapper } = await open()
    const first = cell(wrapper, 0, 2)
    ;(first.element as HTMLInputElement).focus()
    await first.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement?.id).toBe('puc-att-1-2')
    await cell(wrapper, 1, 2).trigger('keydown', { key: 'ArrowUp' })
    expect(document.activeElement?.id).toBe('puc-att-0-2')
    // ← at the start of Wednesday's (empty) text goes to Tuesday; ↑ from Negri's Wednesday skips nothing.
    await cell(wrapper, 0, 2).trigger('keydown', { key: 'ArrowLeft' })
    expect(document.activeElement?.id).toBe('puc-att-0-1')
  })

  it('shows the weekly limit as hours are typed and saves nothing over it', async () => {
    const { wrapper, calls } = await open()
    await cell(wrapper, 0, 1).setValue('4')
    await cell(wrapper, 0, 2).setValue('4,5')
    expect(wrapper.text()).toContain('12,5 / 12 h')
    expect(wrapper.text()).toContain('Oltre il limite di 0,5 h')
    await cell(wrapper, 1, 3).setValue('quattro')
    await wrapper.get('form').trigger('submit')
    await settle()
    const alert = wrapper.get('[role=alert]').text()
    expect(alert).toContain('Giuseppe Fumagalli: 12,5 ore superano le 12 ore settimanali.')
    expect(alert).toContain('Paola Negri, giovedì 8 ottobre: scrivi le ore')
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
  })

  it('saves the days changed with the version read, removes a day emptied, and announces it', async () => {
    const { wrapper, calls } = await open((call) => {
      if (call.method === 'PUT') return json(200, weekOf())
      if (call.method === 'DELETE') return json(204, null)
      return undefined
    })
    await cell(wrapper, 0, 0).setValue('3,75')
    await cell(wrapper, 1, 2).setValue('ag')
    await cell(wrapper, 1, 3).setValue('4')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    const put = calls.find((c) => c.method === 'PUT')!
    expect(put.url).toContain('week=2026-W41')
    expect(put.body).toEqual({
      entries: [
        { assignmentId: ASSIGNMENT_ID, date: '2026-10-05', status: 'present', hours: 3.75, version: 3, note: null },
        { assignmentId: 'a2', date: '2026-10-07', status: 'absent_justified', hours: 0 },
        { assignmentId: 'a2', date: '2026-10-08', status: 'present', hours: 4 },
      ],
    })
    expect(wrapper.text()).toContain('Presenze salvate: 3 giorni.')

    await cell(wrapper, 0, 0).setValue('')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    const del = calls.find((c) => c.method === 'DELETE')!
    expect(path(del)).toBe(`/puc-assignments/${ASSIGNMENT_ID}/attendance/2026-10-05`)
    expect(del.headers['if-match']).toBe('"3"')
  })

  it('goes to the week before through the URL', async () => {
    const { wrapper, context } = await open()
    await button(wrapper, 'Settimana precedente').trigger('click')
    await settle(10)
    expect(context.router.currentRoute.value.query.week).toBe('2026-W40')
    expect(hasButton(wrapper, 'Scarica il registro (PDF)')).toBe(true)
  })
})

describe('the hours typed in the week keep their draft', () => {
  it('across a change of page, with the notice and a question before leaving; forgotten once saved', async () => {
    let saved = false
    const api = (call: FetchCall) => {
      if (call.method === 'PUT') {
        saved = true
        return json(200, weekOf())
      }
      // Saved: the week read again has the new versions.
      if (saved && path(call) === `/puc-projects/${PROJECT_ID}/attendance`) {
        const week = weekOf()
        return json(200, { ...week, rows: week.rows.map((row) => ({ ...row, entries: row.entries.map((e) => ({ ...e, version: e.version + 1 })) })) })
      }
      return undefined
    }
    const first = await open(api)
    await cell(first.wrapper, 0, 0).setValue('3,75')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.context.router)).toBe(true)
    first.wrapper.unmount()

    const again = await open(api)
    expect((cell(again.wrapper, 0, 0).element as HTMLInputElement).value).toBe('3,75')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.get('form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'PUT')!.body).toEqual({ entries: [{ assignmentId: ASSIGNMENT_ID, date: '2026-10-05', status: 'present', hours: 3.75, version: 3, note: null }] })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.context.router)).toBe(false)
  })
})
