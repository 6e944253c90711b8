/**
 * The audit sealer (docs/decisions/0013): a background loop that links the pending audit entries
 * into the hash chain every `intervalMs`, and at once again while a batch came back full. Several
 * API processes may run it: `audit_seal()` takes an advisory lock and the others skip their turn.
 * A failed round is logged (SQL state only) and retried at the next tick; entries stay pending.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sealAuditTrail } from '../lib/audit.js'

export default fp(
  async function auditSealerPlugin(app: FastifyInstance, opts: { intervalMs: number }) {
    if (opts.intervalMs <= 0) return
    let timer: NodeJS.Timeout | null = null
    let running: Promise<void> | null = null
    let closing = false
    const tick = () => {
      // A closing process stops after the batch under way: a backlog left by a burst of reads (a page
      // of cases writes 50 entries) must not hold the shutdown; the next sealer links it.
      running = sealAuditTrail(app.db, 5000, () => !closing)
        .then(() => undefined)
        .catch((err: unknown) => {
          const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined
          app.log.warn({ code }, 'audit sealing failed; the entries stay pending until the next round')
        })
        .finally(() => {
          running = null
          if (!closing) schedule()
        })
    }
    const schedule = () => {
      timer = setTimeout(tick, opts.intervalMs)
      timer.unref()
    }
    app.addHook('onReady', async () => schedule())
    app.addHook('preClose', async () => {
      closing = true
      if (timer) clearTimeout(timer)
      await running
    })
  },
  { name: 'audit-sealer', dependencies: ['database'] },
)
