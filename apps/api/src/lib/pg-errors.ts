/** Recognises PostgreSQL errors through Drizzle's wrapper (DrizzleQueryError keeps the driver's error in `cause`). */

/** True for a unique violation (23505) of one of `constraints`. */
export function isUniqueViolation(error: unknown, ...constraints: string[]): boolean {
  for (let e = error as { code?: string; constraint?: string; cause?: unknown } | undefined; e && typeof e === 'object'; e = e.cause as typeof e) {
    if (e.code === '23505') return e.constraint !== undefined && constraints.includes(e.constraint)
  }
  return false
}

/** A string or quoted identifier in an error message or a statement: the values are never logged. */
const QUOTED = /'(?:[^']|'')*'|"(?:[^"]|"")*"/g
const MAX_STATEMENT = 400

/** A statement's shape: its text with every literal replaced, bounded; parameters are never included. */
export const statementShape = (query: string) => {
  const shape = query.replace(/'(?:[^']|'')*'/g, "'?'").replace(/\s+/g, ' ').trim()
  return shape.length > MAX_STATEMENT ? `${shape.slice(0, MAX_STATEMENT)}…` : shape
}

/** The message of an error with every quoted part blanked: PostgreSQL quotes the offending input ("invalid input syntax for type integer: "Mario""). */
const safeMessage = (message: string) => message.replace(QUOTED, (quoted) => `${quoted[0]}…${quoted[0]}`).split('\n')[0]!.slice(0, 300)

interface LoggableError {
  name?: string
  message?: string
  stack?: string
  code?: unknown
  constraint?: unknown
  table?: unknown
  column?: unknown
  routine?: unknown
  query?: unknown
  cause?: unknown
  statusCode?: unknown
}

/**
 * The pino serializer of every logged `err` (no personal data in logs): the error's class, the SQL
 * state, constraint, table and column, the statement's shape and the stack frames — never the
 * statement's parameters, PostgreSQL's `detail` ("Key (tax_code)=(RSSMRA…)", "Failing row
 * contains (…)") or `where`, nor quoted input in messages. Causes are followed (Drizzle wraps the
 * driver's error).
 */
export function serializeErrorForLog(error: unknown, depth = 0): Record<string, unknown> {
  if (!error || typeof error !== 'object') return { message: typeof error === 'string' ? safeMessage(error) : String(typeof error) }
  const e = error as LoggableError
  const out: Record<string, unknown> = { type: e.name ?? error.constructor?.name ?? 'Error' }
  const isDrizzleQuery = typeof e.query === 'string'
  if (isDrizzleQuery) out.statement = statementShape(e.query as string)
  else if (typeof e.message === 'string') out.message = safeMessage(e.message)
  if (typeof e.code === 'string') out.code = e.code
  for (const key of ['constraint', 'table', 'column', 'routine'] as const) if (typeof e[key] === 'string') out[key] = e[key]
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode
  if (typeof e.stack === 'string') out.stack = e.stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 12).join('\n')
  if (e.cause && depth < 3) out.cause = serializeErrorForLog(e.cause, depth + 1)
  return out
}

/** Why the database could not serve a request, when a retry may succeed (→ 503 with Retry-After). */
export type DatabaseFault = 'unreachable' | 'busy' | 'timeout'

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03'])
const UNREACHABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout expired',
  'Query read timeout',
]

/**
 * Classifies database faults (docs/decisions/0020), following Drizzle's `cause` and an
 * AggregateError's `errors`:
 * - unreachable: refused, reset or lost connections, a server shutting down (57P01–57P03), any
 *   connection exception (class 08), a server that stopped answering (`query_timeout`);
 * - busy: no pooled connection free within the connect timeout, too many connections (class 53);
 * - timeout: a statement cancelled by `statement_timeout` (57014), a lock not obtained (55P03), a
 *   serialization failure or deadlock (40001, 40P01) — the transaction rolled back, nothing changed.
 * Null for anything else.
 */
export function databaseFault(error: unknown): DatabaseFault | null {
  const seen = new Set<unknown>()
  const queue: unknown[] = [error]
  while (queue.length > 0) {
    const e = queue.shift() as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown } | undefined
    if (!e || typeof e !== 'object' || seen.has(e) || seen.size > 8) continue
    seen.add(e)
    const code = typeof e.code === 'string' ? e.code : undefined
    const message = typeof e.message === 'string' ? e.message : ''
    if (code !== undefined) {
      if (UNREACHABLE_CODES.has(code) || code.startsWith('08')) return 'unreachable'
      if (code.startsWith('53')) return 'busy'
      if (code === '57014' || code === '55P03' || code === '40001' || code === '40P01') return 'timeout'
    }
    if (message === 'timeout exceeded when trying to connect') return 'busy'
    if (UNREACHABLE_MESSAGES.some((known) => message.startsWith(known))) return 'unreachable'
    queue.push(e.cause)
    if (Array.isArray(e.errors)) queue.push(...e.errors)
  }
  return null
}
