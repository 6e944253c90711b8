/**
 * The timeline of a case (diario degli eventi): every change of the case and its records, in the
 * order it happened, each visible to the audience it was written for (DOMAIN.md §1).
 *
 * An event is one of the types below, discriminated by `type` (`oneOf` + `discriminator` in the
 * OpenAPI document): each type names exactly the `data` its writer stores, so a reader never
 * guesses fields. The API's writer (`recordCaseEvent`) takes the same union and checks the data
 * against its type before storing it. A field that some stored rows lack (written by an earlier
 * version, or only in some cases) is optional. A new event type is added here first.
 */
import { Type, type Static, type TProperties, type TSchema } from 'typebox'
import { ASSESSMENT_KINDS } from './assessments.js'
import { CASE_OUTCOMES, UserRef } from './cases.js'
import { CASE_STATUSES } from './vocabularies.js'
import { Instant, Nullable, Page, PageQuery, Ref, Uuid } from './common.js'
import { DIARY_NOTE_VISIBILITIES } from './diary-notes.js'
import { ECONOMIC_SUPPORT_STATUSES, ECONOMIC_SUPPORT_TYPES } from './economic-supports.js'
import { MEETING_STATUSES } from './meetings.js'
import { COMMITMENT_PARTIES, COMMITMENT_STATUSES, PLAN_STATUSES } from './plans.js'
import { REFERRAL_STATUSES } from './referrals.js'

export const CASE_EVENT_AUDIENCES = ['case', 'municipality', 'restricted'] as const
export const CaseEventAudience = Type.Enum(CASE_EVENT_AUDIENCES, {
  $id: 'CaseEventAudience',
  description: 'Who reads the event: `case` (everyone who sees the case, partners included), `municipality` (the municipality\'s staff on the case), `restricted` (its author and the coordinators)',
})
export type CaseEventAudience = (typeof CASE_EVENT_AUDIENCES)[number]

// ---------------------------------------------------------------------------------------------
// The pieces of event data (inline: the data of an event is checked on its own when written)

const Person = (description: string) => Type.Object({ id: Uuid, name: Type.String({ description: 'Given and family name' }) }, { additionalProperties: false, description })
const Partner = Type.Object(
  { id: Uuid, name: Type.Optional(Nullable(Type.String({ description: 'Name of the organisation when the event was written' }))) },
  { additionalProperties: false, description: 'The partner organisation the record is addressed to' },
)
const ChangedFields = Type.Array(Type.String(), { description: 'Names of the fields that changed (never their values)' })
const Day = (description: string) => Type.String({ format: 'date', description })
const Id = (description: string) => Type.String({ format: 'uuid', description })
const Reason = (description: string) => Type.String({ description })
const Count = (description: string) => Type.Integer({ format: 'int32', minimum: 0, description })
const Amount = (description: string) => Type.Integer({ format: 'int64', minimum: 0, description })
const Time = Type.String({ description: 'Start time, HH:MM (Italian local time)', examples: ['09:30'] })
const Status = <V extends string[]>(values: readonly [...V], description: string) => Type.Enum(values, { description })

const CaseStatusFromTo = { from: Status(CASE_STATUSES, 'Status before'), to: Status(CASE_STATUSES, 'Status after') }
const ReferralFromTo = { from: Status(REFERRAL_STATUSES, 'Status before'), to: Status(REFERRAL_STATUSES, 'Status after') }
const PlanFromTo = { from: Status(PLAN_STATUSES, 'Status before'), to: Status(PLAN_STATUSES, 'Status after') }
const MeetingFromTo = { from: Status(MEETING_STATUSES, 'Status before'), to: Status(MEETING_STATUSES, 'Status after') }
const SupportFromTo = { from: Status(ECONOMIC_SUPPORT_STATUSES, 'Status before'), to: Status(ECONOMIC_SUPPORT_STATUSES, 'Status after') }

const PlanVersion = { versionNumber: Type.Integer({ format: 'int32', minimum: 1, description: 'Version of the plan' }), status: Status(PLAN_STATUSES, 'Status of the version after the change') }
const Commitment = {
  planId: Id('The plan version the commitment belongs to'),
  versionNumber: Type.Integer({ format: 'int32', minimum: 1, description: 'Version of the plan' }),
  partnerOrganisation: Type.Optional(Partner),
}
const CommitmentChange = {
  ...Commitment,
  rescheduledTo: Type.Optional(Nullable(Day('New due date of a rescheduled commitment'))),
  doneOn: Type.Optional(Day('Day a met commitment was done')),
  changedFields: Type.Optional(ChangedFields),
}
const Meeting = { date: Day('Day of the meeting'), startTime: Time }
const Assessment = { kind: Status(ASSESSMENT_KINDS, 'Kind of assessment'), assessedOn: Day('Day of the assessment') }
const DiaryNote = { notedOn: Day('Day the note is about'), visibility: Status(DIARY_NOTE_VISIBILITIES, 'Who may read the note') }
const SupportDecision = {
  ...SupportFromTo,
  supportType: Status(ECONOMIC_SUPPORT_TYPES, 'Type of support'),
  amountCents: Amount('Amount requested, in euro cents'),
  approvedAmountCents: Type.Optional(Amount('Amount approved, in euro cents')),
}
const ReferralDecision = { partnerOrganisation: Partner, ...ReferralFromTo, reason: Type.Optional(Reason('Why (rejections, completions, revocations)')) }

// ---------------------------------------------------------------------------------------------
// One schema per event type

const pascal = (type: string) => type.split(/[._]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')

function caseEvent<K extends string, P extends TProperties>(type: K, description: string, data: P) {
  return Type.Object(
    {
      // The type first: a serialiser trying the branches of the union in turn rejects the others at once.
      type: Type.Literal(type, { description: 'Dotted event type' }),
      id: Uuid,
      occurredAt: Instant,
      audience: Ref(CaseEventAudience),
      actor: Nullable(Ref(UserRef)),
      resourceType: Nullable(Type.String({ description: 'Kind of record the event is about (`case`, `referral`, `plan`…)' })),
      resourceId: Nullable(Type.String({ format: 'uuid' })),
      data: Type.Object(data, { additionalProperties: false, description: 'What a reader needs: statuses, reasons, names; never special-category data' }),
    },
    { $id: `${pascal(type)}Event`, additionalProperties: false, description: `\`${type}\`: ${description}` },
  )
}

export const CaseOpenedEvent = caseEvent('case.opened', 'the case was opened', { episode: Count('Episode of the person\'s cases in the municipality'), caseManager: Person('The case manager') })
export const CaseUpdatedEvent = caseEvent('case.updated', 'details of the case changed', { changedFields: ChangedFields })
export const CaseStatusChangedEvent = caseEvent('case.status_changed', 'the case moved to another status', {
  ...CaseStatusFromTo,
  reason: Type.Optional(Reason('Why the status changed')),
  outcome: Type.Optional(Status(CASE_OUTCOMES, 'Outcome, when the case closed')),
  note: Type.Optional(Type.String({ description: 'Closing note, when the case closed' })),
})
export const CaseReassignedEvent = caseEvent('case.reassigned', 'the case got another case manager', {
  from: Nullable(Person('The case manager before')),
  to: Person('The case manager after'),
  reason: Reason('Why the case was reassigned'),
})
export const CaseMemberAddedEvent = caseEvent('case.member_added', 'a colleague was added to the case', { member: Nullable(Person('The colleague')) })
export const CaseMemberRemovedEvent = caseEvent('case.member_removed', 'a colleague was removed from the case', { member: Nullable(Person('The colleague')) })
export const CaseReopenedEvent = caseEvent('case.reopened', 'the person\'s closed case was reopened as a new episode (this case)', {
  episode: Count('Episode of this case'),
  previousCaseId: Id('The closed case before'),
  caseManager: Person('The case manager'),
  reason: Type.Optional(Reason('Why the case was reopened')),
})
export const PersonUpdatedEvent = caseEvent('person.updated', 'details of the person changed', { changedFields: ChangedFields })

export const ReferralRequestedEvent = caseEvent('referral.requested', 'the case was referred to a partner', { partnerOrganisation: Partner })
export const ReferralAcceptedEvent = caseEvent('referral.accepted', 'the partner accepted the referral', ReferralDecision)
export const ReferralRejectedEvent = caseEvent('referral.rejected', 'the partner rejected the referral', ReferralDecision)
export const ReferralCompletedEvent = caseEvent('referral.completed', 'the referral ended with the partner\'s work done', ReferralDecision)
export const ReferralRevokedEvent = caseEvent('referral.revoked', 'the municipality withdrew the referral', ReferralDecision)

export const AssessmentCreatedEvent = caseEvent('assessment.created', 'an assessment was recorded', Assessment)
export const AssessmentUpdatedEvent = caseEvent('assessment.updated', 'an assessment changed', { ...Assessment, changedFields: ChangedFields })
export const AssessmentSignedEvent = caseEvent('assessment.signed', 'an assessment was signed', Assessment)

export const PlanCreatedEvent = caseEvent('plan.created', 'a version of the individual plan was created', PlanVersion)
export const PlanUpdatedEvent = caseEvent('plan.updated', 'the draft of the plan changed', { ...PlanVersion, changedFields: ChangedFields })
export const PlanSubmittedEvent = caseEvent('plan.submitted', 'the plan was submitted for approval', { ...PlanVersion, ...PlanFromTo })
export const PlanApprovedEvent = caseEvent('plan.approved', 'the plan was approved', { ...PlanVersion, ...PlanFromTo })
export const PlanReturnedEvent = caseEvent('plan.returned', 'the plan went back to draft', { ...PlanVersion, ...PlanFromTo, reason: Reason('Why it went back') })
export const PlanSignedEvent = caseEvent('plan.signed', 'the person signed the plan', {
  ...PlanVersion,
  ...PlanFromTo,
  signedOn: Day('Day of the signature'),
  supersededPlanId: Type.Optional(Id('The version signed before, superseded by this one')),
})
export const PlanSupersededEvent = caseEvent('plan.superseded', 'the version was superseded by a newer one', {
  ...PlanVersion,
  ...PlanFromTo,
  byPlanId: Type.Optional(Id('The version that superseded it')),
})
export const PlanRevisedEvent = caseEvent('plan.revised', 'a new draft version was made from an earlier one', {
  ...PlanVersion,
  revisedFromId: Id('The version it was made from'),
  revisedFromVersionNumber: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, description: 'Version number it was made from' })),
  commitmentsCarriedOver: Type.Optional(Count('Pending commitments copied to the new version')),
})

export const CommitmentCreatedEvent = caseEvent('commitment.created', 'a commitment was added to the plan', {
  ...Commitment,
  who: Status(COMMITMENT_PARTIES, 'Who takes the commitment on'),
  dueDate: Day('Due date'),
})
export const CommitmentUpdatedEvent = caseEvent('commitment.updated', 'a commitment changed', CommitmentChange)
export const CommitmentStatusChangedEvent = caseEvent('commitment.status_changed', 'a commitment was met, missed or rescheduled', {
  ...CommitmentChange,
  from: Status(COMMITMENT_STATUSES, 'Status before'),
  to: Status(COMMITMENT_STATUSES, 'Status after'),
})
export const CommitmentProgressNotedEvent = caseEvent('commitment.progress_noted', 'the partner noted progress on a commitment', {
  commitmentId: Id('The commitment'),
  planId: Id('The plan version the commitment belongs to'),
  partnerOrganisation: Type.Optional(Partner),
})

export const MeetingPlannedEvent = caseEvent('meeting.planned', 'a meeting was planned', Meeting)
export const MeetingUpdatedEvent = caseEvent('meeting.updated', 'a planned meeting changed', { ...Meeting, changedFields: ChangedFields })
export const MeetingRescheduledEvent = caseEvent('meeting.rescheduled', 'a planned meeting moved to another day or time', {
  ...Meeting,
  changedFields: ChangedFields,
  previousDate: Day('Day before'),
  previousStartTime: Time,
})
const MeetingClosed = { ...MeetingFromTo, ...Meeting, evaluation: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 5, description: 'How the meeting went, 1 to 5' })) }
export const MeetingHeldEvent = caseEvent('meeting.held', 'the meeting took place', MeetingClosed)
export const MeetingMissedEvent = caseEvent('meeting.missed', 'the person did not come to the meeting', MeetingClosed)
export const MeetingCancelledEvent = caseEvent('meeting.cancelled', 'the meeting was cancelled', MeetingClosed)

export const DiaryNoteCreatedEvent = caseEvent('diary_note.created', 'a diary note was written', DiaryNote)
export const DiaryNoteUpdatedEvent = caseEvent('diary_note.updated', 'a diary note was edited', { ...DiaryNote, changedFields: ChangedFields })

export const EconomicSupportRequestedEvent = caseEvent('economic_support.requested', 'an economic support was requested', {
  supportType: Status(ECONOMIC_SUPPORT_TYPES, 'Type of support'),
  amountCents: Amount('Amount requested, in euro cents'),
  periodFrom: Day('First day of the period covered'),
  periodTo: Day('Last day of the period covered'),
})
export const EconomicSupportUpdatedEvent = caseEvent('economic_support.updated', 'a requested economic support changed', { changedFields: ChangedFields })
export const EconomicSupportApprovedEvent = caseEvent('economic_support.approved', 'an economic support was approved', SupportDecision)
export const EconomicSupportRejectedEvent = caseEvent('economic_support.rejected', 'an economic support was rejected', SupportDecision)
export const EconomicSupportPaidEvent = caseEvent('economic_support.paid', 'an economic support was paid', {
  ...SupportFromTo,
  supportType: Status(ECONOMIC_SUPPORT_TYPES, 'Type of support'),
  paidOn: Day('Day of the payment'),
  amountCents: Nullable(Amount('Amount paid (the amount approved), in euro cents')),
})

/** Every event type's schema, in the order of the union. */
export const CASE_EVENT_SCHEMAS = [
  CaseOpenedEvent,
  CaseUpdatedEvent,
  CaseStatusChangedEvent,
  CaseReassignedEvent,
  CaseMemberAddedEvent,
  CaseMemberRemovedEvent,
  CaseReopenedEvent,
  PersonUpdatedEvent,
  ReferralRequestedEvent,
  ReferralAcceptedEvent,
  ReferralRejectedEvent,
  ReferralCompletedEvent,
  ReferralRevokedEvent,
  AssessmentCreatedEvent,
  AssessmentUpdatedEvent,
  AssessmentSignedEvent,
  PlanCreatedEvent,
  PlanUpdatedEvent,
  PlanSubmittedEvent,
  PlanApprovedEvent,
  PlanReturnedEvent,
  PlanSignedEvent,
  PlanSupersededEvent,
  PlanRevisedEvent,
  CommitmentCreatedEvent,
  CommitmentUpdatedEvent,
  CommitmentStatusChangedEvent,
  CommitmentProgressNotedEvent,
  MeetingPlannedEvent,
  MeetingUpdatedEvent,
  MeetingRescheduledEvent,
  MeetingHeldEvent,
  MeetingMissedEvent,
  MeetingCancelledEvent,
  DiaryNoteCreatedEvent,
  DiaryNoteUpdatedEvent,
  EconomicSupportRequestedEvent,
  EconomicSupportUpdatedEvent,
  EconomicSupportApprovedEvent,
  EconomicSupportRejectedEvent,
  EconomicSupportPaidEvent,
] as const

/** One event of the timeline, discriminated by `type`. */
export type CaseEvent = Static<(typeof CASE_EVENT_SCHEMAS)[number]>
/** A dotted event type, e.g. `case.opened`, `referral.accepted`. */
export type CaseEventType = CaseEvent['type']
/** The event of one type. */
export type CaseEventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>
/** What a writer stores: the type with exactly its data. */
export type CaseEventPayload = CaseEvent extends infer E ? (E extends CaseEvent ? { type: E['type']; data: E['data'] } : never) : never

/** Every event type, in the order of the union. */
export const CASE_EVENT_TYPES = CASE_EVENT_SCHEMAS.map((schema) => schema.properties.type.const) as readonly CaseEventType[]

/** The data schema of each event type (what the writer checks before storing, and the reader before serving). */
export const CASE_EVENT_DATA_SCHEMAS = Object.fromEntries(CASE_EVENT_SCHEMAS.map((schema) => [schema.properties.type.const, schema.properties.data as TSchema])) as Record<CaseEventType, TSchema>

/**
 * A union discriminated by `type` (`oneOf` + `discriminator`; the OpenAPI document adds the mapping
 * of each type to its schema).
 */
export const CaseEvent = Type.Unsafe<CaseEvent>({
  $id: 'CaseEvent',
  description: 'An event of the case timeline, discriminated by `type`',
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: CASE_EVENT_SCHEMAS.map((schema) => Ref(schema)),
})

export const CaseTimelineQuery = Type.Object({ ...PageQuery.properties })
export type CaseTimelineQuery = Static<typeof CaseTimelineQuery>

export const CaseEventPage = Page(Ref(CaseEvent), { $id: 'CaseEventPage' })
export type CaseEventPage = Static<typeof CaseEventPage>
