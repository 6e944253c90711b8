/**
 * Mutual self-help job groups (DOMAIN.md §6): programmes, applications, information meetings,
 * groups with facilitators and members, sessions, attendance and outcomes.
 *
 * Confidentiality by construction (docs/decisions/0011): these tables have no column for what is
 * said in a group. The only text columns are names, contacts and places (length-checked); every
 * reason, topic, theme and outcome is a code from a list, enforced by CHECK constraints, so
 * neither the API nor a direct SQL client can store minutes. test/groups/confidentiality.test.ts
 * fails when a text column outside the allowed list appears.
 */
import { sql, type SQL } from 'drizzle-orm'
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './_columns.js'
import { organisations } from './organisations.js'
import { persons } from './persons.js'
import { users } from './users.js'

export const GROUP_REFERRAL_SOURCE_CODES = ['social_services', 'employment_centre', 'self', 'other'] as const
export const APPLICANT_EMPLOYMENT_STATUS_CODES = ['unemployed', 'employed', 'underemployed', 'inactive', 'student', 'retired'] as const
export const GROUP_APPLICATION_STATUS_CODES = ['received', 'interview_scheduled', 'admitted', 'waiting_list', 'not_admitted', 'withdrawn'] as const
export const GROUP_APPLICATION_REASON_CODES = ['not_resident', 'not_unemployed', 'group_full', 'not_suitable_now', 'unreachable', 'applicant_withdrew', 'found_job', 'other'] as const
export const GROUP_COHORT_CODES = ['closed', 'open'] as const
export const GROUP_STATUS_CODES = ['planned', 'running', 'completed', 'cancelled'] as const
export const GROUP_MEMBER_STATUS_CODES = ['active', 'dropped_out', 'completed'] as const
export const GROUP_DROP_OUT_REASON_CODES = ['found_job', 'started_training', 'schedule_conflict', 'moved_away', 'personal_reasons', 'unreachable', 'other'] as const
export const GROUP_THEMATIC_TOPIC_CODES = ['cv_and_cover_letter', 'job_interview', 'online_job_search', 'contracts_and_labour_rights', 'training_opportunities', 'self_employment', 'digital_skills', 'employment_services'] as const
export const GROUP_TALK_THEME_CODES = ['job_search_strategies', 'skills_and_strengths', 'motivation_and_confidence', 'work_life_balance', 'training_needs', 'local_labour_market', 'mutual_support', 'group_organisation'] as const
export const GROUP_SESSION_KIND_CODES = ['talk', 'thematic'] as const
export const GROUP_SESSION_STATUS_CODES = ['planned', 'held', 'cancelled'] as const
export const GROUP_SESSION_CHANGE_REASON_CODES = ['facilitator_unavailable', 'venue_unavailable', 'holiday_or_closure', 'group_request', 'weather', 'other'] as const
export const GROUP_ATTENDANCE_STATUS_CODES = ['present', 'absent_justified', 'absent_unjustified'] as const
export const GROUP_JOB_SEARCH_ACTION_CODES = ['cv_updated', 'applications_sent', 'employment_centre_registration', 'employment_agencies_registration', 'training_enrolment', 'self_employment_project', 'job_interviews'] as const
export const GROUP_REFERRAL_CODES = ['internship', 'company_mediation', 'training_course', 'employment_centre'] as const
export const GROUP_FOLLOW_UP_STATUS_CODES = ['employed', 'self_employed', 'in_training', 'unemployed', 'unreachable'] as const

/** `column in ('a', 'b')`: the codes of a list, for CHECK constraints. */
const oneOf = (column: AnyPgColumn, codes: readonly string[]): SQL => sql`${column} in (${sql.raw(codes.map((c) => `'${c}'`).join(', '))})`
/** Every element of a text[] column is a code of the list. */
const allOf = (column: AnyPgColumn, codes: readonly string[]): SQL => sql`${column} <@ array[${sql.raw(codes.map((c) => `'${c}'`).join(', '))}]::text[]`
/** A short single-line text: names, places, contacts — never room for minutes. */
const short = (column: AnyPgColumn, max: number): SQL => sql`char_length(${column}) <= ${sql.raw(String(max))} and position(E'\\n' in ${column}) = 0`

export interface LocalClosureValue {
  date: string
  name: string
}

export const groupProgrammes = pgTable(
  'group_programmes',
  {
    id: id(),
    ownerMunicipalityId: uuid('owner_municipality_id').notNull().references(() => organisations.id),
    name: text('name').notNull(),
    coveredMunicipalities: text('covered_municipalities').array().notNull().default(sql`'{}'::text[]`),
    funder: text('funder').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    localClosures: jsonb('local_closures').$type<LocalClosureValue[]>().notNull().default([]),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('group_programmes_owner_idx').on(t.ownerMunicipalityId, t.id),
    check('group_programmes_period_check', sql`${t.periodStart} <= ${t.periodEnd}`),
    check('group_programmes_name_check', sql`${short(t.name, 200)} and ${short(t.funder, 200)}`),
  ],
)
export type GroupProgrammeRow = typeof groupProgrammes.$inferSelect

export const groupProgrammePartners = pgTable(
  'group_programme_partners',
  {
    programmeId: uuid('programme_id').notNull().references(() => groupProgrammes.id),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.organisationId] }), index('group_programme_partners_org_idx').on(t.organisationId)],
)

export const groupApplications = pgTable(
  'group_applications',
  {
    id: id(),
    programmeId: uuid('programme_id').notNull().references(() => groupProgrammes.id),
    /** A person the municipality already registered; never shown to facilitators. */
    personId: uuid('person_id').references(() => persons.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    phone: text('phone'),
    email: text('email'),
    residenceMunicipality: text('residence_municipality').notNull(),
    employmentStatus: text('employment_status', { enum: APPLICANT_EMPLOYMENT_STATUS_CODES }).notNull(),
    referralSource: text('referral_source', { enum: GROUP_REFERRAL_SOURCE_CODES }).notNull(),
    consentDate: date('consent_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: GROUP_APPLICATION_STATUS_CODES }).notNull().default('received'),
    interviewDate: date('interview_date', { mode: 'string' }),
    reason: text('reason', { enum: GROUP_APPLICATION_REASON_CODES }),
    decidedOn: date('decided_on', { mode: 'string' }),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('group_applications_programme_idx').on(t.programmeId, t.status),
    index('group_applications_person_idx').on(t.personId),
    /** One open application per person and programme. */
    uniqueIndex('group_applications_person_key').on(t.programmeId, t.personId).where(sql`${t.personId} is not null and ${t.status} not in ('not_admitted', 'withdrawn')`),
    check('group_applications_codes_check', sql`${oneOf(t.status, GROUP_APPLICATION_STATUS_CODES)} and ${oneOf(t.employmentStatus, APPLICANT_EMPLOYMENT_STATUS_CODES)} and ${oneOf(t.referralSource, GROUP_REFERRAL_SOURCE_CODES)} and (${t.reason} is null or ${oneOf(t.reason, GROUP_APPLICATION_REASON_CODES)})`),
    check('group_applications_text_check', sql`${short(t.givenName, 100)} and ${short(t.familyName, 100)} and ${short(t.residenceMunicipality, 120)} and (${t.phone} is null or ${short(t.phone, 40)}) and (${t.email} is null or ${short(t.email, 254)})`),
    check('group_applications_reason_check', sql`(${t.status} in ('not_admitted', 'withdrawn')) = (${t.reason} is not null)`),
  ],
)
export type GroupApplicationRow = typeof groupApplications.$inferSelect

export const groupInformationMeetings = pgTable(
  'group_information_meetings',
  {
    id: id(),
    programmeId: uuid('programme_id').notNull().references(() => groupProgrammes.id),
    date: date('date', { mode: 'string' }).notNull(),
    startTime: text('start_time').notNull(),
    place: text('place').notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('group_information_meetings_programme_idx').on(t.programmeId, t.date),
    check('group_information_meetings_text_check', sql`${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${short(t.place, 200)}`),
  ],
)
export type GroupInformationMeetingRow = typeof groupInformationMeetings.$inferSelect

export const groupInformationMeetingAttendance = pgTable(
  'group_information_meeting_attendance',
  {
    meetingId: uuid('meeting_id').notNull().references(() => groupInformationMeetings.id),
    applicationId: uuid('application_id').notNull().references(() => groupApplications.id),
    attended: boolean('attended').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.applicationId] })],
)

export const groups = pgTable(
  'groups',
  {
    id: id(),
    programmeId: uuid('programme_id').notNull().references(() => groupProgrammes.id),
    name: text('name').notNull(),
    capacity: integer('capacity').notNull().default(16),
    cohort: text('cohort', { enum: GROUP_COHORT_CODES }).notNull(),
    status: text('status', { enum: GROUP_STATUS_CODES }).notNull().default('planned'),
    requestedTopics: text('requested_topics').array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('groups_programme_idx').on(t.programmeId),
    check('groups_capacity_check', sql`${t.capacity} between 2 and 30`),
    check('groups_codes_check', sql`${oneOf(t.cohort, GROUP_COHORT_CODES)} and ${oneOf(t.status, GROUP_STATUS_CODES)} and ${allOf(t.requestedTopics, GROUP_THEMATIC_TOPIC_CODES)}`),
    check('groups_text_check', short(t.name, 120)),
  ],
)
export type GroupRow = typeof groups.$inferSelect

export const groupFacilitators = pgTable(
  'group_facilitators',
  {
    groupId: uuid('group_id').notNull().references(() => groups.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    /** The organisation in which the user facilitates (a partner of the programme or its municipality). */
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    lead: boolean('lead').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    index('group_facilitators_user_idx').on(t.userId),
    uniqueIndex('group_facilitators_lead_key').on(t.groupId).where(sql`${t.lead}`),
  ],
)
export type GroupFacilitatorRow = typeof groupFacilitators.$inferSelect

export const groupMembers = pgTable(
  'group_members',
  {
    id: id(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    applicationId: uuid('application_id').notNull().references(() => groupApplications.id),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: GROUP_MEMBER_STATUS_CODES }).notNull().default('active'),
    dropOutReason: text('drop_out_reason', { enum: GROUP_DROP_OUT_REASON_CODES }),
    droppedOutOn: date('dropped_out_on', { mode: 'string' }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    /** An applicant belongs to one group at most. */
    uniqueIndex('group_members_application_key').on(t.applicationId),
    index('group_members_group_idx').on(t.groupId, t.status),
    check('group_members_codes_check', sql`${oneOf(t.status, GROUP_MEMBER_STATUS_CODES)} and (${t.dropOutReason} is null or ${oneOf(t.dropOutReason, GROUP_DROP_OUT_REASON_CODES)})`),
    check('group_members_drop_out_check', sql`(${t.status} = 'dropped_out') = (${t.dropOutReason} is not null and ${t.droppedOutOn} is not null)`),
  ],
)
export type GroupMemberRow = typeof groupMembers.$inferSelect

export const groupSessions = pgTable(
  'group_sessions',
  {
    id: id(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    kind: text('kind', { enum: GROUP_SESSION_KIND_CODES }).notNull(),
    number: smallint('number'),
    topic: text('topic', { enum: GROUP_THEMATIC_TOPIC_CODES }),
    date: date('date', { mode: 'string' }).notNull(),
    startTime: text('start_time').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(120),
    place: text('place').notNull(),
    status: text('status', { enum: GROUP_SESSION_STATUS_CODES }).notNull().default('planned'),
    movedFrom: date('moved_from', { mode: 'string' }),
    changeReason: text('change_reason', { enum: GROUP_SESSION_CHANGE_REASON_CODES }),
    /** Aggregate themes from a list — never what anyone said. */
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('group_sessions_group_idx').on(t.groupId, t.date),
    uniqueIndex('group_sessions_number_key').on(t.groupId, t.number).where(sql`${t.kind} = 'talk'`),
    check('group_sessions_kind_check', sql`(${t.kind} = 'talk' and ${t.number} between 1 and 16 and ${t.topic} is null) or (${t.kind} = 'thematic' and ${t.number} is null and ${t.topic} is not null)`),
    check(
      'group_sessions_codes_check',
      sql`${oneOf(t.kind, GROUP_SESSION_KIND_CODES)} and ${oneOf(t.status, GROUP_SESSION_STATUS_CODES)} and (${t.topic} is null or ${oneOf(t.topic, GROUP_THEMATIC_TOPIC_CODES)}) and (${t.changeReason} is null or ${oneOf(t.changeReason, GROUP_SESSION_CHANGE_REASON_CODES)}) and ${allOf(t.themes, GROUP_TALK_THEME_CODES)}`,
    ),
    check('group_sessions_text_check', sql`${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${short(t.place, 200)} and ${t.durationMinutes} between 30 and 480`),
  ],
)
export type GroupSessionRow = typeof groupSessions.$inferSelect

export const groupAttendance = pgTable(
  'group_attendance',
  {
    sessionId: uuid('session_id').notNull().references(() => groupSessions.id),
    memberId: uuid('member_id').notNull().references(() => groupMembers.id),
    status: text('status', { enum: GROUP_ATTENDANCE_STATUS_CODES }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.memberId] }),
    index('group_attendance_member_idx').on(t.memberId),
    check('group_attendance_codes_check', oneOf(t.status, GROUP_ATTENDANCE_STATUS_CODES)),
  ],
)
export type GroupAttendanceRow = typeof groupAttendance.$inferSelect

export const groupMemberOutcomes = pgTable(
  'group_member_outcomes',
  {
    memberId: uuid('member_id').primaryKey().references(() => groupMembers.id),
    wellbeingEntry: smallint('wellbeing_entry'),
    selfEfficacyEntry: smallint('self_efficacy_entry'),
    wellbeingEnd: smallint('wellbeing_end'),
    selfEfficacyEnd: smallint('self_efficacy_end'),
    jobSearchActions: text('job_search_actions').array().notNull().default(sql`'{}'::text[]`),
    referrals: text('referrals').array().notNull().default(sql`'{}'::text[]`),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'group_member_outcomes_scales_check',
      sql`coalesce(${t.wellbeingEntry}, 1) between 1 and 10 and coalesce(${t.selfEfficacyEntry}, 1) between 1 and 10 and coalesce(${t.wellbeingEnd}, 1) between 1 and 10 and coalesce(${t.selfEfficacyEnd}, 1) between 1 and 10`,
    ),
    check('group_member_outcomes_codes_check', sql`${allOf(t.jobSearchActions, GROUP_JOB_SEARCH_ACTION_CODES)} and ${allOf(t.referrals, GROUP_REFERRAL_CODES)}`),
  ],
)
export type GroupMemberOutcomeRow = typeof groupMemberOutcomes.$inferSelect

export const groupMemberFollowUps = pgTable(
  'group_member_follow_ups',
  {
    memberId: uuid('member_id').notNull().references(() => groupMembers.id),
    months: smallint('months').notNull(),
    status: text('status', { enum: GROUP_FOLLOW_UP_STATUS_CODES }).notNull(),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.months] }),
    check('group_member_follow_ups_check', sql`${t.months} in (3, 6, 12) and ${oneOf(t.status, GROUP_FOLLOW_UP_STATUS_CODES)}`),
  ],
)
export type GroupMemberFollowUpRow = typeof groupMemberFollowUps.$inferSelect
