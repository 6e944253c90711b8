/**
 * Every route under /api/v1 declares who may call it (`config.access`, lib/access.ts): this hook
 * refuses to start the application otherwise, naming the method and URL, so a forgotten check
 * cannot ship. It sits beside the scopes hook (plugins/scopes.ts), which stamps what API clients
 * need on the same route config. The declarations are kept by method and URL for the route-access
 * test and the scope resolution (`app.routeAccess`).
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { accessProblem, type Access } from '../lib/access.js'
import { API_PREFIX } from '../lib/api.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The access declared by each /api/v1 route, keyed `METHOD /api/v1/path/:param`. */
    routeAccess: Map<string, Access>
  }
}

export class AccessDeclarationError extends Error {
  override name = 'AccessDeclarationError'
}

export default fp(
  async function accessPlugin(app: FastifyInstance) {
    const declared = new Map<string, Access>()
    app.decorate('routeAccess', declared)
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith(API_PREFIX)) return
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD')
      const schema = route.schema as { security?: unknown[] } | undefined
      const isPublic = Array.isArray(schema?.security) && schema.security.length === 0
      const access = route.config?.access
      const problem = accessProblem(access, route.url, isPublic)
      if (problem) throw new AccessDeclarationError(`${methods.join(',')} ${route.url} ${problem}.`)
      for (const method of methods) declared.set(`${method} ${route.url}`, access!)
    })
  },
  { name: 'access' },
)
