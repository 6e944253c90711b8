import { describe, expect, it } from 'vitest'
import { CASE_ID, MUNICIPALITY } from '../../../test/case-fixtures'
import { createAppContext, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type FetchCall } from '../../../test/helpers'
import HomePage from '../../pages/HomePage.vue'

const OTHER_CASE_ID = '00000000-0000-7000-8000-0000000000c2'
const person = { id: '00000000-0000-7000-8000-0000000000a1', givenName: 'Chiara', familyName: 'Brambilla' }
const counts = { total: 2, byStatus: { intake: 1, assessment: 0, active: 1, monitoring: 0, suspended: 0, closed: 0 } }

const planItem = {
  id: '00000000-0000-7000-8000-0000000000d1',
  caseId: CASE_ID,
  versionNumber: 2,
  submittedAt: '2026-11-18T09:15:00.000Z',
  submittedBy: 'user-1',
  submittedByName: 'Marco Rusconi',
  person,
}
const supportItem = {
  id: '00000000-0000-7000-8000-0000000000e1',
  caseId: OTHER_CASE_ID,
  type: 'rent',
  amountCents: 90000,
  periodFrom: '2026-12-01',
  periodTo: '2027-02-28',
  requestedBy: null,
  requestedByName: null,
  createdAt: '2026-11-20T14:00:00.000Z',
  person: { id: '00000000-0000-7000-8000-0000000000a2', givenName: 'Giuseppe', familyName: 'Valsecchi' },
}

async function openCoordinatorHome(api: (call: FetchCall) => Response) {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership(MUNICIPALITY.name, ['coordinator'], MUNICIPALITY.id)])))
    if (call.url.startsWith('/api/v1/cases/counts')) return json(200, counts)
    return api(call)
  })
  const context = createAppContext()
  await context.router.push('/')
  await context.router.isReady()
  const wrapper = mountWithApp(HomePage, context)
  await settle(10)
  const card = wrapper.findAll('section.card').find((s) => s.get('h2').text() === 'Da approvare')
  return { wrapper, card, calls }
}

describe('the coordinator’s approvals card', () => {
  it('lists the plans awaiting approval and the supports awaiting a decision, each linking to the right tab of its case', async () => {
    const { card, calls } = await openCoordinatorHome((call) => {
      if (call.url.startsWith('/api/v1/plans/awaiting-approval')) return json(200, { items: [planItem], nextCursor: null })
      if (call.url.startsWith('/api/v1/economic-supports/awaiting-decision')) return json(200, { items: [supportItem], nextCursor: 'next' })
      return json(404, {})
    })
    expect(calls.find((c) => c.url.startsWith('/api/v1/plans/awaiting-approval'))!.url).toBe('/api/v1/plans/awaiting-approval?limit=5')
    expect(calls.find((c) => c.url.startsWith('/api/v1/economic-supports/awaiting-decision'))!.url).toBe('/api/v1/economic-supports/awaiting-decision?limit=5')
    expect(card).toBeDefined()
    expect(card!.findAll('h3').map((h) => h.text())).toEqual(['Progetti in attesa di approvazione', 'Contributi da decidere'])
    const links = card!.findAll('a')
    expect(links.map((a) => a.text())).toEqual(['Chiara Brambilla: progetto personalizzato, versione 2', 'Giuseppe Valsecchi: Affitto, 900,00\u00a0€'])
    expect(links[0]!.attributes('href')).toBe(`/cases/${CASE_ID}?tab=plan`)
    expect(links[1]!.attributes('href')).toBe(`/cases/${OTHER_CASE_ID}?tab=supports`)
    const [planRow, supportRow] = card!.findAll('li')
    expect(planRow!.text()).toContain('inviato il 18/11/2026')
    expect(planRow!.text()).toContain('da Marco Rusconi')
    expect(supportRow!.text()).toContain('richiesto il 20/11/2026')
    // A longer queue than the card shows says so.
    expect(card!.text()).toContain('Sono mostrati i primi 5')
  })

  it('says there is nothing to approve when both queues are empty', async () => {
    const { card } = await openCoordinatorHome(() => json(200, { items: [], nextCursor: null }))
    expect(card!.text()).toContain('Niente da approvare')
    expect(card!.findAll('a')).toHaveLength(0)
    expect(card!.findAll('h3')).toHaveLength(0)
  })

  it('keeps the other queue visible when one of them fails', async () => {
    const { card } = await openCoordinatorHome((call) =>
      call.url.startsWith('/api/v1/plans/awaiting-approval') ? problem(500) : json(200, { items: [], nextCursor: null }),
    )
    expect(card!.findAll('h3')).toHaveLength(2)
    expect(card!.text()).toContain('Nessun contributo da decidere.')
    // The failed queue says it could not be read instead of claiming it is empty.
    expect(card!.text()).not.toContain('Nessun progetto in attesa di approvazione.')
    expect(card!.findAll('p.card-text')[0]!.text()).not.toBe('')
  })

  it('is not shown to a case manager', async () => {
    const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([membership(MUNICIPALITY.name, ['case_manager'], MUNICIPALITY.id)]))) : json(200, { items: [], nextCursor: null })))
    const context = createAppContext()
    await context.router.push('/')
    await context.router.isReady()
    const wrapper = mountWithApp(HomePage, context)
    await settle(10)
    expect(wrapper.findAll('h2').map((h) => h.text())).not.toContain('Da approvare')
    expect(calls.some((c) => c.url.includes('awaiting'))).toBe(false)
  })
})
