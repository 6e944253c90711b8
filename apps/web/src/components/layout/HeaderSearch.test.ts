import type { PersonSearchResult } from '@ponte/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { arrivalAt, createAppContext, eventually, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../../test/helpers'
import HeaderSearch from './HeaderSearch.vue'

const coordinator = membership('Comune di Valmadrera', ['coordinator'], 'org-valmadrera')

const result = (overrides: Partial<PersonSearchResult> = {}): PersonSearchResult => ({
  id: '0190a000-0000-7000-8000-0000000000p1',
  municipalityId: 'org-valmadrera',
  givenName: 'Maria',
  familyName: 'Brambilla',
  taxCode: 'BRMMRA75D42E507X',
  birthDate: '1975-04-02',
  sex: 'F',
  match: 'name',
  score: 900,
  case: { id: '0190a000-0000-7000-8000-0000000000c1', status: 'active', episode: 1 },
  ...overrides,
})

async function mountSearch(answer: (call: FetchCall) => Response, props: { canOpenCases?: boolean; debounceMs?: number } = {}) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([coordinator]))) : answer(call)))
  const context = createAppContext()
  await context.router.push('/')
  await context.router.isReady()
  const wrapper = mountWithApp(HeaderSearch, context, { props: { canOpenCases: true, debounceMs: 0, ...props } })
  await settle()
  const input = wrapper.get('input')
  const searches = () => calls.filter((c) => c.url.includes('/persons/search'))
  return { wrapper, context, input, searches }
}

const options = (wrapper: Awaited<ReturnType<typeof mountSearch>>['wrapper']) => wrapper.findAll('[role=option]')

afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

describe('HeaderSearch', () => {
  it('is a labelled combobox that searches once the typing pauses, with the name in the POST body, never in the URL', async () => {
    const { wrapper, input, searches } = await mountSearch(() => json(200, { items: [result()], nextCursor: null }), { debounceMs: 300 })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    expect(input.attributes()).toMatchObject({ role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'header-search-listbox', 'aria-autocomplete': 'list' })
    expect(wrapper.get(`label[for=${input.attributes('id')}]`).text()).toBe('Cerca una persona o un caso per nome o codice fiscale')

    for (const text of ['m', 'ma', 'mar', 'maria brambila']) await input.setValue(text)
    vi.advanceTimersByTime(299)
    expect(searches()).toHaveLength(0)
    vi.advanceTimersByTime(1)
    vi.useRealTimers()
    await eventually(() => expect(options(wrapper)).toHaveLength(1))
    expect(searches()).toHaveLength(1)
    expect(searches()[0]).toMatchObject({ url: '/api/v1/persons/search', method: 'POST', body: { name: 'maria brambila', limit: 8 } })
    expect(input.attributes('aria-expanded')).toBe('true')
    expect(options(wrapper)[0]!.text()).toBe('Maria Brambilla nata il 02/04/1975, caso: Progetto in corso')
    expect(wrapper.get('[role=status]').text()).toBe('Un risultato: usa le frecce su e giù per sceglierlo')
  })

  it('moves through the results with the arrows (aria-activedescendant) and opens the chosen case with Enter', async () => {
    const second = result({ id: '0190a000-0000-7000-8000-0000000000p2', givenName: 'Mario', sex: 'M', case: { id: '0190a000-0000-7000-8000-0000000000c2', status: 'closed', episode: 2 } })
    const { wrapper, context, input } = await mountSearch(() => json(200, { items: [result(), second], nextCursor: null }))
    await input.setValue('brambilla')
    await eventually(() => expect(options(wrapper)).toHaveLength(2))
    expect(input.attributes('aria-activedescendant')).toBeUndefined()
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(input.attributes('aria-activedescendant')).toBe('header-search-option-0')
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(input.attributes('aria-activedescendant')).toBe('header-search-option-1')
    expect(options(wrapper)[1]!.attributes('aria-selected')).toBe('true')
    expect(options(wrapper)[1]!.text()).toContain('nato il 02/04/1975, caso: Chiuso')
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(input.attributes('aria-activedescendant')).toBe('header-search-option-0')
    await input.trigger('keydown', { key: 'ArrowUp' })
    expect(input.attributes('aria-activedescendant')).toBe('header-search-option-1')

    const arrived = arrivalAt(context.router, 'case')
    await input.trigger('keydown', { key: 'Enter' })
    await arrived
    expect(context.router.currentRoute.value.fullPath).toBe('/cases/0190a000-0000-7000-8000-0000000000c2')
    expect((input.element as HTMLInputElement).value).toBe('')
    expect(input.attributes('aria-expanded')).toBe('false')
  })

  it('searches a codice fiscale as a tax code, says "Nessun risultato", and Escape closes the list then clears the box', async () => {
    const { wrapper, input, searches } = await mountSearch(() => json(200, { items: [], nextCursor: null }))
    await input.setValue('brm mra 75d42 e507 x')
    await eventually(() => expect(wrapper.get('[role=status]').text()).toBe('Nessun risultato'))
    expect(searches()[0]!.body).toEqual({ taxCode: 'BRMMRA75D42E507X', limit: 8 })
    expect(wrapper.get('.ponte-header-search-empty').text()).toBe('Nessun risultato')
    expect(options(wrapper)).toHaveLength(0)
    await input.trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('.ponte-header-search-empty').exists()).toBe(false)
    expect((input.element as HTMLInputElement).value).toBe('brm mra 75d42 e507 x')
    await input.trigger('keydown', { key: 'Escape' })
    expect((input.element as HTMLInputElement).value).toBe('')
  })

  it('leads to opening a case for a person found without one, and offers nothing to open to whoever cannot', async () => {
    const alone = result({ case: null })
    const { wrapper, context, input } = await mountSearch(() => json(200, { items: [alone], nextCursor: null }))
    await input.setValue('maria')
    await eventually(() => expect(options(wrapper)).toHaveLength(1))
    expect(options(wrapper)[0]!.text()).toContain('nessun caso: aprine uno')
    const arrived = arrivalAt(context.router, 'case-new')
    await options(wrapper)[0]!.trigger('click')
    await arrived
    expect(context.router.currentRoute.value.query).toEqual({ personId: alone.id })
  })

  it('follows the language switch', async () => {
    const { wrapper, context, input } = await mountSearch(() => json(200, { items: [], nextCursor: null }))
    await input.setValue('nessuno')
    await eventually(() => expect(wrapper.get('[role=status]').text()).toBe('Nessun risultato'))
    context.i18n.global.locale.value = 'en'
    await settle()
    expect(wrapper.get('[role=status]').text()).toBe('No results')
    expect(input.attributes('placeholder')).toBe('Name or tax code')
  })
})
