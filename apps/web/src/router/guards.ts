/** Route guards: restore the session first, send signed-out users to login (and back), keep each role to its pages. */
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import type { useSessionStore } from '../stores/session'
import { can } from './access'

type SessionStore = ReturnType<typeof useSessionStore>

/** A redirect target from the query string: a path inside the app only (no open redirect). */
export function safeRedirect(value: unknown): string | null {
  const target = Array.isArray(value) ? value[0] : value
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return null
  return target
}

/** Decides where a navigation goes: true to proceed, or another location. */
export async function guardNavigation(to: RouteLocationNormalized, session: SessionStore): Promise<true | RouteLocationRaw> {
  await session.restore()
  if (to.meta.guestOnly && session.isSignedIn) return safeRedirect(to.query.redirect) ?? { name: 'home' }
  if (to.meta.public) return true
  if (!session.isSignedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  const required = to.meta.requires
  if (required && !can(required, { activeRoles: session.activeRoles, isPlatformAdmin: session.isPlatformAdmin })) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  return true
}
