/** On a phone-narrow screen the main navigation is one "Menu" button and the case header a summary, each opening what it hides. */
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { caseOf } from '../../../test/case-fixtures'
import { arrivalAt, createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch } from '../../../test/helpers'
import App from '../../App.vue'
import CaseHeader from '../cases/CaseHeader.vue'

/** A screen `width` px wide, as matchMedia answers it. */
function screenOf(width: number) {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: query.includes('max-width: 767.98px') && width < 768,
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }))
}

const shown = (wrapper: VueWrapper, selector: string) => (wrapper.get(selector).element as HTMLElement).style.display !== 'none'

describe('on a phone', () => {
  it('shows the main navigation behind a Menu button, closed again once a page is chosen', async () => {
    screenOf(390)
    stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([membership('Comune di Valmadrera', ['coordinator', 'org_admin'])]))) : json(200, { items: [], nextCursor: null })))
    const context = createAppContext()
    await context.router.push('/')
    await context.router.isReady()
    const wrapper = mountWithApp(App, context)
    await settle()
    const toggle = wrapper.get('nav.ponte-main-nav button')
    expect(toggle.text()).toBe('Menu')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(toggle.attributes('aria-controls')).toBe('ponte-main-nav-list')
    expect(shown(wrapper, '#ponte-main-nav-list')).toBe(false)

    await toggle.trigger('click')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(shown(wrapper, '#ponte-main-nav-list')).toBe(true)
    const arrived = arrivalAt(context.router, 'admin-users')
    await wrapper.get('nav.ponte-main-nav a[href="/admin/users"]').trigger('click')
    await arrived
    await settle()
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(shown(wrapper, '#ponte-main-nav-list')).toBe(false)
  })

  it('shows the case header as its status and case manager, the other details behind a button', async () => {
    screenOf(390)
    const wrapper = mountWithApp(CaseHeader, createAppContext(), { props: { caseItem: caseOf({ sourceNotes: 'Segnalata dal CPI' }) } })
    const visibleTerms = () => wrapper.findAll('dt').filter((dt) => (dt.element.parentElement as HTMLElement).style.display !== 'none' && (dt.element.closest('dl') as HTMLElement).style.display !== 'none').map((dt) => dt.text())
    expect(visibleTerms()).toEqual(['Stato', 'Case manager'])
    const toggle = wrapper.get('button')
    expect(toggle.text()).toBe('Mostra tutti i dati del caso')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    await toggle.trigger('click')
    expect(toggle.text()).toBe('Nascondi i dati del caso')
    expect(visibleTerms()).toEqual(['Stato', 'Episodio', 'Comune', 'Case manager', 'Aperto il', 'Provenienza', 'Note sulla provenienza'])
  })

  it('keeps the navigation and the whole case header in view on a wider screen', async () => {
    screenOf(1280)
    const wrapper = mountWithApp(CaseHeader, createAppContext(), { props: { caseItem: caseOf() } })
    expect(wrapper.find('button').exists()).toBe(false)
    expect(wrapper.findAll('dt').every((dt) => (dt.element.parentElement as HTMLElement).style.display !== 'none')).toBe(true)
  })
})
