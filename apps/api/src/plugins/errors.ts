/** One error handler: every error, Fastify's own included, leaves as RFC 9457 problem+json. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Problem, ProblemFieldError } from '@ponte/shared'
import { AppError, problemType } from '../lib/errors.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

interface PgError extends Error {
  code?: string
  constraint?: string
}

/**
 * PostgreSQL's data exceptions (SQLSTATE class 22: a value it cannot convert, store or compare —
 * a date out of range, text that is not a uuid, a number too large). Validation refuses such input
 * before SQL (lib/validation.ts, lib/http.ts); should one still get through, the statement fails,
 * its transaction rolls back and the caller gets a 400 rather than a 500. Logged as a warning: it
 * means a check is missing.
 */
const isDataException = (code: string | undefined) => code !== undefined && code.startsWith('22')

const DATABASE_DOWN = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', '57P01', '57P03', '08000', '08003', '08006', '08001', '08004', '53300'])

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Omit<Problem, 'instance'>, headers: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value)
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: `urn:ponte:request:${request.id}` })
}

function validationErrors(error: FastifyError): ProblemFieldError[] {
  const context = error.validationContext ?? 'body'
  const prefix = context === 'body' ? '' : `/${context}`
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown>
    let pointer = `${prefix}${issue.instancePath ?? ''}`
    if (typeof params.missingProperty === 'string') pointer += `/${params.missingProperty}`
    if (typeof params.additionalProperty === 'string') pointer += `/${params.additionalProperty}`
    const detail =
      typeof params.additionalProperty === 'string' ? 'is not an accepted property' : (issue.message ?? 'is not valid')
    return { pointer: pointer || '/', detail, code: issue.keyword }
  })
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError | AppError | PgError, request, reply) => {
      if (error instanceof AppError) {
        const { detail, errors, violations, existingId, missingScopes, headers } = error.init
        return sendProblem(
          reply,
          request,
          {
            type: problemType(error.code),
            title: error.title,
            status: error.status,
            code: error.code,
            ...(detail !== undefined ? { detail } : {}),
            ...(errors ? { errors } : {}),
            ...(violations ? { violations } : {}),
            ...(existingId ? { existingId } : {}),
            ...(missingScopes ? { missingScopes } : {}),
          },
          headers,
        )
      }
      const fastifyError = error as FastifyError
      if (fastifyError.validation) {
        const errors = validationErrors(fastifyError)
        return sendProblem(reply, request, {
          type: problemType('validation-failed'),
          title: 'Dati non validi',
          status: 400,
          code: 'validation-failed',
          detail: errors.map((e) => `${e.pointer} ${e.detail}`).join('; '),
          errors,
        })
      }
      // Drizzle wraps the driver's error (DrizzleQueryError) and keeps PostgreSQL's in `cause`.
      const pgError = pgErrorOf(error)
      if (pgError.code === '23505') {
        return sendProblem(reply, request, { type: problemType('duplicate'), title: 'Conflitto', status: 409, code: 'duplicate', detail: 'Esiste già una risorsa con gli stessi dati univoci.' })
      }
      if (pgError.code === '23503') {
        return sendProblem(reply, request, { type: problemType('reference-not-found'), title: 'Riferimento non valido', status: 422, code: 'reference-not-found', detail: 'Una risorsa indicata non esiste.' })
      }
      if (isDataException(pgError.code)) {
        request.log.warn({ sqlState: pgError.code }, 'data exception from input that validation let through')
        return sendProblem(reply, request, { type: problemType('bad-request'), title: 'Richiesta non valida', status: 400, code: 'bad-request', detail: 'Un valore della richiesta non può essere memorizzato o confrontato (fuori intervallo o di formato non valido).' })
      }
      if (pgError.code && DATABASE_DOWN.has(pgError.code)) {
        request.log.error({ err: error }, 'database unavailable')
        return sendProblem(reply, request, { type: problemType('service-unavailable'), title: 'Servizio non disponibile', status: 503, code: 'service-unavailable', detail: 'Il database non è raggiungibile: riprova tra poco.' }, { 'retry-after': '5' })
      }
      const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500
      if (status >= 500) {
        request.log.error({ err: error }, 'unexpected error')
        return sendProblem(reply, request, { type: problemType('internal-error'), title: 'Errore interno', status: 500, code: 'internal-error', detail: 'Si è verificato un errore imprevisto. Cita l\'identificativo della richiesta al supporto.' })
      }
      // Fastify's own client errors: malformed JSON, wrong content type, body too large, bad headers…
      const known: Record<string, { code: string; title: string; detail: string }> = {
        FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported-media-type', title: 'Tipo di contenuto non supportato', detail: `Content-Type "${request.headers['content-type'] ?? ''}" non è accettato da questa operazione.` },
        FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload-too-large', title: 'Richiesta troppo grande', detail: 'Il corpo della richiesta supera la dimensione massima.' },
        FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed-json', title: 'JSON non valido', detail: 'Il corpo della richiesta non è JSON valido.' },
        FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed-json', title: 'JSON non valido', detail: 'Il corpo della richiesta è vuoto.' },
        FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad-request', title: 'Richiesta non valida', detail: 'Content-Length non corrisponde al corpo.' },
      }
      const mapped = fastifyError.code ? known[fastifyError.code] : undefined
      const malformed = !mapped && status === 400 && error instanceof SyntaxError
      return sendProblem(reply, request, {
        type: problemType(mapped?.code ?? (malformed ? 'malformed-json' : 'bad-request')),
        title: mapped?.title ?? (malformed ? 'JSON non valido' : 'Richiesta non valida'),
        status,
        code: mapped?.code ?? (malformed ? 'malformed-json' : 'bad-request'),
        detail: mapped?.detail ?? (malformed ? 'Il corpo della richiesta non è JSON valido.' : fastifyError.message),
      })
    })
  },
  { name: 'errors' },
)

function pgErrorOf(error: unknown): PgError {
  const candidate = error as PgError & { cause?: unknown }
  if (typeof candidate.code === 'string') return candidate
  const cause = candidate.cause as PgError | undefined
  return cause && typeof cause.code === 'string' ? cause : candidate
}
