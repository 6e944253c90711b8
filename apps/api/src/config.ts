/** The one reader of process.env: parses, validates and defaults the configuration once. */
import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

const Env = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  /** The address to listen on: this machine only unless set (compose and the image set 0.0.0.0). */
  HOST: Type.String({ default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ default: './data' }),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  DEMO_DATA: Type.Boolean({ default: true }),
  LOG_LEVEL: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], { default: 'info' }),
  WEB_DIST: Type.Optional(Type.String()),
  COOKIE_SECURE: Type.Boolean({ default: false }),
  /** The proxies in front of the API: a hop count, or their addresses/CIDRs (comma-separated). Never `true`. */
  TRUST_PROXY: Type.String({ default: '' }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 600 }),
  RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  PUBLIC_URL: Type.String({ default: 'http://localhost:3000' }),
  WEBHOOKS_ENABLED: Type.Boolean({ default: true }),
  /** How long a client may take to send a whole request, headers and body (408 after). */
  REQUEST_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, default: 30 }),
  /** How long a client may take to send the headers of a request (408 after); at most REQUEST_TIMEOUT_SECONDS. */
  HEADERS_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, default: 10 }),
  /** How long one SQL statement may run before PostgreSQL cancels it (503 with Retry-After). */
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 30000 }),
  /** How long a request waits for a database connection, from the pool or a new one, before 503 with Retry-After. */
  DATABASE_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 5000 }),
  /** Connections in the API's pool. */
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, default: 10 }),
})
type Env = Static<typeof Env>

export interface Config {
  port: number
  host: string
  /** Null: start the embedded PostgreSQL in `dataDir/postgres`. */
  databaseUrl: string | null
  dataDir: string
  jwtSecret: string
  demoData: boolean
  logLevel: Env['LOG_LEVEL']
  /** Folder of the built web app to serve at `/`, or null to serve only the API. */
  webDist: string | null
  cookieSecure: boolean
  /**
   * Which proxies' X-Forwarded-For is believed: false (none: the peer is the client), a number of
   * hops, or the proxies' addresses and CIDRs. Only these hops are trusted, so a client-chosen
   * X-Forwarded-For entry never becomes the client's address.
   */
  trustProxy: false | number | string[]
  rateLimit: { max: number; windowSeconds: number }
  /** Tunables of staff sign-in. */
  auth: {
    accessTokenSeconds: number
    /** The longest a session lasts from its sign-in, however active the user is. */
    refreshTokenSeconds: number
    /** A session not renewed (POST /auth/refresh) for this long ends: the web app warns before. */
    sessionIdleSeconds: number
    maxFailuresPerAccount: number
    maxFailuresPerAddress: number
    failureWindowSeconds: number
    /** A just-rotated refresh token still works this long (two tabs refreshing at once), then its reuse revokes the session. */
    refreshReuseGraceSeconds: number
  }
  publicUrl: string
  /** The HTTP server's limits on slow clients (docs/decisions/0020). */
  server: {
    /** Receiving a whole request (headers and body); a slower client gets 408 and its connection is closed. */
    requestTimeoutMs: number
    /** Receiving the headers; at most `requestTimeoutMs`. */
    headersTimeoutMs: number
    /** An idle keep-alive connection is closed after this long. */
    keepAliveTimeoutMs: number
  }
  /** The API's pg pool (docs/decisions/0020). */
  database: {
    /** PostgreSQL cancels a statement that runs longer (SQLSTATE 57014 → 503); the client gives up on a silent server a little later. */
    statementTimeoutMs: number
    /** Waiting for a pooled connection or opening a new one (→ 503). */
    connectTimeoutMs: number
    poolSize: number
  }
  /** Webhook deliveries (pg-boss): off in processes that should not send them (most tests). */
  webhooks: {
    enabled: boolean
    /** How often new events are turned into deliveries. */
    dispatchIntervalMs: number
    /** First retry delay; doubles (with jitter) up to `retryDelayMaxSeconds`. */
    retryDelaySeconds: number
    retryDelayMaxSeconds: number
    /** Retries after the first attempt: with the delays above they span 24 hours. */
    retryLimit: number
    /** How long one attempt may take before it counts as failed. */
    timeoutMs: number
    /** How long a job may stay active (its process gone) before pg-boss hands it out again. */
    expireInSeconds: number
    pollingIntervalSeconds: number
    /** How often pg-boss looks for expired jobs (a process that died mid-delivery). */
    superviseIntervalSeconds: number
  }
  /** How often the audit sealer links pending entries into the hash chain; 0 switches it off (tests seal explicitly). */
  auditSealIntervalMs: number
  /** Ids of the trail one statement of the chain verification reads (docs/decisions/0013): each statement stays far below the statement timeout. */
  auditVerifyBatchIds: number
}

export class ConfigError extends Error {}

const booleans = new Set(['DEMO_DATA', 'COOKIE_SECURE', 'WEBHOOKS_ENABLED'])
const integers = new Set(['PORT', 'RATE_LIMIT_MAX', 'RATE_LIMIT_WINDOW_SECONDS', 'REQUEST_TIMEOUT_SECONDS', 'HEADERS_TIMEOUT_SECONDS', 'DATABASE_STATEMENT_TIMEOUT_MS', 'DATABASE_CONNECT_TIMEOUT_MS', 'DATABASE_POOL_SIZE'])

/** Reads the configuration from an environment; fails fast naming the offending key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {}
  for (const key of Object.keys(Env.properties)) {
    const value = env[key]
    if (value === undefined || value === '') continue
    if (booleans.has(key)) raw[key] = ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) ? true : ['0', 'false', 'no', 'off'].includes(value.toLowerCase()) ? false : value
    else if (integers.has(key)) raw[key] = /^\d+$/.test(value) ? Number(value) : value
    else raw[key] = value
  }
  const withDefaults = Value.Default(Env, raw)
  const errors = [...Value.Errors(Env, withDefaults)]
  if (errors.length > 0) {
    const first = errors[0]!
    throw new ConfigError(`Invalid configuration: ${first.instancePath.replace(/^\//, '') || 'environment'} ${first.message}`)
  }
  const parsed = withDefaults as Env
  const dataDir = path.resolve(parsed.DATA_DIR)
  const config: Config = {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL ?? null,
    dataDir,
    jwtSecret: parsed.JWT_SECRET ?? overrides.jwtSecret ?? readOrCreateSecret(dataDir),
    demoData: parsed.DEMO_DATA,
    logLevel: parsed.LOG_LEVEL,
    webDist: parsed.WEB_DIST ? path.resolve(parsed.WEB_DIST) : defaultWebDist(),
    cookieSecure: parsed.COOKIE_SECURE,
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
    rateLimit: { max: parsed.RATE_LIMIT_MAX, windowSeconds: parsed.RATE_LIMIT_WINDOW_SECONDS },
    auth: {
      accessTokenSeconds: 15 * 60,
      refreshTokenSeconds: 12 * 60 * 60,
      sessionIdleSeconds: 30 * 60,
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 30,
      failureWindowSeconds: 15 * 60,
      refreshReuseGraceSeconds: 30,
    },
    publicUrl: parsed.PUBLIC_URL,
    server: {
      requestTimeoutMs: parsed.REQUEST_TIMEOUT_SECONDS * 1000,
      headersTimeoutMs: Math.min(parsed.HEADERS_TIMEOUT_SECONDS, parsed.REQUEST_TIMEOUT_SECONDS) * 1000,
      keepAliveTimeoutMs: 72_000,
    },
    database: { statementTimeoutMs: parsed.DATABASE_STATEMENT_TIMEOUT_MS, connectTimeoutMs: parsed.DATABASE_CONNECT_TIMEOUT_MS, poolSize: parsed.DATABASE_POOL_SIZE },
    // 30 s doubling to 3 h: 30+60+…+7680 s ≈ 4.3 h, then 7 × 3 h — about 25 hours in 16 retries.
    webhooks: { enabled: parsed.WEBHOOKS_ENABLED, dispatchIntervalMs: 1000, retryDelaySeconds: 30, retryDelayMaxSeconds: 3 * 3600, retryLimit: 16, timeoutMs: 10_000, expireInSeconds: 60, pollingIntervalSeconds: 1, superviseIntervalSeconds: 30 },
    auditSealIntervalMs: 1000,
    auditVerifyBatchIds: 20_000,
  }
  return { ...config, ...overrides }
}

/**
 * TRUST_PROXY: empty, `false` or `0` trusts no proxy; a number trusts that many hops (the compose
 * nginx is one); otherwise a comma-separated list of addresses or CIDRs (`10.0.0.2, 172.16.0.0/12`,
 * or `loopback`). `true` would believe whatever X-Forwarded-For a client sends, so it is refused.
 */
export function parseTrustProxy(value: string): false | number | string[] {
  const trimmed = value.trim().toLowerCase()
  if (trimmed === '' || trimmed === 'false' || trimmed === 'no' || trimmed === 'off' || trimmed === '0') return false
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  if (['true', 'yes', 'on'].includes(trimmed)) {
    throw new ConfigError('Invalid configuration: TRUST_PROXY must be the number of proxy hops in front of the API (1 behind one nginx) or the proxies\' addresses, not "true": with "true" a client chooses its own address through X-Forwarded-For.')
  }
  const entries = trimmed.split(',').map((entry) => entry.trim()).filter(Boolean)
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/')
    const known = ['loopback', 'linklocal', 'uniquelocal'].includes(entry)
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(address!) === 6 ? 128 : 32))
    if (!known && (rest.length > 0 || isIP(address!) === 0 || !validBits)) throw new ConfigError(`Invalid configuration: TRUST_PROXY entry "${entry}" is neither a hop count, an address nor a CIDR.`)
  }
  return entries
}

/** Without JWT_SECRET, a random secret is kept in the data folder so sessions survive restarts. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

function defaultWebDist(): string | null {
  const candidate = path.resolve(import.meta.dirname, '../../web/dist')
  return existsSync(path.join(candidate, 'index.html')) ? candidate : null
}
