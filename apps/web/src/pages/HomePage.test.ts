import { describe, expect, it } from 'vitest'
import { MUNICIPALITY } from '../../test/case-fixtures'
import { createAppContext, eventually, json, me, membership, mountWithApp, session, settle, stubFetch } from '../../test/helpers'
import HomePage from './HomePage.vue'

const counts = { total: 1, byStatus: { intake: 1, assessment: 0, active: 0, monitoring: 0, suspended: 0, closed: 0 } }
const overdue = { items: [{ id: 'k1', caseId: 'c1', personName: 'Chiara Brambilla', what: "Presentare l'ISEE", dueDate: '2026-11-18', rescheduledTo: null }], nextCursor: null }
const upcoming = { items: [{ id: 'm1', caseId: 'c1', date: '2026-11-26', startTime: '09:00', isOverdue: false, person: { id: 'p', givenName: 'Chiara', familyName: 'Brambilla' } }], nextCursor: null }

describe('the home page while its cards load', () => {
  it('shows each card where it stays: a card after one still loading waits hidden in its place, and a card shows its lists together', async () => {
    let answerCommitments: (response: Response) => void = () => undefined
    const commitments = new Promise<Response>((resolve) => {
      answerCommitments = resolve
    })
    stubFetch((call) => {
      if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Comune di Valmadrera', ['case_manager'], MUNICIPALITY.id)])))
      if (call.url.startsWith('/api/v1/commitments/overdue')) return commitments
      if (call.url.startsWith('/api/v1/meetings/upcoming')) return json(200, upcoming)
      if (call.url.startsWith('/api/v1/cases/counts')) return json(200, counts)
      if (call.url.startsWith('/api/v1/follow-ups/due')) return json(200, { items: [], nextCursor: null })
      return json(404, {})
    })
    const context = createAppContext()
    await context.router.push('/')
    await context.router.isReady()
    const wrapper = mountWithApp(HomePage, context)
    await settle(10)

    const columns = () => wrapper.findAll('.row > div')
    const headingOf = (column: ReturnType<typeof columns>[number]) => column.get('h2').text()
    expect(columns().map(headingOf)).toEqual(['Scadenze dei miei casi', 'I miei casi', 'Verifiche dei percorsi', 'Assistente sociale (case manager)'])
    // The deadlines card, first, is still waiting for its overdue commitments: it shows one spinner,
    // not the meetings already answered (the commitments would then push them down).
    const deadlines = columns()[0]!
    expect(deadlines.classes()).not.toContain('ponte-awaiting')
    expect(deadlines.findAll('[role=status]')).toHaveLength(1)
    expect(deadlines.text()).not.toContain('Chiara Brambilla')
    // The cards after it have answered, but wait hidden in their places.
    expect(columns().slice(1).map((column) => column.classes().includes('ponte-awaiting'))).toEqual([true, true, true])

    answerCommitments(json(200, overdue))
    await eventually(() => expect(columns().filter((column) => column.classes().includes('ponte-awaiting'))).toHaveLength(0))
    expect(deadlines.findAll('a').map((a) => a.text())).toEqual(["Chiara Brambilla: Presentare l'ISEE", '26/11/2026 alle 09:00, Chiara Brambilla'])
    expect(wrapper.find('.ponte-loading').exists()).toBe(false)
    wrapper.unmount()
  })
})
