/** One error handler: every error, Fastify's own included, leaves as RFC 9457 problem+json. */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Problem, ProblemFieldError } from '@ponte/shared'
import { AppError, problemType } from '../lib/errors.js'
import { databaseFault, type DatabaseFault } from '../lib/pg-errors.js'
import { problemLanguage, translateProblem } from '../lib/problem-language.js'

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

/** Database faults a retry may cure answer 503 with Retry-After (lib/pg-errors.ts, docs/decisions/0020). */
const DATABASE_FAULTS: Record<DatabaseFault, { detail: string; retryAfter: number }> = {
  unreachable: { detail: 'Il database non è raggiungibile: riprova tra poco.', retryAfter: 5 },
  busy: { detail: 'Il database è occupato: riprova tra poco.', retryAfter: 2 },
  timeout: { detail: "L'operazione sul database ha superato il tempo massimo: riprova tra poco.", retryAfter: 2 },
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Omit<Problem, 'instance'>, headers: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value)
  // Italian unless the caller prefers English (lib/problem-language.ts).
  const language = problemLanguage(request.headers['accept-language'])
  const vary = reply.getHeader('vary')
  if (!String(vary ?? '').toLowerCase().includes('accept-language')) void reply.header('vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language')
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .header('content-language', language)
    .send({ ...translateProblem(problem, language), instance: `urn:ponte:request:${request.id}` })
}

/**
 * Fastify's `frameworkErrors`: errors the router raises before any route or hook runs — a path
 * that is not valid percent-encoding (400), a path parameter longer than `maxParamLength` (414).
 * Fastify would answer its own JSON, echoing the path; they leave as problem+json without it.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  void reply.header('request-id', request.id)
  const known: Record<string, { status: number; code: string; title: string; detail: string }> = {
    FST_ERR_BAD_URL: { status: 400, code: 'bad-request', title: 'Richiesta non valida', detail: 'Il percorso della richiesta non è una codifica URL valida.' },
    FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri-too-long', title: 'Indirizzo troppo lungo', detail: 'Un parametro del percorso supera la lunghezza massima.' },
  }
  const mapped = known[error.code] ?? { status: 500, code: 'internal-error', title: 'Errore interno', detail: "Si è verificato un errore imprevisto. Cita l'identificativo della richiesta al supporto." }
  if (mapped.status >= 500) request.log.error({ err: error }, 'router error')
  return sendProblem(reply, request, { type: problemType(mapped.code), ...mapped })
}

/** What Node's HTTP server reports on a connection before Fastify has a request: as problem+json. */
const CLIENT_ERRORS: Record<string, { status: number; reason: string; code: string; title: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'request-timeout', title: 'Richiesta scaduta', detail: 'La richiesta non è arrivata per intero entro il tempo massimo: la connessione è chiusa.' },
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', code: 'headers-too-large', title: 'Intestazioni troppo grandi', detail: "Le intestazioni (o l'indirizzo) della richiesta superano la dimensione massima." },
  HPE_URI_TOO_LONG: { status: 414, reason: 'URI Too Long', code: 'uri-too-long', title: 'Indirizzo troppo lungo', detail: "L'indirizzo della richiesta supera la lunghezza massima." },
}
const MALFORMED = { status: 400, reason: 'Bad Request', code: 'bad-request', title: 'Richiesta non valida', detail: 'La richiesta HTTP non è ben formata.' }

/**
 * The server's `clientError` handler (Fastify's `clientErrorHandler`): a request that did not arrive
 * in time (408, `requestTimeout`/`headersTimeout`), headers too large (431), a malformed request
 * (400). Written on the socket as problem+json — never echoing what was received — and the
 * connection closed. Like Node's own handler, nothing is written once a response has begun.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const problem = (error.code && CLIENT_ERRORS[error.code]) || MALFORMED
  this.log.debug({ code: error.code, status: problem.status }, 'client error')
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse & { req?: IncomingMessage } })._httpMessage
  if (socket.writable && !inFlight?.headersSent) {
    const id = randomUUID()
    const language = problemLanguage(inFlight?.req?.headers['accept-language'])
    const body = JSON.stringify({ ...translateProblem({ type: problemType(problem.code), title: problem.title, status: problem.status, code: problem.code, detail: problem.detail }, language), instance: `urn:ponte:request:${id}` })
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.reason}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Language: ${language}\r\nRequest-Id: ${id}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy(error)
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
      const fault = databaseFault(error)
      if (fault) {
        request.log.error({ err: error, fault }, 'database unavailable')
        const { detail, retryAfter } = DATABASE_FAULTS[fault]
        return sendProblem(reply, request, { type: problemType('service-unavailable'), title: 'Servizio non disponibile', status: 503, code: 'service-unavailable', detail }, { 'retry-after': String(retryAfter) })
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
