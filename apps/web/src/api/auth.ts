/** Staff sign-in: login, silent renewal, logout and the signed-in user (routes under /auth). */
import type { BodyOf } from '@ponte/client'
import type { Session } from '@ponte/shared'
import { api, dataOf, endSession, publicApi, refreshSession, startSession } from './http'

/** Signs in; on success the session is started (token kept in memory, renewal scheduled). */
export async function login(credentials: BodyOf<'login'>): Promise<Session> {
  const session = await dataOf(publicApi.POST('/auth/login', { body: credentials }))
  startSession(session)
  return session
}

/** Restores the session from the refresh cookie; null when there is none to restore. */
export const restoreSession = (): Promise<Session | null> => refreshSession()

/** Ends the session on the server (revokes it, clears the cookie) and in this tab, whatever happens. */
export async function logout(): Promise<void> {
  try {
    await publicApi.POST('/auth/logout')
  } finally {
    endSession()
  }
}

export const readCurrentUser = () => dataOf(api.GET('/auth/me'))
