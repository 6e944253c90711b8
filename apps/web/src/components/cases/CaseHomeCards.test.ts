import type { Membership } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { CASE_ID, MUNICIPALITY } from '../../../test/case-fixtures'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../../test/helpers'
import HomePage from '../../pages/HomePage.vue'

async function openHome(member: Membership, api: (call: FetchCall) => Response) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([member]))) : api(call)))
  const context = createAppContext()
  await context.router.push('/')
  await context.router.isReady()
  const wrapper = mountWithApp(HomePage, context)
  await settle(10)
  return { wrapper, calls }
}

const counts = { total: 4, byStatus: { intake: 1, assessment: 1, active: 2, monitoring: 0, suspended: 0, closed: 0 } }
const card = (wrapper: Awaited<ReturnType<typeof openHome>>['wrapper'], heading: string) => wrapper.findAll('section.card').find((s) => s.get('h2').text() === heading)!

describe('the cases home cards', () => {
  it("give the case manager their cases by status and the deadlines of their cases, each a link", async () => {
    const { wrapper, calls } = await openHome(membership('Comune di Valmadrera', ['case_manager'], MUNICIPALITY.id), (call) => {
      if (call.url.startsWith('/api/v1/cases/counts')) return json(200, counts)
      if (call.url.startsWith('/api/v1/commitments/overdue')) {
        return json(200, { items: [{ id: 'k1', caseId: CASE_ID, personName: 'Chiara Brambilla', what: "Presentare l'ISEE", dueDate: '2026-11-18', rescheduledTo: null }], nextCursor: null })
      }
      if (call.url.startsWith('/api/v1/meetings/upcoming')) {
        return json(200, {
          items: [
            { id: 'm1', caseId: CASE_ID, date: '2026-11-20', startTime: '10:30', isOverdue: true, person: { id: 'p', givenName: 'Chiara', familyName: 'Brambilla' } },
            { id: 'm2', caseId: CASE_ID, date: '2026-11-26', startTime: '09:00', isOverdue: false, person: { id: 'p', givenName: 'Chiara', familyName: 'Brambilla' } },
          ],
          nextCursor: null,
        })
      }
      return json(404, {})
    })
    expect(calls.find((c) => c.url.startsWith('/api/v1/cases/counts'))!.url).toBe(`/api/v1/cases/counts?assignedTo=me&municipalityId=${MUNICIPALITY.id}`)
    const mine = card(wrapper, 'I miei casi')
    const active = mine.findAll('a').find((a) => a.text().includes('Progetto in corso'))!
    expect(active.text()).toBe('2 Progetto in corso')
    expect(active.attributes('href')).toBe('/cases?status=active&assignedTo=me')
    expect(mine.text()).toContain('4 casi in totale')

    const deadlines = card(wrapper, 'Scadenze dei miei casi')
    const links = deadlines.findAll('a')
    expect(links.map((a) => a.text())).toEqual(["Chiara Brambilla: Presentare l'ISEE", '20/11/2026 alle 10:30, Chiara Brambilla', '26/11/2026 alle 09:00, Chiara Brambilla'])
    expect(links[0]!.attributes('href')).toBe(`/cases/${CASE_ID}?tab=plan`)
    expect(links[1]!.attributes('href')).toBe(`/cases/${CASE_ID}?tab=meetings`)
    expect(deadlines.text()).toContain('scaduto il 18/11/2026')
    // An overdue meeting says so in words, not only in colour.
    expect(deadlines.findAll('li')[1]!.text()).toContain('esito da registrare')
    expect(deadlines.findAll('li')[2]!.text()).not.toContain('esito da registrare')
  })
})
