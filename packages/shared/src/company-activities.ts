/**
 * Mediation activities (attività di mediazione, DOMAIN.md §4): a call, visit, email or meeting with
 * a company, its outcome and the next action with its due date; the caller's next actions due.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { DateOnly, Instant, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { UserRef } from './cases.js'
import { CompanyRef } from './companies.js'

/** Null first: with the API's type coercion a `null` must match the null branch before being coerced into 0 or "". */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema])

export const ACTIVITY_KINDS = ['call', 'visit', 'email', 'meeting'] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]
export const ActivityKind = Type.Enum(ACTIVITY_KINDS, { $id: 'ActivityKind', description: '`call` (telefonata), `visit` (visita in azienda), `email`, `meeting` (incontro)' })

const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description })

export const ActivityContactRef = Type.Object(
  { id: Uuid, name: Type.String({ description: 'Given and family name of the contact' }) },
  { $id: 'ActivityContactRef', additionalProperties: false, description: 'The company contact the activity was with (reading it is audited)' },
)

export const NextAction = Type.Object(
  {
    description: Type.String(),
    dueOn: DateOnly,
    doneAt: Nullable(Instant),
    doneBy: Nullable(Ref(UserRef)),
  },
  { $id: 'NextAction', additionalProperties: false, description: 'What to do next and by when; done when `doneAt` is set' },
)
export type NextAction = Static<typeof NextAction>

export const Activity = Type.Object(
  {
    id: Uuid,
    company: Ref(CompanyRef),
    kind: Ref(ActivityKind),
    date: DateOnly,
    operator: Ref(UserRef),
    contact: Nullable(Ref(ActivityContactRef)),
    summary: Type.String({ description: 'What was done and said' }),
    outcome: Nullable(Type.String({ description: 'The outcome (esito)' })),
    nextAction: Nullable(Ref(NextAction)),
    isOverdue: Type.Boolean({ description: 'The next action is open and its due date has passed' }),
    canEdit: Type.Boolean({ description: 'Whether the caller may edit the activity' }),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Activity', additionalProperties: false },
)
export type Activity = Static<typeof Activity>

export const NextActionInput = Type.Object(
  { description: Text(500, 'What to do next'), dueOn: DateOnly },
  { $id: 'NextActionInput', additionalProperties: false },
)
export type NextActionInput = Static<typeof NextActionInput>

export const ActivityCreate = Type.Object(
  {
    kind: Ref(ActivityKind),
    date: DateOnly,
    summary: Text(5000, 'What was done and said'),
    outcome: Type.Optional(Nullable(Text(2000, 'The outcome'))),
    contactId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'A contact of the company' }))),
    nextAction: Type.Optional(Nullable(Ref(NextActionInput))),
  },
  { $id: 'ActivityCreate', additionalProperties: false, description: 'The caller is recorded as the operator; the date may not be in the future' },
)
export type ActivityCreate = Static<typeof ActivityCreate>

export const ActivityPatch = Type.Object(
  {
    summary: Type.Optional(Text(5000, 'What was done and said')),
    outcome: Type.Optional(Nullable(Text(2000, 'The outcome'))),
    contactId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    nextAction: Type.Optional(Nullable(Ref(NextActionInput))),
    nextActionDone: Type.Optional(Type.Boolean({ description: '`true` marks the next action done (by the caller, now); `false` opens it again' })),
  },
  { $id: 'ActivityPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of an activity' },
)
export type ActivityPatch = Static<typeof ActivityPatch>

export const ActivityListQuery = Type.Object({ ...PageQuery.properties, kind: Type.Optional(Ref(ActivityKind)) })
export type ActivityListQuery = Static<typeof ActivityListQuery>

export const ActivityPage = Page(Ref(Activity), { $id: 'ActivityPage', description: 'A page of activities, newest first' })
export type ActivityPage = Static<typeof ActivityPage>

export const DueActivityQuery = Type.Object({
  ...PageQuery.properties,
  withinDays: Type.Optional(Type.Integer({ format: 'int32', minimum: 0, maximum: 90, default: 7, description: 'Also the next actions due in the coming days (default 7); overdue ones are always listed' })),
})
export type DueActivityQuery = Static<typeof DueActivityQuery>
