import type { Membership, PartnerCommitment } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { CASE_ID, referralOf } from '../../../test/case-fixtures'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../../test/helpers'
import HomePage from '../../pages/HomePage.vue'
import { todayInItaly } from '../cases/record-format'

async function openHome(member: Membership, api: (call: FetchCall) => Response) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([member]))) : api(call)))
  const context = createAppContext()
  await context.router.push('/')
  await context.router.isReady()
  const wrapper = mountWithApp(HomePage, context)
  await settle(10)
  return { wrapper, calls }
}

const commitmentOf = (overrides: Partial<PartnerCommitment>): PartnerCommitment => ({
  id: '0190a000-0000-7000-8000-00000000e001',
  planId: '0190a000-0000-7000-8000-00000000b001',
  caseId: CASE_ID,
  who: 'partner',
  responsibleName: null,
  what: 'Proporre due aziende ospitanti',
  dueDate: '2026-01-15',
  status: 'open',
  rescheduledTo: null,
  doneOn: null,
  partnerOrganisationId: 'org-coop',
  progressNoteCount: 0,
  copiedFromId: null,
  createdBy: null,
  partnerOrganisation: { id: 'org-coop', name: 'Cooperativa' },
  person: { id: 'p1', givenName: 'Giuseppe', familyName: 'Fumagalli' },
  planVersionNumber: 1,
  permissions: ['updateStatus', 'addProgressNote'],
  version: 1,
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:00:00.000Z',
  ...overrides,
})

describe('the partner operator\'s to-do card', () => {
  it('lists the referrals to examine and the commitments due or overdue first, each a link', async () => {
    const { wrapper, calls } = await openHome(membership('Cooperativa Sociale Lavoro e Comunità', ['operator'], 'org-coop'), (call) => {
      if (call.url.startsWith('/api/v1/referrals')) return json(200, { items: [referralOf()], nextCursor: null })
      if (call.url.startsWith('/api/v1/partner-commitments')) {
        return json(200, { items: [commitmentOf({}), commitmentOf({ id: '0190a000-0000-7000-8000-00000000e002', what: 'Accompagnare al colloquio', dueDate: '2999-01-01' })], nextCursor: null })
      }
      return json(404, {})
    })
    const todo = wrapper.findAll('section.card').find((s) => s.get('h2').text() === 'Da fare')!
    // The work comes first; the role's welcome card comes last.
    expect(wrapper.findAll('section.card')[0]!.get('h2').text()).toBe('Da fare')
    const list = calls.find((c) => c.url.startsWith('/api/v1/partner-commitments'))!
    const query = new URL(list.url, 'http://x').searchParams
    expect(query.getAll('status')).toEqual(['open', 'rescheduled'])
    expect(query.get('dueBefore')! > todayInItaly()).toBe(true)
    const links = todo.findAll('a')
    expect(links[0]!.text()).toBe('Chiara Brambilla')
    expect(links[0]!.attributes('href')).toBe('/referrals')
    expect(links[1]!.text()).toContain('Giuseppe Fumagalli: Proporre due aziende ospitanti')
    expect(links[1]!.attributes('href')).toBe(`/cases/${CASE_ID}?tab=partner-commitments`)
    expect(todo.text()).toContain('In ritardo')
    expect(todo.text()).toContain('Accompagnare al colloquio')
    // Every referral waiting is listed: nothing more to count.
    expect(todo.text()).not.toContain('Altri')
  })

  it('is the only place of the referrals: no count card repeats them, and those beyond the list are counted there', async () => {
    const waiting = Array.from({ length: 9 }, (_, i) => referralOf({ id: `00000000-0000-7000-8000-0000000000b${i}` }))
    const { wrapper, calls } = await openHome(membership('Cooperativa Sociale Lavoro e Comunità', ['operator'], 'org-coop'), (call) => {
      if (call.url.startsWith('/api/v1/referrals')) return json(200, { items: waiting, nextCursor: null })
      if (call.url.startsWith('/api/v1/partner-commitments')) return json(200, { items: [], nextCursor: null })
      return json(404, {})
    })
    // The to-do list first, the role's welcome last; no card of its own for the referrals' count.
    const cards = wrapper.findAll('section.card').map((s) => s.get('h2').text())
    expect(cards[0]).toBe('Da fare')
    expect(cards.at(-1)).toBe('Operatore')
    expect(cards).not.toContain('Invii da esaminare')
    expect(wrapper.findAll('h2, h3').filter((h) => h.text() === 'Invii da esaminare')).toHaveLength(1)
    // The card lists and counts from the inbox's first page: no separate count of the referrals is read.
    expect(new Set(calls.filter((c) => c.url.startsWith('/api/v1/referrals')).map((c) => c.url))).toEqual(new Set(['/api/v1/referrals?limit=25&status=requested']))
    const todo = wrapper.get('section.card')
    expect(todo.findAll('li a[href="/referrals"]')).toHaveLength(6)
    expect(todo.text()).toContain('Altri 3 invii in attesa di risposta')
    expect(todo.text()).toContain('Nessun impegno in scadenza')
  })
})
