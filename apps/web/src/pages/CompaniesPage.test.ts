import type { Role } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { companySummaryOf } from '../../test/mediation-fixtures'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import CompaniesPage from './CompaniesPage.vue'

async function openList(roles: Role[], api: (call: FetchCall) => Response, path = '/companies') {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([membership('Cooperativa Lavoro', roles, 'org-coop')]))) : api(call)))
  const context = createAppContext()
  await context.router.push(path)
  await context.router.isReady()
  const wrapper = mountWithApp(CompaniesPage, context)
  await settle(10)
  return { wrapper, calls }
}

const rows = (wrapper: VueWrapper) => wrapper.findAll('tbody th').map((th) => th.find('a').text())
const listCalls = (calls: FetchCall[]) => calls.filter((c) => c.url.startsWith('/api/v1/companies'))

describe('CompaniesPage', () => {
  it('lists the companies with status and open vacancies, filters by name and relationship status, loads more', async () => {
    const second = companySummaryOf({ id: '00000000-0000-7000-8000-0000000000e2', name: 'Trattoria del Moregallo', relationshipStatus: 'contacted', employees: 4, openVacancies: 0, followedBy: null })
    const { wrapper, calls } = await openList(['operator'], (call) => {
      const url = new URL(call.url, 'http://x')
      if (url.searchParams.get('cursor') === 'c2') return json(200, { items: [second], nextCursor: null })
      if (url.searchParams.getAll('relationshipStatus').length > 0) return json(200, { items: [second], nextCursor: null })
      return json(200, { items: [companySummaryOf()], nextCursor: 'c2' })
    })
    expect(listCalls(calls)[0]!.url).toBe('/api/v1/companies?limit=25')
    expect(rows(wrapper)).toEqual(['Officine Lario S.p.A.'])
    const first = wrapper.get('tbody tr')
    expect(first.text()).toContain('Partner')
    expect(first.text()).toContain('00884210130')
    expect(first.text()).toContain('Seguita da Sara Corti')
    expect(wrapper.get('tbody tr a').attributes('href')).toBe(`/companies/${companySummaryOf().id}`)
    // An operator keeps the book: registering and importing are offered.
    expect(wrapper.findAll('a').map((a) => a.text())).toEqual(expect.arrayContaining(["Registra un'azienda", 'Importa aziende']))

    await wrapper.findAll('button').find((b) => b.text() === 'Carica altri')!.trigger('click')
    await settle(10)
    expect(rows(wrapper)).toEqual(['Officine Lario S.p.A.', 'Trattoria del Moregallo'])
    expect(wrapper.get('.ponte-count').text()).toBe('2 aziende mostrate')

    await wrapper.get('#company-search-q').setValue('Moregallo')
    const contacted = wrapper.findAll('input[type=checkbox]').find((input) => wrapper.get(`label[for="${input.attributes('id')}"]`).text() === 'Contattata')!
    await contacted.setValue(true)
    const available = wrapper.findAll('input[type=checkbox]').find((input) => wrapper.get(`label[for="${input.attributes('id')}"]`).text() === 'Disponibile')!
    await available.setValue(true)
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(listCalls(calls).at(-1)!.url).toBe('/api/v1/companies?q=Moregallo&relationshipStatus=contacted&relationshipStatus=available&limit=25')
    expect(rows(wrapper)).toEqual(['Trattoria del Moregallo'])

    // A partita IVA typed in the same field is searched exactly.
    await wrapper.get('#company-search-q').setValue('IT 00884210130')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(listCalls(calls).at(-1)!.url).toBe('/api/v1/companies?vatNumber=00884210130&relationshipStatus=contacted&relationshipStatus=available&limit=25')
  })

  it('takes a status from a link, says when nothing matches, and offers a case manager no registration', async () => {
    const { wrapper, calls } = await openList(['case_manager'], () => json(200, { items: [], nextCursor: null }), '/companies?status=inactive')
    expect(listCalls(calls)[0]!.url).toBe('/api/v1/companies?relationshipStatus=inactive&limit=25')
    expect(wrapper.find('table').exists()).toBe(false)
    expect(wrapper.get('.ponte-count').text()).toBe('Nessuna azienda corrisponde ai filtri.')
    expect(wrapper.findAll('a').map((a) => a.text())).not.toContain("Registra un'azienda")
    expect(wrapper.findAll('a').map((a) => a.text())).not.toContain('Importa aziende')
  })
})
