import { Webhook as StandardWebhook } from 'standardwebhooks'
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { webhookSubscriptions } from '../../src/db/schema/index.js'
import { loadConfig } from '../../src/config.js'
import { useTestContext } from '../helpers/app.js'
import { act, createPartnerWorld, newCase, readFeedUntil, refer, type PartnerWorld } from '../helpers/partner-world.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'

const defaults = loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv, { jwtSecret: 'x'.repeat(40) }).webhooks
// Deliveries on, with retries one second apart so a test waits for them, not for hours.
const ctx = useTestContext({ webhooks: { ...defaults, enabled: true, dispatchIntervalMs: 100, pollingIntervalSeconds: 0.5, retryDelaySeconds: 1, retryDelayMaxSeconds: 1, retryLimit: 2, superviseIntervalSeconds: 1 } })

vi.setConfig({ testTimeout: 90_000 })

let world: PartnerWorld
let receiver: Receiver
beforeAll(async () => {
  world = await createPartnerWorld(ctx)
  receiver = await startReceiver()
})
afterAll(async () => receiver?.close())
// Each test starts without the previous one's webhooks (whatever it left behind).
afterEach(async () => {
  await ctx.database.db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.organisationId, world.cooperative))
  receiver.answers = []
})

const hooksUrl = () => `/api/v1/organisations/${world.cooperative}/webhooks`

async function subscribe(url = receiver.url, eventTypes?: string[]) {
  const response = await ctx.app.inject({ method: 'POST', url: hooksUrl(), headers: await world.system(), payload: { url, ...(eventTypes ? { eventTypes } : {}) } })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string; secret: string; version: number }
}

const deliveries = async (webhookId: string) => (await ctx.app.inject({ method: 'GET', url: `${hooksUrl()}/${webhookId}/deliveries`, headers: world.cooperativeAdmin.headers })).json().items as { id: string; status: string; attempts: number; eventType: string; lastStatusCode: number | null }[]

async function waitForDeliveries(webhookId: string, done: (items: Awaited<ReturnType<typeof deliveries>>) => boolean) {
  for (let attempt = 0; attempt < 300; attempt++) {
    const items = await deliveries(webhookId)
    if (done(items)) return items
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`deliveries did not reach the expected state: ${JSON.stringify(await deliveries(webhookId))}`)
}

describe('webhooks', () => {
  it('are created by the organisation\'s system with a secret shown once, and refuse URLs that are not http(s) or point at the server itself', async () => {
    const created = await subscribe(receiver.url, ['referral.accepted'])
    expect(created.secret).toMatch(/^whsec_/)
    const read = await ctx.app.inject({ method: 'GET', url: `${hooksUrl()}/${created.id}`, headers: world.cooperativeAdmin.headers })
    expect(read.json()).toMatchObject({ url: receiver.url, eventTypes: ['referral.accepted'], status: 'active' })
    expect(read.body).not.toContain(created.secret)
    for (const url of ['ftp://example.org/hook', 'http://localhost:3000/api/v1/cases', 'https://user:pw@example.org/hook']) {
      const refused = await ctx.app.inject({ method: 'POST', url: hooksUrl(), headers: world.cooperativeAdmin.headers, payload: { url } })
      expect(refused.statusCode, url).toBe(422)
      expect(refused.json().errors[0].pointer).toBe('/url')
    }
    const operator = await ctx.app.inject({ method: 'GET', url: hooksUrl(), headers: world.caseManager.headers })
    expect(operator.statusCode).toBe(403)
    await ctx.app.inject({ method: 'DELETE', url: `${hooksUrl()}/${created.id}`, headers: { ...world.cooperativeAdmin.headers, 'if-match': '"1"' } })
  })

  it('deliver each event the organisation may see, signed per Standard Webhooks, retrying after the receiver fails', async () => {
    const webhook = await subscribe()
    receiver.received.length = 0
    receiver.answers = [500]
    const kase = await newCase(ctx, world)
    const referral = await refer(ctx.app, world, kase.id)
    await act(ctx.app, await world.system(), referral, 'accept')

    const items = await waitForDeliveries(webhook.id, (items) => items.length === 2 && items.every((d) => d.status === 'succeeded'))
    const requested = items.find((d) => d.eventType === 'referral.requested')!
    expect(requested.attempts).toBe(2)
    expect(items.find((d) => d.eventType === 'referral.accepted')!.attempts).toBe(1)

    // Verified by an independent implementation of the scheme.
    const verifier = new StandardWebhook(webhook.secret)
    const bodies = receiver.received.map((r) => verifier.verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> })
    expect(bodies.map((b) => b.type).sort()).toEqual(['referral.accepted', 'referral.requested', 'referral.requested'])
    expect(bodies.find((b) => b.type === 'referral.accepted')!.data).toEqual(expect.objectContaining({ resourceType: 'referral', resourceId: referral.id, caseId: kase.id, from: 'requested', to: 'accepted' }))
    // A retry carries the same webhook-id (the delivery's); a tampered body fails verification.
    expect(receiver.received.filter((r) => r.headers['webhook-id'] === requested.id)).toHaveLength(2)
    const acceptedRequest = receiver.received.find((r) => r.body.includes('referral.accepted'))!
    expect(() => verifier.verify(acceptedRequest.body.replace('"to":"accepted"', '"to":"rejected"'), acceptedRequest.headers as Record<string, string>)).toThrow()
    await ctx.app.inject({ method: 'DELETE', url: `${hooksUrl()}/${webhook.id}`, headers: { ...world.cooperativeAdmin.headers, 'if-match': `"${webhook.version}"` } })
  })

  it('give up after persistent failure: the delivery fails, the webhook is disabled and the organisation told; re-enabled, a redelivery succeeds', async () => {
    const webhook = await subscribe(receiver.url, ['referral.requested'])
    receiver.received.length = 0
    receiver.answers = [503, 503, 503]
    const kase = await newCase(ctx, world)
    await refer(ctx.app, world, kase.id)

    const [failed] = await waitForDeliveries(webhook.id, (items) => items.length === 1 && items[0]!.status === 'failed')
    expect(failed).toMatchObject({ attempts: 3, lastStatusCode: 503 })
    const read = (await ctx.app.inject({ method: 'GET', url: `${hooksUrl()}/${webhook.id}`, headers: world.cooperativeAdmin.headers })).json()
    expect(read).toMatchObject({ status: 'disabled', disabledReason: expect.stringContaining('24 ore') })
    await readFeedUntil(ctx.app, () => world.cooperativeAdmin.headers, (items) => items.some((i) => i.type === 'webhook.disabled' && i.resourceId === webhook.id))

    const refused = await ctx.app.inject({ method: 'POST', url: `${hooksUrl()}/${webhook.id}/deliveries/${failed!.id}/redeliveries`, headers: world.cooperativeAdmin.headers })
    expect(refused.statusCode).toBe(409)
    const enabled = await ctx.app.inject({
      method: 'PATCH',
      url: `${hooksUrl()}/${webhook.id}`,
      headers: { ...world.cooperativeAdmin.headers, 'content-type': 'application/merge-patch+json', 'if-match': `"${read.version}"` },
      payload: JSON.stringify({ status: 'active' }),
    })
    expect(enabled.statusCode, enabled.body).toBe(200)
    const again = await ctx.app.inject({ method: 'POST', url: `${hooksUrl()}/${webhook.id}/deliveries/${failed!.id}/redeliveries`, headers: world.cooperativeAdmin.headers })
    expect(again.statusCode, again.body).toBe(202)
    const [succeeded] = await waitForDeliveries(webhook.id, (items) => items[0]!.status === 'succeeded')
    expect(succeeded).toMatchObject({ id: failed!.id, attempts: 4, lastStatusCode: 204 })
    expect(receiver.received.at(-1)!.headers['webhook-id']).toBe(failed!.id)
  })
})
