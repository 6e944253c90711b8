import { describe, expect, it } from 'vitest'
import { MUNICIPALITY } from '../../test/case-fixtures'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import { summaryOf } from '../../test/puc-fixtures'
import type { Role } from '@ponte/shared'
import PucProjectsPage from './PucProjectsPage.vue'

async function open(roles: Role[], api: (call: FetchCall) => Response) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([membership('Comune di Valmadrera', roles, MUNICIPALITY.id)]))) : api(call)))
  const context = createAppContext()
  await context.router.push('/puc')
  await context.router.isReady()
  const wrapper = mountWithApp(PucProjectsPage, context)
  await settle(10)
  return { wrapper, calls }
}

const listCalls = (calls: FetchCall[]) => calls.filter((c) => c.url.startsWith('/api/v1/puc-projects'))

describe('PucProjectsPage', () => {
  it('lists the projects with area, implementing organisation, free seats and people at work, and filters them', async () => {
    const { wrapper, calls } = await open(['puc_manager'], () => json(200, { items: [summaryOf(), summaryOf({ id: 'p2', title: 'Biblioteca aperta', area: 'cultural', activeAssignments: 0 })], nextCursor: null }))
    expect(listCalls(calls)[0]!.url).toBe('/api/v1/puc-projects?limit=25')
    const rows = wrapper.findAll('tbody tr')
    expect(rows.map((r) => r.get('th').text())).toEqual(['Valmadrera più verde', 'Biblioteca aperta'])
    expect(rows[0]!.text()).toContain('Ambientale')
    expect(rows[0]!.text()).toContain('Cooperativa Sociale Lavoro e Comunità')
    expect(rows[0]!.text()).toContain('1 su 5')
    expect(rows[0]!.get('a').attributes('href')).toBe(`/puc/projects/${summaryOf().id}`)
    expect(wrapper.get('.ponte-count').text()).toBe('2 progetti mostrati')

    await wrapper.get('#puc-search-q').setValue('verde')
    await wrapper.get('#puc-search-area').setValue('environmental')
    await wrapper.get('#puc-search-current').setValue(true)
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(listCalls(calls).at(-1)!.url).toBe('/api/v1/puc-projects?q=verde&area=environmental&current=true&limit=25')
  })

  it('offers a new project and the INAIL deadlines to the PUC manager, not to the implementing organisation\'s operator', async () => {
    const manager = await open(['puc_manager'], () => json(200, { items: [], nextCursor: null }))
    expect(manager.wrapper.findAll('a').map((a) => a.text())).toEqual(expect.arrayContaining(['Nuovo progetto', 'Scadenze INAIL']))
    expect(manager.wrapper.get('.ponte-count').text()).toBe('Nessun progetto corrisponde ai filtri.')
    manager.wrapper.unmount()

    const operator = await open(['operator'], () => json(200, { items: [summaryOf()], nextCursor: null }))
    expect(operator.wrapper.findAll('a').map((a) => a.text())).not.toContain('Nuovo progetto')
    expect(operator.wrapper.text()).toContain('che la tua organizzazione attua')
  })
})
