/** Nothing is lost when the process delivering a webhook is killed mid-delivery: another process sends it again. */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { buildApp } from '../../src/app.js'
import { useTestContext } from '../helpers/app.js'
import { createPartnerWorld, newCase, refer } from '../helpers/partner-world.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'

vi.setConfig({ testTimeout: 120_000 })
const ctx = useTestContext()
let receiver: Receiver | null = null
afterAll(async () => receiver?.close())

describe('a webhook delivery', () => {
  it('survives the delivering process being killed mid-delivery: a restarted process delivers it, with the same webhook-id', async () => {
    const world = await createPartnerWorld(ctx)
    receiver = await startReceiver()
    receiver.answers = ['hang']
    const created = await ctx.app.inject({ method: 'POST', url: `/api/v1/organisations/${world.cooperative}/webhooks`, headers: await world.system(), payload: { url: receiver.url } })
    expect(created.statusCode, created.body).toBe(201)
    const secret = created.json().secret as string

    const databaseUrl = (ctx.database.pool as unknown as { options: { connectionString: string } }).options.connectionString
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(import.meta.dirname, 'delivering-process.ts'), databaseUrl, ctx.config.jwtSecret], { stdio: ['ignore', 'pipe', 'inherit'] })
    const exited = new Promise((resolve) => child.on('exit', resolve))
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())
      child.on('exit', (code) => reject(new Error(`the delivering process exited with ${code}`)))
    })

    await refer(ctx.app, world, (await newCase(ctx, world)).id)
    const [first] = await receiver.waitFor(1)
    child.kill('SIGKILL')
    await exited

    // Another process takes over: the job of the killed one expires and is handed out again.
    const config = { ...ctx.config, webhooks: { ...ctx.config.webhooks, enabled: true, dispatchIntervalMs: 100, pollingIntervalSeconds: 0.5, expireInSeconds: 2, retryDelaySeconds: 1, retryDelayMaxSeconds: 1, superviseIntervalSeconds: 1 } }
    const restarted = await buildApp({ config, database: ctx.database, closeDatabase: false, logger: false })
    await restarted.ready()
    try {
      const received = await receiver.waitFor(2)
      expect(received[1]!.headers['webhook-id']).toBe(first!.headers['webhook-id'])
      const payload = new StandardWebhook(secret).verify(received[1]!.body, received[1]!.headers as Record<string, string>) as { type: string }
      expect(payload.type).toBe('referral.requested')
    } finally {
      await restarted.close()
    }
  })
})
