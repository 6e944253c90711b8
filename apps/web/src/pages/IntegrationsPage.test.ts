import { describe, expect, it, vi } from 'vitest'
import { drafts, draftNotice, leavingAsks } from '../../test/drafts'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import IntegrationsPage from './IntegrationsPage.vue'

const admin = membership('Cooperativa Lavoro', ['org_admin'], 'org-coop')
const CLIENT_ID = '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'
const WEBHOOK_ID = '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6b'
const DELIVERY_ID = '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6c'
const NOW = '2026-11-23T09:30:00.000Z'

const client = (overrides: Record<string, unknown> = {}) => ({
  id: CLIENT_ID, organisationId: 'org-coop', clientId: CLIENT_ID, name: 'Gestionale', scopes: ['changes:read'], allowedIps: [], expiresAt: null, status: 'active',
  secretHint: 'pnt_abcd…', previousSecretValidUntil: null, lastUsedAt: null, revokedAt: null, version: 1, createdAt: NOW, updatedAt: NOW, ...overrides,
})
const webhook = (overrides: Record<string, unknown> = {}) => ({
  id: WEBHOOK_ID, organisationId: 'org-coop', url: 'https://coop.example.org/hooks', eventTypes: [], status: 'disabled', disabledAt: NOW,
  disabledReason: 'Disattivato automaticamente: un invio è fallito per 24 ore.', secretHint: 'whsec_abcd…', version: 3, createdAt: NOW, updatedAt: NOW, ...overrides,
})
const delivery = { id: DELIVERY_ID, webhookId: WEBHOOK_ID, eventId: CLIENT_ID, eventType: 'referral.accepted', status: 'failed', attempts: 17, lastAttemptAt: NOW, lastStatusCode: 503, lastError: 'HTTP 503', deliveredAt: null, createdAt: NOW }

async function openPage(api: (call: FetchCall) => Response | undefined) {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([admin])))
    const answer = api(call)
    if (answer) return answer
    if (call.url.startsWith('/api/v1/api-scopes')) return json(200, { items: [{ scope: 'changes:read', description: 'Read the change feed', operations: ['listChanges'] }, { scope: 'cases:read', description: 'Read cases', operations: ['listCases'] }] })
    if (call.url.startsWith('/api/v1/organisations/org-coop/api-clients')) return json(200, { items: [client()], nextCursor: null })
    if (call.url.startsWith('/api/v1/organisations/org-coop/webhooks/' + WEBHOOK_ID + '/deliveries')) return json(200, { items: [delivery], nextCursor: null })
    if (call.url.startsWith('/api/v1/organisations/org-coop/webhooks')) return json(200, { items: [webhook()], nextCursor: null })
    return json(404, { type: 'x', title: 'Not found', status: 404 })
  })
  const context = createAppContext()
  await context.router.push('/admin/integrations')
  await context.router.isReady()
  const wrapper = mountWithApp(IntegrationsPage, context)
  await settle(10)
  return { wrapper, calls, router: context.router }
}

const button = (wrapper: Awaited<ReturnType<typeof openPage>>['wrapper'], text: string) => wrapper.findAll('button').find((b) => b.text() === text)!

describe('IntegrationsPage', () => {
  it('creates an API client with the chosen scopes and shows its secret once', async () => {
    const { wrapper, calls } = await openPage((call) =>
      call.method === 'POST' && call.url === '/api/v1/organisations/org-coop/api-clients' ? json(201, { ...client({ name: 'Nuovo', scopes: ['cases:read'] }), clientSecret: 'pnt_secret-shown-once' }) : undefined,
    )
    expect(wrapper.get('h1').text()).toBe('Integrazioni')
    expect(wrapper.text()).toContain('Gestionale')
    await button(wrapper, 'Nuovo client applicativo').trigger('click')
    await wrapper.get('#client-name').setValue('Nuovo')
    await wrapper.get('#scope-cases\\:read').setValue(true)
    await wrapper.get('#client-ips').setValue('203.0.113.0/24\n198.51.100.7')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    const post = calls.find((c) => c.method === 'POST' && c.url.endsWith('/api-clients'))!
    expect(post.body).toEqual({ name: 'Nuovo', scopes: ['cases:read'], allowedIps: ['203.0.113.0/24', '198.51.100.7'], expiresAt: null })
    expect(post.headers['idempotency-key']).toBeTruthy()
    expect(wrapper.text()).toContain('pnt_secret-shown-once')
    expect(wrapper.text()).toContain('Copia ora il segreto')
    await button(wrapper, 'Ho copiato il segreto').trigger('click')
    expect(wrapper.text()).not.toContain('pnt_secret-shown-once')
  })

  it('rotates a secret with the chosen grace and revokes with the version read', async () => {
    window.confirm = vi.fn(() => true)
    const { wrapper, calls } = await openPage((call) => {
      if (call.method === 'POST' && call.url.endsWith('/secret-rotations')) return json(200, { ...client({ previousSecretValidUntil: NOW }), clientSecret: 'pnt_rotated' })
      if (call.method === 'DELETE') return json(200, client({ status: 'revoked' }))
      return undefined
    })
    await wrapper.get(`#grace-${CLIENT_ID}`).setValue('604800')
    await button(wrapper, 'Ruota il segreto').trigger('click')
    await settle(10)
    const rotation = calls.find((c) => c.url.endsWith('/secret-rotations'))!
    expect(rotation.body).toEqual({ graceSeconds: 604800 })
    expect(wrapper.text()).toContain('pnt_rotated')
    expect(wrapper.text()).toContain('Il segreto precedente vale fino a')
    await button(wrapper, 'Revoca').trigger('click')
    await settle(10)
    const revoke = calls.find((c) => c.method === 'DELETE')!
    expect(revoke.url).toBe(`/api/v1/organisations/org-coop/api-clients/${CLIENT_ID}`)
    expect(revoke.headers['if-match']).toBe('"1"')
  })

  it('shows why a webhook was disabled, re-enables it, and redelivers from its delivery log', async () => {
    const { wrapper, calls } = await openPage((call) => {
      if (call.method === 'PATCH') return json(200, webhook({ status: 'active', version: 4 }))
      if (call.method === 'POST' && call.url.endsWith('/redeliveries')) return json(202, { ...delivery, status: 'pending' })
      return undefined
    })
    expect(wrapper.text()).toContain('Disattivato: Disattivato automaticamente: un invio è fallito per 24 ore.')
    await button(wrapper, 'Riattiva').trigger('click')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.body).toEqual({ status: 'active' })
    expect(patch.headers['if-match']).toBe('"3"')
    await button(wrapper, 'Registro degli invii').trigger('click')
    await settle(10)
    expect(wrapper.text()).toContain('referral.accepted')
    expect(wrapper.text()).toContain('fallito')
    expect(wrapper.text()).toContain('HTTP 503')
  })
})

describe('a new API client keeps its draft (the secret is never typed, never kept)', () => {
  it('asks before leaving, comes back with the notice after a change of page, and is forgotten once created', async () => {
    const api = (call: FetchCall) =>
      call.method === 'POST' && call.url === '/api/v1/organisations/org-coop/api-clients' ? json(201, { ...client({ name: 'Nuovo', scopes: ['cases:read'] }), clientSecret: 'pnt_secret-shown-once' }) : undefined
    const first = await openPage(api)
    await button(first.wrapper, 'Nuovo client applicativo').trigger('click')
    await first.wrapper.get('#client-name').setValue('Nuovo')
    await first.wrapper.get('#scope-cases\\:read').setValue(true)
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await openPage(api)
    expect((again.wrapper.get('#client-name').element as HTMLInputElement).value).toBe('Nuovo')
    expect((again.wrapper.get('#scope-cases\\:read').element as HTMLInputElement).checked).toBe(true)
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.get('form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST' && c.url.endsWith('/api-clients'))!.body).toEqual({ name: 'Nuovo', scopes: ['cases:read'], allowedIps: [], expiresAt: null })
    expect(drafts()).toEqual([])
    expect(JSON.stringify(sessionStorage)).not.toContain('pnt_secret-shown-once')
    expect(await leavingAsks(again.router)).toBe(false)
  })
})
