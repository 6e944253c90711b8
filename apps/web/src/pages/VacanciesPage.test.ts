import { describe, expect, it } from 'vitest'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch } from '../../test/helpers'
import { vacancyOf, VACANCY_ID } from '../../test/mediation-fixtures'
import VacanciesPage from './VacanciesPage.vue'

describe('VacanciesPage', () => {
  it('lists the open vacancies first, each linking to its pipeline, and searches by title and status', async () => {
    const { calls } = stubFetch((call) => {
      if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Comune di Valmadrera', ['case_manager'])])))
      return json(200, { items: [vacancyOf({ deadline: '2026-12-20' })], nextCursor: null })
    })
    const context = createAppContext()
    await context.router.push('/vacancies')
    await context.router.isReady()
    const wrapper = mountWithApp(VacanciesPage, context)
    await settle(10)
    expect(calls.find((c) => c.url.startsWith('/api/v1/vacancies'))!.url).toBe('/api/v1/vacancies?status=open&limit=25')
    const row = wrapper.get('tbody tr')
    expect(row.get('th a').attributes('href')).toBe(`/vacancies/${VACANCY_ID}`)
    expect(row.text()).toContain('Officine Lario S.p.A.')
    expect(row.text()).toContain('0 / 2')
    expect(row.text()).toContain('20/12/2026')
    // Candidates in progress: proposed 1 + CV sent 1.
    expect(row.findAll('td')[3]!.text()).toBe('2')

    await wrapper.get('#vacancy-search-q').setValue('magazz')
    const closed = wrapper.findAll('input[type=checkbox]').find((input) => wrapper.get(`label[for="${input.attributes('id')}"]`).text() === 'Chiusa')!
    await closed.setValue(true)
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(calls.filter((c) => c.url.startsWith('/api/v1/vacancies')).at(-1)!.url).toBe('/api/v1/vacancies?q=magazz&status=open&status=closed&limit=25')
    expect(wrapper.get('.ponte-count').text()).toBe('1 opportunità mostrata')
  })
})
