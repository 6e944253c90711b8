import type { Role } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { caseOf } from '../../test/case-fixtures'
import { createAppContext, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import { matchOf, VACANCY_ID, vacancyOf } from '../../test/mediation-fixtures'
import VacancyPage from './VacancyPage.vue'

async function openVacancy(roles: Role[], api: (call: FetchCall) => Response | undefined) {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Cooperativa Lavoro', roles, 'org-coop')])))
    return api(call) ?? json(200, { items: [], nextCursor: null })
  })
  const context = createAppContext()
  await context.router.push(`/vacancies/${VACANCY_ID}`)
  await context.router.isReady()
  const wrapper = mountWithApp(VacancyPage, context, { props: { vacancyId: VACANCY_ID } })
  await settle(10)
  return { wrapper, calls }
}
const names = (wrapper: VueWrapper) => wrapper.findAll('button').map((b) => b.text())
const button = (wrapper: VueWrapper, name: string) => wrapper.findAll('button').find((b) => b.text() === name)!

describe('VacancyPage', () => {
  it('shows the vacancy, says how many candidates the user does not see, and closes it with a reason (If-Match)', async () => {
    const { wrapper, calls } = await openVacancy(['operator'], (call) => {
      if (call.url === `/api/v1/vacancies/${VACANCY_ID}`) return json(200, vacancyOf())
      if (call.url.startsWith(`/api/v1/vacancies/${VACANCY_ID}/matches`)) return json(200, { items: [matchOf()], nextCursor: null })
      if (call.url.endsWith('/transitions')) return json(200, vacancyOf({ status: 'closed', allowedTransitions: ['open'], permissions: ['update', 'transition'], version: 3 }))
      return undefined
    })
    expect(wrapper.get('h1').text()).toBe('Magazziniere')
    expect(wrapper.text()).toContain('0 posti coperti su 2')
    expect(wrapper.text()).toContain('Tempo determinato · 12 mesi')
    // Two candidates counted by the vacancy, one listed: the other's case is not the user's.
    expect(wrapper.text()).toContain('Un altro candidato è seguito da un ente di cui non vedi il caso.')
    expect(names(wrapper)).toEqual(expect.arrayContaining(['Proponi una persona', 'Modifica', "Chiudi l'opportunità"]))

    await button(wrapper, "Chiudi l'opportunità").trigger('click')
    await settle()
    await wrapper.get('#vacancy-status-reason').setValue('Posizione coperta con un candidato interno')
    await wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    const post = calls.find((c) => c.url.endsWith('/transitions'))!
    expect(post.body).toEqual({ to: 'closed', reason: 'Posizione coperta con un candidato interno' })
    expect(post.headers['if-match']).toBe('"2"')
    expect(wrapper.text()).toContain("Stato dell'opportunità: Chiusa.")
  })

  it('proposes a person found among the cases the user works, and shows the refusal next to the person', async () => {
    let refuse = true
    const { wrapper, calls } = await openVacancy(['operator'], (call) => {
      if (call.url === `/api/v1/vacancies/${VACANCY_ID}`) return json(200, vacancyOf({ matchCounts: { proposed: 0, cv_sent: 0, interview: 0, trial: 0, hired: 0, rejected: 0, withdrawn: 0 } }))
      if (call.url.startsWith('/api/v1/cases?')) return json(200, { items: [caseOf({ status: 'active' }), caseOf({ id: 'closed-case', status: 'closed', person: { id: 'p9', givenName: 'Chiusa', familyName: 'Rossi' } })], nextCursor: null })
      if (call.method === 'POST' && call.url === `/api/v1/vacancies/${VACANCY_ID}/matches`) {
        if (refuse) return problem(422, { code: 'unprocessable', detail: 'La persona non può essere candidata da te.', errors: [{ pointer: '/caseId', code: 'case_not_proposable', detail: 'Puoi candidare solo persone inviate al tuo ente (invio accettato) o seguite dal tuo comune.' }] })
        return json(201, matchOf())
      }
      return undefined
    })
    await button(wrapper, 'Proponi una persona').trigger('click')
    await settle()
    await wrapper.get('#propose-q').setValue('Brambilla')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(calls.find((c) => c.url.startsWith('/api/v1/cases?'))!.url).toBe('/api/v1/cases?q=Brambilla&limit=25')
    // Closed cases are not offered.
    const radios = wrapper.findAll('#propose-caseId input[type=radio]')
    expect(radios).toHaveLength(1)
    await radios[0]!.setValue(true)
    await wrapper.findAll('.ponte-panel form').at(-1)!.trigger('submit')
    await settle(10)
    expect(wrapper.get('#propose-caseId-error').text()).toBe('Puoi candidare solo persone inviate al tuo ente (invio accettato) o seguite dal tuo comune.')

    refuse = false
    await wrapper.findAll('.ponte-panel form').at(-1)!.trigger('submit')
    await settle(10)
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts.at(-1)!.body).toEqual({ caseId: caseOf().id })
    expect(wrapper.text()).toContain('Chiara Brambilla è stata proposta.')
  })

  it('shows a case manager the pipeline and the proposal, without editing or closing', async () => {
    const { wrapper } = await openVacancy(['case_manager'], (call) => {
      if (call.url === `/api/v1/vacancies/${VACANCY_ID}`) return json(200, vacancyOf({ permissions: ['propose'], allowedTransitions: [] }))
      return undefined
    })
    expect(names(wrapper)).toContain('Proponi una persona')
    expect(names(wrapper)).not.toContain('Modifica')
    expect(names(wrapper)).not.toContain("Chiudi l'opportunità")
  })
})
