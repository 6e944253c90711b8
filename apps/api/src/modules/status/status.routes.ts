/** GET /status: health of the service, as problem+json (200 healthy, 503 with Retry-After when the database is down). */
import { sql } from 'drizzle-orm'
import { Ref, Status } from '@ponte/shared'
import { API_VERSION } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'

export default async function statusRoutes(app: App) {
  app.get(
    '/status',
    {
      config: { access: { public: true }, rateLimit: false },
      schema: {
        operationId: 'readStatus',
        tags: ['status'],
        summary: 'Health of the service',
        description: 'Answers 200 when the API and its database work, 503 with Retry-After when the database is unreachable.',
        security: [],
        response: {
          200: { description: 'The service is healthy', content: { 'application/problem+json': { schema: Ref(Status) } } },
          503: { description: 'The database is unreachable', content: { 'application/problem+json': { schema: Ref(Status) } } },
        },
      },
    },
    async (_request, reply) => {
      reply.type('application/problem+json; charset=utf-8').header('cache-control', 'no-store')
      try {
        await app.db.execute(sql`select 1`)
        return reply.code(200).send({ type: 'about:blank', title: 'OK', status: 200, detail: 'Il servizio funziona.', version: API_VERSION })
      } catch {
        return reply.code(503).header('retry-after', '5').send({ type: 'urn:ponte:problem:service-unavailable', title: 'Servizio non disponibile', status: 503, detail: 'Il database non è raggiungibile.', version: API_VERSION })
      }
    },
  )
}
