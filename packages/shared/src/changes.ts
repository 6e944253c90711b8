/**
 * The change feed (API.md "Events"): what changed that the caller may see, in commit order, with
 * the moments a record leaves the caller's sight (`<resource>.visibility_lost`). Events carry ids
 * and `{ from, to }` only: read the record itself for its content.
 */
import { Type, type Static } from 'typebox'
import { Instant, Nullable, Ref, Uuid } from './common.js'

export const Change = Type.Object(
  {
    id: Uuid,
    type: Type.String({ description: '`<resource>.<verb>`: `referral.accepted`, `case.status_changed`, `company.updated`, `case.visibility_lost`…', examples: ['referral.accepted'] }),
    resourceType: Type.String({ examples: ['referral'] }),
    resourceId: Uuid,
    caseId: Nullable(Uuid),
    occurredAt: Instant,
    data: Type.Object(
      {
        from: Type.Optional(Type.String({ description: 'Status before a transition' })),
        to: Type.Optional(Type.String({ description: 'Status after a transition' })),
      },
      { additionalProperties: true, description: 'A non-personal summary' },
    ),
  },
  { $id: 'Change', additionalProperties: false },
)
export type Change = Static<typeof Change>

export const ChangeFeedQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous read; from the beginning when absent' })),
  types: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50, description: 'Only these event types (repeat the parameter)' })),
  limit: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 500, default: 100, description: 'Page size (1–500)' })),
})
export type ChangeFeedQuery = Static<typeof ChangeFeedQuery>

export const ChangePage = Type.Object(
  {
    items: Type.Array(Ref(Change)),
    nextCursor: Type.String({ description: 'Where to continue from: send it as `after` next time (also when `items` is empty); it survives restarts' }),
    hasMore: Type.Boolean({ description: 'True when more changes are ready now' }),
  },
  { $id: 'ChangePage', additionalProperties: false },
)
export type ChangePage = Static<typeof ChangePage>
