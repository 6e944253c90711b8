/**
 * Stamps each /api/v1 operation with the scopes an API client needs (lib/scopes.ts): on the route
 * config, where authentication enforces them, and as the operation's `oauth2` security requirement
 * in the OpenAPI document. Public operations (`security: []`) need none.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { API_PREFIX } from '../lib/api.js'
import { scopesOf } from '../lib/scopes.js'

export default fp(
  async function scopesPlugin(app: FastifyInstance) {
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith(API_PREFIX)) return
      const schema = route.schema as { security?: unknown[]; tags?: string[]; hide?: boolean } | undefined
      const isPublic = Array.isArray(schema?.security) && schema.security.length === 0
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      const scopes = isPublic ? [] : scopesOf(methods[0]!, schema?.tags, route.config?.scopes)
      route.config = { ...(route.config ?? {}), scopes }
      if (schema && !isPublic && !schema.hide) schema.security = [{ bearerAuth: [] }, { oauth2: scopes }]
    })
  },
  { name: 'scopes' },
)
