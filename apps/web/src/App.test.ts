import type { Membership } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { arrivalAt, createAppContext, eventually, focusArrivesAt, json, me, membership, mountWithApp, problem, session, settle, stubFetch } from '../test/helpers'
import App from './App.vue'
import { endSession } from './api/http'
import { LOCALE_STORAGE_KEY } from './stores/preferences'
import { ACTIVE_ORGANISATION_STORAGE_KEY } from './stores/session'

const valmadrera = membership('Comune di Valmadrera', ['coordinator', 'org_admin'], 'org-valmadrera')
const civate = membership('Comune di Civate', ['case_manager'], 'org-civate')

/** The whole app at `path`, signed in with these memberships (or signed out). */
async function openApp(memberships: Membership[] | null, path = '/') {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return memberships ? json(200, session(me(memberships))) : problem(401)
    if (call.url.endsWith('/auth/logout')) return json(204, null)
    return json(200, { items: [], nextCursor: null })
  })
  const context = createAppContext()
  await context.router.push(path)
  await context.router.isReady()
  const wrapper = mountWithApp(App, context)
  await settle()
  return { wrapper, context, calls }
}

const navLinks = (wrapper: VueWrapper) => wrapper.findAll('nav.ponte-main-nav a').map((a) => a.text())

describe('the app shell', () => {
  it('offers a skip link to the main content first, then header, <main id="main"> and footer', async () => {
    const { wrapper } = await openApp([valmadrera])
    const skip = wrapper.get('a')
    expect(skip.text()).toBe('Vai al contenuto principale')
    expect(skip.attributes('href')).toBe('#main')
    await skip.trigger('click')
    expect(document.activeElement?.id).toBe('main')
    expect(wrapper.find('header').exists()).toBe(true)
    expect(wrapper.get('main').attributes('id')).toBe('main')
    expect(wrapper.find('footer').exists()).toBe(true)
    expect(wrapper.get('header').text()).toContain('Ponte')
    expect(wrapper.get('header').text()).toContain('Mario Rossi')
  })

  it('shows the home cards of each role of the active organisation, with links for admins', async () => {
    const { wrapper } = await openApp([valmadrera, civate])
    expect(wrapper.get('h1').text()).toBe('Benvenuto in Ponte, Mario')
    // What is due first, the welcome of each role after it (drawn one card per task, useDrawnInTurn).
    await eventually(() => expect(wrapper.findAll('main h2')).toHaveLength(8))
    expect(wrapper.findAll('main h2').map((h) => h.text())).toEqual([
      'Scadenze dei miei casi',
      'Da approvare',
      "Carico di lavoro dell'équipe",
      'Casi del Comune',
      'Prossime azioni con le aziende',
      'Verifiche dei percorsi',
      "Amministratore dell'ente",
      'Coordinatore',
    ])
    expect(wrapper.get('main').text()).toContain('Gestisci gli utenti di Comune di Valmadrera')
    expect(wrapper.findAll('main .ponte-card-links a').map((a) => a.text())).toEqual(['Gestisci gli utenti e i ruoli', 'Progetti PUC'])
  })

  it('switches the active organisation in the header, remembers it, and shows the nav of its roles', async () => {
    const { wrapper } = await openApp([valmadrera, civate])
    expect(navLinks(wrapper)).toEqual(['Pagina iniziale', 'Casi', 'Nuova persona', 'Aziende', 'Opportunità', 'Percorsi', 'Gruppi', 'Progetti PUC', 'Scadenze INAIL', 'Utenti', 'Integrazioni'])
    const select = wrapper.get('select#active-organisation')
    expect(wrapper.get('label[for=active-organisation]').text()).toBe('Ente')
    await select.setValue('org-civate')
    await settle()
    expect(localStorage.getItem(ACTIVE_ORGANISATION_STORAGE_KEY)).toBe('org-civate')
    expect(navLinks(wrapper)).toEqual(['Pagina iniziale', 'Casi', 'Nuova persona', 'Aziende', 'Opportunità', 'Percorsi', 'Gruppi'])
    // The cards of the new membership's roles are downloaded now (each card is a chunk of its own).
    await eventually(() => expect(wrapper.findAll('main h2').map((h) => h.text())).toEqual(['Scadenze dei miei casi', 'I miei casi', 'Verifiche dei percorsi', 'Assistente sociale (case manager)']))
  })

  it('leaves an admin page the new organisation does not allow', async () => {
    const { wrapper, context } = await openApp([valmadrera, civate], '/admin/users')
    expect(context.router.currentRoute.value.name).toBe('admin-users')
    const arrived = arrivalAt(context.router, 'forbidden')
    await wrapper.get('select#active-organisation').setValue('org-civate')
    await arrived
  })

  it('shows the platform admin the organisations area', async () => {
    const { wrapper } = await openApp([membership('Ponte — gestione piattaforma', ['platform_admin', 'org_admin'])])
    expect(navLinks(wrapper)).toEqual(['Pagina iniziale', 'Utenti', 'Integrazioni', 'Enti'])
  })

  it('switches language, remembers it and updates <html lang>, the title and the language the API answers problems in', async () => {
    const { wrapper, context, calls } = await openApp([valmadrera])
    expect(calls.at(-1)!.headers['accept-language']).toBe('it, en;q=0.5')
    expect(document.title).toBe('Pagina iniziale – Ponte')
    await wrapper.get('button[lang=en]').trigger('click')
    expect(document.documentElement.lang).toBe('en')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
    expect(wrapper.get('h1').text()).toBe('Welcome to Ponte, Mario')
    expect(wrapper.get('button[lang=en]').attributes('aria-pressed')).toBe('true')
    await settle()
    expect(document.title).toBe('Home – Ponte')
    const before = calls.length
    await context.router.push('/cases')
    await settle()
    expect(calls.length).toBeGreaterThan(before)
    expect(calls.slice(before).map((c) => c.headers['accept-language'])).toEqual(calls.slice(before).map(() => 'en, it;q=0.5'))
    await wrapper.get('button[lang=it]').trigger('click')
    expect(document.documentElement.lang).toBe('it')
  })

  it('moves focus to the page heading after navigating', async () => {
    const { wrapper, context } = await openApp([valmadrera])
    const arrived = arrivalAt(context.router, 'admin-users')
    const focused = focusArrivesAt('H1')
    await wrapper.get('nav.ponte-main-nav a[href="/admin/users"]').trigger('click')
    await arrived
    expect((await focused).textContent).toBe('Utenti di Comune di Valmadrera')
    expect(document.activeElement?.tagName).toBe('H1')
  })

  it('signs out and goes to the login page', async () => {
    const { wrapper, context } = await openApp([valmadrera])
    const signOut = wrapper.findAll('header button').find((b) => b.text() === 'Esci')!
    const arrived = arrivalAt(context.router, 'login')
    await signOut.trigger('click')
    await arrived
    expect(context.router.currentRoute.value.query.reason).toBeUndefined()
    await settle()
    expect(wrapper.get('header').text()).not.toContain('Mario Rossi')
  })

  it('when the session expires, asks to sign in and comes back to the same page with its query', async () => {
    const { wrapper, context } = await openApp([valmadrera], '/cases?status=active&assignedTo=me')
    const toLogin = arrivalAt(context.router, 'login')
    endSession()
    await toLogin
    expect(context.router.currentRoute.value.query).toEqual({ redirect: '/cases?status=active&assignedTo=me', reason: 'expired' })
    await settle()
    stubFetch((call) => (call.url.endsWith('/auth/login') ? json(200, session(me([valmadrera]))) : json(200, { items: [], nextCursor: null })))
    await wrapper.get('#login-email').setValue('mario.rossi@valmadrera.demo')
    await wrapper.get('#login-password').setValue('ponte-demo-2026')
    const back = arrivalAt(context.router, 'cases')
    await wrapper.get('form').trigger('submit')
    await back
    expect(context.router.currentRoute.value.fullPath).toBe('/cases?status=active&assignedTo=me')
  })
})
