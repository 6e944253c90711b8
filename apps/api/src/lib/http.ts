/** HTTP helpers shared by every module: versions as ETags, If-Match, and opaque cursors. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { isCalendarDate, isInstant } from '@ponte/shared'
import { badRequest, preconditionFailed, preconditionRequired } from './errors.js'

/** The strong ETag of a resource version: `"3"`. */
export const etagOf = (version: number) => `"${version}"`

/** Sets the ETag of a single-resource response and returns the resource, for `return withEtag(reply, x)`. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, resource: T): T {
  void reply.header('etag', etagOf(resource.version))
  return resource
}

/**
 * The version the client read, from `If-Match`; 428 when absent, 412 when unparsable. A weak
 * ETag (`W/"3"`) never matches: If-Match uses the strong comparison (RFC 9110 §13.1.1).
 */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match']
  if (header === undefined || header === '') throw preconditionRequired()
  const match = /^\s*"(\d+)"\s*$/.exec(header)
  if (!match) throw preconditionFailed()
  return Number(match[1])
}

/** Throws 412 unless the stored version is the one the client read. */
export function assertVersion(current: number, expected: number): void {
  if (current !== expected) throw preconditionFailed()
}

/** Cursors are opaque to clients: base64url JSON of the sort key of the last item. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url')
}

const invalidCursor = () => badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])

/** What a cursor value must be, when a list says so: checked before it reaches SQL. */
export type CursorKind = 'uuid' | 'date' | 'instant' | 'text' | 'integer' | 'number'

const CURSOR_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A PostgreSQL timestamptz as text (`2026-11-23 09:30:00.123456+00`): exact to the microsecond, unlike a JS Date. */
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/

const KIND_CHECKS: Record<CursorKind, (value: string | number) => boolean> = {
  uuid: (v) => typeof v === 'string' && CURSOR_UUID.test(v),
  date: (v) => typeof v === 'string' && isCalendarDate(v),
  instant: (v) => typeof v === 'string' && CURSOR_INSTANT.test(v) && isInstant(v),
  text: (v) => typeof v === 'string',
  integer: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  number: (v) => typeof v === 'number',
}

/**
 * A value any cursor may hold: cursors are opaque but not trusted, and a forged one must answer
 * 400, never reach PostgreSQL as an error. No NUL, numbers within the safe integers, and text that
 * starts like a date must be a date or an instant PostgreSQL can hold (`2026-02-30` is not).
 */
function isStorableCursorValue(value: unknown): value is string | number {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
  if (typeof value !== 'string' || value.includes('\u0000')) return false
  return !DATE_LIKE.test(value) || isCalendarDate(value) || isInstant(value)
}

/**
 * Decodes a cursor of `arity` values, or of the given kinds (`['instant', 'uuid']`); 400 when it
 * is malformed or holds a value of the wrong kind.
 */
export function decodeCursor(cursor: string | undefined, arityOrKinds: number | CursorKind[]): (string | number)[] | null {
  if (cursor === undefined) return null
  const kinds = typeof arityOrKinds === 'number' ? null : arityOrKinds
  const arity = kinds ? kinds.length : (arityOrKinds as number)
  let values: unknown
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalidCursor()
  }
  if (!Array.isArray(values) || values.length !== arity || !values.every(isStorableCursorValue)) throw invalidCursor()
  if (kinds && !kinds.every((kind, i) => KIND_CHECKS[kind](values[i] as string | number))) throw invalidCursor()
  return values
}

/** A cursor of lists sorted by an instant then id (the instant as PostgreSQL text, `column::text`); 400 when malformed. */
export function decodeInstantIdCursor(cursor: string | undefined): { at: string; id: string } | null {
  const values = decodeCursor(cursor, ['instant', 'uuid'])
  if (!values) return null
  return { at: values[0] as string, id: values[1] as string }
}

/**
 * Turns `limit + 1` fetched rows into a page: callers fetch one more row than asked to know
 * whether another page exists, then derive the cursor from the last returned item.
 */
export function toPage<T, I>(rows: T[], limit: number, map: (row: T) => I, cursorOf: (row: T) => (string | number)[]) {
  const hasMore = rows.length > limit
  const pageRows = hasMore ? rows.slice(0, limit) : rows
  const last = pageRows.at(-1)
  return { items: pageRows.map(map), nextCursor: hasMore && last !== undefined ? encodeCursor(cursorOf(last)) : null }
}
