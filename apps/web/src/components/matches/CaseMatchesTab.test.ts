import { describe, expect, it } from 'vitest'
import { CASE_ID, mountTab, page, pathOf } from '../../../test/case-records'
import { drafts, draftNotice, leavingAsks } from '../../../test/drafts'
import { json, problem, settle, type FetchCall } from '../../../test/helpers'
import { matchOf, VACANCY_ID, vacancyOf } from '../../../test/mediation-fixtures'
import CaseMatchesTab from './CaseMatchesTab.vue'

describe('the "Candidature" tab of the case page', () => {
  it('shows where the person has been proposed, where each candidacy stands, its steps and the placement a hire created', async () => {
    const hired = matchOf({
      status: 'hired',
      placementMeasureId: '00000000-0000-7000-8000-0000000000d1',
      allowedTransitions: [],
      steps: [
        { from: null, to: 'proposed', reason: null, by: { id: 'user-1', name: 'Sara Corti' }, at: '2026-11-20T09:00:00.000Z' },
        { from: 'proposed', to: 'hired', reason: null, by: { id: 'user-1', name: 'Sara Corti' }, at: '2026-11-25T09:00:00.000Z' },
      ],
    })
    const rejected = matchOf({ id: 'match-2', status: 'rejected', vacancy: { ...matchOf().vacancy, id: 'v2', title: 'Cassiera' }, allowedTransitions: [] })
    const { wrapper, calls } = await mountTab(CaseMatchesTab, {}, (call) => (pathOf(call) === `/cases/${CASE_ID}/matches` ? json(200, page([hired, rejected])) : json(200, page([]))))
    expect(calls.some((c) => pathOf(c) === `/cases/${CASE_ID}/matches`)).toBe(true)
    expect(wrapper.get('h2').text()).toBe('Candidature')
    const cards = wrapper.findAll('article')
    expect(cards).toHaveLength(2)
    expect(cards[0]!.get('h3').text()).toBe('Magazziniere — Officine Lario S.p.A.')
    expect(cards[0]!.get('h3 a').attributes('href')).toBe(`/vacancies/${VACANCY_ID}`)
    expect(cards[0]!.text()).toContain('Assunta')
    expect(cards[0]!.text()).toContain("Inserimento lavorativo creato con l'assunzione.")
    // The placement the hire created is linked to its page.
    expect(cards[0]!.get('.ponte-match-measure a').attributes('href')).toBe('/measures/00000000-0000-7000-8000-0000000000d1')
    expect(cards[0]!.text()).toContain('2 passaggi')
    expect(cards[1]!.text()).toContain('Non selezionata')
    expect(cards[1]!.text()).not.toContain('Inserimento lavorativo creato')
  })

  it('proposes the person for an open vacancy found by title, and explains a refusal of the API', async () => {
    let refuse = true
    const { wrapper, calls } = await mountTab(CaseMatchesTab, {}, (call) => {
      if (pathOf(call) === '/vacancies') return json(200, page([vacancyOf(), vacancyOf({ id: 'v-closed', title: 'Senza diritto', permissions: ['update'] })]))
      if (pathOf(call) === `/vacancies/${VACANCY_ID}/matches` && call.method === 'POST') {
        if (refuse) return problem(409, { code: 'match-already-live', detail: 'La persona è già candidata a questa opportunità.', existingId: 'match-1' })
        return json(201, matchOf())
      }
      return json(200, page([]))
    })
    await wrapper.get('#case-propose-open').trigger('click')
    await settle()
    expect(document.activeElement?.id).toBe('case-propose-heading')
    await wrapper.get('#case-propose-q').setValue('magazz')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(calls.find((c) => pathOf(c) === '/vacancies')!.url).toBe('/api/v1/vacancies?status=open&limit=50&q=magazz')
    // Only the vacancies the user may propose for are offered.
    const radios = wrapper.findAll('input[type=radio]')
    expect(radios).toHaveLength(1)
    await radios[0]!.setValue(true)
    await wrapper.get('#case-propose-note').setValue('Esperienza di magazzino')
    await wrapper.findAll('form').at(-1)!.trigger('submit')
    await settle(10)
    expect(wrapper.get('.ponte-panel [role=alert]').text()).toContain('La persona è già candidata a questa opportunità.')

    refuse = false
    await wrapper.findAll('form').at(-1)!.trigger('submit')
    await settle(10)
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts.at(-1)!.body).toEqual({ caseId: CASE_ID, note: 'Esperienza di magazzino' })
    // A retried submission of the same draft keeps its Idempotency-Key.
    expect(posts[0]!.headers['idempotency-key']).toBe(posts[1]!.headers['idempotency-key'])
    expect(wrapper.text()).toContain('Proposta per Magazziniere (Officine Lario S.p.A.).')
  })

  it('offers no proposal on a closed case', async () => {
    const { wrapper } = await mountTab(CaseMatchesTab, { caseStatus: 'closed' }, () => json(200, page([])))
    expect(wrapper.find('#case-propose-open').exists()).toBe(false)
    expect(wrapper.text()).toContain('La persona non è stata ancora proposta per nessuna opportunità.')
  })
})

describe('the proposal from the case keeps its draft', () => {
  it('across a change of tab or page, asking before leaving; back with the notice, the vacancy and the note; sent or cancelled, it is gone', async () => {
    const api = (call: FetchCall) => {
      if (pathOf(call) === '/vacancies') return json(200, page([vacancyOf()]))
      if (call.method === 'POST') return json(201, matchOf())
      return json(200, page([]))
    }
    const first = await mountTab(CaseMatchesTab, {}, api)
    await first.wrapper.get('#case-propose-open').trigger('click')
    await settle()
    await first.wrapper.get('#case-propose-q').setValue('magazz')
    await first.wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    await first.wrapper.get('input[type=radio]').setValue(true)
    await first.wrapper.get('#case-propose-note').setValue('Esperienza di magazzino')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await mountTab(CaseMatchesTab, {}, api)
    await settle(10)
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    expect((again.wrapper.get('#case-propose-q').element as HTMLInputElement).value).toBe('magazz')
    expect((again.wrapper.get('#case-propose-note').element as HTMLTextAreaElement).value).toBe('Esperienza di magazzino')
    expect((again.wrapper.get('input[type=radio]').element as HTMLInputElement).checked).toBe(true)
    await again.wrapper.findAll('form').at(-1)!.trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toEqual({ caseId: CASE_ID, note: 'Esperienza di magazzino' })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)

    await again.wrapper.get('#case-propose-open').trigger('click')
    await settle()
    await again.wrapper.get('#case-propose-note').setValue('Da non tenere')
    await settle()
    expect(drafts()).toHaveLength(1)
    await again.wrapper.findAll('button').find((b) => b.text() === 'Annulla')!.trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    again.wrapper.unmount()
    const third = await mountTab(CaseMatchesTab, {}, api)
    expect(third.wrapper.find('.ponte-panel').exists()).toBe(false)
  })
})
