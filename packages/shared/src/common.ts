/** Building blocks every resource of the Ponte contract is made of: ids, dates, problems, pages. */
import { Type, type Static, type TSchema } from 'typebox'

export const Uuid = Type.String({ format: 'uuid', description: 'Time-ordered UUID (v7)', examples: ['019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'] })
export const DateOnly = Type.String({ format: 'date', description: 'Calendar date, YYYY-MM-DD', examples: ['2026-11-23'] })
export const Instant = Type.String({ format: 'date-time', description: 'Instant in ISO 8601 UTC', examples: ['2026-11-23T09:30:00.000Z'] })
export const Version = Type.Integer({ format: 'int32', minimum: 1, description: 'Optimistic-concurrency version; sent back as the ETag' })
export const Cents = Type.Integer({ format: 'int64', minimum: 0, description: 'Amount in euro cents' })

/**
 * A reference to a named schema (one with `$id`). Named schemas are registered once in the API
 * (see apps/api/src/plugins/contract.ts) and appear under components/schemas in the OpenAPI
 * document; composites point at them with Ref so no `$id` is ever declared twice.
 */
export const Ref = <T extends TSchema>(schema: T) => {
  const id = (schema as { $id?: string }).$id
  if (!id) throw new Error('Ref() needs a schema with an $id')
  return Type.Unsafe<Static<T>>({ $ref: id })
}

/** A nullable variant of a schema (OpenAPI 3.1 style `anyOf` with null). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const ProblemFieldError = Type.Object(
  {
    pointer: Type.String({ description: 'JSON Pointer (RFC 6901) to the offending field', examples: ['/taxCode'] }),
    detail: Type.String({ description: 'What is wrong with the field' }),
    code: Type.Optional(Type.String({ description: 'Stable machine code of the error' })),
  },
  { $id: 'ProblemFieldError', additionalProperties: false },
)

export const ProblemViolation = Type.Object(
  {
    rule: Type.String({ description: 'Stable code of the business rule' }),
    value: Type.Optional(Type.Unknown({ description: 'The value that broke the rule' })),
    limit: Type.Optional(Type.Unknown({ description: 'The limit set by the rule' })),
    detail: Type.String(),
  },
  { $id: 'ProblemViolation', additionalProperties: false },
)

/** RFC 9457 problem details: every error the API answers has this shape. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the problem type', examples: ['urn:ponte:problem:not-found'] }),
    title: Type.String({ description: 'Short human-readable summary' }),
    status: Type.Integer({ format: 'int32', minimum: 100, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String({ description: 'The request id, to quote to support' })),
    code: Type.Optional(Type.String({ description: 'Stable machine code of the problem' })),
    errors: Type.Optional(Type.Array(Ref(ProblemFieldError))),
    violations: Type.Optional(Type.Array(Ref(ProblemViolation))),
    existingId: Type.Optional(Uuid),
    missingScopes: Type.Optional(Type.Array(Type.String(), { description: 'The scopes the API client lacks for this operation (403 insufficient-scope)' })),
  },
  { $id: 'Problem', additionalProperties: false },
)
export type Problem = Static<typeof Problem>
export type ProblemFieldError = Static<typeof ProblemFieldError>
export type ProblemViolation = Static<typeof ProblemViolation>

export const Status = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer({ format: 'int32' }),
    detail: Type.Optional(Type.String()),
    version: Type.Optional(Type.String()),
  },
  { $id: 'Status' },
)
export type Status = Static<typeof Status>

/** Query of every list: `limit` (1–200, default 50) and an opaque `cursor`. */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 200, default: 50, description: 'Page size (1–200)' })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'Opaque cursor from the previous page\'s nextCursor' })),
})
export type PageQuery = Static<typeof PageQuery>

/** A page of a list: `{ items, nextCursor }`. */
export const Page = <T extends TSchema>(item: T, options: { $id?: string; description?: string } = {}) =>
  Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Nullable(Type.String({ description: 'Cursor of the next page; null on the last page' })),
    },
    options,
  )
