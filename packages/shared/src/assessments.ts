/**
 * Assessments (valutazioni) of a case: the preliminary analysis and the in-depth picture, seven
 * areas scored 1–4, strengths, needs and employability; signed by their author, then frozen
 * (DOMAIN.md §2). Municipality staff only: partners never see them.
 */
import { Type, type Static } from 'typebox'
import { DateOnly, Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'

export const ASSESSMENT_KINDS = ['preliminary', 'in_depth'] as const
export const AssessmentKind = Type.Enum(ASSESSMENT_KINDS, {
  $id: 'AssessmentKind',
  description: '`preliminary` (analisi preliminare) or `in_depth` (quadro di analisi approfondito)',
})
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number]

export const EMPLOYABILITY_LEVELS = ['high', 'medium', 'low', 'very_low'] as const
export const EmployabilityLevel = Type.Enum(EMPLOYABILITY_LEVELS, { $id: 'EmployabilityLevel', description: 'Employability level (occupabilità) the assessor judges' })
export type EmployabilityLevel = (typeof EMPLOYABILITY_LEVELS)[number]

/** The areas an assessment scores, in the order the forms show them. */
export const ASSESSMENT_AREAS = ['work', 'education', 'health', 'housing', 'family', 'economic', 'socialNetwork'] as const
export type AssessmentArea = (typeof ASSESSMENT_AREAS)[number]

const AreaScore = Type.Integer({ format: 'int32', minimum: 1, maximum: 4, description: '1 = serious difficulty … 4 = resource' })

/** Scores of the areas; null where the area was not assessed (a preliminary analysis may leave some out). */
export const AssessmentScores = Type.Object(
  {
    work: Nullable(AreaScore),
    education: Nullable(AreaScore),
    health: Nullable(AreaScore),
    housing: Nullable(AreaScore),
    family: Nullable(AreaScore),
    economic: Nullable(AreaScore),
    socialNetwork: Nullable(AreaScore),
  },
  { $id: 'AssessmentScores', additionalProperties: false, description: 'Area scores 1–4 (null: not assessed)' },
)
export type AssessmentScores = Static<typeof AssessmentScores>

/** Scores in a create or merge patch: any subset; null clears an area. */
export const AssessmentScoresInput = Type.Object(
  {
    work: Type.Optional(Nullable(AreaScore)),
    education: Type.Optional(Nullable(AreaScore)),
    health: Type.Optional(Nullable(AreaScore)),
    housing: Type.Optional(Nullable(AreaScore)),
    family: Type.Optional(Nullable(AreaScore)),
    economic: Type.Optional(Nullable(AreaScore)),
    socialNetwork: Type.Optional(Nullable(AreaScore)),
  },
  { $id: 'AssessmentScoresInput', additionalProperties: false, description: 'Some area scores 1–4; null clears an area' },
)
export type AssessmentScoresInput = Static<typeof AssessmentScoresInput>

const LongText = (description: string) => Type.String({ maxLength: 10_000, description })

/** What the caller may do on an assessment now (the same checks its write endpoints make). */
export const ASSESSMENT_PERMISSIONS = ['update', 'sign'] as const
export const AssessmentPermission = Type.Enum(ASSESSMENT_PERMISSIONS, {
  $id: 'AssessmentPermission',
  description: '`update` (while unsigned, on an open case), `sign` (the same, by its author only)',
})
export type AssessmentPermission = (typeof ASSESSMENT_PERMISSIONS)[number]

export const Assessment = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    kind: Ref(AssessmentKind),
    assessedOn: DateOnly,
    scores: Ref(AssessmentScores),
    strengths: Nullable(LongText('Strengths and resources of the person')),
    needs: Nullable(LongText('Needs the plan should address')),
    employabilityLevel: Nullable(Ref(EmployabilityLevel)),
    notes: Nullable(LongText('Free text')),
    authorId: Uuid,
    authorName: Type.String({ description: 'Given and family name of the author' }),
    signedAt: Nullable(Instant),
    permissions: Type.Array(Ref(AssessmentPermission), { description: 'The actions the caller may take on the assessment now (computed by the same rules the API checks)' }),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Assessment', additionalProperties: false, description: 'An assessment of the case; frozen once its author signs it (signedAt set)' },
)
export type Assessment = Static<typeof Assessment>

export const AssessmentCreate = Type.Object(
  {
    kind: Ref(AssessmentKind),
    assessedOn: DateOnly,
    scores: Type.Optional(Ref(AssessmentScoresInput)),
    strengths: Type.Optional(Nullable(LongText('Strengths and resources of the person'))),
    needs: Type.Optional(Nullable(LongText('Needs the plan should address'))),
    employabilityLevel: Type.Optional(Nullable(Ref(EmployabilityLevel))),
    notes: Type.Optional(Nullable(LongText('Free text'))),
  },
  { $id: 'AssessmentCreate', additionalProperties: false, description: 'A new assessment; its author is the caller. `assessedOn` may not be in the future.' },
)
export type AssessmentCreate = Static<typeof AssessmentCreate>

export const AssessmentPatch = Type.Object(
  {
    kind: Type.Optional(Ref(AssessmentKind)),
    assessedOn: Type.Optional(DateOnly),
    scores: Type.Optional(Ref(AssessmentScoresInput)),
    strengths: Type.Optional(Nullable(LongText('Strengths and resources of the person'))),
    needs: Type.Optional(Nullable(LongText('Needs the plan should address'))),
    employabilityLevel: Type.Optional(Nullable(Ref(EmployabilityLevel))),
    notes: Type.Optional(Nullable(LongText('Free text'))),
  },
  { $id: 'AssessmentPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of an unsigned assessment; `scores` merges area by area' },
)
export type AssessmentPatch = Static<typeof AssessmentPatch>

export const AssessmentListQuery = Type.Object({
  ...PageQuery.properties,
  kind: Type.Optional(Ref(AssessmentKind)),
})
export type AssessmentListQuery = Static<typeof AssessmentListQuery>

export const AssessmentPage = Page(Ref(Assessment), { $id: 'AssessmentPage', description: 'Assessments of a case, the most recent first' })
export type AssessmentPage = Static<typeof AssessmentPage>
