import type { CaseSummary } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { MUNICIPALITY } from '../../test/case-fixtures'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import CasesPage from './CasesPage.vue'

const summary = (n: number, overrides: Partial<CaseSummary> = {}): CaseSummary => ({
  id: `00000000-0000-7000-8000-00000000000${n}`,
  status: 'intake',
  episode: 1,
  person: { id: `p${n}`, givenName: `Nome${n}`, familyName: `Cognome${n}` },
  municipality: MUNICIPALITY,
  caseManager: { id: 'user-1', name: 'Marco Rusconi' },
  openedOn: '2026-11-17',
  updatedAt: '2026-11-17T08:30:00.000Z',
  version: 1,
  ...overrides,
})
const counts = { total: 3, byStatus: { intake: 2, assessment: 0, active: 1, monitoring: 0, suspended: 0, closed: 0 } }

const NO_COLLEAGUES = (call: FetchCall) => (call.url.endsWith('/case-managers') ? json(200, { items: [], nextCursor: null }) : null)

const COORDINATOR = membership('Comune di Valmadrera', ['coordinator'], MUNICIPALITY.id)

async function openList(api: (call: FetchCall) => Response, path = '/cases', colleagues: (call: FetchCall) => Response | null = NO_COLLEAGUES, who = COORDINATOR) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([who]))) : (colleagues(call) ?? api(call))))
  const context = createAppContext()
  await context.router.push(path)
  await context.router.isReady()
  const wrapper = mountWithApp(CasesPage, context)
  await settle(10)
  return { wrapper, calls, context }
}

const rows = (wrapper: VueWrapper) => wrapper.findAll('tbody th').map((th) => th.find('a').text())
const listCalls = (calls: FetchCall[]) => calls.filter((c) => c.url.startsWith('/api/v1/cases?') || c.url === '/api/v1/cases')

describe('CasesPage', () => {
  it('lists the cases with their status, counts them by status, filters and loads more', async () => {
    const { wrapper, calls } = await openList((call) => {
      if (call.url.startsWith('/api/v1/cases/counts')) return json(200, counts)
      const url = new URL(call.url, 'http://x')
      if (url.searchParams.get('cursor') === 'c2') return json(200, { items: [summary(3, { status: 'active' })], nextCursor: null })
      if (url.searchParams.get('status') === 'active') return json(200, { items: [summary(3, { status: 'active' })], nextCursor: null })
      return json(200, { items: [summary(1), summary(2, { episode: 2 })], nextCursor: 'c2' })
    })
    expect(listCalls(calls)[0]!.url).toBe('/api/v1/cases?limit=25')
    expect(rows(wrapper)).toEqual(['Nome1 Cognome1', 'Nome2 Cognome2'])
    expect(wrapper.get('tbody tr a').attributes('href')).toBe(`/cases/${summary(1).id}`)
    expect(wrapper.get('tbody tr').text()).toContain('Accoglienza')
    expect(wrapper.text()).toContain('Episodio 2')
    expect(wrapper.text()).toContain('3 casi in totale')

    await wrapper.findAll('button').find((b) => b.text() === 'Carica altri')!.trigger('click')
    await settle(10)
    expect(rows(wrapper)).toEqual(['Nome1 Cognome1', 'Nome2 Cognome2', 'Nome3 Cognome3'])
    expect(wrapper.get('.ponte-count').text()).toBe('3 casi mostrati')

    // A status of the summary filters the list (a pressed toggle).
    const active = wrapper.findAll('button.ponte-case-count').find((b) => b.text().includes('Progetto in corso'))!
    await active.trigger('click')
    await settle(10)
    expect(active.attributes('aria-pressed')).toBe('true')
    expect(listCalls(calls).at(-1)!.url).toBe('/api/v1/cases?status=active&limit=25')
    expect(rows(wrapper)).toEqual(['Nome3 Cognome3'])

    // Name and "assigned to me" from the search form; the name never goes into the page's URL.
    await wrapper.get('#case-search-q').setValue('Cognome3')
    await wrapper.get('#case-search-mine').setValue(true)
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(listCalls(calls).at(-1)!.url).toBe('/api/v1/cases?status=active&q=Cognome3&assignedTo=me&limit=25')
    expect(calls.filter((c) => c.url.startsWith('/api/v1/cases/counts')).at(-1)!.url).toBe('/api/v1/cases/counts?assignedTo=me')
  })

  it('takes status and "assigned to me" from a home-card link, and says when nothing matches', async () => {
    const { wrapper, calls } = await openList((call) => (call.url.startsWith('/api/v1/cases/counts') ? json(200, counts) : json(200, { items: [], nextCursor: null })), '/cases?status=closed&assignedTo=me')
    expect(listCalls(calls)[0]!.url).toBe('/api/v1/cases?status=closed&assignedTo=me&limit=25')
    expect(wrapper.find('table').exists()).toBe(false)
    expect(wrapper.get('.ponte-count').text()).toBe('Nessun caso corrisponde ai filtri.')
    expect((wrapper.get('#case-search-status').element as HTMLSelectElement).value).toBe('closed')
  })

  it('keeps the filters in the address and the name searched in the history entry, so reload and Back show the same list', async () => {
    const { wrapper, calls, context } = await openList((call) => (call.url.startsWith('/api/v1/cases/counts') ? json(200, counts) : json(200, { items: [], nextCursor: null })))
    await wrapper.get('#case-search-q').setValue('brambila')
    await wrapper.get('#case-search-status').setValue('active')
    await wrapper.get('#case-search-mine').setValue(true)
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    const here = context.router.currentRoute.value
    expect(here.query).toEqual({ status: 'active', assignedTo: 'me' })
    // The name is personal data: never in the URL, but kept in the history entry.
    expect(here.fullPath).not.toContain('brambila')
    expect(context.router.options.history.state.caseSearch).toBe('brambila')
    expect(Object.fromEntries(new URL(listCalls(calls).at(-1)!.url, 'http://x').searchParams)).toEqual({ status: 'active', q: 'brambila', assignedTo: 'me', limit: '25' })

    // Away to a case and Back: the same filters and name.
    await context.router.push('/')
    await settle()
    context.router.back()
    await settle(10)
    expect(context.router.currentRoute.value.fullPath).toBe('/cases?status=active&assignedTo=me')
    // The page opened again (a reload reads the same address and history entry).
    const again = mountWithApp(CasesPage, context)
    wrapper.unmount()
    await settle(10)
    expect((again.get('#case-search-q').element as HTMLInputElement).value).toBe('brambila')
    expect((again.get('#case-search-status').element as HTMLSelectElement).value).toBe('active')
    expect(Object.fromEntries(new URL(listCalls(calls).at(-1)!.url, 'http://x').searchParams)).toEqual({ status: 'active', q: 'brambila', assignedTo: 'me', limit: '25' })
  })

  it('never offers a partner\'s operator "assigned to me", which can never match, and reads a link carrying it without it', async () => {
    const operator = { ...membership('Cooperativa Lavoro e Comunità', ['operator']), organisationKind: 'cooperative' as const }
    const { wrapper, calls } = await openList((call) => (call.url.startsWith('/api/v1/cases/counts') ? json(200, counts) : json(200, { items: [summary(1)], nextCursor: null })), '/cases?assignedTo=me', NO_COLLEAGUES, operator)
    expect(listCalls(calls)[0]!.url).toBe('/api/v1/cases?limit=25')
    expect(wrapper.find('#case-search-mine').exists()).toBe(false)
    expect(wrapper.find('#case-search-case-manager').exists()).toBe(false)
    expect(rows(wrapper)).toEqual(['Nome1 Cognome1'])
  })

  it("offers a coordinator every colleague as the case manager filter, and takes one from the team caseload's link", async () => {
    const marco = '00000000-0000-7000-8000-000000000b01'
    const former = '00000000-0000-7000-8000-000000000b09'
    const colleagues = (call: FetchCall) =>
      call.url === `/api/v1/organisations/${MUNICIPALITY.id}/case-managers`
        ? json(200, { items: [{ id: marco, name: 'Marco Rusconi' }, { id: 'user-1', name: 'Mario Rossi' }], nextCursor: null })
        : null
    const { wrapper, calls, context } = await openList(
      (call) => (call.url.startsWith('/api/v1/cases/counts') ? json(200, counts) : json(200, { items: [summary(1, { caseManager: { id: marco, name: 'Marco Rusconi' } })], nextCursor: null })),
      `/cases?assignedTo=${marco}`,
      colleagues,
    )
    expect(listCalls(calls)[0]!.url).toBe(`/api/v1/cases?assignedTo=${marco}&limit=25`)
    expect(calls.find((c) => c.url.startsWith('/api/v1/cases/counts'))!.url).toBe(`/api/v1/cases/counts?assignedTo=${marco}`)
    const select = wrapper.get('#case-search-case-manager')
    expect((select.element as HTMLSelectElement).value).toBe(marco)
    // The caller is "assigned to me", not listed a second time by name.
    expect(select.findAll('option').map((o) => o.text())).toEqual(['Tutti i case manager', 'Assegnati a me', 'Marco Rusconi'])
    expect(wrapper.find('#case-search-mine').exists()).toBe(false)

    await select.setValue('me')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(context.router.currentRoute.value.query).toEqual({ assignedTo: 'me' })

    // A colleague no longer assignable who still holds cases (from the caseload) stays a filter.
    await context.router.push(`/cases?assignedTo=${former}`)
    await settle(10)
    expect((wrapper.get('#case-search-case-manager').element as HTMLSelectElement).value).toBe(former)
    expect(wrapper.get('#case-search-case-manager').text()).toContain('Un collega non più assegnabile')
    expect(listCalls(calls).at(-1)!.url).toBe(`/api/v1/cases?assignedTo=${former}&limit=25`)
  })
})
