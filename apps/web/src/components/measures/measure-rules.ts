/**
 * The regional internship rules in the form: the shared rule set checked on what the operator has
 * typed (before saving, where the web app knows enough: not the seats taken at the host or by its
 * tutor, which only the API counts), the field each violation concerns, and the words of a
 * violation — the API's (in its 422) and ours are shown the same way, next to their fields.
 */
import {
  INTERNSHIP_RULE_FIELDS,
  internshipRuleSetFor,
  internshipViolations,
  lastDayAfterMonths,
  maxDurationMonths,
  minMonthlyAllowanceCents,
  type InternshipRule,
  type InternshipRuleSet,
  type InternshipTargetGroup,
  type ProblemViolation,
} from '@ponte/shared'
import { pathOfPointer } from '../../composables/useRecordFormErrors'

/** What the form knows of an internship (null where the operator has not typed a valid value yet). */
export interface InternshipDraft {
  startDate: string
  plannedEndDate: string
  eqfLevel: number | null
  targetGroup: InternshipTargetGroup | ''
  dailyHours: number | null
  monthlyAllowanceCents: number | null
  mealVouchers: boolean
  host: { isPublicAdministration: boolean; employees: number | null } | null
  siteRegion: string | null
}

/** The rule set of the chosen site's region (undefined while no site is chosen, null when the region has none). */
export function ruleSetOfDraft(draft: Pick<InternshipDraft, 'siteRegion'>): InternshipRuleSet | null | undefined {
  return draft.siteRegion === null ? undefined : internshipRuleSetFor(draft.siteRegion)
}

/** Every rule the draft breaks that the web app can check; empty until the values the rules need are there. */
export function draftViolations(draft: InternshipDraft): ProblemViolation[] {
  const rules = ruleSetOfDraft(draft)
  if (rules === undefined) return []
  if (rules === null) return [{ rule: 'internship_rule_set_missing', value: draft.siteRegion, limit: null, detail: '' }]
  if (!draft.startDate || !draft.plannedEndDate || draft.eqfLevel === null || !draft.targetGroup || draft.dailyHours === null || draft.monthlyAllowanceCents === null || !draft.host) return []
  return internshipViolations(rules, {
    startDate: draft.startDate,
    plannedEndDate: draft.plannedEndDate,
    eqfLevel: draft.eqfLevel,
    targetGroup: draft.targetGroup,
    dailyHours: draft.dailyHours,
    monthlyAllowanceCents: draft.monthlyAllowanceCents,
    mealVouchers: draft.mealVouchers,
    host: draft.host,
    otherInternsAtHost: null,
    otherInternsOfTutor: null,
  })
}

/** The limits the draft must keep, to say them beside the fields before anything is broken. */
export function draftLimits(draft: InternshipDraft) {
  const rules = ruleSetOfDraft(draft)
  if (!rules) return null
  const minAllowanceCents =
    draft.host && draft.dailyHours !== null ? minMonthlyAllowanceCents(rules, { mealVouchers: draft.mealVouchers, dailyHours: draft.dailyHours, hostIsPublicAdministration: draft.host.isPublicAdministration }) : null
  const maxMonths = draft.eqfLevel !== null && draft.targetGroup ? maxDurationMonths(rules, draft.eqfLevel, draft.targetGroup) : null
  const minMonths = draft.targetGroup && rules.minDurationExemptGroups.includes(draft.targetGroup) ? null : rules.minDurationMonths
  const latestEnd = draft.startDate && maxMonths !== null ? lastDayAfterMonths(draft.startDate, maxMonths) : null
  return { ruleSet: rules, minAllowanceCents, maxMonths, minMonths, latestEnd }
}

/** The form fields (dotted paths of the create body) a violation concerns; none for a rule we do not know. */
export function fieldsOfViolation(violation: ProblemViolation): string[] {
  const pointers = INTERNSHIP_RULE_FIELDS[violation.rule as InternshipRule] ?? []
  return pointers.map(pathOfPointer)
}

/** The violations of each field. */
export function violationsByField(violations: readonly ProblemViolation[]): Record<string, ProblemViolation[]> {
  const out: Record<string, ProblemViolation[]> = {}
  for (const v of violations) for (const field of fieldsOfViolation(v)) (out[field] ??= []).push(v)
  return out
}

const DATE_RULES = new Set(['internship_end_before_start', 'internship_min_duration', 'internship_max_duration'])
const CENT_RULES = new Set(['internship_min_allowance'])

/** A violation in words: ours by its rule, with its value and limit formatted; the API's detail for a rule we do not know. */
export function violationText(
  violation: ProblemViolation,
  tools: { t: (key: string, params?: Record<string, unknown>) => string; te: (key: string) => boolean; formatDay: (date: string) => string; formatCents: (cents: number) => string },
): string {
  const key = `measures.rules.${violation.rule}`
  if (!tools.te(key)) return violation.detail
  const format = (value: unknown) => {
    if (value === null || value === undefined) return ''
    if (DATE_RULES.has(violation.rule) && typeof value === 'string') return tools.formatDay(value)
    if (CENT_RULES.has(violation.rule) && typeof value === 'number') return tools.formatCents(value)
    return String(value)
  }
  return tools.t(key, { value: format(violation.value), limit: format(violation.limit) })
}
