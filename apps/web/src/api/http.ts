/**
 * The one HTTP door of the web app: the only module that calls fetch. It keeps the access token in
 * memory (never in storage), sends it as a bearer, turns problem+json answers into ApiError, and on
 * a 401 renews the session once through the httpOnly refresh cookie, then retries.
 *
 * The session ends when it is not renewed for a while (the API's `sessionExpiresIn`): the access
 * token is renewed on schedule only while the user is active (`noteActivity`), so an idle session
 * lapses — after the warning of SessionExpiryWarning — and a working one never does.
 */
import { createPonteClient, ifMatch, type PonteClient } from '@ponte/client'
import type { Problem, ProblemFieldError, ProblemViolation, Session } from '@ponte/shared'

export const API_BASE = '/api/v1'
const REFRESH_PATH = '/auth/refresh'
/** Renew this many seconds before the access token expires. */
const REFRESH_MARGIN_SECONDS = 60
/** A failed scheduled renewal (network down) is tried again after this many seconds. */
const REFRESH_RETRY_SECONDS = 30
/** Refresh tokens rotate and reuse revokes the session: tabs renew one at a time. */
const REFRESH_LOCK = 'ponte-session-refresh'
/** When the session ends unless renewed, shared with the other tabs (an instant, no personal data). */
const DEADLINE_STORAGE_KEY = 'ponte.sessionEndsAt'

/** An error answered by the API (RFC 9457 problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly type: string
  readonly title: string
  readonly detail: string | undefined
  readonly code: string | undefined
  readonly instance: string | undefined
  readonly errors: ProblemFieldError[]
  readonly violations: ProblemViolation[]
  readonly existingId: string | undefined
  /** Seconds to wait before trying again (Retry-After), when the API said so. */
  readonly retryAfterSeconds: number | null
  /** The language of `title` and `detail` (the API's Content-Language; Italian when it says none). */
  readonly language: 'it' | 'en'

  constructor(problem: Problem, retryAfterSeconds: number | null = null, language: 'it' | 'en' = 'it') {
    super(problem.detail ?? problem.title)
    this.name = 'ApiError'
    this.status = problem.status
    this.type = problem.type
    this.title = problem.title
    this.detail = problem.detail
    this.code = problem.code
    this.instance = problem.instance
    this.errors = problem.errors ?? []
    this.violations = problem.violations ?? []
    this.existingId = problem.existingId
    this.retryAfterSeconds = retryAfterSeconds
    this.language = language
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError

/** A caught error as the ApiError it is; anything else (a bug, not an answer of the API) is rethrown. */
export function asApiError(error: unknown): ApiError {
  if (isApiError(error)) return error
  throw error
}

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null
  if (/^\s*\d+\s*$/.test(value)) return Number(value)
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000))
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function fieldErrorsOf(value: unknown): ProblemFieldError[] {
  if (!Array.isArray(value)) return []
  return value.filter(isObject).flatMap((e) =>
    typeof e.pointer === 'string' ? [{ pointer: e.pointer, detail: typeof e.detail === 'string' ? e.detail : '', ...(typeof e.code === 'string' ? { code: e.code } : {}) }] : [],
  )
}

function violationsOf(value: unknown): ProblemViolation[] {
  if (!Array.isArray(value)) return []
  return value.filter(isObject).flatMap((v) =>
    typeof v.rule === 'string' ? [{ rule: v.rule, detail: typeof v.detail === 'string' ? v.detail : '', ...('value' in v ? { value: v.value } : {}), ...('limit' in v ? { limit: v.limit } : {}) }] : [],
  )
}

/** Reads an error response into an ApiError, whether or not its body is problem+json. */
export async function parseProblem(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'))
  let body: unknown = null
  if (/json/i.test(response.headers.get('content-type') ?? '')) {
    try {
      body = await response.json()
    } catch {
      body = null
    }
  }
  const problem: Problem = { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status }
  if (isObject(body)) {
    if (typeof body.type === 'string') problem.type = body.type
    if (typeof body.title === 'string') problem.title = body.title
    if (typeof body.detail === 'string') problem.detail = body.detail
    if (typeof body.instance === 'string') problem.instance = body.instance
    if (typeof body.code === 'string') problem.code = body.code
    if (typeof body.existingId === 'string') problem.existingId = body.existingId
    const errors = fieldErrorsOf(body.errors)
    if (errors.length > 0) problem.errors = errors
    const violations = violationsOf(body.violations)
    if (violations.length > 0) problem.violations = violations
  }
  return new ApiError(problem, retryAfter, /^en\b/i.test(response.headers.get('content-language') ?? '') ? 'en' : 'it')
}

const networkError = (cause: unknown) => {
  const error = new ApiError({ type: 'urn:ponte:problem:network-error', title: 'Network error', status: 0, code: 'network-error' })
  ;(error as { cause?: unknown }).cause = cause
  return error
}

/** A random UUID, also where crypto.randomUUID is missing (pages served over plain http). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

// ---------------------------------------------------------------------------------------------
// Session: the access token lives only in this module's memory.

type SessionListener = (session: Session | null) => void

let accessToken: string | null = null
let refreshTimer: ReturnType<typeof setTimeout> | null = null
let refreshInFlight: Promise<Session | null> | null = null
const listeners = new Set<SessionListener>()

/** When the session ends unless renewed (epoch ms, this browser's clock); null when signed out. */
let sessionEndsAt: number | null = null
const deadlineListeners = new Set<(endsAt: number | null) => void>()
let renewedAt = 0
let lastActivityAt = 0
/** A scheduled renewal skipped because the user was idle: the next activity renews. */
let renewalSkipped = false

/** Called with the instant (epoch ms) the session ends unless renewed, whenever it changes; null when signed out. */
export function onSessionDeadline(listener: (endsAt: number | null) => void): () => void {
  deadlineListeners.add(listener)
  return () => deadlineListeners.delete(listener)
}

export const sessionDeadline = () => sessionEndsAt

/**
 * Whether this browser held a session that has not yet run out (the deadline the tabs share): a
 * hint for the shell, which keeps the signed-in header's place while the start-up renewal answers,
 * so the page does not jump when it does. Never a reason to show or allow anything.
 */
export function sessionLikelyActive(now = Date.now()): boolean {
  try {
    const endsAt = Number(localStorage.getItem(DEADLINE_STORAGE_KEY))
    return Number.isFinite(endsAt) && endsAt > now
  } catch {
    return false
  }
}

function setDeadline(endsAt: number | null, share: boolean) {
  sessionEndsAt = endsAt
  if (share && endsAt !== null) {
    try {
      localStorage.setItem(DEADLINE_STORAGE_KEY, String(endsAt))
    } catch {
      // No storage: other tabs learn of the renewal when they renew themselves.
    }
  }
  for (const listener of deadlineListeners) listener(endsAt)
}

// Another tab renewed the session (the refresh cookie is shared): this tab's session lasts as long.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== DEADLINE_STORAGE_KEY || !event.newValue || sessionEndsAt === null) return
    const endsAt = Number(event.newValue)
    if (Number.isFinite(endsAt) && endsAt > sessionEndsAt) setDeadline(endsAt, false)
  })
}

/**
 * The user did something (a key, a pointer): the session is in use. The next scheduled renewal
 * goes ahead; one skipped while the user was idle happens now.
 */
export function noteActivity(now = Date.now()): void {
  lastActivityAt = now
  if (renewalSkipped && accessToken !== null) {
    renewalSkipped = false
    refreshSession().catch(() => {
      if (accessToken !== null) scheduleRefresh(REFRESH_RETRY_SECONDS)
    })
  }
}

/** Called with the new session after sign-in and every renewal, and with null when it ends. */
export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export const hasAccessToken = () => accessToken !== null

function scheduleRefresh(seconds: number) {
  if (refreshTimer !== null) clearTimeout(refreshTimer)
  const delay = Math.min(Math.max(seconds, 5) * 1000, 2_147_483_647)
  refreshTimer = setTimeout(() => {
    refreshTimer = null
    // Idle since the last renewal: let the access token lapse (a request renews it on its 401) and the session run out.
    if (lastActivityAt <= renewedAt) {
      renewalSkipped = true
      return
    }
    refreshSession().catch(() => {
      // The network failed (the session itself was not refused): try again shortly.
      if (accessToken !== null) scheduleRefresh(REFRESH_RETRY_SECONDS)
    })
  }, delay)
}

/** Starts (or renews) the session: keeps the token and schedules its renewal before expiresIn (counted from `at`, when the API answered). */
export function startSession(session: Session, at = Date.now()): void {
  accessToken = session.accessToken
  renewedAt = at
  renewalSkipped = false
  scheduleRefresh(session.expiresIn - REFRESH_MARGIN_SECONDS)
  for (const listener of listeners) listener(session)
  setDeadline(renewedAt + session.sessionExpiresIn * 1000, true)
}

/** Forgets the session in this tab (the server side is ended by logout). */
export function endSession(): void {
  accessToken = null
  if (refreshTimer !== null) clearTimeout(refreshTimer)
  refreshTimer = null
  renewalSkipped = false
  lastActivityAt = 0
  for (const listener of listeners) listener(null)
  setDeadline(null, false)
  try {
    // Signed out or expired: the next load of the app starts with the signed-out header (sessionLikelyActive).
    localStorage.removeItem(DEADLINE_STORAGE_KEY)
  } catch {
    // No storage: nothing was kept.
  }
}

/** The renewal's answer and when it arrived. */
interface RefreshAnswer {
  response: Response
  receivedAt: number
}

async function postRefresh(): Promise<Session | null> {
  let response: Response
  try {
    response = await fetch(`${API_BASE}${REFRESH_PATH}`, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } })
  } catch (cause) {
    throw networkError(cause)
  }
  return applyRefresh({ response, receivedAt: Date.now() })
}

async function applyRefresh({ response, receivedAt }: RefreshAnswer): Promise<Session | null> {
  if (response.ok) {
    const session = (await response.json()) as Session
    startSession(session, receivedAt)
    return session
  }
  const error = await parseProblem(response)
  if (error.status === 401 || error.status === 400) {
    endSession()
    return null
  }
  throw error
}

/**
 * The renewal the page started before the app's code ran (src/early-refresh.js, loaded first by
 * index.html; docs/decisions/0026), taken once: the first renewal uses its answer instead of
 * asking again (a second request would reuse the refresh token it rotated).
 */
function takeEarlyRefresh(): (() => Promise<Session | null>) | null {
  if (typeof window === 'undefined') return null
  const holder = window as { __ponteEarlyRefresh?: Promise<RefreshAnswer> }
  const answer = holder.__ponteEarlyRefresh
  if (!answer) return null
  delete holder.__ponteEarlyRefresh
  return () =>
    answer.then(applyRefresh, (cause: unknown) => {
      throw networkError(cause)
    })
}

/**
 * Renews the session with the refresh cookie. Concurrent callers share one request (a second
 * request would reuse the rotated token and revoke the session); other tabs wait on a Web Lock.
 * Resolves with the new session, or null when there is none; rejects only on network or server errors.
 */
export function refreshSession(): Promise<Session | null> {
  if (refreshInFlight) return refreshInFlight
  const early = takeEarlyRefresh()
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined
  const run = early ?? (locks?.request ? () => locks.request(REFRESH_LOCK, postRefresh) as Promise<Session | null> : postRefresh)
  refreshInFlight = run().finally(() => {
    refreshInFlight = null
  })
  return refreshInFlight
}

// ---------------------------------------------------------------------------------------------
// Requests: the typed client of @ponte/client over one exchange that adds the session.

/** What the exchange sends: a path under the origin (with its query) and the request's parts. */
interface Outgoing {
  method: string
  headers: Record<string, string>
  body: string | undefined
  signal: AbortSignal | undefined
}

/** The interface's language, which the API's problems are asked in (Accept-Language); App.vue sets it. */
let requestLanguage: 'it' | 'en' = 'it'

/** Asks the API's problems (titles and details) in the language chosen in the header from now on. */
export function setRequestLanguage(language: 'it' | 'en'): void {
  requestLanguage = language
}

/**
 * The reads the page started before the app's code ran (src/early-refresh.js), by path: each taken
 * once, by the first GET of the same path with the same token; a failed one is asked again.
 */
function takeEarlyRead(path: string, token: string): Promise<Response | null> | null {
  if (typeof window === 'undefined') return null
  const reads = (window as { __ponteEarlyReads?: Record<string, Promise<{ token: string; response: Response } | null>> }).__ponteEarlyReads
  const read = reads?.[path]
  if (!read) return null
  delete reads[path]
  return read.then(
    (answer) => (answer && answer.token === token ? answer.response : null),
    () => null,
  )
}

async function send(path: string, outgoing: Outgoing, token: string | null): Promise<Response> {
  const early = outgoing.method === 'GET' && token !== null ? takeEarlyRead(path, token) : null
  const earlyAnswer = early && (await early)
  if (earlyAnswer) return earlyAnswer
  const headers: Record<string, string> = {
    ...outgoing.headers,
    accept: 'application/json, application/problem+json',
    'accept-language': requestLanguage === 'en' ? 'en, it;q=0.5' : 'it, en;q=0.5',
  }
  delete headers.authorization
  if (token !== null) headers.authorization = `Bearer ${token}`
  if (outgoing.body === undefined) delete headers['content-type']
  // The API's PATCH routes take JSON Merge Patch (RFC 7396).
  else if (outgoing.method === 'PATCH') headers['content-type'] = 'application/merge-patch+json'
  try {
    return await fetch(path, {
      method: outgoing.method,
      headers,
      credentials: 'same-origin',
      ...(outgoing.body !== undefined ? { body: outgoing.body } : {}),
      ...(outgoing.signal ? { signal: outgoing.signal } : {}),
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw networkError(cause)
  }
}

/**
 * Sends one request with the session's bearer (unless `authenticated` is false: the sign-in routes);
 * on a 401 renews the session once and retries; answers the response when it is 2xx, else throws ApiError.
 */
async function exchange(path: string, outgoing: Outgoing, authenticated: boolean): Promise<Response> {
  const tokenUsed = authenticated ? accessToken : null
  let response = await send(path, outgoing, tokenUsed)
  if (response.status === 401 && authenticated) {
    // Another request may have renewed the token meanwhile: then only the retry is needed.
    const renewed = accessToken !== null && accessToken !== tokenUsed ? accessToken : (await refreshSession())?.accessToken
    if (renewed) response = await send(path, outgoing, renewed)
  }
  if (!response.ok) throw await parseProblem(response)
  return response
}

/** The query as the API reads it: empty values left out, arrays as the parameter repeated. */
export function serializeQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null || item === '') continue
      params.append(name, String(item))
    }
  }
  return params.toString()
}

/** openapi-fetch builds a Request; the exchange sends it as a path of this origin, so it can be retried. */
function clientFetch(authenticated: boolean) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value
    })
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : (await request.text()) || undefined
    return exchange(`${url.pathname}${url.search}`, { method: request.method, headers, body, signal: request.signal }, authenticated)
  }
}

/** openapi-fetch needs an absolute base; the exchange sends the path only (same origin). */
const origin = typeof location !== 'undefined' && /^https?:/.test(location.origin) ? location.origin : 'http://localhost'

const clientOptions = (authenticated: boolean) => ({ baseUrl: `${origin}${API_BASE}`, fetch: clientFetch(authenticated), querySerializer: serializeQuery })

/**
 * The API, typed from its OpenAPI document: `api.GET('/cases/{caseId}', { params: { path: { caseId } } })`.
 * Every call carries the session; a failed call rejects with ApiError (so `data` is there when it resolves).
 */
export const api: PonteClient = createPonteClient(clientOptions(true))

/** The same, without the session: the sign-in routes (no bearer, no renewal on 401). */
export const publicApi: PonteClient = createPonteClient(clientOptions(false))

/**
 * The body of a call of `api`: it resolves only on success (failures reject with ApiError), when
 * openapi-fetch's result holds `data` (undefined for a 204).
 */
export async function dataOf<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const result = await call
  return result.data as T
}

/**
 * The headers of a write: `If-Match` of the version read and/or an `Idempotency-Key`. Given a
 * version, `If-Match` is always there (the operations that need it declare it required).
 */
export function writeHeaders(options: { version: number; idempotencyKey?: string | undefined }): { 'if-match': string; 'idempotency-key'?: string }
export function writeHeaders(options: { version?: number | undefined; idempotencyKey?: string | undefined }): { 'if-match'?: string; 'idempotency-key'?: string }
export function writeHeaders(options: { version?: number | undefined; idempotencyKey?: string | undefined }) {
  return {
    ...(options.version !== undefined ? { 'if-match': ifMatch(options.version) } : {}),
    ...(options.idempotencyKey !== undefined ? { 'idempotency-key': options.idempotencyKey } : {}),
  }
}

/** A file answered by a call of `api` made with `parseAs: 'blob'`: its bytes and the name the API gave it (Content-Disposition). */
export async function fileOf(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<{ blob: Blob; fileName: string }> {
  const { data, response } = await call
  const disposition = response.headers.get('content-disposition') ?? ''
  const fileName = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? 'download'
  return { blob: data as Blob, fileName }
}
