/** Helpers that keep route schemas complete and uniform: error responses, ETag headers, merge-patch bodies. */
import { Type, type Static, type TSchema } from 'typebox'
import type { FastifyRequest } from 'fastify'
import { Problem, Ref } from '@ponte/shared'
import { preconditionRequired } from './errors.js'

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

/**
 * Header schema of every update: If-Match carrying the ETag that was read. Required (428 without):
 * the document marks it required and the request is refused before its body is validated
 * (`needsIfMatch`); the validator leaves it optional so that its absence is a 428, not a 400.
 */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag (version) of the resource as read, e.g. "3"', maxLength: 64 })),
})

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `conditional`: If-Match is needed only in some states (to replace what exists; creating
     * needs none), so it is documented optional and the handler checks it.
     */
    ifMatch?: 'conditional'
  }
}

type RouteLike = { schema?: unknown; config?: unknown }

/** A route whose updates always need If-Match: it declares the header and answers 428, and is not `conditional`. */
export function needsIfMatch(route: RouteLike): boolean {
  const schema = route.schema as { headers?: { properties?: Record<string, unknown> }; response?: Record<string, unknown> } | undefined
  return Boolean(schema?.headers?.properties?.['if-match'] && schema.response && '428' in schema.response && (route.config as { ifMatch?: string } | undefined)?.ifMatch !== 'conditional')
}

/** `preValidation` of the routes that need If-Match: 428 without it, before the body is validated. */
export async function requireIfMatchHeader(request: FastifyRequest) {
  const header = request.headers['if-match']
  if (header === undefined || header === '') throw preconditionRequired()
}

/** The route's schema as documented: If-Match required where `needsIfMatch`. */
export function documentIfMatch<S>(schema: S, route: RouteLike): S {
  if (!needsIfMatch(route)) return schema
  const headers = (schema as { headers: { required?: string[] } }).headers
  return { ...schema, headers: { ...headers, required: [...new Set([...(headers.required ?? []), 'if-match'])] } }
}

/** A conditional If-Match (see `ifMatch: 'conditional'`), with what it is needed for. */
export const conditionalIfMatchHeaders = (description: string) =>
  Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 64, description })) })

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
