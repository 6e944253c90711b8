/** HTTP helpers shared by every module: versions as ETags, If-Match, and opaque cursors. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { badRequest, preconditionFailed, preconditionRequired } from './errors.js'

/** The strong ETag of a resource version: `"3"`. */
export const etagOf = (version: number) => `"${version}"`

/** Sets the ETag of a single-resource response and returns the resource, for `return withEtag(reply, x)`. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, resource: T): T {
  void reply.header('etag', etagOf(resource.version))
  return resource
}

/** The version the client read, from `If-Match`; 428 when absent, 412 when unparsable. */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match']
  if (header === undefined || header === '') throw preconditionRequired()
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header)
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

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (cursor === undefined) return null
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values
  } catch {
    // fall through to the error below
  }
  throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
}

const CURSOR_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A PostgreSQL timestamptz as text (`2026-11-23 09:30:00.123456+00`): exact to the microsecond, unlike a JS Date. */
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/

/** A cursor of lists sorted by an instant then id (the instant as PostgreSQL text, `column::text`); 400 when malformed. */
export function decodeInstantIdCursor(cursor: string | undefined): { at: string; id: string } | null {
  const values = decodeCursor(cursor, 2)
  if (!values) return null
  const [at, id] = values.map(String) as [string, string]
  if (!CURSOR_INSTANT.test(at) || !CURSOR_UUID.test(id)) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  return { at, id }
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
