/**
 * Socially useful work (PUC, Progetti Utili alla Collettività, DOMAIN.md §5): projects of a
 * municipality run by an implementing organisation, with sites and seats by category; assignments
 * of people with a case; the daily attendance register; the INAIL communications the municipality
 * owes (start, end, quarterly days worked) and the documents built from them.
 */
import { Type, type Static } from 'typebox'
import { DateOnly, Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { OrganisationRef, UserRef } from './cases.js'
import { Sex } from './persons.js'

/** Weekly hours of a PUC assignment: 8 to 16 (DM 22 October 2019). */
export const PUC_WEEKLY_HOURS = { min: 8, max: 16 } as const

export const PUC_AREAS = ['cultural', 'social', 'artistic', 'environmental', 'training', 'common_goods'] as const
export const PucArea = Type.Enum(PUC_AREAS, {
  $id: 'PucArea',
  description: 'Area of a project: `cultural`, `social`, `artistic`, `environmental`, `training` (formativo), `common_goods` (tutela dei beni comuni)',
})
export type PucArea = (typeof PUC_AREAS)[number]

export const PUC_SEAT_CATEGORIES = ['municipality_beneficiaries', 'employment_centre_beneficiaries', 'volunteers'] as const
export const PucSeatCategory = Type.Enum(PUC_SEAT_CATEGORIES, {
  $id: 'PucSeatCategory',
  description: 'Who a seat is for: `municipality_beneficiaries` (beneficiari in carico al Comune), `employment_centre_beneficiaries` (beneficiari del Centro per l\'impiego), `volunteers` (volontari)',
})
export type PucSeatCategory = (typeof PUC_SEAT_CATEGORIES)[number]

export const PUC_ASSIGNMENT_STATUSES = ['to_assign', 'proposed', 'active', 'completed', 'withdrawn', 'interrupted'] as const
export const PucAssignmentStatus = Type.Enum(PUC_ASSIGNMENT_STATUSES, {
  $id: 'PucAssignmentStatus',
  description:
    '`to_assign` (da assegnare), `proposed` (proposta alla persona), `active` (in corso), `completed` (concluso), `withdrawn` (ritirato prima dell\'avvio, with reason), `interrupted` (interrotto, with reason)',
})
export type PucAssignmentStatus = (typeof PUC_ASSIGNMENT_STATUSES)[number]

/** The statuses in which an assignment holds a seat of its project. */
export const PUC_SEAT_HOLDING_STATUSES = ['to_assign', 'proposed', 'active'] as const satisfies readonly PucAssignmentStatus[]

/** The status diagram of §5 as data: where each status may go next. */
export const PUC_ASSIGNMENT_TRANSITIONS: Record<PucAssignmentStatus, readonly PucAssignmentStatus[]> = {
  to_assign: ['proposed', 'withdrawn'],
  proposed: ['active', 'to_assign', 'withdrawn'],
  active: ['completed', 'interrupted'],
  completed: [],
  withdrawn: [],
  interrupted: [],
}
/** Moving to these statuses needs a reason. */
export const PUC_STATUSES_WITH_REASON = ['withdrawn', 'interrupted'] as const satisfies readonly PucAssignmentStatus[]

export const PUC_ATTENDANCE_STATUSES = ['present', 'absent_justified', 'absent_unjustified'] as const
export const PucAttendanceStatus = Type.Enum(PUC_ATTENDANCE_STATUSES, {
  $id: 'PucAttendanceStatus',
  description: '`present` (presente, with the hours worked), `absent_justified` (assente giustificato), `absent_unjustified` (assente ingiustificato); absences carry 0 hours',
})
export type PucAttendanceStatus = (typeof PUC_ATTENDANCE_STATUSES)[number]

const Hours = Type.Number({ format: 'float', minimum: 0, maximum: 24, multipleOf: 0.25, description: 'Hours, in quarters of an hour' })
const IsoWeek = Type.String({ pattern: '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$', maxLength: 8, description: 'ISO 8601 week, e.g. `2026-W41` (Monday to Sunday)', examples: ['2026-W41'] })
const Quarter = Type.String({ pattern: '^\\d{4}Q[1-4]$', maxLength: 6, description: 'Calendar quarter, e.g. `2026Q3` (July to September)', examples: ['2026Q3'] })
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7, description: 'Calendar month, e.g. `2026-10`', examples: ['2026-10'] })
const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description })

// ---------------------------------------------------------------------------------------------
// Projects and sites

export const PucScheduleSlot = Type.Object(
  {
    weekday: Type.Integer({ format: 'int32', minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday … 7 Sunday' }),
    from: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', maxLength: 5, description: 'Start time, HH:MM', examples: ['08:30'] }),
    to: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', maxLength: 5, description: 'End time, HH:MM', examples: ['12:30'] }),
  },
  { $id: 'PucScheduleSlot', additionalProperties: false, description: 'One slot of the weekly schedule (orario settimanale)' },
)
export type PucScheduleSlot = Static<typeof PucScheduleSlot>

const SeatCount = (description: string) => Type.Integer({ format: 'int32', minimum: 0, maximum: 500, description })
export const PucSeatsInput = Type.Object(
  {
    municipalityBeneficiaries: SeatCount('Seats for beneficiaries followed by the municipality'),
    employmentCentreBeneficiaries: SeatCount('Seats for beneficiaries sent by the employment centre'),
    volunteers: SeatCount('Seats for volunteers'),
  },
  { $id: 'PucSeatsInput', additionalProperties: false, description: 'Seats by category (posti)' },
)
export type PucSeatsInput = Static<typeof PucSeatsInput>

export const PucSeats = Type.Object(
  {
    category: Ref(PucSeatCategory),
    total: Type.Integer({ format: 'int32', minimum: 0 }),
    taken: Type.Integer({ format: 'int32', minimum: 0, description: 'Held by assignments to assign, proposed or active' }),
    free: Type.Integer({ format: 'int32', minimum: 0 }),
  },
  { $id: 'PucSeats', additionalProperties: false },
)
export type PucSeats = Static<typeof PucSeats>

export const PucSite = Type.Object(
  {
    id: Uuid,
    projectId: Uuid,
    name: Type.String(),
    address: Type.String(),
    supervisorName: Type.String({ description: 'Who supervises the site and signs the register (responsabile della postazione)' }),
    supervisorPhone: Nullable(Type.String()),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'PucSite', additionalProperties: false, description: 'A site of a project (postazione)' },
)
export type PucSite = Static<typeof PucSite>

export const PucSiteCreate = Type.Object(
  {
    name: Text(200, 'Name of the site'),
    address: Text(300, 'Street address'),
    supervisorName: Text(200, 'The site supervisor'),
    supervisorPhone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[0-9 +()./-]*$' }))),
  },
  { $id: 'PucSiteCreate', additionalProperties: false },
)
export type PucSiteCreate = Static<typeof PucSiteCreate>

export const PucSitePatch = Type.Partial(PucSiteCreate, { $id: 'PucSitePatch', additionalProperties: false })
export type PucSitePatch = Static<typeof PucSitePatch>

export const PUC_PROJECT_PERMISSIONS = ['update', 'manageSites', 'assign', 'recordAttendance', 'downloadRegister'] as const
export const PucProjectPermission = Type.Enum(PUC_PROJECT_PERMISSIONS, {
  $id: 'PucProjectPermission',
  description: '`update` (details and seats), `manageSites`, `assign` (create assignments), `recordAttendance`, `downloadRegister`',
})
export type PucProjectPermission = (typeof PUC_PROJECT_PERMISSIONS)[number]

export const PucProject = Type.Object(
  {
    id: Uuid,
    ownerMunicipality: Ref(OrganisationRef),
    implementingOrganisation: Ref(OrganisationRef),
    title: Type.String(),
    area: Ref(PucArea),
    description: Type.String(),
    periodStart: DateOnly,
    periodEnd: DateOnly,
    weeklySchedule: Type.Array(Ref(PucScheduleSlot)),
    seats: Type.Array(Ref(PucSeats), { description: 'One entry per category, with what is taken and free' }),
    sites: Type.Array(Ref(PucSite)),
    activeAssignments: Type.Integer({ format: 'int32', minimum: 0, description: 'Assignments now active' }),
    permissions: Type.Array(Ref(PucProjectPermission), { description: 'What the caller may do on the project now' }),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'PucProject', additionalProperties: false },
)
export type PucProject = Static<typeof PucProject>

export const PucProjectCreate = Type.Object(
  {
    ownerMunicipalityId: Type.String({ format: 'uuid', description: 'The municipality whose project it is; the caller must be its PUC manager or a coordinator' }),
    implementingOrganisationId: Type.String({ format: 'uuid', description: 'The organisation that runs it (ente attuatore): the municipality itself or a partner' }),
    title: Text(200, 'Title of the project'),
    area: Ref(PucArea),
    description: Type.String({ maxLength: 5000, description: 'What the people do; it complements, never replaces, ordinary staff work' }),
    periodStart: DateOnly,
    periodEnd: DateOnly,
    weeklySchedule: Type.Array(Ref(PucScheduleSlot), { maxItems: 21 }),
    seats: Ref(PucSeatsInput),
    sites: Type.Optional(Type.Array(Ref(PucSiteCreate), { maxItems: 50, description: 'Sites created with the project' })),
  },
  { $id: 'PucProjectCreate', additionalProperties: false },
)
export type PucProjectCreate = Static<typeof PucProjectCreate>

export const PucProjectPatch = Type.Object(
  {
    implementingOrganisationId: Type.Optional(Type.String({ format: 'uuid' })),
    title: Type.Optional(Text(200, 'Title of the project')),
    area: Type.Optional(Ref(PucArea)),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    periodStart: Type.Optional(DateOnly),
    periodEnd: Type.Optional(DateOnly),
    weeklySchedule: Type.Optional(Type.Array(Ref(PucScheduleSlot), { maxItems: 21 })),
    seats: Type.Optional(Ref(PucSeatsInput)),
  },
  { $id: 'PucProjectPatch', additionalProperties: false },
)
export type PucProjectPatch = Static<typeof PucProjectPatch>

export const PucProjectSummary = Type.Object(
  {
    id: Uuid,
    ownerMunicipality: Ref(OrganisationRef),
    implementingOrganisation: Ref(OrganisationRef),
    title: Type.String(),
    area: Ref(PucArea),
    periodStart: DateOnly,
    periodEnd: DateOnly,
    seats: Type.Array(Ref(PucSeats)),
    sitesCount: Type.Integer({ format: 'int32', minimum: 0 }),
    activeAssignments: Type.Integer({ format: 'int32', minimum: 0 }),
  },
  { $id: 'PucProjectSummary', additionalProperties: false },
)
export type PucProjectSummary = Static<typeof PucProjectSummary>

export const PucProjectListQuery = Type.Object({
  ...PageQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the title' })),
  area: Type.Optional(Ref(PucArea)),
  current: Type.Optional(Type.Boolean({ description: 'Only projects whose period includes today' })),
})
export type PucProjectListQuery = Static<typeof PucProjectListQuery>

export const PucProjectPage = Page(Ref(PucProjectSummary), { $id: 'PucProjectPage' })
export type PucProjectPage = Static<typeof PucProjectPage>

// ---------------------------------------------------------------------------------------------
// Assignments

export const PUC_ASSIGNMENT_PERMISSIONS = ['update', 'recordAttendance', 'openCase'] as const
export const PucAssignmentPermission = Type.Enum(PUC_ASSIGNMENT_PERMISSIONS, {
  $id: 'PucAssignmentPermission',
  description: '`update` (site, hours, dates, category; status changes are in `allowedTransitions`), `recordAttendance`, `openCase` (the caller sees the case)',
})
export type PucAssignmentPermission = (typeof PUC_ASSIGNMENT_PERMISSIONS)[number]

export const PucAssignmentPerson = Type.Object(
  {
    givenName: Type.String(),
    familyName: Type.String(),
  },
  { $id: 'PucAssignmentPerson', additionalProperties: false, description: 'The person as the register names them' },
)

export const PucAssignment = Type.Object(
  {
    id: Uuid,
    project: Type.Object({ id: Uuid, title: Type.String() }, { additionalProperties: false }),
    site: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }),
    ownerMunicipality: Ref(OrganisationRef),
    implementingOrganisation: Ref(OrganisationRef),
    caseId: Nullable(Type.String({ format: 'uuid', description: 'The case; null for the implementing organisation, which never sees the case' })),
    person: Ref(PucAssignmentPerson),
    category: Ref(PucSeatCategory),
    weeklyHours: Type.Integer({ format: 'int32', minimum: 1, maximum: 40 }),
    startDate: DateOnly,
    endDate: DateOnly,
    endedOn: Nullable(DateOnly),
    status: Ref(PucAssignmentStatus),
    statusReason: Nullable(Type.String()),
    daysWorked: Type.Integer({ format: 'int32', minimum: 0, description: 'Days recorded present' }),
    hoursWorked: Type.Number({ format: 'float', minimum: 0 }),
    allowedTransitions: Type.Array(Ref(PucAssignmentStatus), { description: 'The statuses the caller may move it to now' }),
    permissions: Type.Array(Ref(PucAssignmentPermission)),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'PucAssignment', additionalProperties: false },
)
export type PucAssignment = Static<typeof PucAssignment>

export const PucAssignmentCreate = Type.Object(
  {
    caseId: Type.String({ format: 'uuid', description: 'An open case of the project\'s municipality' }),
    siteId: Type.String({ format: 'uuid', description: 'A site of the project' }),
    category: Ref(PucSeatCategory),
    weeklyHours: Type.Integer({ format: 'int32', minimum: 1, maximum: 40, description: '8 to 16 (422 otherwise)' }),
    startDate: DateOnly,
    endDate: DateOnly,
  },
  { $id: 'PucAssignmentCreate', additionalProperties: false },
)
export type PucAssignmentCreate = Static<typeof PucAssignmentCreate>

export const PucAssignmentPatch = Type.Object(
  {
    siteId: Type.Optional(Type.String({ format: 'uuid' })),
    category: Type.Optional(Ref(PucSeatCategory)),
    weeklyHours: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 40 })),
    startDate: Type.Optional(DateOnly),
    endDate: Type.Optional(DateOnly),
  },
  { $id: 'PucAssignmentPatch', additionalProperties: false },
)
export type PucAssignmentPatch = Static<typeof PucAssignmentPatch>

export const PucAssignmentTransitionRequest = Type.Object(
  {
    to: Ref(PucAssignmentStatus),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Required for `withdrawn` and `interrupted`' })),
    date: Type.Optional(
      Type.String({ format: 'date', description: 'For `completed` and `interrupted`: the last day (default: the planned end for `completed`, today for `interrupted`)' }),
    ),
  },
  { $id: 'PucAssignmentTransitionRequest', additionalProperties: false },
)
export type PucAssignmentTransitionRequest = Static<typeof PucAssignmentTransitionRequest>

export const PucAssignmentListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Array(Ref(PucAssignmentStatus), { maxItems: 6, description: 'Only assignments in these statuses' })),
})
export type PucAssignmentListQuery = Static<typeof PucAssignmentListQuery>

export const PucAssignmentPage = Page(Ref(PucAssignment), { $id: 'PucAssignmentPage' })
export type PucAssignmentPage = Static<typeof PucAssignmentPage>

/** A case the PUC office may assign: the person's name and the case's status, nothing of the case file. */
export const PucCandidate = Type.Object(
  {
    caseId: Uuid,
    person: Ref(PucAssignmentPerson),
    birthYear: Type.Integer({ format: 'int32', description: 'To tell namesakes apart' }),
    sex: Ref(Sex),
    municipality: Ref(OrganisationRef),
    liveAssignments: Type.Integer({ format: 'int32', minimum: 0, description: 'Assignments to assign, proposed or active' }),
  },
  { $id: 'PucCandidate', additionalProperties: false },
)
export type PucCandidate = Static<typeof PucCandidate>

export const PucCandidateQuery = Type.Object({
  q: Type.String({ minLength: 2, maxLength: 100, description: 'Part of the person\'s name' }),
  municipalityId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 50, default: 20 })),
})
export type PucCandidateQuery = Static<typeof PucCandidateQuery>

export const PucCandidateList = Type.Object(
  { items: Type.Array(Ref(PucCandidate)), nextCursor: Nullable(Type.String({ description: 'Always null: the best matches only' })) },
  { $id: 'PucCandidateList', additionalProperties: false },
)
export type PucCandidateList = Static<typeof PucCandidateList>

// ---------------------------------------------------------------------------------------------
// Attendance

export const PucAttendanceEntry = Type.Object(
  {
    id: Uuid,
    assignmentId: Uuid,
    date: DateOnly,
    status: Ref(PucAttendanceStatus),
    hours: Hours,
    note: Nullable(Type.String()),
    recordedBy: Nullable(Ref(UserRef)),
    version: Version,
    updatedAt: Instant,
  },
  { $id: 'PucAttendanceEntry', additionalProperties: false },
)
export type PucAttendanceEntry = Static<typeof PucAttendanceEntry>

export const PucAttendanceDay = Type.Object(
  {
    status: Ref(PucAttendanceStatus),
    hours: Hours,
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { $id: 'PucAttendanceDay', additionalProperties: false },
)
export type PucAttendanceDay = Static<typeof PucAttendanceDay>

export const PucAttendanceWeekEntry = Type.Object(
  {
    assignmentId: Type.String({ format: 'uuid' }),
    date: DateOnly,
    status: Ref(PucAttendanceStatus),
    hours: Hours,
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    version: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, description: 'The version read, for a day already recorded (412 when stale; 428 when missing)' })),
  },
  { $id: 'PucAttendanceWeekEntry', additionalProperties: false },
)
export type PucAttendanceWeekEntry = Static<typeof PucAttendanceWeekEntry>

export const PucAttendanceWeekUpdate = Type.Object(
  { entries: Type.Array(Ref(PucAttendanceWeekEntry), { minItems: 1, maxItems: 1000 }) },
  { $id: 'PucAttendanceWeekUpdate', additionalProperties: false },
)
export type PucAttendanceWeekUpdate = Static<typeof PucAttendanceWeekUpdate>

export const PucAttendanceWeekRow = Type.Object(
  {
    assignmentId: Uuid,
    person: Ref(PucAssignmentPerson),
    site: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }),
    status: Ref(PucAssignmentStatus),
    weeklyHours: Type.Integer({ format: 'int32' }),
    startDate: DateOnly,
    endDate: DateOnly,
    endedOn: Nullable(DateOnly),
    entries: Type.Array(Ref(PucAttendanceEntry)),
    totalHours: Type.Number({ format: 'float', minimum: 0 }),
  },
  { $id: 'PucAttendanceWeekRow', additionalProperties: false },
)
export type PucAttendanceWeekRow = Static<typeof PucAttendanceWeekRow>

export const PucAttendanceWeek = Type.Object(
  {
    projectId: Uuid,
    week: IsoWeek,
    dates: Type.Array(DateOnly, { minItems: 7, maxItems: 7, description: 'Monday to Sunday' }),
    rows: Type.Array(Ref(PucAttendanceWeekRow), { description: 'Assignments whose period touches the week' }),
    canRecord: Type.Boolean(),
  },
  { $id: 'PucAttendanceWeek', additionalProperties: false },
)
export type PucAttendanceWeek = Static<typeof PucAttendanceWeek>

export const PucWeekQuery = Type.Object({ week: IsoWeek })
export type PucWeekQuery = Static<typeof PucWeekQuery>

export const PucAssignmentAttendanceQuery = Type.Object({ month: Month })
export type PucAssignmentAttendanceQuery = Static<typeof PucAssignmentAttendanceQuery>

export const PucAttendanceList = Type.Object(
  { items: Type.Array(Ref(PucAttendanceEntry)), nextCursor: Nullable(Type.String({ description: 'Always null: one month at a time' })) },
  { $id: 'PucAttendanceList', additionalProperties: false },
)
export type PucAttendanceList = Static<typeof PucAttendanceList>

export const PucRegisterQuery = Type.Object({
  month: Month,
  format: Type.Enum(['pdf', 'xlsx'], { description: '`pdf` (the paper the site supervisors sign) or `xlsx`' }),
})
export type PucRegisterQuery = Static<typeof PucRegisterQuery>

// ---------------------------------------------------------------------------------------------
// INAIL deadlines and the quarterly report

export const PUC_INSURANCE_KINDS = ['start', 'end', 'quarterly'] as const
export const PucInsuranceKind = Type.Enum(PUC_INSURANCE_KINDS, {
  $id: 'PucInsuranceKind',
  description: '`start` (due by the day before the start), `end` (due by the day after the end), `quarterly` (days worked per person, due by the 30th of the month after the quarter)',
})
export type PucInsuranceKind = (typeof PUC_INSURANCE_KINDS)[number]

export const PUC_DEADLINE_STATES = ['overdue', 'due', 'sent'] as const
export const PucDeadlineState = Type.Enum(PUC_DEADLINE_STATES, { $id: 'PucDeadlineState', description: '`overdue` (not sent, due date passed), `due` (not sent yet), `sent`' })
export type PucDeadlineState = (typeof PUC_DEADLINE_STATES)[number]

export const PucInsuranceCommunication = Type.Object(
  {
    id: Uuid,
    kind: Ref(PucInsuranceKind),
    municipality: Ref(OrganisationRef),
    assignmentId: Nullable(Uuid),
    quarter: Nullable(Quarter),
    sentOn: DateOnly,
    reference: Type.String({ description: 'The INAIL protocol or receipt reference' }),
    sentBy: Nullable(Ref(UserRef)),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'PucInsuranceCommunication', additionalProperties: false, description: 'An INAIL communication recorded as sent' },
)
export type PucInsuranceCommunication = Static<typeof PucInsuranceCommunication>

export const PucInsuranceCommunicationCreate = Type.Object(
  {
    kind: Ref(PucInsuranceKind),
    assignmentId: Type.Optional(Type.String({ format: 'uuid', description: 'For `start` and `end`' })),
    municipalityId: Type.Optional(Type.String({ format: 'uuid', description: 'For `quarterly`' })),
    quarter: Type.Optional(Quarter),
    sentOn: DateOnly,
    reference: Text(200, 'The INAIL protocol or receipt reference'),
  },
  { $id: 'PucInsuranceCommunicationCreate', additionalProperties: false },
)
export type PucInsuranceCommunicationCreate = Static<typeof PucInsuranceCommunicationCreate>

export const PucInsuranceCommunicationPatch = Type.Object(
  {
    sentOn: Type.Optional(DateOnly),
    reference: Type.Optional(Text(200, 'The INAIL protocol or receipt reference')),
  },
  { $id: 'PucInsuranceCommunicationPatch', additionalProperties: false },
)
export type PucInsuranceCommunicationPatch = Static<typeof PucInsuranceCommunicationPatch>

export const PucInsuranceDeadline = Type.Object(
  {
    key: Type.String({ description: 'Stable key of the deadline: `start:<assignmentId>`, `end:<assignmentId>`, `quarterly:<municipalityId>:<quarter>`' }),
    kind: Ref(PucInsuranceKind),
    dueDate: DateOnly,
    state: Ref(PucDeadlineState),
    municipality: Ref(OrganisationRef),
    assignment: Nullable(
      Type.Object(
        {
          id: Uuid,
          person: Ref(PucAssignmentPerson),
          project: Type.Object({ id: Uuid, title: Type.String() }, { additionalProperties: false }),
          startDate: DateOnly,
          endDate: DateOnly,
          status: Ref(PucAssignmentStatus),
        },
        { additionalProperties: false },
      ),
    ),
    quarter: Nullable(Quarter),
    persons: Nullable(Type.Integer({ format: 'int32', minimum: 0, description: 'For `quarterly`: the people with an assignment in the quarter' })),
    communication: Nullable(Ref(PucInsuranceCommunication)),
  },
  { $id: 'PucInsuranceDeadline', additionalProperties: false },
)
export type PucInsuranceDeadline = Static<typeof PucInsuranceDeadline>

export const PucDeadlineQuery = Type.Object({
  ...PageQuery.properties,
  state: Type.Optional(Type.Array(Ref(PucDeadlineState), { maxItems: 3, description: 'Default `overdue` and `due`' })),
  dueBy: Type.Optional(Type.String({ format: 'date', description: 'Only deadlines due on or before this date' })),
  kind: Type.Optional(Ref(PucInsuranceKind)),
})
export type PucDeadlineQuery = Static<typeof PucDeadlineQuery>

export const PucDeadlinePage = Page(Ref(PucInsuranceDeadline), { $id: 'PucDeadlinePage', description: 'Overdue first, then by due date' })
export type PucDeadlinePage = Static<typeof PucDeadlinePage>

export const PucQuarterlyReportRow = Type.Object(
  {
    municipality: Ref(OrganisationRef),
    person: Ref(PucAssignmentPerson),
    taxCode: Type.String({ description: 'Codice fiscale, as INAIL needs it' }),
    birthDate: DateOnly,
    projects: Type.Array(Type.String(), { description: 'Titles of the projects worked on in the quarter' }),
    daysWorked: Type.Integer({ format: 'int32', minimum: 0, description: 'Distinct days recorded present in the quarter' }),
    hoursWorked: Type.Number({ format: 'float', minimum: 0 }),
  },
  { $id: 'PucQuarterlyReportRow', additionalProperties: false },
)
export type PucQuarterlyReportRow = Static<typeof PucQuarterlyReportRow>

export const PucQuarterlyReport = Type.Object(
  {
    quarter: Quarter,
    from: DateOnly,
    to: DateOnly,
    dueDate: DateOnly,
    rows: Type.Array(Ref(PucQuarterlyReportRow)),
  },
  { $id: 'PucQuarterlyReport', additionalProperties: false },
)
export type PucQuarterlyReport = Static<typeof PucQuarterlyReport>

export const PucQuarterlyReportQuery = Type.Object({
  quarter: Quarter,
  municipalityId: Type.Optional(Type.String({ format: 'uuid', description: 'One municipality; default every municipality whose PUC the caller manages' })),
  format: Type.Optional(Type.Enum(['json', 'csv', 'xlsx'], { default: 'json', description: '`json` (default), `csv` or `xlsx`' })),
})
export type PucQuarterlyReportQuery = Static<typeof PucQuarterlyReportQuery>
