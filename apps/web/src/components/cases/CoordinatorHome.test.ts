import type { Membership } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { CASE_ID, MUNICIPALITY } from '../../../test/case-fixtures'
import { createAppContext, eventually, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../../test/helpers'
import HomePage from '../../pages/HomePage.vue'
import { cardsFor } from '../home/registry'

const MARCO = '00000000-0000-7000-8000-000000000b01'
const LUCIA = '00000000-0000-7000-8000-000000000b02'

async function openHome(member: Membership, api: (call: FetchCall) => Response) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([member]))) : api(call)))
  const context = createAppContext()
  await context.router.push('/')
  await context.router.isReady()
  const wrapper = mountWithApp(HomePage, context)
  // Every card of the membership, drawn one per painted frame (useDrawnInTurn), then their answers.
  await eventually(() => expect(wrapper.findAll('section.card')).toHaveLength(cardsFor(member).length))
  await settle()
  return { wrapper, calls }
}

const open = (byStatus: Partial<Record<'intake' | 'assessment' | 'active' | 'monitoring' | 'suspended', number>>) => {
  const full = { intake: 0, assessment: 0, active: 0, monitoring: 0, suspended: 0, ...byStatus }
  return { open: Object.values(full).reduce((a, b) => a + b, 0), byStatus: full }
}

function coordinatorApi(call: FetchCall): Response {
  if (call.url.startsWith(`/api/v1/organisations/${MUNICIPALITY.id}/caseload`)) {
    return json(200, {
      items: [
        { caseManager: { id: MARCO, name: 'Marco Rusconi' }, isAssignable: true, ...open({ intake: 1, active: 2 }) },
        { caseManager: { id: 'user-1', name: 'Mario Rossi' }, isAssignable: true, ...open({}) },
        { caseManager: { id: LUCIA, name: 'Lucia Sala' }, isAssignable: false, ...open({ suspended: 1 }) },
      ],
      nextCursor: null,
    })
  }
  if (call.url.startsWith('/api/v1/commitments/overdue')) {
    return json(200, { items: [{ id: 'k1', caseId: CASE_ID, personName: 'Chiara Brambilla', what: "Presentare l'ISEE", dueDate: '2026-11-18', rescheduledTo: null }], nextCursor: null })
  }
  if (call.url.startsWith('/api/v1/meetings/upcoming')) return json(200, { items: [], nextCursor: null })
  if (call.url.startsWith('/api/v1/cases/counts')) return json(200, { total: 3, byStatus: { intake: 1, assessment: 0, active: 2, monitoring: 0, suspended: 0, closed: 0 } })
  return json(200, { items: [], nextCursor: null })
}

describe("the coordinator's home", () => {
  it('opens with their own deadlines, then the approvals and the team caseload; the welcome comes after the work', async () => {
    const { wrapper, calls } = await openHome(membership(MUNICIPALITY.name, ['coordinator', 'org_admin'], MUNICIPALITY.id), coordinatorApi)
    const headings = wrapper.findAll('section.card h2').map((h) => h.text())
    expect(headings.slice(0, 4)).toEqual(['Scadenze dei miei casi', 'Da approvare', "Carico di lavoro dell'équipe", 'Casi del Comune'])
    // Whatever the roles, the welcome cards come after the work.
    expect(headings.slice(-2)).toEqual(["Amministratore dell'ente", 'Coordinatore'])
    // Their own deadlines: the cases assigned to them, not the whole municipality's.
    expect(calls.find((c) => c.url.startsWith('/api/v1/commitments/overdue'))!.url).toContain('assignedTo=me')
    expect(calls.find((c) => c.url.startsWith('/api/v1/meetings/upcoming'))!.url).toContain('assignedTo=me')
    expect(wrapper.text()).toContain('Dei casi assegnati a te.')
  })

  it("lists the team's open cases per case manager, each a link to the case list filtered by them", async () => {
    const { wrapper } = await openHome(membership(MUNICIPALITY.name, ['coordinator'], MUNICIPALITY.id), coordinatorApi)
    const team = wrapper.findAll('section.card').find((s) => s.get('h2').text() === "Carico di lavoro dell'équipe")!
    const rows = team.findAll('li')
    expect(rows.map((r) => r.get('a').text())).toEqual(['Marco Rusconi', 'Mario Rossi', 'Lucia Sala'])
    expect(rows[0]!.get('a').attributes('href')).toBe(`/cases?assignedTo=${MARCO}`)
    expect(rows[0]!.text()).toContain('3 casi aperti')
    expect(rows[0]!.text()).toContain('Accoglienza 1 · Progetto in corso 2')
    expect(rows[1]!.text()).toContain('nessun caso aperto')
    expect(rows[2]!.text()).toContain('un caso aperto')
    expect(rows[2]!.text()).toContain('Non più assegnabile: riassegna i suoi casi.')
    expect(rows[0]!.text()).not.toContain('Non più assegnabile')
  })

  it("leaves the case manager's deadlines on all the cases they work, first on their home", async () => {
    const { wrapper, calls } = await openHome(membership(MUNICIPALITY.name, ['case_manager'], MUNICIPALITY.id), coordinatorApi)
    expect(wrapper.findAll('section.card h2').map((h) => h.text())[0]).toBe('Scadenze dei miei casi')
    expect(calls.find((c) => c.url.startsWith('/api/v1/commitments/overdue'))!.url).not.toContain('assignedTo')
    expect(calls.some((c) => c.url.includes('/caseload'))).toBe(false)
    expect(wrapper.text()).not.toContain('Dei casi assegnati a te.')
  })
})
