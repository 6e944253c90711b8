/** Test helpers: API answers, a fetch that follows a script, users with memberships, and a mounted app context. */
import type { Me, Membership, Role, Session } from '@ponte/shared'
import { PiniaColada } from '@pinia/colada'
import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { vi } from 'vitest'
import type { Component } from 'vue'
import { createMemoryHistory, type Router } from 'vue-router'
import { createAppI18n } from '../src/i18n'
import { createAppRouter } from '../src/router'

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  })

export const problem = (status: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  json(status, { type: `urn:ponte:problem:${extra.code ?? 'x'}`, title: 'Problem', status, ...extra }, headers)

export interface FetchCall {
  url: string
  method: string
  headers: Record<string, string>
  body: unknown
  credentials: RequestCredentials | undefined
}

/** Stubs fetch: `handler` answers each call; every call is recorded with its headers and JSON body. */
export function stubFetch(handler: (call: FetchCall) => Response | Promise<Response>) {
  const calls: FetchCall[] = []
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers: Record<string, string> = {}
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value
    })
    const call: FetchCall = {
      url: String(input),
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    }
    calls.push(call)
    return handler(call)
  })
  vi.stubGlobal('fetch', fetchMock)
  return { calls, fetchMock }
}

export function membership(organisationName: string, roles: Role[], organisationId = `org-${organisationName.toLowerCase().replace(/\W+/g, '-')}`): Membership {
  return { organisationId, organisationName, organisationKind: 'municipality', roles }
}

export function me(memberships: Membership[], overrides: Partial<Me> = {}): Me {
  return { id: 'user-1', email: 'mario.rossi@valmadrera.demo', givenName: 'Mario', familyName: 'Rossi', locale: 'it', memberships, ...overrides }
}

export function session(user: Me, accessToken = 'token-1', expiresIn = 900, sessionExpiresIn = 1800): Session {
  return { accessToken, tokenType: 'Bearer', expiresIn, sessionExpiresIn, sessionExpiresAt: new Date(Date.now() + sessionExpiresIn * 1000).toISOString(), user }
}

export interface AppContext {
  pinia: Pinia
  router: Router
  i18n: ReturnType<typeof createAppI18n>
}

/** Pinia, Pinia Colada, Italian i18n and the app's router on a memory history. */
export function createAppContext(): AppContext {
  const pinia = createPinia()
  setActivePinia(pinia)
  const i18n = createAppI18n('it')
  const router = createAppRouter(i18n, createMemoryHistory())
  return { pinia, router, i18n }
}

export function mountWithApp<C extends Component>(component: C, context: AppContext, options: ComponentMountingOptions<C> = {} as ComponentMountingOptions<C>) {
  return mount(component, {
    ...options,
    attachTo: document.body,
    global: { plugins: [context.pinia, [PiniaColada, { queryOptions: { staleTime: 0 } }], context.i18n, context.router], ...(options.global ?? {}) },
  } as ComponentMountingOptions<C>)
}

/** The next animation frame, then the task after it: when work scheduled with afterNextPaint before it has run. */
export const afterFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))

/** Lets pending promises and Vue updates run. */
export async function settle(times = 5) {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * Waits until `assertion` passes — for the event it describes, polling, bounded only by the test's
 * own timeout. (vi.waitFor's default gives up after 1 s: a short clock that fails on a busy machine.)
 */
export const eventually = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 10 * 60_000, interval: 10 })

/** Resolves when focus lands on an element with `tagName` (the focusin event): create it before the action that moves focus. */
export function focusArrivesAt(tagName: string): Promise<HTMLElement> {
  return new Promise((resolve) => {
    if (document.activeElement?.tagName === tagName) return resolve(document.activeElement as HTMLElement)
    const listener = (event: FocusEvent) => {
      const target = event.target as HTMLElement | null
      if (target?.tagName === tagName) {
        document.removeEventListener('focusin', listener)
        resolve(target)
      }
    }
    document.addEventListener('focusin', listener)
  })
}

/** Resolves when the router has arrived at the named route (wait for the event, never for a clock): create it before the action that navigates. */
export function arrivalAt(router: Router, name: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = router.afterEach((to, _from, failure) => {
      if (!failure && to.name === name) {
        stop()
        resolve()
      }
    })
  })
}
