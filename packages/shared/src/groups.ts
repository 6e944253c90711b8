/**
 * Mutual self-help job groups (sportello di auto mutuo aiuto lavoro, DOMAIN.md §6): programmes
 * (edizioni) with their applications, information meetings, talk groups with members, the plan of
 * 16 fortnightly sessions plus thematic ones, attendance, the absence alert and the outcomes.
 *
 * Confidentiality (docs/decisions/0011): what is said in a group is never stored. No shape here
 * carries free text about a session or a member: reasons, topics and outcomes are chosen from
 * lists, every object refuses properties it does not declare, and the only free texts are names,
 * contacts and places.
 */
import { Type, type Static } from 'typebox'
import { DateOnly, Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { OrganisationRef, UserRef } from './cases.js'

/** A group's capacity: 16 by default (DOMAIN.md §6), never more than 30. */
export const GROUP_CAPACITY = { default: 16, min: 2, max: 30 } as const
/** The talk-group sessions of a plan: 16, fortnightly. */
export const GROUP_TALK_SESSIONS = 16
export const GROUP_SESSION_INTERVAL_DAYS = 14
/** Unjustified absences in a row (justified ones stepped over) that raise an alert. */
export const GROUP_ABSENCE_ALERT_THRESHOLD = 3
/** Months after the group's last session when the employment status is asked. */
export const GROUP_FOLLOW_UP_MONTHS = [3, 6, 12] as const

const Name = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description })
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', maxLength: 5, description: 'Local time in Italy, HH:MM', examples: ['17:30'] })
const Phone = Type.String({ maxLength: 40, pattern: '^[0-9 +()./-]*$', description: 'Phone number' })
const Email = Type.String({ maxLength: 254, format: 'email', description: 'Email address' })
const Count = (description: string) => Type.Integer({ format: 'int32', minimum: 0, description })
const Scale = (description: string) => Nullable(Type.Integer({ format: 'int32', minimum: 1, maximum: 10, description }))
const enumOf = <Values extends string[]>(values: readonly [...Values], $id: string, description: string) => Type.Enum(values, { $id, description })

// ---------------------------------------------------------------------------------------------
// Lists the confidentiality rule chooses from

export const GROUP_REFERRAL_SOURCES = ['social_services', 'employment_centre', 'self', 'other'] as const
export const GroupReferralSource = enumOf(GROUP_REFERRAL_SOURCES, 'GroupReferralSource', 'Who sent the application: `social_services`, `employment_centre` (Centro per l\'impiego), `self` (autocandidatura), `other`')
export type GroupReferralSource = (typeof GROUP_REFERRAL_SOURCES)[number]

export const APPLICANT_EMPLOYMENT_STATUSES = ['unemployed', 'employed', 'underemployed', 'inactive', 'student', 'retired'] as const
export const ApplicantEmploymentStatus = enumOf(APPLICANT_EMPLOYMENT_STATUSES, 'ApplicantEmploymentStatus', 'Employment status the applicant declares; `unemployed` makes them eligible')
export type ApplicantEmploymentStatus = (typeof APPLICANT_EMPLOYMENT_STATUSES)[number]

export const GROUP_APPLICATION_STATUSES = ['received', 'interview_scheduled', 'admitted', 'waiting_list', 'not_admitted', 'withdrawn'] as const
export const GroupApplicationStatus = enumOf(
  GROUP_APPLICATION_STATUSES,
  'GroupApplicationStatus',
  '`received` (ricevuta), `interview_scheduled` (colloquio fissato), `admitted` (ammessa), `waiting_list` (lista d\'attesa), `not_admitted` (non ammessa, with reason), `withdrawn` (ritirata, with reason)',
)
export type GroupApplicationStatus = (typeof GROUP_APPLICATION_STATUSES)[number]

/** The application diagram as data: where each status may go next. */
export const GROUP_APPLICATION_TRANSITIONS: Record<GroupApplicationStatus, readonly GroupApplicationStatus[]> = {
  received: ['interview_scheduled', 'not_admitted', 'withdrawn'],
  interview_scheduled: ['admitted', 'waiting_list', 'not_admitted', 'withdrawn'],
  waiting_list: ['admitted', 'not_admitted', 'withdrawn'],
  admitted: ['withdrawn'],
  not_admitted: [],
  withdrawn: [],
}
/** Moving to these statuses needs a reason from the list. */
export const GROUP_APPLICATION_STATUSES_WITH_REASON = ['not_admitted', 'withdrawn'] as const satisfies readonly GroupApplicationStatus[]

export const GROUP_APPLICATION_REASONS = ['not_resident', 'not_unemployed', 'group_full', 'not_suitable_now', 'unreachable', 'applicant_withdrew', 'found_job', 'other'] as const
export const GroupApplicationReason = enumOf(
  GROUP_APPLICATION_REASONS,
  'GroupApplicationReason',
  'Why an application was not admitted or withdrawn, from a list (no free text): `not_resident`, `not_unemployed`, `group_full`, `not_suitable_now`, `unreachable`, `applicant_withdrew`, `found_job`, `other`',
)
export type GroupApplicationReason = (typeof GROUP_APPLICATION_REASONS)[number]

export const GROUP_COHORTS = ['closed', 'open'] as const
export const GroupCohort = enumOf(GROUP_COHORTS, 'GroupCohort', '`closed` (members join only before the group starts) or `open` (members may join while it runs, up to capacity)')
export type GroupCohort = (typeof GROUP_COHORTS)[number]

export const GROUP_STATUSES = ['planned', 'running', 'completed', 'cancelled'] as const
export const GroupStatus = enumOf(GROUP_STATUSES, 'GroupStatus', '`planned` (in preparazione), `running` (in corso), `completed` (concluso), `cancelled` (annullato)')
export type GroupStatus = (typeof GROUP_STATUSES)[number]
export const GROUP_TRANSITIONS: Record<GroupStatus, readonly GroupStatus[]> = {
  planned: ['running', 'cancelled'],
  running: ['completed'],
  completed: [],
  cancelled: [],
}

export const GROUP_MEMBER_STATUSES = ['active', 'dropped_out', 'completed'] as const
export const GroupMemberStatus = enumOf(GROUP_MEMBER_STATUSES, 'GroupMemberStatus', '`active`, `dropped_out` (with reason), `completed` (was a member when the group ended)')
export type GroupMemberStatus = (typeof GROUP_MEMBER_STATUSES)[number]

export const GROUP_DROP_OUT_REASONS = ['found_job', 'started_training', 'schedule_conflict', 'moved_away', 'personal_reasons', 'unreachable', 'other'] as const
export const GroupDropOutReason = enumOf(
  GROUP_DROP_OUT_REASONS,
  'GroupDropOutReason',
  'Why a member left, from a list (no free text): `found_job`, `started_training`, `schedule_conflict`, `moved_away`, `personal_reasons`, `unreachable`, `other`',
)
export type GroupDropOutReason = (typeof GROUP_DROP_OUT_REASONS)[number]

export const GROUP_THEMATIC_TOPICS = ['cv_and_cover_letter', 'job_interview', 'online_job_search', 'contracts_and_labour_rights', 'training_opportunities', 'self_employment', 'digital_skills', 'employment_services'] as const
export const GroupThematicTopic = enumOf(
  GROUP_THEMATIC_TOPICS,
  'GroupThematicTopic',
  'Topic of a thematic session, asked for by the group: `cv_and_cover_letter`, `job_interview`, `online_job_search`, `contracts_and_labour_rights`, `training_opportunities`, `self_employment`, `digital_skills`, `employment_services`',
)
export type GroupThematicTopic = (typeof GROUP_THEMATIC_TOPICS)[number]

export const GROUP_TALK_THEMES = ['job_search_strategies', 'skills_and_strengths', 'motivation_and_confidence', 'work_life_balance', 'training_needs', 'local_labour_market', 'mutual_support', 'group_organisation'] as const
export const GroupTalkTheme = enumOf(
  GROUP_TALK_THEMES,
  'GroupTalkTheme',
  'Aggregate theme a session touched, chosen from a list — never what anyone said: `job_search_strategies`, `skills_and_strengths`, `motivation_and_confidence`, `work_life_balance`, `training_needs`, `local_labour_market`, `mutual_support`, `group_organisation`',
)
export type GroupTalkTheme = (typeof GROUP_TALK_THEMES)[number]

export const GROUP_SESSION_KINDS = ['talk', 'thematic'] as const
export const GroupSessionKind = enumOf(GROUP_SESSION_KINDS, 'GroupSessionKind', '`talk` (incontro del gruppo di parola, numbered 1–16) or `thematic` (incontro tematico informativo/formativo)')
export type GroupSessionKind = (typeof GROUP_SESSION_KINDS)[number]

export const GROUP_SESSION_STATUSES = ['planned', 'held', 'cancelled'] as const
export const GroupSessionStatus = enumOf(GROUP_SESSION_STATUSES, 'GroupSessionStatus', '`planned`, `held` (attendance recorded), `cancelled`')
export type GroupSessionStatus = (typeof GROUP_SESSION_STATUSES)[number]

export const GROUP_SESSION_CHANGE_REASONS = ['facilitator_unavailable', 'venue_unavailable', 'holiday_or_closure', 'group_request', 'weather', 'other'] as const
export const GroupSessionChangeReason = enumOf(
  GROUP_SESSION_CHANGE_REASONS,
  'GroupSessionChangeReason',
  'Why a session was moved or cancelled, from a list: `facilitator_unavailable`, `venue_unavailable`, `holiday_or_closure`, `group_request`, `weather`, `other`',
)
export type GroupSessionChangeReason = (typeof GROUP_SESSION_CHANGE_REASONS)[number]

export const GROUP_ATTENDANCE_STATUSES = ['present', 'absent_justified', 'absent_unjustified'] as const
export const GroupAttendanceStatus = enumOf(GROUP_ATTENDANCE_STATUSES, 'GroupAttendanceStatus', '`present`, `absent_justified` (assente giustificato), `absent_unjustified` (assente ingiustificato)')
export type GroupAttendanceStatus = (typeof GROUP_ATTENDANCE_STATUSES)[number]

export const GROUP_JOB_SEARCH_ACTIONS = ['cv_updated', 'applications_sent', 'employment_centre_registration', 'employment_agencies_registration', 'training_enrolment', 'self_employment_project', 'job_interviews'] as const
export const GroupJobSearchAction = enumOf(
  GROUP_JOB_SEARCH_ACTIONS,
  'GroupJobSearchAction',
  'A job-search action started: `cv_updated`, `applications_sent`, `employment_centre_registration`, `employment_agencies_registration`, `training_enrolment`, `self_employment_project`, `job_interviews`',
)
export type GroupJobSearchAction = (typeof GROUP_JOB_SEARCH_ACTIONS)[number]

export const GROUP_REFERRALS = ['internship', 'company_mediation', 'training_course', 'employment_centre'] as const
export const GroupReferral = enumOf(GROUP_REFERRALS, 'GroupReferral', 'A referral made at the end: `internship` (tirocinio), `company_mediation`, `training_course`, `employment_centre`')
export type GroupReferral = (typeof GROUP_REFERRALS)[number]

export const GROUP_FOLLOW_UP_STATUSES = ['employed', 'self_employed', 'in_training', 'unemployed', 'unreachable'] as const
export const GroupFollowUpStatus = enumOf(GROUP_FOLLOW_UP_STATUSES, 'GroupFollowUpStatus', 'Employment status at a follow-up: `employed`, `self_employed`, `in_training`, `unemployed`, `unreachable`')
export type GroupFollowUpStatus = (typeof GROUP_FOLLOW_UP_STATUSES)[number]

// ---------------------------------------------------------------------------------------------
// Programmes

export const LocalClosure = Type.Object(
  {
    date: Type.String({ pattern: '^(\\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', maxLength: 10, description: '`MM-DD` every year (the patron saint\'s day) or one `YYYY-MM-DD`', examples: ['12-06'] }),
    name: Name(120, 'What the closure is, e.g. "San Nicolò, patrono di Lecco"'),
  },
  { $id: 'LocalClosure', additionalProperties: false, description: 'A local closure the session plan skips (chiusura locale)' },
)
export type LocalClosure = Static<typeof LocalClosure>

export const PROGRAMME_PERMISSIONS = ['update', 'createApplications', 'screenApplications', 'manageInformationMeetings', 'createGroups'] as const
export const ProgrammePermission = enumOf(PROGRAMME_PERMISSIONS, 'ProgrammePermission', 'What the caller may do on the programme now')
export type ProgrammePermission = (typeof PROGRAMME_PERMISSIONS)[number]

export const Programme = Type.Object(
  {
    id: Uuid,
    ownerMunicipality: Ref(OrganisationRef),
    name: Type.String(),
    coveredMunicipalities: Type.Array(Type.String(), { description: 'Names of the municipalities whose residents are eligible' }),
    partnerOrganisations: Type.Array(Ref(OrganisationRef), { description: 'Partners whose facilitators run the groups' }),
    funder: Type.String({ description: 'Who funds the edition (ente finanziatore)' }),
    periodStart: DateOnly,
    periodEnd: DateOnly,
    localClosures: Type.Array(Ref(LocalClosure)),
    applicationCounts: Type.Object(
      Object.fromEntries(GROUP_APPLICATION_STATUSES.map((s) => [s, Count(`Applications ${s}`)])) as Record<GroupApplicationStatus, ReturnType<typeof Count>>,
      { additionalProperties: false, description: 'Applications per status' },
    ),
    groupsCount: Count('Groups of the programme'),
    permissions: Type.Array(Ref(ProgrammePermission)),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Programme', additionalProperties: false, description: 'An edition of the mutual self-help job desk (edizione)' },
)
export type Programme = Static<typeof Programme>

export const ProgrammeCreate = Type.Object(
  {
    ownerMunicipalityId: Type.String({ format: 'uuid', description: 'The municipality running the programme; the caller must be its coordinator' }),
    name: Name(200, 'Name of the edition'),
    coveredMunicipalities: Type.Array(Name(120, 'Municipality name'), { minItems: 1, maxItems: 50, uniqueItems: true }),
    partnerOrganisationIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20, uniqueItems: true }),
    funder: Name(200, 'Funder'),
    periodStart: DateOnly,
    periodEnd: DateOnly,
    localClosures: Type.Optional(Type.Array(Ref(LocalClosure), { maxItems: 50 })),
  },
  { $id: 'ProgrammeCreate', additionalProperties: false },
)
export type ProgrammeCreate = Static<typeof ProgrammeCreate>

export const ProgrammePatch = Type.Partial(Type.Omit(ProgrammeCreate, ['ownerMunicipalityId']), { $id: 'ProgrammePatch', additionalProperties: false })
export type ProgrammePatch = Static<typeof ProgrammePatch>

export const ProgrammeListQuery = Type.Object({ ...PageQuery.properties, current: Type.Optional(Type.Boolean({ description: 'Only programmes whose period includes today' })) }, { additionalProperties: false })
export type ProgrammeListQuery = Static<typeof ProgrammeListQuery>

export const ProgrammePage = Page(Ref(Programme), { $id: 'ProgrammePage' })
export type ProgrammePage = Static<typeof ProgrammePage>

// ---------------------------------------------------------------------------------------------
// Applications

export const ApplicationEligibility = Type.Object(
  {
    residentInCoveredMunicipality: Type.Boolean(),
    unemployed: Type.Boolean(),
    eligible: Type.Boolean({ description: 'Both checks pass' }),
  },
  { $id: 'ApplicationEligibility', additionalProperties: false, description: 'Eligibility computed from the applicant\'s data and the programme (never stored)' },
)
export type ApplicationEligibility = Static<typeof ApplicationEligibility>

export const GROUP_APPLICATION_PERMISSIONS = ['update', 'transition', 'join'] as const
export const GroupApplicationPermission = enumOf(GROUP_APPLICATION_PERMISSIONS, 'GroupApplicationPermission', '`update` (contacts, interview date), `transition`, `join` (may be added to a group)')
export type GroupApplicationPermission = (typeof GROUP_APPLICATION_PERMISSIONS)[number]

export const GroupApplication = Type.Object(
  {
    id: Uuid,
    programmeId: Uuid,
    personId: Nullable(Uuid),
    givenName: Type.String(),
    familyName: Type.String(),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    residenceMunicipality: Type.String(),
    employmentStatus: Ref(ApplicantEmploymentStatus),
    referralSource: Ref(GroupReferralSource),
    consentDate: DateOnly,
    eligibility: Ref(ApplicationEligibility),
    status: Ref(GroupApplicationStatus),
    interviewDate: Nullable(DateOnly),
    reason: Nullable(Ref(GroupApplicationReason)),
    decidedOn: Nullable(DateOnly),
    group: Nullable(Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false, description: 'The group the applicant is a member of' })),
    allowedTransitions: Type.Array(Ref(GroupApplicationStatus)),
    permissions: Type.Array(Ref(GroupApplicationPermission)),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  {
    $id: 'GroupApplication',
    additionalProperties: false,
    description: 'An application (candidatura). `personId` links a person already registered by the municipality, shown to the municipality\'s staff only (null for facilitators).',
  },
)
export type GroupApplication = Static<typeof GroupApplication>

export const GroupApplicationCreate = Type.Object(
  {
    personId: Type.Optional(Type.String({ format: 'uuid', description: 'An existing person the caller sees (municipality staff only): name, contacts, residence and employment status are taken from them unless given' })),
    givenName: Type.Optional(Name(100, 'Given name (required without personId)')),
    familyName: Type.Optional(Name(100, 'Family name (required without personId)')),
    phone: Type.Optional(Nullable(Phone)),
    email: Type.Optional(Nullable(Email)),
    residenceMunicipality: Type.Optional(Name(120, 'Municipality of residence (required without personId)')),
    employmentStatus: Type.Optional(Ref(ApplicantEmploymentStatus)),
    referralSource: Ref(GroupReferralSource),
    consentDate: Type.String({ format: 'date', description: 'When the applicant consented to the processing of their data (required)' }),
  },
  { $id: 'GroupApplicationCreate', additionalProperties: false },
)
export type GroupApplicationCreate = Static<typeof GroupApplicationCreate>

export const GroupApplicationPatch = Type.Object(
  {
    phone: Type.Optional(Nullable(Phone)),
    email: Type.Optional(Nullable(Email)),
    residenceMunicipality: Type.Optional(Name(120, 'Municipality of residence')),
    employmentStatus: Type.Optional(Ref(ApplicantEmploymentStatus)),
    interviewDate: Type.Optional(Nullable(DateOnly)),
  },
  { $id: 'GroupApplicationPatch', additionalProperties: false },
)
export type GroupApplicationPatch = Static<typeof GroupApplicationPatch>

export const GroupApplicationTransitionRequest = Type.Object(
  {
    to: Ref(GroupApplicationStatus),
    reason: Type.Optional(Ref(GroupApplicationReason)),
    interviewDate: Type.Optional(Type.String({ format: 'date', description: 'Required to move to `interview_scheduled`' })),
  },
  { $id: 'GroupApplicationTransitionRequest', additionalProperties: false },
)
export type GroupApplicationTransitionRequest = Static<typeof GroupApplicationTransitionRequest>

export const GroupApplicationListQuery = Type.Object(
  {
    ...PageQuery.properties,
    status: Type.Optional(Ref(GroupApplicationStatus)),
    eligible: Type.Optional(Type.Boolean({ description: 'Only eligible (true) or not eligible (false) applicants' })),
  },
  { additionalProperties: false },
)
export type GroupApplicationListQuery = Static<typeof GroupApplicationListQuery>

export const GroupApplicationPage = Page(Ref(GroupApplication), { $id: 'GroupApplicationPage' })
export type GroupApplicationPage = Static<typeof GroupApplicationPage>

// ---------------------------------------------------------------------------------------------
// Information meetings

export const InformationMeeting = Type.Object(
  {
    id: Uuid,
    programmeId: Uuid,
    date: DateOnly,
    startTime: Time,
    place: Type.String(),
    attendance: Type.Array(
      Type.Object({ applicationId: Uuid, givenName: Type.String(), familyName: Type.String(), attended: Type.Boolean() }, { additionalProperties: false }),
      { description: 'Applicants recorded as attending or not' },
    ),
    attendedCount: Count('Applicants who attended'),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'InformationMeeting', additionalProperties: false, description: 'An information meeting open to all applicants (incontro informativo)' },
)
export type InformationMeeting = Static<typeof InformationMeeting>

export const InformationMeetingCreate = Type.Object(
  { date: DateOnly, startTime: Time, place: Name(200, 'Where it takes place') },
  { $id: 'InformationMeetingCreate', additionalProperties: false },
)
export type InformationMeetingCreate = Static<typeof InformationMeetingCreate>

export const InformationMeetingList = Type.Object({ items: Type.Array(Ref(InformationMeeting)) }, { $id: 'InformationMeetingList', additionalProperties: false })
export type InformationMeetingList = Static<typeof InformationMeetingList>

export const InformationMeetingAttendanceUpdate = Type.Object(
  {
    entries: Type.Array(Type.Object({ applicationId: Type.String({ format: 'uuid' }), attended: Type.Boolean() }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }),
  },
  { $id: 'InformationMeetingAttendanceUpdate', additionalProperties: false },
)
export type InformationMeetingAttendanceUpdate = Static<typeof InformationMeetingAttendanceUpdate>

// ---------------------------------------------------------------------------------------------
// Groups, members, alerts

export const GroupFacilitator = Type.Object(
  { user: Ref(UserRef), organisation: Ref(OrganisationRef), lead: Type.Boolean({ description: 'The lead facilitator (one per group); the others co-facilitate' }) },
  { $id: 'GroupFacilitator', additionalProperties: false },
)
export type GroupFacilitator = Static<typeof GroupFacilitator>

export const GroupMember = Type.Object(
  {
    id: Uuid,
    applicationId: Uuid,
    givenName: Type.String(),
    familyName: Type.String(),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    joinedOn: DateOnly,
    status: Ref(GroupMemberStatus),
    dropOutReason: Nullable(Ref(GroupDropOutReason)),
    droppedOutOn: Nullable(DateOnly),
    sessionsRecorded: Count('Sessions with the member\'s attendance recorded'),
    sessionsPresent: Count('Sessions attended'),
    attendanceRate: Nullable(Type.Number({ format: 'float', minimum: 0, maximum: 1, description: 'Present ÷ recorded; null before any record' })),
    unjustifiedAbsenceStreak: Count('Unjustified absences in a row up to the last recorded session (justified ones stepped over)'),
    version: Version,
  },
  { $id: 'GroupMember', additionalProperties: false, description: 'A member of a group: name, contacts and attendance — never a case' },
)
export type GroupMember = Static<typeof GroupMember>

export const GroupAbsenceAlert = Type.Object(
  {
    groupId: Uuid,
    groupName: Type.String(),
    memberId: Uuid,
    givenName: Type.String(),
    familyName: Type.String(),
    streak: Type.Integer({ format: 'int32', minimum: GROUP_ABSENCE_ALERT_THRESHOLD }),
    lastSessionDate: DateOnly,
  },
  { $id: 'GroupAbsenceAlert', additionalProperties: false, description: `An active member with ${GROUP_ABSENCE_ALERT_THRESHOLD} or more unjustified absences in a row` },
)
export type GroupAbsenceAlert = Static<typeof GroupAbsenceAlert>

export const GROUP_PERMISSIONS = ['update', 'transition', 'manageMembers', 'planSessions', 'recordAttendance', 'recordOutcomes'] as const
export const GroupPermission = enumOf(GROUP_PERMISSIONS, 'GroupPermission', 'What the caller may do on the group now')
export type GroupPermission = (typeof GROUP_PERMISSIONS)[number]

export const GroupSessionRef = Type.Object(
  { id: Uuid, kind: Ref(GroupSessionKind), number: Nullable(Type.Integer({ format: 'int32' })), date: DateOnly, startTime: Time, place: Type.String() },
  { $id: 'GroupSessionRef', additionalProperties: false },
)
export type GroupSessionRef = Static<typeof GroupSessionRef>

export const Group = Type.Object(
  {
    id: Uuid,
    programme: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }),
    name: Type.String(),
    capacity: Type.Integer({ format: 'int32', minimum: GROUP_CAPACITY.min, maximum: GROUP_CAPACITY.max }),
    cohort: Ref(GroupCohort),
    status: Ref(GroupStatus),
    requestedTopics: Type.Array(Ref(GroupThematicTopic), { description: 'Thematic topics the group asked for' }),
    facilitators: Type.Array(Ref(GroupFacilitator)),
    members: Type.Array(Ref(GroupMember)),
    activeMembers: Count('Members now active (they fill the capacity)'),
    alerts: Type.Array(Ref(GroupAbsenceAlert)),
    nextSession: Nullable(Ref(GroupSessionRef)),
    talkSessionsPlanned: Count('Talk sessions in the plan (16 when planned)'),
    allowedTransitions: Type.Array(Ref(GroupStatus)),
    permissions: Type.Array(Ref(GroupPermission)),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Group', additionalProperties: false, description: 'A talk group (gruppo di parola)' },
)
export type Group = Static<typeof Group>

export const GroupSummary = Type.Object(
  {
    id: Uuid,
    programme: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }),
    name: Type.String(),
    capacity: Type.Integer({ format: 'int32' }),
    cohort: Ref(GroupCohort),
    status: Ref(GroupStatus),
    activeMembers: Count('Members now active'),
    alertsCount: Count('Absence alerts'),
    nextSession: Nullable(Ref(GroupSessionRef)),
    facilitators: Type.Array(Ref(GroupFacilitator)),
  },
  { $id: 'GroupSummary', additionalProperties: false },
)
export type GroupSummary = Static<typeof GroupSummary>

export const GroupPage = Page(Ref(GroupSummary), { $id: 'GroupPage' })
export type GroupPage = Static<typeof GroupPage>

export const GroupListQuery = Type.Object(
  {
    ...PageQuery.properties,
    status: Type.Optional(Ref(GroupStatus)),
    facilitatedByMe: Type.Optional(Type.Boolean({ description: 'Only groups the caller facilitates' })),
  },
  { additionalProperties: false },
)
export type GroupListQuery = Static<typeof GroupListQuery>

const FacilitatorsInput = Type.Object(
  {
    facilitatorUserId: Type.String({ format: 'uuid', description: 'The lead facilitator: a user with the facilitator role in a partner organisation of the programme or in its municipality' }),
    coFacilitatorUserIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 5, uniqueItems: true, description: 'Co-facilitators, possibly of other organisations' })),
  },
)

export const GroupCreate = Type.Object(
  {
    name: Name(120, 'Name of the group'),
    capacity: Type.Optional(Type.Integer({ format: 'int32', minimum: GROUP_CAPACITY.min, maximum: GROUP_CAPACITY.max, default: GROUP_CAPACITY.default, description: 'Members at most (default 16)' })),
    cohort: Ref(GroupCohort),
    requestedTopics: Type.Optional(Type.Array(Ref(GroupThematicTopic), { maxItems: 8, uniqueItems: true })),
    ...FacilitatorsInput.properties,
  },
  { $id: 'GroupCreate', additionalProperties: false },
)
export type GroupCreate = Static<typeof GroupCreate>

export const ProgrammeFacilitatorList = Type.Object(
  { items: Type.Array(Type.Object({ user: Ref(UserRef), organisation: Ref(OrganisationRef) }, { additionalProperties: false })) },
  { $id: 'ProgrammeFacilitatorList', additionalProperties: false, description: 'Users who may facilitate the programme\'s groups: the facilitators of its municipality and partners' },
)
export type ProgrammeFacilitatorList = Static<typeof ProgrammeFacilitatorList>

export const GroupPatch = Type.Object(
  {
    name: Type.Optional(Name(120, 'Name of the group')),
    capacity: Type.Optional(Type.Integer({ format: 'int32', minimum: GROUP_CAPACITY.min, maximum: GROUP_CAPACITY.max })),
    cohort: Type.Optional(Ref(GroupCohort)),
    requestedTopics: Type.Optional(Type.Array(Ref(GroupThematicTopic), { maxItems: 8, uniqueItems: true })),
    facilitatorUserId: Type.Optional(Type.String({ format: 'uuid' })),
    coFacilitatorUserIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 5, uniqueItems: true })),
  },
  { $id: 'GroupPatch', additionalProperties: false },
)
export type GroupPatch = Static<typeof GroupPatch>

export const GroupTransitionRequest = Type.Object({ to: Ref(GroupStatus) }, { $id: 'GroupTransitionRequest', additionalProperties: false })
export type GroupTransitionRequest = Static<typeof GroupTransitionRequest>

export const GroupMemberCreate = Type.Object(
  {
    applicationId: Type.String({ format: 'uuid', description: 'An admitted application of the group\'s programme' }),
    joinedOn: Type.Optional(Type.String({ format: 'date', description: 'Default today' })),
  },
  { $id: 'GroupMemberCreate', additionalProperties: false },
)
export type GroupMemberCreate = Static<typeof GroupMemberCreate>

export const GroupDropOutRequest = Type.Object(
  { reason: Ref(GroupDropOutReason), date: Type.Optional(Type.String({ format: 'date', description: 'Default today' })) },
  { $id: 'GroupDropOutRequest', additionalProperties: false },
)
export type GroupDropOutRequest = Static<typeof GroupDropOutRequest>

export const GroupAlertList = Type.Object({ items: Type.Array(Ref(GroupAbsenceAlert)) }, { $id: 'GroupAlertList', additionalProperties: false })
export type GroupAlertList = Static<typeof GroupAlertList>

// ---------------------------------------------------------------------------------------------
// Sessions

export const GroupSession = Type.Object(
  {
    id: Uuid,
    groupId: Uuid,
    kind: Ref(GroupSessionKind),
    number: Nullable(Type.Integer({ format: 'int32', minimum: 1, description: 'Number of a talk session (1–16)' })),
    topic: Nullable(Ref(GroupThematicTopic)),
    date: DateOnly,
    startTime: Time,
    durationMinutes: Type.Integer({ format: 'int32', minimum: 30, maximum: 480 }),
    place: Type.String(),
    status: Ref(GroupSessionStatus),
    movedFrom: Nullable(DateOnly),
    changeReason: Nullable(Ref(GroupSessionChangeReason)),
    themes: Type.Array(Ref(GroupTalkTheme), { description: 'Aggregate themes touched, from the list; never what was said' }),
    attendance: Type.Object(
      { present: Count('Present'), absentJustified: Count('Justified absences'), absentUnjustified: Count('Unjustified absences') },
      { additionalProperties: false },
    ),
    version: Version,
  },
  { $id: 'GroupSession', additionalProperties: false, description: 'A session of a group (incontro): logistics, status and counts only' },
)
export type GroupSession = Static<typeof GroupSession>

export const GroupSessionList = Type.Object({ items: Type.Array(Ref(GroupSession)) }, { $id: 'GroupSessionList', additionalProperties: false })
export type GroupSessionList = Static<typeof GroupSessionList>

export const GroupSessionPlanRequest = Type.Object(
  {
    startDate: Type.String({ format: 'date', description: 'The first session is on the first `weekday` from this date' }),
    weekday: Type.Integer({ format: 'int32', minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday … 7 Sunday' }),
    startTime: Time,
    durationMinutes: Type.Optional(Type.Integer({ format: 'int32', minimum: 30, maximum: 480, default: 120 })),
    place: Name(200, 'Where the group meets'),
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Answer the plan for review without saving it' })),
  },
  { $id: 'GroupSessionPlanRequest', additionalProperties: false },
)
export type GroupSessionPlanRequest = Static<typeof GroupSessionPlanRequest>

export const GroupSessionPlan = Type.Object(
  {
    saved: Type.Boolean({ description: 'False for a dry run' }),
    sessions: Type.Array(
      Type.Object({ id: Nullable(Uuid), number: Type.Integer({ format: 'int32' }), date: DateOnly, startTime: Time, durationMinutes: Type.Integer({ format: 'int32' }), place: Type.String() }, { additionalProperties: false }),
    ),
    skipped: Type.Array(Type.Object({ date: DateOnly, reason: Type.String({ description: 'The holiday or closure' }) }, { additionalProperties: false }), {
      description: 'Dates of the fortnightly rhythm left out: public holidays and local closures',
    }),
  },
  { $id: 'GroupSessionPlan', additionalProperties: false },
)
export type GroupSessionPlan = Static<typeof GroupSessionPlan>

export const GroupThematicSessionCreate = Type.Object(
  {
    topic: Ref(GroupThematicTopic),
    date: DateOnly,
    startTime: Time,
    durationMinutes: Type.Optional(Type.Integer({ format: 'int32', minimum: 30, maximum: 480, default: 120 })),
    place: Name(200, 'Where it takes place'),
  },
  { $id: 'GroupThematicSessionCreate', additionalProperties: false },
)
export type GroupThematicSessionCreate = Static<typeof GroupThematicSessionCreate>

export const GroupSessionMove = Type.Object(
  { date: DateOnly, startTime: Type.Optional(Time), place: Type.Optional(Name(200, 'New place')), reason: Ref(GroupSessionChangeReason) },
  { $id: 'GroupSessionMove', additionalProperties: false },
)
export type GroupSessionMove = Static<typeof GroupSessionMove>

export const GroupSessionCancel = Type.Object({ reason: Ref(GroupSessionChangeReason) }, { $id: 'GroupSessionCancel', additionalProperties: false })
export type GroupSessionCancel = Static<typeof GroupSessionCancel>

export const GroupSessionPatch = Type.Object(
  { themes: Type.Optional(Type.Array(Ref(GroupTalkTheme), { maxItems: 8, uniqueItems: true })), place: Type.Optional(Name(200, 'Place')) },
  { $id: 'GroupSessionPatch', additionalProperties: false },
)
export type GroupSessionPatch = Static<typeof GroupSessionPatch>

export const GroupSessionAttendance = Type.Object(
  {
    session: Ref(GroupSession),
    entries: Type.Array(
      Type.Object({ memberId: Uuid, givenName: Type.String(), familyName: Type.String(), status: Nullable(Ref(GroupAttendanceStatus)) }, { additionalProperties: false }),
      { description: 'Every member expected at the session (active, or who left after it), with their status (null until recorded)' },
    ),
    alerts: Type.Array(Ref(GroupAbsenceAlert), { description: 'The group\'s alerts after this session' }),
  },
  { $id: 'GroupSessionAttendance', additionalProperties: false },
)
export type GroupSessionAttendance = Static<typeof GroupSessionAttendance>

export const GroupSessionAttendanceUpdate = Type.Object(
  {
    entries: Type.Array(Type.Object({ memberId: Type.String({ format: 'uuid' }), status: Ref(GroupAttendanceStatus) }, { additionalProperties: false }), { minItems: 1, maxItems: GROUP_CAPACITY.max }),
  },
  { $id: 'GroupSessionAttendanceUpdate', additionalProperties: false },
)
export type GroupSessionAttendanceUpdate = Static<typeof GroupSessionAttendanceUpdate>

// ---------------------------------------------------------------------------------------------
// Outcomes

export const GroupFollowUp = Type.Object(
  {
    months: Type.Integer({ format: 'int32', enum: [...GROUP_FOLLOW_UP_MONTHS] }),
    dueOn: Nullable(DateOnly),
    status: Nullable(Ref(GroupFollowUpStatus)),
    recordedOn: Nullable(DateOnly),
  },
  { $id: 'GroupFollowUp', additionalProperties: false, description: 'Employment status 3, 6 or 12 months after the group\'s last session (due once it is over)' },
)
export type GroupFollowUp = Static<typeof GroupFollowUp>

export const GroupMemberOutcome = Type.Object(
  {
    memberId: Uuid,
    givenName: Type.String(),
    familyName: Type.String(),
    memberStatus: Ref(GroupMemberStatus),
    wellbeingEntry: Scale('Wellbeing at entry, 1–10'),
    selfEfficacyEntry: Scale('Self-efficacy at entry, 1–10'),
    wellbeingEnd: Scale('Wellbeing at the end, 1–10'),
    selfEfficacyEnd: Scale('Self-efficacy at the end, 1–10'),
    jobSearchActions: Type.Array(Ref(GroupJobSearchAction)),
    referrals: Type.Array(Ref(GroupReferral)),
    followUps: Type.Array(Ref(GroupFollowUp)),
    version: Version,
  },
  { $id: 'GroupMemberOutcome', additionalProperties: false },
)
export type GroupMemberOutcome = Static<typeof GroupMemberOutcome>

export const GroupOutcomes = Type.Object(
  {
    groupId: Uuid,
    lastSessionDate: Nullable(DateOnly),
    items: Type.Array(Ref(GroupMemberOutcome)),
    summary: Type.Object(
      {
        members: Count('Members ever'),
        retainedToEnd: Count('Members still in the group at its end (or now)'),
        averageAttendanceRate: Nullable(Type.Number({ format: 'float' })),
        averageWellbeingEntry: Nullable(Type.Number({ format: 'float' })),
        averageWellbeingEnd: Nullable(Type.Number({ format: 'float' })),
        averageSelfEfficacyEntry: Nullable(Type.Number({ format: 'float' })),
        averageSelfEfficacyEnd: Nullable(Type.Number({ format: 'float' })),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'GroupOutcomes', additionalProperties: false },
)
export type GroupOutcomes = Static<typeof GroupOutcomes>

export const GroupMemberOutcomeUpdate = Type.Object(
  {
    wellbeingEntry: Type.Optional(Scale('1–10')),
    selfEfficacyEntry: Type.Optional(Scale('1–10')),
    wellbeingEnd: Type.Optional(Scale('1–10')),
    selfEfficacyEnd: Type.Optional(Scale('1–10')),
    jobSearchActions: Type.Optional(Type.Array(Ref(GroupJobSearchAction), { maxItems: GROUP_JOB_SEARCH_ACTIONS.length, uniqueItems: true })),
    referrals: Type.Optional(Type.Array(Ref(GroupReferral), { maxItems: GROUP_REFERRALS.length, uniqueItems: true })),
  },
  { $id: 'GroupMemberOutcomeUpdate', additionalProperties: false },
)
export type GroupMemberOutcomeUpdate = Static<typeof GroupMemberOutcomeUpdate>

export const GroupFollowUpRecord = Type.Object(
  { status: Ref(GroupFollowUpStatus), recordedOn: Type.Optional(Type.String({ format: 'date', description: 'Default today' })) },
  { $id: 'GroupFollowUpRecord', additionalProperties: false },
)
export type GroupFollowUpRecord = Static<typeof GroupFollowUpRecord>

export const GroupFollowUpDue = Type.Object(
  { groupId: Uuid, groupName: Type.String(), memberId: Uuid, givenName: Type.String(), familyName: Type.String(), phone: Nullable(Type.String()), months: Type.Integer({ format: 'int32' }), dueOn: DateOnly },
  { $id: 'GroupFollowUpDue', additionalProperties: false },
)
export type GroupFollowUpDue = Static<typeof GroupFollowUpDue>

export const GroupFollowUpDueList = Type.Object({ items: Type.Array(Ref(GroupFollowUpDue)) }, { $id: 'GroupFollowUpDueList', additionalProperties: false })
export type GroupFollowUpDueList = Static<typeof GroupFollowUpDueList>

// ---------------------------------------------------------------------------------------------
// What a case's staff see

export const CaseGroupParticipation = Type.Object(
  {
    programme: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }),
    applicationStatus: Ref(GroupApplicationStatus),
    inGroup: Type.Boolean({ description: 'Is or was a member of a group' }),
    memberStatus: Nullable(Ref(GroupMemberStatus)),
    attendanceRate: Nullable(Type.Number({ format: 'float', minimum: 0, maximum: 1 })),
  },
  { $id: 'CaseGroupParticipation', additionalProperties: false, description: 'Whether the case\'s person takes part in a group and their attendance rate — nothing more' },
)
export type CaseGroupParticipation = Static<typeof CaseGroupParticipation>

export const CaseGroupParticipationList = Type.Object({ items: Type.Array(Ref(CaseGroupParticipation)) }, { $id: 'CaseGroupParticipationList', additionalProperties: false })
export type CaseGroupParticipationList = Static<typeof CaseGroupParticipationList>
