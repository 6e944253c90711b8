/**
 * Webhook delivery in this process (config.webhooks.enabled): pg-boss on the app's own pool (its
 * tables in the `pgboss` schema), one queue, one worker, and the dispatcher every second. Every
 * API process may run it: the dispatcher locks each subscription it fans out (skip locked) and
 * pg-boss hands each job to one worker. Stopped gracefully with the app.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { PgBoss } from 'pg-boss'
import type { Config } from '../config.js'
import type { DatabaseHandle } from '../db/client.js'
import { deliver, dispatch, jobOptions, WEBHOOK_QUEUE, type DeliveryJob } from '../modules/webhooks/webhooks.delivery.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs the dispatcher once now (tests and redeliveries); null when this process does not deliver. */
    dispatchWebhooks: (() => Promise<number>) | null
  }
}

export default fp(
  async function webhooksPlugin(app: FastifyInstance, opts: { config: Config; database: DatabaseHandle }) {
    const { config } = opts
    app.decorate('dispatchWebhooks', null)
    if (!config.webhooks.enabled) return
    const pool = opts.database.pool
    const boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => pool.query(text, values as unknown[]) },
      schema: 'pgboss',
      superviseIntervalSeconds: config.webhooks.superviseIntervalSeconds,
    })
    boss.on('error', (err: unknown) => app.log.error({ err }, 'pg-boss error'))
    let timer: NodeJS.Timeout | null = null
    let stopping = false
    let running: Promise<number> | null = null
    const runDispatch = () => (running ??= dispatch(app.db, boss, config).finally(() => (running = null)))

    app.addHook('onReady', async () => {
      await boss.start()
      if (!(await boss.getQueue(WEBHOOK_QUEUE))) await boss.createQueue(WEBHOOK_QUEUE, jobOptions(config))
      await boss.work<DeliveryJob>(WEBHOOK_QUEUE, { pollingIntervalSeconds: config.webhooks.pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
        if (job) await deliver(app.db, config, job)
      })
      const tick = () => {
        if (stopping) return
        runDispatch()
          .catch((err: unknown) => app.log.error({ err }, 'webhook dispatch failed'))
          .finally(() => {
            if (!stopping) timer = setTimeout(tick, config.webhooks.dispatchIntervalMs)
          })
      }
      tick()
    })
    app.dispatchWebhooks = runDispatch
    app.addHook('onClose', async () => {
      stopping = true
      if (timer) clearTimeout(timer)
      await running?.catch(() => 0)
      await boss.stop({ graceful: true, close: false, timeout: 5000 }).catch((err: unknown) => app.log.error({ err }, 'pg-boss stop failed'))
    })
  },
  { name: 'webhooks', dependencies: ['database'] },
)
