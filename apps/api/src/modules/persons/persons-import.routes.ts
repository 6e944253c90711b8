/** POST /persons/import: persons in bulk, JSON or CSV; small imports answer at once, large ones as a job. */
import { Type } from 'typebox'
import { ImportResult, Job, PERSON_IMPORT_SYNC_ROWS, PersonImportRequest, Ref, type PersonImportRequest as PersonImportRequestType, type ProblemFieldError } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { described, IdempotencyHeaders, problems } from '../../lib/route-schema.js'
import { readJob } from '../jobs/jobs.routes.js'
import { checkImportSize, importPersons, personCsvRows, startImportJob, type RowValidator } from './persons-import.js'

const IMPORT_BODY_LIMIT = 4 * 1024 * 1024

export default async function personImportRoutes(app: App) {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body))

  app.post(
    '/persons/import',
    {
      config: { access: { org: 'staff', outsiders: 403 } },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        operationId: 'importPersons',
        tags: ['persons'],
        summary: 'Import persons in bulk',
        description:
          'Up to 1,000 persons, as JSON (`items`, each as in `createPerson`) or as `text/csv` (a header row with the same field names or their Italian names: `Nome`, `Cognome`, `Codice fiscale`, `Data di nascita` (also `31/12/1985`), `Sesso`, `Luogo di nascita`, `Cittadinanza`, `Telefono`, `Email`, `Competenze` separated by `|`; commas or semicolons). ' +
          'Each row is checked and registered on its own, with the rules of `createPerson`, and answered by its index: `created` with its `id`, `duplicate` with the `existingId` of the person with the same codice fiscale (or an omocodia variant), ' +
          `\`invalid\` with every problem naming its field. Up to ${PERSON_IMPORT_SYNC_ROWS} rows answer 200 with the result; more answer 202 with a job (Location \`/jobs/{jobId}\`) whose progress and result GET /jobs/{jobId} gives. ` +
          'Callers who may not register persons: 403, nothing imported. More than 1,000 rows: 400.',
        headers: IdempotencyHeaders,
        body: { content: { 'application/json': { schema: Ref(PersonImportRequest) }, 'text/csv': { schema: Type.String({ minLength: 1, description: 'CSV with a header row' }) } } },
        response: { 200: described(Ref(ImportResult), 'The result of each row'), 202: described(Ref(Job), 'The import job, running'), ...problems(400, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const body = request.body as string | PersonImportRequestType
      const rows = typeof body === 'string' ? personCsvRows(body) : (body.items as Record<string, unknown>[])
      checkImportSize(rows)
      // CSV cells are text and coerced to the field's type; JSON items are validated as sent.
      const check = typeof body === 'string' ? request.compileValidationSchema({ $ref: 'PersonCreate#' }) : request.compileValidationSchema({ $ref: 'PersonCreate#' }, 'body')
      const validate: RowValidator = (row) => {
        if (check(row)) return []
        const byField = new Map<string, ProblemFieldError>()
        for (const e of check.errors ?? []) {
          const params = e.params as { missingProperty?: string; additionalProperty?: string }
          const field = params.missingProperty ?? params.additionalProperty
          const pointer = field ? `${e.instancePath}/${field}` : e.instancePath || '/'
          if (!byField.has(pointer)) byField.set(pointer, { pointer, code: 'schema', detail: field && params.additionalProperty ? 'non è un campo accettato' : (e.message ?? 'Valore non valido') })
        }
        return [...byField.values()]
      }
      const principal = request.requirePrincipal()
      const actor = request.auditActor()
      if (rows.length <= PERSON_IMPORT_SYNC_ROWS) return importPersons(app.db, principal, actor, rows, validate)
      const jobId = await startImportJob(app.db, principal, actor, rows, validate, (err) => request.log.error({ err }, 'person import failed'))
      void reply.code(202).header('location', `${API_PREFIX}/jobs/${jobId}`)
      return readJob(app, principal, jobId)
    },
  )
}
