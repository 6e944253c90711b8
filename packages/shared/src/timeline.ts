/**
 * The timeline of a case (diario degli eventi): every change of the case and its records, in the
 * order it happened, each visible to the audience it was written for (DOMAIN.md §1).
 */
import { Type, type Static } from 'typebox'
import { Instant, Nullable, Page, PageQuery, Ref, Uuid } from './common.js'
import { UserRef } from './cases.js'

export const CASE_EVENT_AUDIENCES = ['case', 'municipality', 'restricted'] as const
export const CaseEventAudience = Type.Enum(CASE_EVENT_AUDIENCES, {
  $id: 'CaseEventAudience',
  description: 'Who reads the event: `case` (everyone who sees the case, partners included), `municipality` (the municipality\'s staff on the case), `restricted` (its author and the coordinators)',
})
export type CaseEventAudience = (typeof CASE_EVENT_AUDIENCES)[number]

export const CaseEvent = Type.Object(
  {
    id: Uuid,
    type: Type.String({ description: 'Dotted event type, e.g. `case.opened`, `case.status_changed`, `referral.accepted`', examples: ['case.status_changed'] }),
    occurredAt: Instant,
    audience: Ref(CaseEventAudience),
    actor: Nullable(Ref(UserRef)),
    resourceType: Nullable(Type.String({ description: 'Kind of record the event is about (`case`, `referral`, `plan`…)' })),
    resourceId: Nullable(Type.String({ format: 'uuid' })),
    data: Type.Object({}, { additionalProperties: true, description: 'What a reader needs: statuses, reasons, names; never special-category data' }),
  },
  { $id: 'CaseEvent', additionalProperties: false },
)
export type CaseEvent = Static<typeof CaseEvent>

export const CaseTimelineQuery = Type.Object({ ...PageQuery.properties })
export type CaseTimelineQuery = Static<typeof CaseTimelineQuery>

export const CaseEventPage = Page(Ref(CaseEvent), { $id: 'CaseEventPage' })
export type CaseEventPage = Static<typeof CaseEventPage>
