/** GET /changes: the change feed of what the caller may see (scope `changes:read` for API clients). */
import { ChangeFeedQuery, ChangePage, Ref } from '@ponte/shared'
import type { App } from '../../lib/fastify.js'
import { described, problems } from '../../lib/route-schema.js'
import * as service from './changes.service.js'

export default async function changeRoutes(app: App) {
  app.get(
    '/changes',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listChanges',
        tags: ['changes'],
        summary: 'Read the change feed',
        description:
          'What changed that the caller may see, in commit order: records created, updated and moved between statuses, and `case.visibility_lost` when a case leaves the caller\'s sight ' +
          '(its referral revoked or completed, the case closed) — carrying only the id, so a partner system deletes what it held. Gap-free and without duplicates: ' +
          'a change committed later never lands before a cursor already answered (a change appears once the transactions that started before it have ended). ' +
          'Send `nextCursor` back as `after`; it survives restarts. Events carry ids and `{ from, to }`: read the record for its content.',
        querystring: ChangeFeedQuery,
        response: { 200: described(Ref(ChangePage), 'A page of changes'), ...problems(400, 403) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return service.readChanges(app.db, request.requirePrincipal(), request.query)
    },
  )
}
