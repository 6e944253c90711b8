import type { Match } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { drafts, draftNotice, leavingAsks } from '../../../test/drafts'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../../test/helpers'
import { matchOf, VACANCY_ID, vacancyOf } from '../../../test/mediation-fixtures'
import VacancyPage from '../../pages/VacancyPage.vue'

/** The vacancy page of an operator whose pipeline answers `matches`; a move answers `moved` (and the pipeline read again has it). */
async function openPipeline(initial: Match[], moved: (call: FetchCall) => Match) {
  let matches = initial
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Cooperativa Lavoro', ['operator'], 'org-coop')])))
    if (call.url === `/api/v1/vacancies/${VACANCY_ID}`) return json(200, vacancyOf())
    if (call.url.startsWith(`/api/v1/vacancies/${VACANCY_ID}/matches`)) return json(200, { items: matches, nextCursor: null })
    if (call.url.endsWith('/transitions')) {
      const saved = moved(call)
      matches = matches.map((m) => (m.id === saved.id ? saved : m))
      return json(200, saved)
    }
    return json(200, { items: [], nextCursor: null })
  })
  const context = createAppContext()
  await context.router.push(`/vacancies/${VACANCY_ID}`)
  await context.router.isReady()
  const wrapper = mountWithApp(VacancyPage, context, { props: { vacancyId: VACANCY_ID } })
  await settle(10)
  return { wrapper, calls, router: context.router }
}

const column = (wrapper: VueWrapper, name: RegExp) => {
  const found = wrapper.findAll('section.ponte-pipeline-column').find((s) => name.test(s.get('h3').text()))
  if (!found) throw new Error(`No column ${name}`)
  return found
}
const key = (element: Element, name: string) => element.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }))
const live = (wrapper: VueWrapper) => wrapper.get('[aria-live=polite].visually-hidden').text()

describe('the pipeline of a vacancy', () => {
  it('moves a candidate with the keyboard: the menu opens on its first move, arrows and Escape work, the move is announced and focus follows the card', async () => {
    const proposed = matchOf()
    const { wrapper, calls } = await openPipeline([proposed, matchOf({ id: 'match-2', status: 'cv_sent', person: { id: 'p2', givenName: 'Luca', familyName: 'Sala' }, allowedTransitions: ['interview', 'rejected', 'withdrawn'] })], () =>
      matchOf({ status: 'cv_sent', version: 2, allowedTransitions: ['interview', 'rejected', 'withdrawn'] }),
    )
    expect(column(wrapper, /^Proposte/).get('h3').text()).toBe('Proposte (1)')
    expect(column(wrapper, /^CV inviato/).get('h3').text()).toBe('CV inviato (1)')
    expect(column(wrapper, /^Proposte/).text()).toContain('Chiara Brambilla')

    const menuButton = wrapper.get('#match-move-match-1')
    expect(menuButton.text()).toBe('Sposta Chiara Brambilla')
    expect(menuButton.attributes('aria-haspopup')).toBe('menu')
    ;(menuButton.element as HTMLButtonElement).focus()
    key(menuButton.element, 'ArrowDown')
    await settle()
    expect(menuButton.attributes('aria-expanded')).toBe('true')
    const items = () => wrapper.findAll('[role=menuitem]')
    expect(items().map((i) => i.text())).toEqual(['CV inviato', 'Non selezionata', 'Ritirata'])
    expect(document.activeElement).toBe(items()[0]!.element)
    key(items()[0]!.element, 'ArrowDown')
    expect(document.activeElement).toBe(items()[1]!.element)
    key(items()[1]!.element, 'End')
    expect(document.activeElement).toBe(items()[2]!.element)
    key(items()[2]!.element, 'ArrowDown')
    expect(document.activeElement).toBe(items()[0]!.element)
    key(items()[0]!.element, 'Escape')
    await settle()
    expect(menuButton.attributes('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(menuButton.element)
    expect(calls.some((c) => c.url.endsWith('/transitions'))).toBe(false)

    // Enter on the button (a click) opens the menu; choosing "CV inviato" moves at once.
    await menuButton.trigger('click')
    await settle()
    await items()[0]!.trigger('click')
    await settle(10)
    const post = calls.find((c) => c.url === '/api/v1/matches/match-1/transitions')!
    expect(post.method).toBe('POST')
    expect(post.body).toEqual({ to: 'cv_sent' })
    expect(post.headers['if-match']).toBe('"1"')
    expect(post.headers['idempotency-key']).toBeTruthy()
    expect(live(wrapper)).toBe('Chiara Brambilla: CV inviato.')
    expect(column(wrapper, /^CV inviato/).text()).toContain('Chiara Brambilla')
    expect(column(wrapper, /^Proposte/).text()).not.toContain('Chiara Brambilla')
    expect(document.activeElement?.id).toBe('match-move-match-1')
  })

  it('asks for the placement before a hire, sends it, and announces the job placement it created', async () => {
    const interview = matchOf({ status: 'interview', version: 3, allowedTransitions: ['trial', 'hired', 'rejected', 'withdrawn'] })
    const { wrapper, calls } = await openPipeline([interview], () => matchOf({ status: 'hired', version: 4, allowedTransitions: [], placementMeasureId: '00000000-0000-7000-8000-0000000000d1' }))
    await wrapper.get('#match-move-match-1').trigger('click')
    await settle()
    await wrapper.findAll('[role=menuitem]').find((i) => i.text() === 'Assunta')!.trigger('click')
    await settle()
    expect(document.activeElement?.textContent).toBe('Chiara Brambilla: Assunta')
    expect(calls.some((c) => c.url.endsWith('/transitions'))).toBe(false)
    expect((wrapper.get('#match-match-1-placement-contractType').element as HTMLSelectElement).value).toBe('fixed_term')
    expect((wrapper.get('#match-match-1-placement-fixedTermMonths').element as HTMLInputElement).value).toBe('12')
    await wrapper.get('#match-match-1-placement-startDate').setValue('2026-12-01')
    await wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    const post = calls.find((c) => c.url === '/api/v1/matches/match-1/transitions')!
    expect(post.body).toEqual({ to: 'hired', placement: { startDate: '2026-12-01', contractType: 'fixed_term', fixedTermMonths: 12, l68Quota: false } })
    expect(post.headers['if-match']).toBe('"3"')
    expect(live(wrapper)).toBe('Chiara Brambilla: Assunta. Inserimento lavorativo creato.')
    expect(column(wrapper, /^Assunte/).text()).toContain('Inserimento lavorativo creato.')
    const placementLink = column(wrapper, /^Assunte/).get('.ponte-match-measure a')
    expect(placementLink.attributes('href')).toBe('/measures/00000000-0000-7000-8000-0000000000d1')
    expect(placementLink.text()).toBe('Inserimento lavorativo creato. (Chiara Brambilla)')
    // Hired has no further move: focus goes to the card's heading.
    expect(document.activeElement?.id).toBe('match-title-match-1')
  })

  it('sends the internship a trial creates, its allowance in cents', async () => {
    const interview = matchOf({ status: 'interview', version: 3, allowedTransitions: ['trial', 'hired', 'rejected', 'withdrawn'] })
    const { wrapper, calls } = await openPipeline([interview], () => matchOf({ status: 'trial', version: 4, allowedTransitions: ['hired', 'rejected', 'withdrawn'], internshipMeasureId: '00000000-0000-7000-8000-0000000000d2' }))
    await wrapper.get('#match-move-match-1').trigger('click')
    await settle()
    await wrapper.findAll('[role=menuitem]').find((i) => i.text() === 'Prova / tirocinio')!.trigger('click')
    await settle()
    await wrapper.get('#match-match-1-internship-startDate').setValue('2026-12-01')
    await wrapper.get('#match-match-1-internship-plannedEndDate').setValue('2027-05-31')
    await wrapper.get('#match-match-1-internship-monthlyAllowanceCents').setValue('450,50')
    await wrapper.get('#match-match-1-internship-dailyHours').setValue('7,5')
    await wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    expect(calls.find((c) => c.url.endsWith('/transitions'))!.body).toEqual({
      to: 'trial',
      internship: { kind: 'internship_orientation', startDate: '2026-12-01', plannedEndDate: '2027-05-31', dailyHours: 7.5, weeklyHours: 30, monthlyAllowanceCents: 45050, mealVouchers: false, eqfLevel: 3, targetGroup: 'unemployed' },
    })
    expect(live(wrapper)).toBe('Chiara Brambilla: Prova / tirocinio. Tirocinio creato.')
    expect(column(wrapper, /^Prova/).get('.ponte-match-measure a').attributes('href')).toBe('/measures/00000000-0000-7000-8000-0000000000d2')
  })

  it('asks why a candidate leaves the pipeline and shows a refused move next to the card', async () => {
    const { wrapper, calls } = await openPipeline([matchOf()], () => matchOf({ status: 'withdrawn', allowedTransitions: [] }))
    await wrapper.get('#match-move-match-1').trigger('click')
    await settle()
    await wrapper.findAll('[role=menuitem]').find((i) => i.text() === 'Ritirata')!.trigger('click')
    await settle()
    await wrapper.get('.ponte-panel form').trigger('submit')
    await settle()
    expect(calls.some((c) => c.url.endsWith('/transitions'))).toBe(false)
    expect(wrapper.get('.ponte-panel').text()).toContain('Questo campo è obbligatorio.')
    await wrapper.get('#match-match-1-reason').setValue('Ha trovato lavoro altrove')
    await wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    expect(calls.find((c) => c.url.endsWith('/transitions'))!.body).toEqual({ to: 'withdrawn', reason: 'Ha trovato lavoro altrove' })
    expect(column(wrapper, /^Non proseguono/).text()).toContain('Ritirata')
  })
})

describe('the form of a move keeps its draft', () => {
  it('asks before leaving the page, comes back with the notice and what was typed, forgotten once the move is sent', async () => {
    const interview = matchOf({ status: 'interview', version: 3, allowedTransitions: ['trial', 'hired', 'rejected', 'withdrawn'] })
    const hired = () => matchOf({ status: 'hired', version: 4, allowedTransitions: [] })
    const first = await openPipeline([interview], hired)
    await first.wrapper.get('#match-move-match-1').trigger('click')
    await settle()
    await first.wrapper.findAll('[role=menuitem]').find((i) => i.text() === 'Assunta')!.trigger('click')
    await settle()
    await first.wrapper.get('#match-match-1-placement-startDate').setValue('2026-12-01')
    await first.wrapper.get('#match-match-1-placement-fixedTermMonths').setValue('6')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await openPipeline([interview], hired)
    await settle(10)
    expect((again.wrapper.get('#match-match-1-placement-startDate').element as HTMLInputElement).value).toBe('2026-12-01')
    expect((again.wrapper.get('#match-match-1-placement-fixedTermMonths').element as HTMLInputElement).value).toBe('6')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.url === '/api/v1/matches/match-1/transitions')!.body).toEqual({ to: 'hired', placement: { startDate: '2026-12-01', contractType: 'fixed_term', fixedTermMonths: 6, l68Quota: false } })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })
})
