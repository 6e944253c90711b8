/** Staff sign-in: login, silent renewal, logout and the signed-in user (routes under /auth). */
import type { LoginRequest, Me, Session } from '@ponte/shared'
import { endSession, http, refreshSession, request, startSession } from './http'

/** Signs in; on success the session is started (token kept in memory, renewal scheduled). */
export async function login(credentials: LoginRequest): Promise<Session> {
  const { data } = await request<Session>('/auth/login', { method: 'POST', body: credentials, authenticated: false })
  startSession(data)
  return data
}

/** Restores the session from the refresh cookie; null when there is none to restore. */
export const restoreSession = (): Promise<Session | null> => refreshSession()

/** Ends the session on the server (revokes it, clears the cookie) and in this tab, whatever happens. */
export async function logout(): Promise<void> {
  try {
    await request<void>('/auth/logout', { method: 'POST', authenticated: false })
  } finally {
    endSession()
  }
}

export const readCurrentUser = (): Promise<Me> => http.get<Me>('/auth/me')
