import type { Role } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { caseOf } from '../../test/case-fixtures'
import { drafts, draftNotice, leavingAsks } from '../../test/drafts'
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
  return { wrapper, calls, router: context.router }
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

describe("the vacancy page's forms keep their drafts", () => {
  const api = (call: FetchCall) => {
    if (call.url === `/api/v1/vacancies/${VACANCY_ID}`) return json(200, vacancyOf())
    if (call.url.startsWith('/api/v1/cases?')) return json(200, { items: [caseOf({ status: 'active' })], nextCursor: null })
    if (call.url.endsWith('/transitions')) return json(200, vacancyOf({ status: 'closed', allowedTransitions: ['open'], permissions: ['update', 'transition'], version: 3 }))
    return undefined
  }

  it('the reason for closing it: asks before leaving, comes back with the notice, forgotten once sent', async () => {
    const first = await openVacancy(['operator'], api)
    await button(first.wrapper, "Chiudi l'opportunità").trigger('click')
    await settle()
    await first.wrapper.get('#vacancy-status-reason').setValue('Posizione coperta con un candidato interno')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await openVacancy(['operator'], api)
    await settle(10)
    expect((again.wrapper.get('#vacancy-status-reason').element as HTMLTextAreaElement).value).toBe('Posizione coperta con un candidato interno')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.url.endsWith('/transitions'))!.body).toEqual({ to: 'closed', reason: 'Posizione coperta con un candidato interno' })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })

  it('a proposal: comes back with the person found and the note; a cancel forgets it', async () => {
    const first = await openVacancy(['operator'], api)
    await button(first.wrapper, 'Proponi una persona').trigger('click')
    await settle()
    await first.wrapper.get('#propose-q').setValue('Brambilla')
    await first.wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    await first.wrapper.get('#propose-caseId input[type=radio]').setValue(true)
    await first.wrapper.get('#propose-note').setValue('Esperienza di magazzino')
    await settle()
    expect(drafts()).toHaveLength(1)
    first.wrapper.unmount()

    const again = await openVacancy(['operator'], api)
    await settle(10)
    expect((again.wrapper.get('#propose-q').element as HTMLInputElement).value).toBe('Brambilla')
    expect((again.wrapper.get('#propose-caseId input[type=radio]').element as HTMLInputElement).checked).toBe(true)
    expect((again.wrapper.get('#propose-note').element as HTMLTextAreaElement).value).toBe('Esperienza di magazzino')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await button(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    expect(again.wrapper.find('#propose-note').exists()).toBe(false)
  })
})
