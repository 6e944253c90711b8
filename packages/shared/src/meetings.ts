/**
 * Meetings of a case (incontri / colloqui, DOMAIN.md §2): planned with date, time, duration,
 * participants and agenda, then held (outcome, evaluation 1–5), missed (no-show) or cancelled.
 * Missed meetings are counted; the case manager's home page lists upcoming and overdue ones.
 */
import { Type, type Static } from 'typebox'
import { AssignedTo } from './cases.js'
import { DateOnly, Instant, Nullable, PageQuery, Ref, Uuid, Version } from './common.js'

/** Identical to `MEETING_STATUSES` of the database schema. */
export const MEETING_STATUSES = ['planned', 'held', 'missed', 'cancelled'] as const
export const MeetingStatus = Type.Enum(MEETING_STATUSES, {
  $id: 'MeetingStatus',
  description: 'planned → held (outcome) | missed (no-show) | cancelled (reason); only a planned meeting changes status',
})
export type MeetingStatus = (typeof MEETING_STATUSES)[number]

export const MEETING_DURATION_MIN = 5
export const MEETING_DURATION_MAX = 480
export const MEETING_DEFAULT_DURATION = 60

const StartTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Start time, HH:MM (24 hours, Italian local time)', examples: ['09:30'] })
const DurationMinutes = Type.Integer({ format: 'int32', minimum: MEETING_DURATION_MIN, maximum: MEETING_DURATION_MAX, description: 'Duration in minutes (5–480)', examples: [60] })
const Location = Type.String({ minLength: 1, maxLength: 300, description: 'Where it takes place (office, home visit, phone…)', examples: ['Sede dei Servizi Sociali, via Roma 31'] })
const Agenda = Type.String({ minLength: 1, maxLength: 4000, description: 'What the meeting is for' })
const Evaluation = Type.Integer({ format: 'int32', minimum: 1, maximum: 5, description: 'How the meeting went, 1 (poorly) to 5 (very well)' })

/** Who takes part: free names with their role, so the person, relatives and other services fit too. */
export const MeetingParticipant = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, examples: ['Marco Rusconi'] }),
    role: Type.String({ minLength: 1, maxLength: 100, description: 'Role in the meeting', examples: ['assistente sociale'] }),
  },
  { $id: 'MeetingParticipant', additionalProperties: false },
)
export type MeetingParticipant = Static<typeof MeetingParticipant>
const Participants = Type.Array(Ref(MeetingParticipant), { maxItems: 30 })

/** What the caller may do on a meeting now (the same checks its write endpoints make). */
export const MEETING_PERMISSIONS = ['update', 'transition'] as const
export const MeetingPermission = Type.Enum(MEETING_PERMISSIONS, {
  $id: 'MeetingPermission',
  description: '`update` (date, time, place, participants, agenda) and `transition` (record it held, missed or cancelled): both while it is planned',
})
export type MeetingPermission = (typeof MEETING_PERMISSIONS)[number]

const meetingFields = {
  id: Uuid,
  caseId: Uuid,
  date: DateOnly,
  startTime: StartTime,
  durationMinutes: DurationMinutes,
  location: Nullable(Location),
  participants: Participants,
  agenda: Nullable(Agenda),
  status: Ref(MeetingStatus),
  isOverdue: Type.Boolean({ description: 'Still planned although its date has passed: its outcome is still to be recorded' }),
  outcome: Nullable(Type.String({ description: 'What came out of the meeting (held meetings)' })),
  evaluation: Nullable(Evaluation),
  statusNote: Nullable(Type.String({ description: 'The note of a missed meeting or the reason of a cancelled one' })),
  statusChangedBy: Nullable(Uuid),
  statusChangedAt: Nullable(Instant),
  createdBy: Nullable(Uuid),
  version: Version,
  createdAt: Instant,
  updatedAt: Instant,
}

export const Meeting = Type.Object(
  {
    ...meetingFields,
    permissions: Type.Array(Ref(MeetingPermission), { description: 'The actions the caller may take on the meeting now (computed by the same rules the API checks)' }),
  },
  { $id: 'Meeting', additionalProperties: false },
)
export type Meeting = Static<typeof Meeting>

export const MeetingCreate = Type.Object(
  {
    date: DateOnly,
    startTime: StartTime,
    durationMinutes: Type.Optional(DurationMinutes),
    location: Type.Optional(Nullable(Location)),
    participants: Type.Optional(Participants),
    agenda: Type.Optional(Nullable(Agenda)),
  },
  { $id: 'MeetingCreate', additionalProperties: false, description: `Plans a meeting; the duration defaults to ${MEETING_DEFAULT_DURATION} minutes` },
)
export type MeetingCreate = Static<typeof MeetingCreate>

export const MeetingPatch = Type.Object(
  {
    date: Type.Optional(DateOnly),
    startTime: Type.Optional(StartTime),
    durationMinutes: Type.Optional(DurationMinutes),
    location: Type.Optional(Nullable(Location)),
    participants: Type.Optional(Participants),
    agenda: Type.Optional(Nullable(Agenda)),
  },
  { $id: 'MeetingPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a planned meeting' },
)
export type MeetingPatch = Static<typeof MeetingPatch>

export const MeetingTransition = Type.Object(
  {
    to: Ref(MeetingStatus),
    outcome: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, description: 'Required to record a meeting as held' })),
    evaluation: Type.Optional(Evaluation),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Optional note of a missed meeting (no-show)' })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Required to cancel a meeting' })),
  },
  {
    $id: 'MeetingTransition',
    additionalProperties: false,
    description: 'A status change of a planned meeting: `held` with `outcome` (and optional `evaluation`), `missed` with an optional `note`, `cancelled` with a `reason`',
  },
)
export type MeetingTransition = Static<typeof MeetingTransition>

export const MeetingListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Ref(MeetingStatus)),
  dateFrom: Type.Optional(Type.String({ format: 'date', description: 'Only meetings on or after this date' })),
  dateTo: Type.Optional(Type.String({ format: 'date', description: 'Only meetings on or before this date' })),
})
export type MeetingListQuery = Static<typeof MeetingListQuery>

export const MeetingPage = Type.Object(
  {
    items: Type.Array(Ref(Meeting)),
    nextCursor: Nullable(Type.String({ description: 'Cursor of the next page; null on the last page' })),
    missedCount: Type.Integer({ format: 'int32', minimum: 0, description: 'Missed meetings (no-shows) of the whole case, whatever the filters and page' }),
  },
  { $id: 'MeetingPage', description: 'A page of the case\'s meetings, most recent first, with the case\'s count of missed meetings' },
)
export type MeetingPage = Static<typeof MeetingPage>

/** The person a case is about, as the home page names them. */
export const MeetingCasePerson = Type.Object(
  {
    id: Uuid,
    givenName: Type.String(),
    familyName: Type.String(),
  },
  { $id: 'MeetingCasePerson', additionalProperties: false },
)

export const UpcomingMeeting = Type.Object(
  {
    ...meetingFields,
    person: Ref(MeetingCasePerson),
  },
  { $id: 'UpcomingMeeting', additionalProperties: false, description: 'A planned meeting with the person of its case' },
)
export type UpcomingMeeting = Static<typeof UpcomingMeeting>

export const UpcomingMeetingQuery = Type.Object({
  ...PageQuery.properties,
  until: Type.Optional(Type.String({ format: 'date', description: 'Only meetings on or before this date' })),
  includeOverdue: Type.Optional(Type.Boolean({ description: 'Include planned meetings whose date has passed (default true)' })),
  assignedTo: Type.Optional(AssignedTo),
})
export type UpcomingMeetingQuery = Static<typeof UpcomingMeetingQuery>

export const UpcomingMeetingPage = Type.Object(
  {
    items: Type.Array(Ref(UpcomingMeeting)),
    nextCursor: Nullable(Type.String({ description: 'Cursor of the next page; null on the last page' })),
  },
  { $id: 'UpcomingMeetingPage', description: 'Planned meetings in date and time order: overdue ones first, then from today on' },
)
export type UpcomingMeetingPage = Static<typeof UpcomingMeetingPage>
