/**
 * Idempotency-Key on POST (API.md, docs/decisions/0016). A request with a key runs in one
 * transaction of its own, which the use case's transaction joins (lib/request-transaction.ts):
 * - it first takes a transaction-level advisory lock on (principal, key) — a concurrent request with
 *   the same key finds it taken and gets 409 `idempotency-key-in-progress` with Retry-After; nothing
 *   waits, and the lock ends with the transaction, however the process or the connection ends;
 * - a stored outcome for the key answers at once: the same request (bodies compared as canonical
 *   JSON: the order of keys does not matter) gets the stored response with `Idempotent-Replayed:
 *   true`, another body 409 `idempotency-key-reused`;
 * - otherwise the handler runs; a success is stored in the same transaction as the write and they
 *   commit together. A failure stores nothing (it may be retried with the same key).
 * So there is no "in progress" row: a write whose commit was lost is not there, and neither is its
 * key; a committed write always has its stored response. Keys live 24 hours.
 */
import { createHmac } from 'node:crypto'
import { lt, sql } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { escapeLiteral, type QueryResult } from 'pg'
import { idempotencyKeys } from '../db/schema/index.js'
import { AppError, badRequest, conflict } from '../lib/errors.js'
import { joinRequestTransactions, openTransaction, REQUEST_SAVEPOINT, requestTransactions, type OpenTransaction, type RequestTransactionStore } from '../lib/request-transaction.js'

export const IDEMPOTENCY_TTL_HOURS = 24
const REPLAYED_HEADERS = ['content-type', 'etag', 'location']

/** Test seams: called at each step of an idempotent request, to break it there. */
export interface IdempotencyFaults {
  /** The key is locked and has no stored outcome; the handler has not run. */
  locked?: (request: FastifyRequest) => Promise<void>
  /** The handler wrote and answered a success; nothing is committed yet (the outcome is stored with the commit, in one round trip). */
  beforeCommit?: (request: FastifyRequest) => Promise<void>
  /** The write and the outcome are committed; the response has not left. */
  afterCommit?: (request: FastifyRequest) => Promise<void>
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { principal: string; key: string; path: string; requestHash: string; transaction: OpenTransaction; store: RequestTransactionStore; backendPid: number } | null
  }
}

const principalKey = (request: FastifyRequest) => {
  const p = request.principal
  return p ? (p.clientId ? `client:${p.clientId}` : `user:${p.userId}`) : `address:${request.ip}`
}

/**
 * JSON with every object's keys sorted, so two bodies that differ only in key order are the same
 * request. Iterative: a body nested deeper than the stack cannot make it throw.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = []
  const stack: unknown[] = [value]
  const CLOSE_ARRAY = Symbol('close-array')
  const CLOSE_OBJECT = Symbol('close-object')
  const COMMA = Symbol('comma')
  while (stack.length > 0) {
    const item = stack.pop()
    if (item === CLOSE_ARRAY) out.push(']')
    else if (item === CLOSE_OBJECT) out.push('}')
    else if (item === COMMA) out.push(',')
    else if (typeof item === 'object' && item !== null && (item as { key?: unknown }).constructor === KeyMark) {
      out.push(`${JSON.stringify((item as KeyMark).key)}:`)
    } else if (Array.isArray(item)) {
      out.push('[')
      stack.push(CLOSE_ARRAY)
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(item[i] === undefined ? null : item[i])
        if (i > 0) stack.push(COMMA)
      }
    } else if (typeof item === 'object' && item !== null) {
      out.push('{')
      stack.push(CLOSE_OBJECT)
      const keys = Object.keys(item)
        .filter((k) => (item as Record<string, unknown>)[k] !== undefined)
        .sort()
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push((item as Record<string, unknown>)[keys[i]!])
        stack.push(new KeyMark(keys[i]!))
        if (i > 0) stack.push(COMMA)
      }
    } else out.push(JSON.stringify(item ?? null))
  }
  return out.join('')
}
class KeyMark {
  constructor(readonly key: string) {}
}

/**
 * The statements that open an idempotent request's transaction, sent with its `begin` and its
 * savepoint in one round trip (lib/request-transaction.ts; docs/decisions/0025, second addendum):
 * the lock on (principal, key), then the key's stored outcome. Two statements, not one: in READ
 * COMMITTED each statement reads a snapshot taken when it starts, so the look-up, which starts once
 * the lock is held, sees any request with the same key that committed before it (a look-up in the
 * lock's own statement could miss one that committed while the lock was being taken, and run the
 * request twice). The values are quoted into the text (`escapeLiteral`, node-postgres's port of
 * libpq's): the simple protocol that carries several statements takes no parameters.
 */
const openingStatements = (principal: string, key: string) =>
  `select pg_try_advisory_xact_lock(hashtextextended(${escapeLiteral(`${principal}\n${key}`)}, 0)) as locked, pg_backend_pid() as pid;
  select request_hash as "requestHash", status_code as "statusCode", response_headers as "responseHeaders", response_body as "responseBody"
    from idempotency_keys where principal = ${escapeLiteral(principal)} and key = ${escapeLiteral(key)} and created_at > now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`
interface StoredOutcome {
  requestHash: string
  statusCode: number | null
  responseHeaders: Record<string, string> | null
  responseBody: string | null
}
/** Storing the outcome (a row left by an older design is overwritten), sent with the commit in one round trip. */
const storeStatement = (values: { principal: string; key: string; method: string; path: string; requestHash: string; statusCode: number; headers: Record<string, string>; body: string }) =>
  `insert into idempotency_keys (principal, key, method, path, request_hash, status_code, response_headers, response_body, completed_at)
    values (${[values.principal, values.key, values.method, values.path, values.requestHash].map(escapeLiteral).join(', ')}, ${Math.trunc(values.statusCode)},
      ${escapeLiteral(JSON.stringify(values.headers))}::jsonb, ${escapeLiteral(values.body)}, statement_timestamp())
    on conflict (principal, key) do update set status_code = excluded.status_code, response_headers = excluded.response_headers, response_body = excluded.response_body,
      completed_at = excluded.completed_at, request_hash = excluded.request_hash, path = excluded.path, created_at = excluded.completed_at`

const inProgress = () =>
  new AppError(409, 'idempotency-key-in-progress', 'Richiesta in corso', {
    detail: 'Una richiesta con la stessa Idempotency-Key è ancora in corso: riprova tra poco.',
    headers: { 'retry-after': '1' },
  })

export default fp(
  async function idempotencyPlugin(app: FastifyInstance, opts: { secret: string; faults?: IdempotencyFaults }) {
    app.decorateRequest('idempotency', null)
    joinRequestTransactions(app.db)
    const faults = opts.faults ?? {}

    // Every request runs in its own context, so that the transaction a key opens is the one its use case joins.
    app.addHook('onRequest', (_request, _reply, done) => {
      requestTransactions.run({ tx: null, savepoint: null }, done)
    })

    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST') return
      const raw = request.headers['idempotency-key']
      if (raw === undefined) return
      const key = Array.isArray(raw) ? raw[0] : raw
      if (!key || key.length > 255) throw badRequest('Idempotency-Key deve avere da 1 a 255 caratteri.', [{ pointer: '/headers/idempotency-key', detail: 'must be 1 to 255 characters' }])
      const store = requestTransactions.getStore()
      if (!store) throw new Error('idempotency: the request has no transaction context')
      const principal = principalKey(request)
      const path = request.url.split('?')[0]!
      // Keyed hash: a stored fingerprint of a body that held a password reveals nothing without the secret.
      const requestHash = createHmac('sha256', opts.secret).update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`).digest('hex')

      const opened = await openTransaction(app.db, app.pool, openingStatements(principal, key))
      const { transaction } = opened
      try {
        const { tx } = transaction
        const [lockResult, findResult] = opened.results as [QueryResult<{ locked: boolean; pid: number }>, QueryResult<StoredOutcome>]
        const lock = lockResult.rows[0]
        if (!lock?.locked) throw inProgress()
        const stored = findResult.rows[0]
        // (A row without a status is a reservation left by the former design: no outcome, so it is not one.)
        if (stored && stored.statusCode !== null) {
          await transaction.rollback()
          if (stored.requestHash !== requestHash) throw conflict('idempotency-key-reused', 'Idempotency-Key già usata per una richiesta diversa.')
          for (const [name, value] of Object.entries(stored.responseHeaders ?? {})) void reply.header(name, value)
          return reply
            .code(stored.statusCode)
            .header('idempotent-replayed', 'true')
            .send(stored.responseBody ?? '')
        }
        store.tx = tx
        store.savepoint = REQUEST_SAVEPOINT
        request.idempotency = { principal, key, path, requestHash, transaction, store, backendPid: Number(lock.pid) }
        if (faults.locked) await faults.locked(request)
      } catch (error) {
        store.tx = null
        store.savepoint = null
        request.idempotency = null
        await transaction.rollback()
        throw error
      }
    })

    app.addHook('onSend', async (request, reply, payload) => {
      const idem = request.idempotency
      if (!idem) return payload
      request.idempotency = null
      idem.store.tx = null
      idem.store.savepoint = null
      const success = reply.statusCode >= 200 && reply.statusCode < 300 && (typeof payload === 'string' || payload === null || payload === undefined)
      if (!success) {
        // A failure is not remembered (the request may be retried with the same key) and changes nothing.
        await idem.transaction.rollback()
        return payload
      }
      await storeAndCommit(request, reply, idem, payload as string | null | undefined)
      return payload
    })

    async function storeAndCommit(request: FastifyRequest, reply: FastifyReply, idem: NonNullable<FastifyRequest['idempotency']>, payload: string | null | undefined) {
      const headers: Record<string, string> = {}
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name)
        if (value !== undefined) headers[name] = String(value)
      }
      try {
        if (faults.beforeCommit) await faults.beforeCommit(request)
      } catch (error) {
        await idem.transaction.rollback()
        throw storeFailed(error)
      }
      try {
        // The outcome and the commit: one round trip; if either fails nothing of the request is written.
        await idem.transaction.commit(storeStatement({ principal: idem.principal, key: idem.key, method: request.method, path: idem.path, requestHash: idem.requestHash, statusCode: reply.statusCode, headers, body: payload ?? '' }))
      } catch (error) {
        throw storeFailed(error)
      }
      if (faults.afterCommit) await faults.afterCommit(request)
    }

    // A request that ends without a response (the client went away) must not keep its transaction open.
    app.addHook('onResponse', async (request) => {
      const idem = request.idempotency
      if (!idem) return
      request.idempotency = null
      idem.store.tx = null
      idem.store.savepoint = null
      await idem.transaction.rollback()
    })
  },
  { name: 'idempotency', dependencies: ['database'] },
)

/** The write was not committed: the client may retry with the same key. */
const storeFailed = (cause: unknown) =>
  Object.assign(
    new AppError(503, 'service-unavailable', 'Servizio non disponibile', {
      detail: 'La richiesta non è stata registrata: riprova con la stessa Idempotency-Key.',
      headers: { 'retry-after': '1' },
    }),
    { cause },
  )

/** Removes keys past their lifetime; called periodically by the server. */
export async function purgeExpiredIdempotencyKeys(app: FastifyInstance) {
  await app.db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`))
}
