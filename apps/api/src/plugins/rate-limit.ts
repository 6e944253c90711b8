/**
 * Rate limits per user (by the verified token's subject) or, without a token, per address.
 * Every response carries RateLimit-Limit/-Remaining/-Reset; a 429 carries Retry-After.
 * Counters live in process memory: one API process per installation (see docs/decisions).
 */
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { AppError } from '../lib/errors.js'

export default fp(
  async function rateLimitPlugin(app: FastifyInstance, opts: { config: Config }) {
    await app.register(rateLimit, {
      global: true,
      max: opts.config.rateLimit.max,
      timeWindow: opts.config.rateLimit.windowSeconds * 1000,
      enableDraftSpec: true,
      keyGenerator: (request: FastifyRequest) => {
        const header = request.headers.authorization
        if (header?.startsWith('Bearer ')) {
          try {
            const claims = app.jwt.verify<{ sub: string }>(header.slice(7))
            return `user:${claims.sub}`
          } catch {
            // an invalid token is limited by address
          }
        }
        return `address:${request.ip}`
      },
      errorResponseBuilder: (_request, context) =>
        new AppError(429, 'too-many-requests', 'Troppe richieste', {
          detail: `Limite di ${context.max} richieste superato: riprova tra ${Math.ceil(context.ttl / 1000)} secondi.`,
        }),
    })
  },
  { name: 'rate-limit', dependencies: ['auth'] },
)
