import { afterEach, describe, expect, it, vi } from 'vitest'
import { json, me, membership, problem, session, stubFetch } from '../../test/helpers'
import { login, logout } from './auth'
import { ApiError, api, dataOf, endSession, hasAccessToken, noteActivity, onSessionChange, onSessionDeadline, parseRetryAfter, refreshSession, setRequestLanguage, startSession } from './http'
import { createOrganisation, listOrganisations, updateOrganisation } from './organisations'

const user = me([membership('Comune di Valmadrera', ['coordinator'])])

describe('problems', () => {
  it('parses a problem+json answer into a typed ApiError with field errors, violations and the wait', async () => {
    stubFetch(() =>
      problem(
        422,
        {
          title: 'Dati non accettabili',
          detail: 'Alcuni campi non rispettano le regole.',
          code: 'invalid-field',
          instance: 'urn:ponte:request:abc',
          errors: [{ pointer: '/password', detail: 'too short', code: 'too_short' }],
          violations: [{ rule: 'max-interns', value: 3, limit: 2, detail: 'Troppi tirocinanti.' }],
        },
        { 'retry-after': '30' },
      ),
    )
    const error = await listOrganisations().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    const apiError = error as ApiError
    expect(apiError.status).toBe(422)
    expect(apiError.title).toBe('Dati non accettabili')
    expect(apiError.detail).toBe('Alcuni campi non rispettano le regole.')
    expect(apiError.code).toBe('invalid-field')
    expect(apiError.instance).toBe('urn:ponte:request:abc')
    expect(apiError.errors).toEqual([{ pointer: '/password', detail: 'too short', code: 'too_short' }])
    expect(apiError.violations).toEqual([{ rule: 'max-interns', value: 3, limit: 2, detail: 'Troppi tirocinanti.' }])
    expect(apiError.retryAfterSeconds).toBe(30)
  })

  it('turns an error without a problem body into an ApiError with its status', async () => {
    stubFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } }))
    const error = (await listOrganisations().catch((e: unknown) => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(502)
    expect(error.errors).toEqual([])
  })

  it('reports a network failure as an ApiError with status 0', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    const error = (await listOrganisations().catch((e: unknown) => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(0)
    expect(error.code).toBe('network-error')
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120)
    expect(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 1, 0)).toUTCString(), Date.UTC(2026, 0, 1, 0, 0, 0))).toBe(60)
    expect(parseRetryAfter(null)).toBeNull()
  })
})

describe('requests', () => {
  it('asks the API\'s problems in the language chosen in the header, and reads the language they came in', async () => {
    startSession(session(user))
    const { calls } = stubFetch((call) =>
      call.headers['accept-language']?.startsWith('en') ? problem(409, { title: 'Conflict', detail: 'A conflict.' }, { 'content-language': 'en' }) : problem(409, { title: 'Conflitto', detail: 'Un conflitto.' }, { 'content-language': 'it' }),
    )
    const italian = (await listOrganisations().catch((e: unknown) => e)) as ApiError
    expect(calls[0]!.headers['accept-language']).toBe('it, en;q=0.5')
    expect([italian.language, italian.title]).toEqual(['it', 'Conflitto'])
    setRequestLanguage('en')
    try {
      const english = (await listOrganisations().catch((e: unknown) => e)) as ApiError
      expect(calls[1]!.headers['accept-language']).toBe('en, it;q=0.5')
      expect([english.language, english.title]).toEqual(['en', 'Conflict'])
    } finally {
      setRequestLanguage('it')
    }
  })

  it('sends the access token as a bearer and the cookie with same-origin credentials', async () => {
    startSession(session(user, 'secret-token'))
    const { calls } = stubFetch(() => json(200, { items: [], nextCursor: null }))
    await listOrganisations({ q: 'Valmadrera', kind: undefined })
    expect(calls[0]!.url).toBe('/api/v1/organisations?q=Valmadrera')
    expect(calls[0]!.headers.authorization).toBe('Bearer secret-token')
    expect(calls[0]!.credentials).toBe('same-origin')
  })

  it('sends a merge patch with If-Match of the version read', async () => {
    startSession(session(user))
    const { calls } = stubFetch(() => json(200, { id: 'o1', version: 4 }))
    await updateOrganisation('o1', { name: 'Comune di Civate' }, 3)
    expect(calls[0]!.method).toBe('PATCH')
    expect(calls[0]!.headers['content-type']).toBe('application/merge-patch+json')
    expect(calls[0]!.headers['if-match']).toBe('"3"')
    expect(calls[0]!.body).toEqual({ name: 'Comune di Civate' })
  })

  it('sends an Idempotency-Key on every POST that creates something', async () => {
    startSession(session(user))
    const { calls } = stubFetch(() => json(201, { id: 'o1' }))
    await createOrganisation({ kind: 'municipality', name: 'Comune di Oggiono' })
    await createOrganisation({ kind: 'municipality', name: 'Comune di Oggiono' }, 'draft-key')
    expect(calls[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(calls[1]!.headers['idempotency-key']).toBe('draft-key')
    expect(calls[0]!.headers['content-type']).toBe('application/json')
  })

  it('sends path parameters encoded, arrays as the parameter repeated and leaves empty values out', async () => {
    startSession(session(user))
    const { calls } = stubFetch(() => json(200, { items: [], nextCursor: null }))
    await api.GET('/cases/{caseId}/plans', { params: { path: { caseId: 'a/b' }, query: { status: 'draft', cursor: '' } } })
    await api.GET('/referrals', { params: { query: { status: ['requested'], limit: 20 } } })
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/cases/a%2Fb/plans?status=draft', '/api/v1/referrals?status=requested&limit=20'])
    expect(calls[0]!.headers['content-type']).toBeUndefined()
  })

  it('answers the body of a success, and undefined for 204', async () => {
    startSession(session(user))
    stubFetch((call) => (call.url.endsWith('/auth/logout') ? new Response(null, { status: 204 }) : json(200, { id: 'o1', name: 'Comune di Civate' })))
    await expect(dataOf(api.GET('/organisations/{organisationId}', { params: { path: { organisationId: 'o1' } } }))).resolves.toEqual({ id: 'o1', name: 'Comune di Civate' })
    await expect(dataOf(api.POST('/auth/logout'))).resolves.toBeUndefined()
  })
})

describe('silent refresh', () => {
  it('renews the session once on a 401 and retries the request with the new token', async () => {
    startSession(session(user, 'old-token'))
    const { calls } = stubFetch((call) => {
      if (call.url.endsWith('/auth/refresh')) return json(200, session(user, 'new-token'))
      return call.headers.authorization === 'Bearer new-token' ? json(200, { ok: true }) : problem(401, { code: 'unauthorized' })
    })
    await expect(dataOf(api.GET('/auth/me'))).resolves.toEqual({ ok: true })
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/auth/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/auth/me'])
    const refresh = calls[1]!
    expect(refresh.credentials).toBe('same-origin')
    expect(refresh.headers.authorization).toBeUndefined()
  })

  it('shares one refresh among concurrent 401s (a second refresh would reuse the rotated token)', async () => {
    startSession(session(user, 'old-token'))
    let releaseRefresh: () => void = () => {}
    const refreshGate = new Promise<void>((resolve) => {
      releaseRefresh = resolve
    })
    const { calls } = stubFetch(async (call) => {
      if (call.url.endsWith('/auth/refresh')) {
        await refreshGate
        return json(200, session(user, 'new-token'))
      }
      return call.headers.authorization === 'Bearer new-token' ? json(200, { url: call.url }) : problem(401, { code: 'unauthorized' })
    })
    const pending = Promise.all([
      dataOf(api.GET('/organisations')),
      dataOf(api.GET('/auth/me')),
      dataOf(api.GET('/organisations/{organisationId}/users', { params: { path: { organisationId: 'o1' } } })),
    ])
    await new Promise((resolve) => setTimeout(resolve, 10))
    releaseRefresh()
    const results = await pending
    expect(results).toEqual([{ url: '/api/v1/organisations' }, { url: '/api/v1/auth/me' }, { url: '/api/v1/organisations/o1/users' }])
    expect(calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1)
    expect(calls.filter((c) => c.headers.authorization === 'Bearer new-token')).toHaveLength(3)
  })

  it('sends the same body, If-Match and Idempotency-Key again on the retry after a renewal', async () => {
    startSession(session(user, 'old-token'))
    const { calls } = stubFetch((call) => {
      if (call.url.endsWith('/auth/refresh')) return json(200, session(user, 'new-token'))
      return call.headers.authorization === 'Bearer new-token' ? json(200, { id: 'o1', version: 4 }) : problem(401, { code: 'unauthorized' })
    })
    await updateOrganisation('o1', { name: 'Comune di Civate' }, 3)
    const [first, , retry] = calls
    expect(retry!.url).toBe(first!.url)
    expect(retry!.body).toEqual({ name: 'Comune di Civate' })
    expect(retry!.headers['if-match']).toBe('"3"')
    expect(retry!.headers['content-type']).toBe('application/merge-patch+json')
  })

  it('retries without refreshing again when another request already renewed the token', async () => {
    startSession(session(user, 'old-token'))
    const { calls } = stubFetch((call) => {
      if (call.headers.authorization === 'Bearer old-token') {
        // The token is renewed (e.g. by the scheduled refresh) while this request is on its way.
        startSession(session(user, 'new-token'))
        return problem(401)
      }
      return json(200, { ok: true })
    })
    await api.GET('/auth/me')
    expect(calls.some((c) => c.url.endsWith('/auth/refresh'))).toBe(false)
    expect(calls[1]!.headers.authorization).toBe('Bearer new-token')
  })

  it('ends the session and throws the 401 when the refresh is refused', async () => {
    startSession(session(user, 'old-token'))
    const changes: unknown[] = []
    const unsubscribe = onSessionChange((s) => changes.push(s))
    const { calls } = stubFetch((call) => problem(401, { code: 'unauthorized', detail: call.url }))
    const error = (await api.GET('/auth/me').catch((e: unknown) => e)) as ApiError
    unsubscribe()
    expect(error.status).toBe(401)
    expect(error.detail).toBe('/api/v1/auth/me')
    expect(hasAccessToken()).toBe(false)
    expect(changes).toEqual([null])
    expect(calls).toHaveLength(2)
  })

  it('does not try to refresh on the sign-in routes', async () => {
    const { calls } = stubFetch(() => problem(401, { code: 'unauthorized' }))
    await expect(login({ email: 'x@y.it', password: 'wrong' })).rejects.toMatchObject({ status: 401 })
    expect(calls).toHaveLength(1)
  })

  it('renews the session shortly before the access token expires while the user is active', async () => {
    vi.useFakeTimers()
    const { calls } = stubFetch(() => json(200, session(user, 'renewed-token')))
    startSession(session(user, 'first-token', 900))
    await vi.advanceTimersByTimeAsync(600_000)
    noteActivity()
    await vi.advanceTimersByTimeAsync(239_000)
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/refresh'])
  })

  it('lets an idle session run out: no scheduled renewal without activity, and the first activity after renews it', async () => {
    vi.useFakeTimers()
    const deadlines: (number | null)[] = []
    const stop = onSessionDeadline((endsAt) => deadlines.push(endsAt))
    const { calls } = stubFetch(() => json(200, session(user, 'renewed-token', 900, 1800)))
    startSession(session(user, 'first-token', 900, 1800))
    expect(deadlines).toEqual([Date.now() + 1_800_000])
    expect(localStorage.getItem('ponte.sessionEndsAt')).toBe(String(deadlines[0]))
    await vi.advanceTimersByTimeAsync(1_000_000)
    expect(calls).toHaveLength(0)
    noteActivity()
    await vi.advanceTimersByTimeAsync(0)
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/refresh'])
    expect(deadlines.at(-1)).toBe(Date.now() + 1_800_000)
    stop()
  })

  it('answers null without a session to restore', async () => {
    stubFetch(() => problem(401, { code: 'unauthorized' }))
    await expect(refreshSession()).resolves.toBeNull()
  })
})

describe('the renewal started by the page before the app ran (src/early-refresh.js)', () => {
  const holder = window as { __ponteEarlyRefresh?: Promise<{ response: Response; receivedAt: number }> }
  afterEach(() => {
    delete holder.__ponteEarlyRefresh
  })

  it('is the first renewal: its session starts, counted from when it answered, and nothing is asked again', async () => {
    const receivedAt = Date.now() - 2_000
    holder.__ponteEarlyRefresh = Promise.resolve({ response: json(200, session(user, 'token-early')), receivedAt })
    const { calls } = stubFetch(() => json(200, { items: [], nextCursor: null }))
    const deadlines: (number | null)[] = []
    const stop = onSessionDeadline((endsAt) => deadlines.push(endsAt))
    await expect(refreshSession()).resolves.toMatchObject({ accessToken: 'token-early' })
    expect(deadlines.at(-1)).toBe(receivedAt + 1_800_000)
    expect(holder.__ponteEarlyRefresh).toBeUndefined()
    await listOrganisations()
    expect(calls.map((c) => [c.url, c.headers.authorization])).toEqual([['/api/v1/organisations', 'Bearer token-early']])
    stop()
  })

  it('is taken once: the next renewal asks the API', async () => {
    holder.__ponteEarlyRefresh = Promise.resolve({ response: json(200, session(user, 'token-early')), receivedAt: Date.now() })
    const { calls } = stubFetch(() => json(200, session(user, 'token-2')))
    await refreshSession()
    await expect(refreshSession()).resolves.toMatchObject({ accessToken: 'token-2' })
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/refresh'])
  })

  it('answers null when it was refused, and a network problem when it could not be sent', async () => {
    holder.__ponteEarlyRefresh = Promise.resolve({ response: problem(401, { code: 'unauthorized' }), receivedAt: Date.now() })
    await expect(refreshSession()).resolves.toBeNull()
    expect(hasAccessToken()).toBe(false)
    const failed = Promise.reject(new TypeError('Failed to fetch'))
    failed.catch(() => undefined)
    holder.__ponteEarlyRefresh = failed
    await expect(refreshSession()).rejects.toMatchObject({ status: 0, code: 'network-error' })
  })
})

describe('the reads started by the page before the app ran (src/early-refresh.js)', () => {
  type EarlyRead = Promise<{ token: string; response: Response } | null>
  const holder = window as { __ponteEarlyReads?: Record<string, EarlyRead> }
  const signIn = async (token: string) => {
    stubFetch(() => json(200, session(user, token)))
    await login({ email: 'mario.rossi@valmadrera.demo', password: 'ponte-demo-2026' })
  }
  const page = (name: string) => ({ items: [{ id: name }], nextCursor: null })
  afterEach(() => {
    delete holder.__ponteEarlyReads
    endSession()
  })

  it("answers the app's first GET of the same path, sent with the same token, and only the first", async () => {
    await signIn('token-early')
    holder.__ponteEarlyReads = { '/api/v1/organisations': Promise.resolve({ token: 'token-early', response: json(200, page('early')) }) }
    const { calls } = stubFetch(() => json(200, page('asked')))
    await expect(listOrganisations()).resolves.toMatchObject(page('early'))
    expect(calls).toEqual([])
    await expect(listOrganisations()).resolves.toMatchObject(page('asked'))
    expect(calls.map((call) => call.url)).toEqual(['/api/v1/organisations'])
  })

  it('asks the API when the early read failed, could not be sent, or carried another token', async () => {
    await signIn('token-2')
    const unsent = Promise.reject(new TypeError('Failed to fetch'))
    unsent.catch(() => undefined)
    for (const read of [Promise.resolve(null), unsent, Promise.resolve({ token: 'token-early', response: json(200, page('early')) })] as EarlyRead[]) {
      holder.__ponteEarlyReads = { '/api/v1/organisations': read }
      const { calls } = stubFetch(() => json(200, page('asked')))
      await expect(listOrganisations()).resolves.toMatchObject(page('asked'))
      expect(calls.map((call) => [call.url, call.headers.authorization])).toEqual([['/api/v1/organisations', 'Bearer token-2']])
    }
  })
})

describe('token storage', () => {
  afterEach(() => endSession())

  it('keeps the access token in memory only: never in localStorage, sessionStorage or cookies', async () => {
    stubFetch((call) => (call.url.endsWith('/auth/login') ? json(200, session(user, 'very-secret-access-token')) : json(200, { ok: true })))
    await login({ email: 'mario.rossi@valmadrera.demo', password: 'ponte-demo-2026' })
    const { calls } = stubFetch(() => json(200, { ok: true }))
    await api.GET('/auth/me')
    expect(calls[0]!.headers.authorization).toBe('Bearer very-secret-access-token')
    const stored = [...Object.values({ ...localStorage }), ...Object.values({ ...sessionStorage }), document.cookie].join(' ')
    expect(stored).not.toContain('very-secret-access-token')
  })

  it('forgets the token on logout even when the API cannot be reached', async () => {
    startSession(session(user))
    stubFetch(() => Promise.reject(new TypeError('offline')))
    await expect(logout()).rejects.toMatchObject({ status: 0 })
    expect(hasAccessToken()).toBe(false)
  })
})
