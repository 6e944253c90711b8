import type { OrganisationUser } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { drafts, draftNotice, draftValues, leavingAsks } from '../../test/drafts'
import { createAppContext, eventually, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import AdminUsersPage from './AdminUsersPage.vue'

const coop = membership('Cooperativa Lavoro e Comunità', ['org_admin'], 'org-coop')

const person = (n: number, overrides: Partial<OrganisationUser> = {}): OrganisationUser => ({
  id: `u${n}`,
  email: `persona${n}@cooplavoro.demo`,
  givenName: `Nome${n}`,
  familyName: `Cognome${n}`,
  isActive: true,
  roles: ['operator'],
  lastLoginAt: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
})

/** The users page of the org_admin's organisation; `api` answers every call but the session renewal. */
async function openUsersPage(api: (call: FetchCall) => Response) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([coop]))) : api(call)))
  const context = createAppContext()
  await context.router.push('/admin/users')
  await context.router.isReady()
  const wrapper = mountWithApp(AdminUsersPage, context)
  await settle(10)
  return { wrapper, calls, router: context.router }
}

const byLabel = (wrapper: VueWrapper, label: string) => {
  const element = wrapper.findAll('label').find((l) => l.text() === label)
  if (!element) throw new Error(`No label ${label}`)
  return wrapper.get(`#${element.attributes('for')}`)
}
const buttonNamed = (wrapper: VueWrapper, name: string) => {
  const button = wrapper.findAll('button').find((b) => b.element.textContent === name)
  if (!button) throw new Error(`No button ${name}`)
  return button
}
const rowNames = (wrapper: VueWrapper) => wrapper.findAll('tbody th').map((th) => th.text())

describe('AdminUsersPage', () => {
  it('lists the users of the active organisation, searches and filters by role, and loads more', async () => {
    const { wrapper, calls } = await openUsersPage((call) => {
      const url = new URL(call.url, 'http://x')
      if (url.searchParams.get('cursor') === 'c2') return json(200, { items: [person(3)], nextCursor: null })
      if (url.searchParams.get('q')) return json(200, { items: [person(2)], nextCursor: null })
      return json(200, { items: [person(1), person(2)], nextCursor: 'c2' })
    })
    expect(wrapper.get('h1').text()).toBe('Utenti di Cooperativa Lavoro e Comunità')
    expect(calls.find((c) => c.url.includes('/users'))!.url).toBe('/api/v1/organisations/org-coop/users?limit=25')
    expect(rowNames(wrapper)).toEqual(['Nome1 Cognome1', 'Nome2 Cognome2'])

    await buttonNamed(wrapper, 'Carica altri').trigger('click')
    await settle(10)
    expect(rowNames(wrapper)).toEqual(['Nome1 Cognome1', 'Nome2 Cognome2', 'Nome3 Cognome3'])
    expect(wrapper.find('.ponte-count').text()).toBe('3 utenti mostrati')
    expect(wrapper.findAll('button').some((b) => b.text() === 'Carica altri')).toBe(false)

    await byLabel(wrapper, 'Cerca').setValue('Nome2')
    await byLabel(wrapper, 'Filtra per ruolo').setValue('operator')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(calls.at(-1)!.url).toBe('/api/v1/organisations/org-coop/users?q=Nome2&role=operator&limit=25')
    expect(rowNames(wrapper)).toEqual(['Nome2 Cognome2'])
  })

  it('adds a user with an Idempotency-Key kept for the draft, and shows the API errors next to the fields', async () => {
    let attempts = 0
    const { wrapper, calls } = await openUsersPage((call) => {
      if (call.method === 'POST') {
        attempts += 1
        return attempts === 1
          ? problem(422, { code: 'invalid-field', detail: 'La password non rispetta le regole.', errors: [{ pointer: '/password', detail: 'La password deve contenere lettere e numeri.', code: 'needs_letters_and_digits' }] })
          : json(201, person(9, { givenName: 'Laura', familyName: 'Verdi' }))
      }
      return json(200, { items: [], nextCursor: null })
    })
    expect(wrapper.find('.ponte-count').text()).toBe('Nessun utente corrisponde alla ricerca.')
    await buttonNamed(wrapper, 'Aggiungi un utente').trigger('click')
    await settle()
    expect(document.activeElement?.textContent?.trim()).toBe('Nuovo utente')

    await byLabel(wrapper, 'Email').setValue('laura.verdi@cooplavoro.demo')
    await byLabel(wrapper, 'Nome').setValue('Laura')
    await byLabel(wrapper, 'Cognome').setValue('Verdi')
    await byLabel(wrapper, 'Operatore').setValue(true)
    await byLabel(wrapper, 'Password iniziale').setValue('passwordlunga-1')
    await wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)

    const password = byLabel(wrapper, 'Password iniziale')
    expect(password.attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(`#${password.attributes('aria-describedby')!.split(' ')[0]}`).text()).toBe('La password deve contenere lettere e numeri.')

    await wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    const posts = calls.filter((c) => c.method === 'POST' && c.url.includes('/users'))
    expect(posts).toHaveLength(2)
    expect(posts[0]!.url).toBe('/api/v1/organisations/org-coop/users')
    expect(posts[0]!.body).toEqual({ email: 'laura.verdi@cooplavoro.demo', givenName: 'Laura', familyName: 'Verdi', roles: ['operator'], password: 'passwordlunga-1' })
    expect(posts[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(posts[1]!.headers['idempotency-key']).toBe(posts[0]!.headers['idempotency-key'])
    expect(wrapper.find('.ponte-panel').exists()).toBe(false)
    expect(wrapper.get('[role=status].alert').text()).toBe('Utente aggiunto: Laura Verdi.')
  })

  it('saves changes as a merge patch with If-Match, and offers to reload after a 412', async () => {
    let version = 4
    const { wrapper, calls } = await openUsersPage((call) => {
      if (call.method === 'PATCH') return problem(412, { code: 'version-mismatch' })
      if (call.url.endsWith('/users/u1')) return json(200, person(1, { givenName: 'Giorgio', version: ++version }))
      return json(200, { items: [person(1, { version })], nextCursor: null })
    })
    await buttonNamed(wrapper, 'Modifica Nome1 Cognome1').trigger('click')
    await settle()
    expect(wrapper.get('h2').text()).toBe('Modifica utente: Nome1 Cognome1')
    await byLabel(wrapper, 'Nome').setValue('Nome Uno')
    await wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)

    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.url).toBe('/api/v1/organisations/org-coop/users/u1')
    expect(patch.headers['content-type']).toBe('application/merge-patch+json')
    expect(patch.headers['if-match']).toBe('"4"')
    expect(patch.body).toEqual({ givenName: 'Nome Uno' })
    expect(wrapper.get('[role=alert]').text()).toContain('Qualcun altro ha modificato questi dati')

    await buttonNamed(wrapper, 'Ricarica i dati aggiornati').trigger('click')
    await eventually(() => expect((byLabel(wrapper, 'Nome').element as HTMLInputElement).value).toBe('Giorgio'))
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
  })
})

describe('the user forms keep their drafts, never a password', () => {
  it('a new user: asks before leaving, comes back with the notice but without the password, forgotten once added', async () => {
    const api = (call: FetchCall) => (call.method === 'POST' ? json(201, person(9, { givenName: 'Laura', familyName: 'Verdi' })) : json(200, { items: [person(1)], nextCursor: null }))
    const first = await openUsersPage(api)
    await buttonNamed(first.wrapper, 'Aggiungi un utente').trigger('click')
    await settle()
    await byLabel(first.wrapper, 'Email').setValue('laura.verdi@cooplavoro.demo')
    await byLabel(first.wrapper, 'Nome').setValue('Laura')
    await byLabel(first.wrapper, 'Operatore').setValue(true)
    await byLabel(first.wrapper, 'Password iniziale').setValue('passwordlunga-1')
    await settle()
    expect(drafts()).toHaveLength(1)
    // The password is never in the browser's storage.
    expect(Object.keys(draftValues()).sort()).toEqual(['email', 'familyName', 'givenName', 'isActive', 'roles'])
    expect(JSON.stringify(sessionStorage)).not.toContain('passwordlunga-1')
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await openUsersPage(api)
    await settle(10)
    expect((byLabel(again.wrapper, 'Email').element as HTMLInputElement).value).toBe('laura.verdi@cooplavoro.demo')
    expect((byLabel(again.wrapper, 'Operatore').element as HTMLInputElement).checked).toBe(true)
    expect((byLabel(again.wrapper, 'Password iniziale').element as HTMLInputElement).value).toBe('')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await byLabel(again.wrapper, 'Cognome').setValue('Verdi')
    await byLabel(again.wrapper, 'Password iniziale').setValue('passwordlunga-1')
    await again.wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST' && c.url.includes('/users'))!.body).toEqual({ email: 'laura.verdi@cooplavoro.demo', givenName: 'Laura', familyName: 'Verdi', roles: ['operator'], password: 'passwordlunga-1' })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })

  it('an edit: comes back after a change of page; a cancel forgets it', async () => {
    const api = () => json(200, { items: [person(1, { version: 4 })], nextCursor: null })
    const first = await openUsersPage(api)
    await buttonNamed(first.wrapper, 'Modifica Nome1 Cognome1').trigger('click')
    await settle()
    await byLabel(first.wrapper, 'Nome').setValue('Nome Uno')
    await settle()
    expect(drafts()).toHaveLength(1)
    first.wrapper.unmount()

    const again = await openUsersPage(api)
    await settle(10)
    expect(again.wrapper.get('h2').text()).toBe('Modifica utente: Nome1 Cognome1')
    expect((byLabel(again.wrapper, 'Nome').element as HTMLInputElement).value).toBe('Nome Uno')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await buttonNamed(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    expect(again.wrapper.find('.ponte-panel').exists()).toBe(false)
  })
})
