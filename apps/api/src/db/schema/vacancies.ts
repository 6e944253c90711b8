/**
 * Vacancies (opportunità) of companies and the matches (candidature) of persons to them, each move
 * kept in `match_steps` (DOMAIN.md §4). Positions filled are counted from the hired matches.
 */
import { sql } from 'drizzle-orm'
import { date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './_columns.js'
import { cases } from './cases.js'
import { companies, companySites } from './companies.js'
import { organisations } from './organisations.js'
import { persons } from './persons.js'
import { users } from './users.js'

export const VACANCY_STATUS_VALUES = ['open', 'filled', 'closed'] as const
export const VACANCY_CONTRACT_TYPES = ['permanent', 'fixed_term', 'apprenticeship', 'temporary_agency', 'other'] as const

/** Vacancies (opportunità): positions filled are counted from the hired matches, never stored. */
export const vacancies = pgTable(
  'vacancies',
  {
    id: id(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    siteId: uuid('site_id').references(() => companySites.id),
    ownerOrganisationId: uuid('owner_organisation_id').notNull().references(() => organisations.id),
    title: text('title').notNull(),
    /** CP ISTAT 2021 professional profile code. */
    profileCode: text('profile_code'),
    location: text('location'),
    contractType: text('contract_type', { enum: VACANCY_CONTRACT_TYPES }).notNull(),
    contractMonths: integer('contract_months'),
    weeklyHours: integer('weekly_hours'),
    positions: integer('positions').notNull(),
    requirements: text('requirements'),
    deadline: date('deadline', { mode: 'string' }),
    status: text('status', { enum: VACANCY_STATUS_VALUES }).notNull().default('open'),
    statusReason: text('status_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('vacancies_company_idx').on(t.companyId), index('vacancies_status_idx').on(t.status, t.createdAt)],
)
export type VacancyRow = typeof vacancies.$inferSelect

export const MATCH_STATUS_VALUES = ['proposed', 'cv_sent', 'interview', 'trial', 'hired', 'rejected', 'withdrawn'] as const
export type MatchStatusValue = (typeof MATCH_STATUS_VALUES)[number]

/** Matches (candidature): a case's person proposed for a vacancy; every move is kept in `match_steps`. */
export const matches = pgTable(
  'matches',
  {
    id: id(),
    vacancyId: uuid('vacancy_id').notNull().references(() => vacancies.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    personId: uuid('person_id').notNull().references(() => persons.id),
    /** The case's municipality, the owner of the personal data. */
    municipalityId: uuid('municipality_id').notNull().references(() => organisations.id),
    proposedByOrganisationId: uuid('proposed_by_organisation_id').notNull().references(() => organisations.id),
    proposedBy: uuid('proposed_by').references(() => users.id),
    note: text('note'),
    status: text('status', { enum: MATCH_STATUS_VALUES }).notNull().default('proposed'),
    /** The internship measure created by the move to `trial`, when one was. */
    internshipMeasureId: uuid('internship_measure_id'),
    /** The job placement measure created by the hire. */
    placementMeasureId: uuid('placement_measure_id'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('matches_vacancy_idx').on(t.vacancyId, t.createdAt),
    index('matches_case_idx').on(t.caseId),
    // A person is in the running for a vacancy once at a time.
    uniqueIndex('matches_one_live_per_case_key').on(t.vacancyId, t.caseId).where(sql`${t.status} not in ('rejected', 'withdrawn')`),
  ],
)
export type MatchRow = typeof matches.$inferSelect

export const matchSteps = pgTable(
  'match_steps',
  {
    id: id(),
    matchId: uuid('match_id').notNull().references(() => matches.id),
    fromStatus: text('from_status', { enum: MATCH_STATUS_VALUES }),
    toStatus: text('to_status', { enum: MATCH_STATUS_VALUES }).notNull(),
    reason: text('reason'),
    byUserId: uuid('by_user_id').references(() => users.id),
    at: createdAt(),
  },
  (t) => [index('match_steps_match_idx').on(t.matchId, t.at)],
)
export type MatchStepRow = typeof matchSteps.$inferSelect
