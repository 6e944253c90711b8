/** Helpers that keep route schemas complete and uniform: error responses, ETag headers, merge-patch bodies. */
import { Type, type Static, type TSchema } from 'typebox'
import { Problem, Ref } from '@ponte/shared'

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request or invalid fields (each listed in `errors`)',
  401: 'Missing, expired or invalid credentials',
  403: 'The caller\'s role does not allow this action',
  404: 'Not found, or not visible to the caller',
  409: 'Conflict: duplicate, reused idempotency key or transition not allowed',
  412: 'If-Match does not match the current version',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'A business rule is broken (each listed in `violations`)',
  428: 'If-Match is required',
  429: 'Too many requests',
  503: 'Service unavailable',
}

const problemResponse = (status: number) => ({
  description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
  content: { 'application/problem+json': { schema: Ref(Problem) } },
})

/** Error responses of a route, as problem+json. 400, 401, 429 and 500 are added to every route by the OpenAPI plugin. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, problemResponse(s)])) as Record<number, ReturnType<typeof problemResponse>>
}

/** A schema with a description of its own, e.g. for a response (`200: described(Ref(Case), 'The case')`). */
export function described<T extends TSchema>(schema: T, description: string) {
  return Type.Unsafe<Static<T>>({ ...schema, description })
}

/** Header schema of every update: If-Match carrying the ETag that was read. */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag (version) of the resource as read, e.g. "3"; required', maxLength: 64 })),
})

/** Header schema of every create: the optional Idempotency-Key. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Unique key of this request; a retry with the same key and body returns the stored response' })),
})

/** A UUID path parameter: `params: Type.Object({ caseId: UuidParam })`. */
export const UuidParam = Type.String({ format: 'uuid', description: 'UUID of the resource' })

/** The body of a PATCH: JSON Merge Patch (RFC 7396) validated by `schema`. */
export function mergePatchBody<T extends TSchema>(schema: T) {
  return { content: { 'application/merge-patch+json': { schema } } }
}

export const MERGE_PATCH = 'application/merge-patch+json'
