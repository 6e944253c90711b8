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
