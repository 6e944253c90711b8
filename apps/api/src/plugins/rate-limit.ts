/**
 * Rate limits per API client (by its token's client id), per user (by the verified token's
 * subject) or, without a token, per address. Every response carries RateLimit-Limit/-Remaining/
 * -Reset; a 429 carries Retry-After. Counters live in PostgreSQL (`rate_limit_counters`, one
 * atomic upsert per request), so every API process on the database enforces one limit
 * (docs/decisions/0019).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import rateLimit from '@fastify/rate-limit'
import { lt, sql } from 'drizzle-orm'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import type pg from 'pg'
import type { Database } from '../db/client.js'
import { signInSql, type SignInRow, type StaffTokenClaims } from './auth.js'
import { rateLimitCounters } from '../db/schema/index.js'
import { AppError } from '../lib/errors.js'

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void

/**
 * One fixed window per key: the first hit opens it, later hits count until it ends, and the hit
 * after its end opens the next. Insert-or-increment is one statement, so concurrent requests —
 * in one process or many — each get their own count. Every request runs it: built once per
 * database handle and prepared under a name (PostgreSQL parses and plans it once per connection).
 */
function rateLimitStatements(db: Database, pool: pg.Pool) {
  const c = rateLimitCounters
  const ttl = sql<number>`greatest(0, ceil(extract(epoch from ${c.windowEndsAt} - now()) * 1000))::int`
  const hit = db
    .insert(c)
    .values({ key: sql.placeholder('key'), hits: 1, windowEndsAt: sql`now() + make_interval(secs => ${sql.placeholder('seconds')}::double precision)` })
    .onConflictDoUpdate({
      target: c.key,
      set: {
        hits: sql`case when ${c.windowEndsAt} <= now() then 1 else ${c.hits} + 1 end`,
        windowEndsAt: sql`case when ${c.windowEndsAt} <= now() then excluded.window_ends_at else ${c.windowEndsAt} end`,
      },
    })
    .returning({ current: c.hits, ttl })
    .prepare('rate_limit_hit')
  const read = db
    .select({ current: c.hits, ttl })
    .from(c)
    .where(sql`${c.key} = ${sql.placeholder('key')} and ${c.windowEndsAt} > now()`)
    .prepare('rate_limit_read')
  // The counter and the sign-in check of a staff token in one round trip: a row per membership, the
  // counter on each (the sign-in columns null when the session is not live).
  const hitAndSignIn = {
    name: 'rate_limit_hit_sign_in',
    text: `with hit as (
      insert into rate_limit_counters (key, hits, window_ends_at) values ($1, 1, now() + make_interval(secs => $2::double precision))
      on conflict (key) do update set
        hits = case when rate_limit_counters.window_ends_at <= now() then 1 else rate_limit_counters.hits + 1 end,
        window_ends_at = case when rate_limit_counters.window_ends_at <= now() then excluded.window_ends_at else rate_limit_counters.window_ends_at end
      returning hits, greatest(0, ceil(extract(epoch from window_ends_at - now()) * 1000))::int as ttl
    )
    select hit.hits, hit.ttl, signed_in.* from hit left join (${signInSql(3)}) as signed_in on true`,
  }
  return {
    hit: async (key: string, windowMs: number) => (await hit.execute({ key, seconds: windowMs / 1000 }))[0]!,
    hitAndSignIn: async (key: string, windowMs: number, request: FastifyRequest, claims: { sid: string; sub: string }) => {
      const { rows } = await pool.query<unknown[]>({ ...hitAndSignIn, rowMode: 'array', values: [key, windowMs / 1000, claims.sid, claims.sub, new Date()] })
      const signIn: SignInRow[] = []
      for (const r of rows) {
        if (r[2] !== null) signIn.push({ userId: r[2] as string, organisationId: r[3] as string | null, organisationKind: r[4] as string | null, roles: r[5] as string[] | null, orgActive: r[6] as boolean | null, membershipActive: r[7] as boolean | null })
      }
      request.signInRows = { sid: claims.sid, sub: claims.sub, rows: signIn }
      return { current: rows[0]![0] as number, ttl: rows[0]![1] as number }
    },
    read: async (key: string) => (await read.execute({ key }))[0] ?? { current: 0, ttl: 0 },
  }
}

/** The request being rate-limited (the store's methods get only its key). */
const limiting = new AsyncLocalStorage<FastifyRequest>()

/**
 * The claims of a staff token on a route that is not public, which `authenticate` will check: the
 * rate limiter reads the sign-in check with its counter. Null otherwise (no token, an invalid
 * one, an API client's, a public route).
 */
function staffClaims(request: FastifyRequest): StaffTokenClaims | null {
  if (!request.headers.authorization?.startsWith('Bearer ')) return null
  const access = request.routeOptions.config?.access
  if (!access || 'public' in access) return null
  try {
    const claims = request.accessClaims()
    return claims.typ === 'access' ? claims : null
  } catch {
    return null
  }
}

/** A store for @fastify/rate-limit over PostgreSQL; each route with its own limit gets its own key space. */
function postgresStore(db: Database, pool: pg.Pool) {
  const statements = rateLimitStatements(db, pool)
  return class PostgresRateLimitStore {
    readonly prefix: string
    constructor(prefix: unknown) {
      this.prefix = typeof prefix === 'string' ? prefix : 'all:'
    }
    incr(key: string, callback: Callback, timeWindow: number) {
      // The global limit of a signed-in staff request: the sign-in check rides along.
      const request = this.prefix === 'all:' ? limiting.getStore() : undefined
      const claims = request ? staffClaims(request) : null
      const hit = request && claims ? statements.hitAndSignIn(this.prefix + key, timeWindow, request, claims) : statements.hit(this.prefix + key, timeWindow)
      hit.then((r) => callback(null, r), callback)
    }
    read(key: string, callback: Callback) {
      statements.read(this.prefix + key).then((r) => callback(null, r), callback)
    }
    // At run time @fastify/rate-limit passes the route's merged limit options, the route under `routeInfo`.
    child(routeOptions: object) {
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {}
      return new PostgresRateLimitStore(`${String(route.method)} ${String(route.url)}:`)
    }
  }
}

export default fp(
  async function rateLimitPlugin(app: FastifyInstance, opts: { config: Config }) {
    // Runs before the limiter's own hook (a route's hooks come after the application's).
    app.addHook('onRequest', (request, _reply, done) => limiting.run(request, done))
    await app.register(rateLimit, {
      global: true,
      max: opts.config.rateLimit.max,
      timeWindow: opts.config.rateLimit.windowSeconds * 1000,
      enableDraftSpec: true,
      store: postgresStore(app.db, app.pool),
      keyGenerator: (request: FastifyRequest) => {
        const header = request.headers.authorization
        if (header?.startsWith('Bearer ')) {
          try {
            const claims = request.accessClaims()
            const clientId = (claims as { cid?: string }).cid
            return clientId ? `client:${clientId}` : `user:${claims.sub}`
          } catch {
            // an invalid token is limited by address
          }
        }
        return `address:${request.ip}`
      },
      errorResponseBuilder: (_request, context) =>
        new AppError(429, 'too-many-requests', 'Troppe richieste', {
          detail: `Limite di ${context.max} richieste superato: riprova tra ${Math.ceil(context.ttl / 1000)} secondi.`,
        }),
    })

    // Ended windows are cleared once a minute (a later hit would reset them anyway).
    const sweep = setInterval(() => {
      app.db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowEndsAt, sql`now() - interval '1 minute'`)).catch((error: unknown) => app.log.warn({ err: error }, 'rate-limit sweep failed'))
    }, 60_000)
    sweep.unref()
    app.addHook('onClose', async () => clearInterval(sweep))
  },
  { name: 'rate-limit', dependencies: ['auth', 'database'] },
)
