/**
 * Assessments (valutazioni) of a case: seven areas scored 1–4, strengths, needs, employability;
 * signed by their author, after which the row is frozen.
 */
import { sql } from 'drizzle-orm'
import { check, date, index, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { cases } from './cases.js'
import { users } from './users.js'

export const ASSESSMENT_KINDS = ['preliminary', 'in_depth'] as const
export const EMPLOYABILITY_LEVELS = ['high', 'medium', 'low', 'very_low'] as const

const score = (name: string) => smallint(name)

export const assessments = pgTable(
  'assessments',
  {
    id: id(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind', { enum: ASSESSMENT_KINDS }).notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    /** Area scores 1–4; null where the area was not assessed. */
    scoreWork: score('score_work'),
    scoreEducation: score('score_education'),
    scoreHealth: score('score_health'),
    scoreHousing: score('score_housing'),
    scoreFamily: score('score_family'),
    scoreEconomic: score('score_economic'),
    scoreSocialNetwork: score('score_social_network'),
    strengths: text('strengths'),
    needs: text('needs'),
    employabilityLevel: text('employability_level', { enum: EMPLOYABILITY_LEVELS }),
    notes: text('notes'),
    authorId: uuid('author_id').notNull().references(() => users.id),
    signedAt: instant('signed_at'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('assessments_case_idx').on(t.caseId, t.assessedOn, t.id),
    check(
      'assessments_scores_range',
      sql`${t.scoreWork} between 1 and 4 and ${t.scoreEducation} between 1 and 4 and ${t.scoreHealth} between 1 and 4 and ${t.scoreHousing} between 1 and 4 and ${t.scoreFamily} between 1 and 4 and ${t.scoreEconomic} between 1 and 4 and ${t.scoreSocialNetwork} between 1 and 4`,
    ),
  ],
)
export type AssessmentRow = typeof assessments.$inferSelect
