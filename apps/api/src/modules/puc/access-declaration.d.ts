/**
 * Until the per-route access declarations of issue 7 land (plugins/access.ts declares `access` on
 * the route config), the PUC routes' declarations type-check through this one. Delete on merge.
 */
import 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Record<string, unknown>
  }
}
