import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { json, me, membership, problem, session, stubFetch } from '../../test/helpers'
import { endSession, hasAccessToken, startSession } from '../api/http'
import { ACTIVE_ORGANISATION_STORAGE_KEY, useSessionStore } from './session'

const valmadrera = membership('Comune di Valmadrera', ['coordinator', 'org_admin'], 'org-valmadrera')
const civate = membership('Comune di Civate', ['case_manager'], 'org-civate')
const user = me([valmadrera, civate])

beforeEach(() => {
  setActivePinia(createPinia())
})

describe('session store', () => {
  it('restores the session at start-up from the refresh cookie, so a reload keeps the user signed in', async () => {
    const { calls } = stubFetch(() => json(200, session(user)))
    const store = useSessionStore()
    expect(store.status).toBe('unknown')
    await store.restore()
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/v1/auth/refresh'])
    expect(store.status).toBe('signed-in')
    expect(store.user?.email).toBe('mario.rossi@valmadrera.demo')
    expect(store.activeOrganisationId).toBe('org-valmadrera')
    expect(store.activeRoles).toEqual(['coordinator', 'org_admin'])
  })

  it('is signed out when there is no session to restore, and restores only once', async () => {
    const { calls } = stubFetch(() => problem(401, { code: 'unauthorized' }))
    const store = useSessionStore()
    await Promise.all([store.restore(), store.restore()])
    await store.restore()
    expect(store.status).toBe('signed-out')
    expect(store.isSignedIn).toBe(false)
    expect(calls).toHaveLength(1)
  })

  it('signs in with email and password and keeps the user with memberships', async () => {
    const { calls } = stubFetch(() => json(200, session(user)))
    const store = useSessionStore()
    await store.signIn({ email: 'mario.rossi@valmadrera.demo', password: 'ponte-demo-2026' })
    expect(calls[0]!.body).toEqual({ email: 'mario.rossi@valmadrera.demo', password: 'ponte-demo-2026' })
    expect(store.isSignedIn).toBe(true)
    expect(store.memberships.map((m) => m.organisationName)).toEqual(['Comune di Valmadrera', 'Comune di Civate'])
  })

  it('switches the active organisation and remembers it', async () => {
    stubFetch(() => json(200, session(user)))
    const store = useSessionStore()
    await store.signIn({ email: 'a@b.it', password: 'x' })
    store.selectOrganisation('org-civate')
    expect(store.activeMembership?.organisationName).toBe('Comune di Civate')
    expect(store.activeRoles).toEqual(['case_manager'])
    expect(store.hasActiveRole('org_admin')).toBe(false)
    expect(localStorage.getItem(ACTIVE_ORGANISATION_STORAGE_KEY)).toBe('org-civate')
  })

  it('ignores an organisation the user does not belong to', async () => {
    stubFetch(() => json(200, session(user)))
    const store = useSessionStore()
    await store.signIn({ email: 'a@b.it', password: 'x' })
    store.selectOrganisation('org-elsewhere')
    expect(store.activeOrganisationId).toBe('org-valmadrera')
    expect(localStorage.getItem(ACTIVE_ORGANISATION_STORAGE_KEY)).toBeNull()
  })

  it('starts in the remembered organisation, or in the first one when it is no longer a membership', async () => {
    localStorage.setItem(ACTIVE_ORGANISATION_STORAGE_KEY, 'org-civate')
    stubFetch(() => json(200, session(user)))
    const store = useSessionStore()
    await store.restore()
    expect(store.activeOrganisationId).toBe('org-civate')

    setActivePinia(createPinia())
    endSession()
    localStorage.setItem(ACTIVE_ORGANISATION_STORAGE_KEY, 'org-removed')
    const other = useSessionStore()
    await other.restore()
    expect(other.activeOrganisationId).toBe('org-valmadrera')
  })

  it('knows a platform admin from any membership', async () => {
    stubFetch(() => json(200, session(me([valmadrera, membership('Ponte', ['platform_admin'], 'org-platform')]))))
    const store = useSessionStore()
    await store.restore()
    expect(store.activeOrganisationId).toBe('org-valmadrera')
    expect(store.isPlatformAdmin).toBe(true)
  })

  it('takes the fresh memberships of every renewal', async () => {
    stubFetch(() => json(200, session(user)))
    const store = useSessionStore()
    await store.restore()
    startSession(session(me([civate]), 'token-2'))
    expect(store.memberships.map((m) => m.organisationId)).toEqual(['org-civate'])
    expect(store.activeOrganisationId).toBe('org-civate')
  })

  it('signs out on the server and forgets the user', async () => {
    const { calls } = stubFetch((call) => (call.url.endsWith('/auth/logout') ? json(204, null) : json(200, session(user))))
    const store = useSessionStore()
    await store.restore()
    await store.signOut()
    expect(calls.at(-1)!.url).toBe('/api/v1/auth/logout')
    expect(calls.at(-1)!.credentials).toBe('same-origin')
    expect(store.user).toBeNull()
    expect(store.status).toBe('signed-out')
    expect(store.endReason).toBe('sign-out')
    expect(hasAccessToken()).toBe(false)
  })

  it('marks the session as expired when a renewal is refused', async () => {
    stubFetch(() => json(200, session(user)))
    const store = useSessionStore()
    await store.restore()
    endSession()
    expect(store.status).toBe('signed-out')
    expect(store.endReason).toBe('expired')
  })
})
