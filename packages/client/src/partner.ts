/**
 * What a partner system or a script needs around the typed client: the OAuth2 client-credentials
 * token exchange (cached, renewed before it expires), Idempotency-Key on every POST, retries of
 * 429 and 503 after their Retry-After, ETag/If-Match, cursor pagination, the change feed, and the
 * verification of webhook signatures (Standard Webhooks).
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import createClient from 'openapi-fetch'
import type { paths } from './schema.ts'
import type { PonteClient } from './index.ts'

export interface ClientCredentials {
  /** The API's root, e.g. `https://ponte.example.it/api/v1`. */
  baseUrl: string
  clientId: string
  clientSecret: string
  /** Space-separated scopes to narrow the token to (all the client's scopes when absent). */
  scope?: string
}

/** An OAuth2 error of the token endpoint (RFC 6749 §5.2). */
export class TokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string | undefined,
  ) {
    super(`${error}${description ? `: ${description}` : ''}`)
  }
}

/** Exchanges the client's credentials for an access token (POST /oauth/token, HTTP Basic). */
export async function requestClientToken(credentials: ClientCredentials, fetchImpl: typeof fetch = fetch): Promise<{ accessToken: string; expiresIn: number; scope: string }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' })
  if (credentials.scope) form.set('scope', credentials.scope)
  const basic = Buffer.from(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`).toString('base64')
  const response = await fetchImpl(`${credentials.baseUrl.replace(/\/$/, '')}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: form.toString(),
  })
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; scope?: string; error?: string; error_description?: string }
  if (!response.ok || !body.access_token) throw new TokenError(response.status, body.error ?? 'invalid_response', body.error_description)
  return { accessToken: body.access_token, expiresIn: body.expires_in ?? 900, scope: body.scope ?? '' }
}

/** A token source that asks for a token when it has none or when it is about to expire. */
export function tokenProvider(credentials: ClientCredentials, fetchImpl: typeof fetch = fetch) {
  let cached: { token: string; renewAt: number } | null = null
  let pending: Promise<string> | null = null
  return {
    async token(): Promise<string> {
      if (cached && Date.now() < cached.renewAt) return cached.token
      pending ??= requestClientToken(credentials, fetchImpl)
        .then(({ accessToken, expiresIn }) => {
          // Renewed a minute early (or at half its life when shorter).
          cached = { token: accessToken, renewAt: Date.now() + Math.max(expiresIn * 500, (expiresIn - 60) * 1000) }
          return accessToken
        })
        .finally(() => (pending = null))
      return pending
    },
    /** Forgets the token (after a 401: the client was rotated, narrowed or revoked). */
    invalidate() {
      cached = null
    },
  }
}

export interface PartnerClientOptions extends ClientCredentials {
  /** Retries of a 429 or 503 answer, each after its Retry-After (default 3). */
  maxRetries?: number
  /** Longest wait honoured for a Retry-After, in seconds (default 60). */
  maxRetryAfterSeconds?: number
  fetch?: typeof fetch
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date). */
export function retryAfterSeconds(value: string | null): number | null {
  if (!value) return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000))
}

/**
 * A typed client acting as an API client: every request carries a fresh token (one retry with a new
 * token after a 401), every POST an Idempotency-Key (the same on its retries, so a retried creation
 * is never done twice), and 429/503 answers are retried after their Retry-After.
 */
export function createPartnerClient(options: PartnerClientOptions): PonteClient {
  const baseFetch = options.fetch ?? fetch
  const tokens = tokenProvider(options, baseFetch)
  const maxRetries = options.maxRetries ?? 3
  const maxWait = options.maxRetryAfterSeconds ?? 60
  const partnerFetch = async (input: Request): Promise<Response> => {
    const original = input.clone()
    if (original.method === 'POST' && !original.headers.has('idempotency-key')) original.headers.set('idempotency-key', randomUUID())
    let renewed = false
    for (let attempt = 0; ; attempt++) {
      const request = original.clone()
      request.headers.set('authorization', `Bearer ${await tokens.token()}`)
      const response = await baseFetch(request)
      if (response.status === 401 && !renewed) {
        renewed = true
        tokens.invalidate()
        continue
      }
      const wait = retryAfterSeconds(response.headers.get('retry-after'))
      if ((response.status === 429 || response.status === 503) && attempt < maxRetries && wait !== null && wait <= maxWait) {
        await response.body?.cancel()
        await sleep(wait * 1000)
        continue
      }
      return response
    }
  }
  return createClient<paths>({ baseUrl: options.baseUrl, fetch: partnerFetch })
}

/** The version in a response's ETag (`"3"` → 3), to send back with `ifMatch`. */
export function versionOf(response: Response): number | null {
  const match = /^(?:W\/)?"(\d+)"$/.exec(response.headers.get('etag') ?? '')
  return match ? Number(match[1]) : null
}

/** Every item of a cursor-paginated list: `for await (const c of paginate((cursor) => api.GET('/cases', { params: { query: { cursor } } })))`. */
export async function* paginate<T>(page: (cursor: string | undefined) => Promise<{ data?: { items: T[]; nextCursor: string | null }; error?: unknown; response: Response }>): AsyncGenerator<T> {
  let cursor: string | undefined
  for (;;) {
    const { data, error, response } = await page(cursor)
    if (!data) throw Object.assign(new Error(`Listing failed with HTTP ${response.status}`), { problem: error })
    yield* data.items
    if (!data.nextCursor) return
    cursor = data.nextCursor
  }
}

type ChangePage = paths['/changes']['get']['responses'][200]['content']['application/json']
export type Change = ChangePage['items'][number]

/**
 * The change feed from `after` to its current end, page by page: `onPage` is given each page's
 * changes and the cursor to store once they are handled (store it only after handling them).
 */
export async function readChanges(api: PonteClient, options: { after?: string; types?: string[]; onPage: (changes: Change[], cursor: string) => Promise<void> | void }): Promise<string> {
  let after = options.after
  for (;;) {
    const { data, error, response } = await api.GET('/changes', { params: { query: { ...(after ? { after } : {}), ...(options.types ? { types: options.types } : {}), limit: 200 } } })
    if (!data) throw Object.assign(new Error(`The change feed answered HTTP ${response.status}`), { problem: error })
    await options.onPage(data.items, data.nextCursor)
    after = data.nextCursor
    if (!data.hasMore) return after
  }
}

/** A webhook signature that does not verify. */
export class WebhookVerificationError extends Error {}

/**
 * Verifies a webhook delivery per Standard Webhooks and answers its payload: `secret` is the
 * webhook's `whsec_…` secret, `body` the raw request body. Refuses a timestamp more than
 * `toleranceSeconds` (default 5 minutes) away from now.
 */
export function verifyWebhook<T = { type: string; timestamp: string; data: Record<string, unknown> }>(secret: string, headers: Record<string, string | string[] | undefined>, body: string, toleranceSeconds = 300): T {
  const header = (name: string) => {
    const value = headers[name] ?? headers[name.toLowerCase()]
    return Array.isArray(value) ? value[0] : value
  }
  const id = header('webhook-id')
  const timestamp = header('webhook-timestamp')
  const signatures = header('webhook-signature')
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature')
  const seconds = Number(timestamp)
  if (!Number.isInteger(seconds) || Math.abs(Date.now() / 1000 - seconds) > toleranceSeconds) throw new WebhookVerificationError('Timestamp outside the tolerance')
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${seconds}.${body}`).digest('base64'))
  const match = signatures.split(' ').some((s) => {
    const [version, signature] = s.split(',')
    if (version !== 'v1' || !signature) return false
    const given = Buffer.from(signature)
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
  if (!match) throw new WebhookVerificationError('No matching signature')
  return JSON.parse(body) as T
}
