/** GET /jobs/{jobId}: progress and result of a job the caller started (404 for anyone else). */
import { and, eq } from 'drizzle-orm'
import { Type } from 'typebox'
import { Job, Ref, type ImportResult, type Job as JobType } from '@ponte/shared'
import { jobs } from '../../db/schema/index.js'
import { notFound } from '../../lib/errors.js'
import type { App } from '../../lib/fastify.js'
import type { Principal } from '../../lib/principal.js'
import { described, problems, UuidParam } from '../../lib/route-schema.js'

export async function readJob(app: App, principal: Principal, jobId: string): Promise<JobType> {
  const [row] = await app.db.select().from(jobs).where(and(eq(jobs.id, jobId), eq(jobs.requestedBy, principal.userId)))
  if (!row) throw notFound('Il lavoro')
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    total: row.total,
    processed: row.processed,
    result: (row.result as unknown as ImportResult | null) ?? null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  }
}

export default async function jobRoutes(app: App) {
  app.get(
    '/jobs/:jobId',
    {
      config: { access: { resource: 'job', right: 'read' }, scopes: [] },
      schema: {
        operationId: 'readJob',
        tags: ['jobs'],
        summary: 'Read the progress of a job',
        description: 'A job the caller started (a large import): `processed` of `total`, then `completed` with its `result` or `failed` with its `error`. Only its starter sees it (404 otherwise).',
        params: Type.Object({ jobId: UuidParam }),
        response: { 200: described(Ref(Job), 'The job'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return readJob(app, request.requirePrincipal(), request.params.jobId)
    },
  )
}
