/** Staff sign-in: POST /auth/login, /auth/refresh, /auth/logout and GET /auth/me. */
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { LoginRequest, Me, Ref, Session } from '@ponte/shared'
import type { Config } from '../../config.js'
import { API_PREFIX } from '../../lib/api.js'
import { unauthorized } from '../../lib/errors.js'
import type { App } from '../../lib/fastify.js'
import { problems } from '../../lib/route-schema.js'
import * as service from './auth.service.js'

export const REFRESH_COOKIE = 'ponte_refresh'
const REFRESH_COOKIE_DESCRIPTION = 'Rotating refresh token, httpOnly, SameSite=Strict, scoped to /api/v1/auth'

export default async function authRoutes(app: App, opts: { config: Config }) {
  const { config } = opts
  const cookieOptions = { httpOnly: true, secure: config.cookieSecure, sameSite: 'strict' as const, path: `${API_PREFIX}/auth` }

  const answerSession = async (reply: FastifyReply, issued: service.IssuedSession) => {
    const accessToken = app.jwt.sign({ sub: issued.userId, sid: issued.sessionId, typ: 'access' })
    void reply.setCookie(REFRESH_COOKIE, issued.refreshToken, { ...cookieOptions, expires: issued.refreshExpiresAt })
    void reply.header('cache-control', 'no-store')
    const sessionExpiresIn = Math.max(0, Math.floor((issued.refreshExpiresAt.getTime() - Date.now()) / 1000))
    return {
      accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: Math.min(config.auth.accessTokenSeconds, sessionExpiresIn),
      sessionExpiresIn,
      sessionExpiresAt: issued.refreshExpiresAt.toISOString(),
      user: await service.loadMe(app.db, issued.userId),
    }
  }

  app.post(
    '/auth/login',
    {
      config: { access: { public: true }, rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description: `Answers a 15-minute access token and sets the refresh cookie (${REFRESH_COOKIE_DESCRIPTION}). The session ends when it is not renewed for 30 minutes (and at the latest 12 hours after the sign-in): \`sessionExpiresIn\`/\`sessionExpiresAt\` say when, so a client can warn the user before. Wrong email or password: 401, the same for both. Throttled per account and per address: 429 with Retry-After.`,
        security: [],
        body: Ref(LoginRequest),
        response: { 200: Ref(Session), ...problems(400, 401, 415, 429) },
      },
    },
    async (request, reply) => {
      const issued = await service.login(app.db, config, { email: request.body.email, password: request.body.password, address: request.ip, actor: request.auditActor() })
      return answerSession(reply, issued)
    },
  )

  app.post(
    '/auth/refresh',
    {
      config: { access: { public: true } },
      schema: {
        operationId: 'refreshSession',
        tags: ['auth'],
        summary: 'Exchange the refresh cookie for a new access token',
        description: 'Rotates the refresh token and renews the session for another 30 minutes of inactivity (never past 12 hours from the sign-in; `sessionExpiresIn`/`sessionExpiresAt` say when it ends). Reusing an already used refresh token revokes the whole session (reuse detection). A session not renewed in time answers 401.',
        security: [],
        response: { 200: Ref(Session), ...problems(401) },
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE]
      if (!token) throw unauthorized('Nessuna sessione da rinnovare: accedi.')
      try {
        return await answerSession(reply, await service.refresh(app.db, config, token, request.auditActor()))
      } catch (error) {
        void reply.clearCookie(REFRESH_COOKIE, cookieOptions)
        throw error
      }
    },
  )

  app.post(
    '/auth/logout',
    {
      config: { access: { public: true } },
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'Sign out',
        description: 'Revokes the session of the refresh cookie (or of the bearer token) and clears the cookie. Always answers 204.',
        security: [],
        response: { 204: Type.Null({ description: 'Signed out' }) },
      },
    },
    async (request, reply) => {
      let sessionId: string | null = null
      const header = request.headers.authorization
      if (header?.startsWith('Bearer ')) {
        try {
          sessionId = app.jwt.verify<{ sid: string }>(header.slice(7)).sid
        } catch {
          sessionId = null
        }
      }
      const token = request.cookies[REFRESH_COOKIE]
      if (!sessionId && token) sessionId = await service.sessionOfRefreshToken(app.db, token)
      if (sessionId) await service.logout(app.db, sessionId, request.auditActor())
      void reply.clearCookie(REFRESH_COOKIE, cookieOptions)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/auth/me',
    {
      config: { access: { signedIn: true } },
      preParsing: async (request) => app.authenticate(request),
      schema: {
        operationId: 'readCurrentUser',
        tags: ['auth'],
        summary: 'The signed-in user with memberships and roles',
        description: 'The user, the organisations they belong to and the roles held in each.',
        response: { 200: Ref(Me), ...problems(401) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return service.loadMe(app.db, request.requirePrincipal().userId)
    },
  )
}
