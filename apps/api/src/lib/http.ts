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
