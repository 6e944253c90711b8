/**
 * The API's modules under /api/v1, in two scopes: public (sign-in) and authenticated. Protection
 * is membership of the authenticated scope, never a check on the URL.
 */
import type { Config } from '../config.js'
import type { App } from '../lib/fastify.js'
import idempotencyPlugin from '../plugins/idempotency.js'
import authRoutes from './auth/auth.routes.js'

export async function registerModules(api: App, config: Config) {
  await api.register(authRoutes, { config })

  await api.register(async (authenticated: App) => {
    authenticated.addHook('onRequest', authenticated.authenticate)
    await authenticated.register(idempotencyPlugin)
  })
}
