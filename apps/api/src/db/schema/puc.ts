/**
 * Socially useful work (PUC, DOMAIN.md §5): projects owned by a municipality and run by an
 * implementing organisation, their sites and seats by category, the assignments of people with a
 * case, the daily attendance register and the INAIL communications recorded as sent.
 */
import { sql } from 'drizzle-orm'
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './_columns.js'
import { cases } from './cases.js'
import { organisations } from './organisations.js'
import { persons } from './persons.js'
import { users } from './users.js'

export const PUC_AREAS = ['cultural', 'social', 'artistic', 'environmental', 'training', 'common_goods'] as const
export const PUC_SEAT_CATEGORIES = ['municipality_beneficiaries', 'employment_centre_beneficiaries', 'volunteers'] as const
export const PUC_ASSIGNMENT_STATUSES = ['to_assign', 'proposed', 'active', 'completed', 'withdrawn', 'interrupted'] as const
export const PUC_ATTENDANCE_STATUSES = ['present', 'absent_justified', 'absent_unjustified'] as const
export const PUC_INSURANCE_KINDS = ['start', 'end', 'quarterly'] as const

export interface PucScheduleSlotValue {
  weekday: number
  from: string
  to: string
}

export const pucProjects = pgTable(
  'puc_projects',
  {
    id: id(),
    ownerMunicipalityId: uuid('owner_municipality_id').notNull().references(() => organisations.id),
    implementingOrganisationId: uuid('implementing_organisation_id').notNull().references(() => organisations.id),
    title: text('title').notNull(),
    area: text('area', { enum: PUC_AREAS }).notNull(),
    description: text('description').notNull().default(''),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    weeklySchedule: jsonb('weekly_schedule').$type<PucScheduleSlotValue[]>().notNull().default([]),
    seatsMunicipality: integer('seats_municipality').notNull().default(0),
    seatsEmploymentCentre: integer('seats_employment_centre').notNull().default(0),
    seatsVolunteers: integer('seats_volunteers').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('puc_projects_owner_idx').on(t.ownerMunicipalityId, t.id),
    index('puc_projects_implementing_idx').on(t.implementingOrganisationId),
    check('puc_projects_period_check', sql`${t.periodStart} <= ${t.periodEnd}`),
    check('puc_projects_seats_check', sql`${t.seatsMunicipality} >= 0 and ${t.seatsEmploymentCentre} >= 0 and ${t.seatsVolunteers} >= 0`),
  ],
)
export type PucProjectRow = typeof pucProjects.$inferSelect

export const pucSites = pgTable(
  'puc_sites',
  {
    id: id(),
    projectId: uuid('project_id').notNull().references(() => pucProjects.id),
    name: text('name').notNull(),
    address: text('address').notNull(),
    supervisorName: text('supervisor_name').notNull(),
    supervisorPhone: text('supervisor_phone'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('puc_sites_project_idx').on(t.projectId)],
)
export type PucSiteRow = typeof pucSites.$inferSelect

export const pucAssignments = pgTable(
  'puc_assignments',
  {
    id: id(),
    projectId: uuid('project_id').notNull().references(() => pucProjects.id),
    siteId: uuid('site_id').notNull().references(() => pucSites.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    /** The case's person, kept here so registers and reports name people without reading the case. */
    personId: uuid('person_id').notNull().references(() => persons.id),
    category: text('category', { enum: PUC_SEAT_CATEGORIES }).notNull(),
    weeklyHours: integer('weekly_hours').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** The last day actually worked, set when completed or interrupted. */
    endedOn: date('ended_on', { mode: 'string' }),
    status: text('status', { enum: PUC_ASSIGNMENT_STATUSES }).notNull().default('to_assign'),
    statusReason: text('status_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('puc_assignments_project_idx').on(t.projectId, t.status),
    index('puc_assignments_case_idx').on(t.caseId),
    check('puc_assignments_period_check', sql`${t.startDate} <= ${t.endDate}`),
    check('puc_assignments_hours_check', sql`${t.weeklyHours} between 1 and 40`),
  ],
)
export type PucAssignmentRow = typeof pucAssignments.$inferSelect

export const pucAttendance = pgTable(
  'puc_attendance',
  {
    id: id(),
    assignmentId: uuid('assignment_id').notNull().references(() => pucAssignments.id),
    date: date('date', { mode: 'string' }).notNull(),
    status: text('status', { enum: PUC_ATTENDANCE_STATUSES }).notNull(),
    /** Hours as minutes, so quarters of an hour add up exactly. */
    minutes: integer('minutes').notNull().default(0),
    note: text('note'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('puc_attendance_assignment_date_key').on(t.assignmentId, t.date),
    check('puc_attendance_minutes_check', sql`${t.minutes} between 0 and 1440 and (${t.status} = 'present' or ${t.minutes} = 0)`),
  ],
)
export type PucAttendanceRow = typeof pucAttendance.$inferSelect

export const pucInsuranceCommunications = pgTable(
  'puc_insurance_communications',
  {
    id: id(),
    municipalityId: uuid('municipality_id').notNull().references(() => organisations.id),
    kind: text('kind', { enum: PUC_INSURANCE_KINDS }).notNull(),
    /** For `start` and `end`. */
    assignmentId: uuid('assignment_id').references(() => pucAssignments.id),
    /** For `quarterly`: `2026Q3`. */
    quarter: text('quarter'),
    sentOn: date('sent_on', { mode: 'string' }).notNull(),
    reference: text('reference').notNull(),
    sentBy: uuid('sent_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('puc_insurance_assignment_kind_key').on(t.assignmentId, t.kind).where(sql`${t.assignmentId} is not null`),
    uniqueIndex('puc_insurance_quarter_key').on(t.municipalityId, t.quarter).where(sql`${t.kind} = 'quarterly'`),
    check(
      'puc_insurance_target_check',
      sql`(${t.kind} = 'quarterly' and ${t.quarter} is not null and ${t.assignmentId} is null) or (${t.kind} <> 'quarterly' and ${t.assignmentId} is not null and ${t.quarter} is null)`,
    ),
  ],
)
export type PucInsuranceCommunicationRow = typeof pucInsuranceCommunications.$inferSelect
