/**
 * POST /oauth/token: OAuth2 client credentials (RFC 6749 §4.4) for API clients. The body is
 * form-encoded (a parser for this route only); errors follow RFC 6749 §5.2 — `{ error,
 * error_description }` — because that is what OAuth libraries read, and only on this endpoint.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { OAuthError, OAuthToken, OAuthTokenRequest, Ref } from '@ponte/shared'
import type { Config } from '../../config.js'
import type { App } from '../../lib/fastify.js'
import { described } from '../../lib/route-schema.js'
import { authenticateClient, OAuthFailure } from './oauth.service.js'

const FORM = 'application/x-www-form-urlencoded'

/** Parses a form body; a parameter sent twice is kept as an array (an invalid request, RFC 6749 §3.2). */
function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const previous = out[key]
    out[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]
  }
  return out
}

/** HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret form-encoded, then base64). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null | 'malformed' {
  if (!header || !/^basic /i.test(header)) return null
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return 'malformed'
  const unform = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '))
    } catch {
      return s
    }
  }
  return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) }
}

function sendOAuthError(reply: FastifyReply, failure: OAuthFailure, basic: boolean) {
  if (failure.status === 401 && basic) void reply.header('www-authenticate', 'Basic realm="ponte", charset="UTF-8"')
  return reply.code(failure.status).header('cache-control', 'no-store').header('pragma', 'no-cache').type('application/json; charset=utf-8').send({ error: failure.error, error_description: failure.description })
}

export default async function oauthRoutes(app: App, opts: { config: Config }) {
  const expiresIn = opts.config.auth.accessTokenSeconds
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => done(null, parseForm(body as string)))

  app.post(
    '/oauth/token',
    {
      config: { access: { public: true } },
      schema: {
        operationId: 'issueClientToken',
        tags: ['oauth'],
        summary: 'Exchange an API client\'s credentials for an access token',
        description:
          'RFC 6749 §4.4 client credentials, form-encoded: `grant_type=client_credentials`, the client authenticated by HTTP Basic (client id and secret) or by `client_id` and `client_secret` in the body (not both), ' +
          'and optionally `scope` to narrow the token to some of the client\'s scopes. Answers a JWT (Bearer) valid for 15 minutes. Errors follow RFC 6749 §5.2 ' +
          '(`invalid_client` 401 for an unknown client, a wrong secret, a revoked or expired client, or a call from an address outside its allow-list; `invalid_scope`, `unsupported_grant_type`, `invalid_request` 400). ' +
          'After a rotation the previous secret keeps working until its grace period ends.',
        security: [],
        consumes: [FORM],
        body: Ref(OAuthTokenRequest),
        response: {
          200: described(Ref(OAuthToken), 'The access token'),
          400: { description: 'Malformed request, unsupported grant type or scope not granted (RFC 6749 §5.2)', content: { 'application/json': { schema: Ref(OAuthError) } } },
          401: { description: 'Client authentication failed (RFC 6749 §5.2 invalid_client)', content: { 'application/json': { schema: Ref(OAuthError) } } },
        },
      },
      errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
        const basic = /^basic /i.test(request.headers.authorization ?? '')
        if (error instanceof OAuthFailure) return sendOAuthError(reply, error, basic)
        const status = error.statusCode ?? 500
        // A body that is not a form, or fields of the wrong shape: the OAuth answer to a malformed request.
        if (error.validation || status === 400 || status === 415) {
          return sendOAuthError(reply, new OAuthFailure(400, 'invalid_request', status === 415 ? `The request must be ${FORM}.` : 'The request is malformed.'), basic)
        }
        throw error // rate limits, database down, the unexpected: problem+json from the app's handler
      },
    },
    async (request, reply) => {
      if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith(FORM)) throw new OAuthFailure(400, 'invalid_request', `The request must be ${FORM}.`)
      const body = (request.body ?? {}) as Record<string, unknown>
      if (Object.values(body).some(Array.isArray)) throw new OAuthFailure(400, 'invalid_request', 'A parameter was sent more than once.')
      const basic = basicCredentials(request.headers.authorization)
      if (basic === 'malformed') throw new OAuthFailure(401, 'invalid_client', 'Malformed HTTP Basic credentials.')
      if (basic && (body.client_id !== undefined || body.client_secret !== undefined)) {
        throw new OAuthFailure(400, 'invalid_request', 'Use one client authentication method: HTTP Basic or the body, not both.')
      }
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
      const issued = await authenticateClient(
        app.db,
        { grantType: str(body.grant_type), clientId: basic?.id ?? str(body.client_id), clientSecret: basic?.secret ?? str(body.client_secret), scope: str(body.scope) },
        request.ip,
        request.id,
      )
      const accessToken = app.jwt.sign({ sub: issued.serviceUserId, cid: issued.clientId, scope: issued.scopes.join(' '), typ: 'client' })
      void reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
      return { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, scope: issued.scopes.join(' ') }
    },
  )
}
