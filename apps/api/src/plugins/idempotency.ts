/**
 * Idempotency-Key on POST (API.md): the first request with a key stores its response in
 * PostgreSQL; a retry with the same key and body gets the stored response with
 * `Idempotent-Replayed: true`; the same key with another body, or while the first is running, 409.
 * Keys live 24 hours. Registered inside the authenticated scope: keys belong to a principal.
 */
import { createHmac } from 'node:crypto'
import { and, eq, lt, sql } from 'drizzle-orm'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { idempotencyKeys } from '../db/schema/index.js'
import { badRequest, conflict } from '../lib/errors.js'

export const IDEMPOTENCY_TTL_HOURS = 24
const REPLAYED_HEADERS = ['content-type', 'etag', 'location']

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { principal: string; key: string } | null
  }
}

const principalKey = (request: FastifyRequest) => {
  const p = request.principal
  return p ? (p.clientId ? `client:${p.clientId}` : `user:${p.userId}`) : `address:${request.ip}`
}

export default fp(
  async function idempotencyPlugin(app: FastifyInstance, opts: { secret: string }) {
    app.decorateRequest('idempotency', null)

    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST') return
      const raw = request.headers['idempotency-key']
      if (raw === undefined) return
      const key = Array.isArray(raw) ? raw[0] : raw
      if (!key || key.length > 255) throw badRequest('Idempotency-Key deve avere da 1 a 255 caratteri.', [{ pointer: '/headers/idempotency-key', detail: 'must be 1 to 255 characters' }])
      const principal = principalKey(request)
      const path = request.url.split('?')[0]!
      // Keyed hash: a stored fingerprint of a body that held a password reveals nothing without the secret.
      const requestHash = createHmac('sha256', opts.secret).update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex')
      const db = app.db
      // A key older than its lifetime is forgotten before it is reused.
      await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key), lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`)))
      const inserted = await db.insert(idempotencyKeys).values({ principal, key, method: request.method, path, requestHash }).onConflictDoNothing().returning({ key: idempotencyKeys.key })
      if (inserted.length === 1) {
        request.idempotency = { principal, key }
        return
      }
      const [stored] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)))
      if (!stored || stored.requestHash !== requestHash) {
        throw conflict('idempotency-key-reused', 'Idempotency-Key già usata per una richiesta diversa.')
      }
      if (stored.statusCode === null || stored.responseBody === null) {
        throw conflict('idempotency-key-in-progress', 'Una richiesta con la stessa Idempotency-Key è ancora in corso: riprova tra poco.')
      }
      for (const [name, value] of Object.entries(stored.responseHeaders ?? {})) void reply.header(name, value)
      return reply.code(stored.statusCode).header('idempotent-replayed', 'true').send(stored.responseBody)
    })

    app.addHook('onSend', async (request, reply, payload) => {
      const idem = request.idempotency
      if (!idem) return payload
      const where = and(eq(idempotencyKeys.principal, idem.principal), eq(idempotencyKeys.key, idem.key))
      if (reply.statusCode >= 200 && reply.statusCode < 300 && (typeof payload === 'string' || payload === null || payload === undefined)) {
        const headers: Record<string, string> = {}
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name)
          if (value !== undefined) headers[name] = String(value)
        }
        await app.db.update(idempotencyKeys).set({ statusCode: reply.statusCode, responseHeaders: headers, responseBody: payload ?? '', completedAt: new Date() }).where(where)
      } else {
        // Only successes are remembered: a failed attempt may be retried with the same key.
        await app.db.delete(idempotencyKeys).where(where)
      }
      return payload
    })
  },
  { name: 'idempotency', dependencies: ['database'] },
)

/** Removes keys past their lifetime; called periodically by the server. */
export async function purgeExpiredIdempotencyKeys(app: FastifyInstance) {
  await app.db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`))
}
