/**
 * The regional rules of internships as data (DOMAIN.md §3): one rule set per region, selected by
 * the region of the host site, and the pure functions that check an internship against it and
 * compute the allowance due for a month of attendance. Shared so the API enforces exactly what the
 * web app checks as the operator types. Another region is a new entry of `INTERNSHIP_RULE_SETS`,
 * not new code. Money in integer euro cents, hours as minutes, dates as `YYYY-MM-DD`.
 */
import type { ProblemViolation } from './common.js'
import type { ItalianRegion } from './regions.js'

export const INTERNSHIP_TARGET_GROUPS = ['unemployed', 'disadvantaged_l381', 'disabled_l68', 'other'] as const
export type InternshipTargetGroup = (typeof INTERNSHIP_TARGET_GROUPS)[number]

/** A rule set: every row of the region's table, as numbers. */
export interface InternshipRuleSet {
  /** Stable code, e.g. `lombardia-dgr-7763-2018`. */
  code: string
  regions: readonly ItalianRegion[]
  /** What users read, e.g. "Regione Lombardia — DGR X/7763 del 17/01/2018". */
  name: string
  /** Minimum duration in months, and the target groups it does not apply to. */
  minDurationMonths: number
  minDurationExemptGroups: readonly InternshipTargetGroup[]
  /** Maximum duration in months (extensions included): by the EQF level of the competences, raised for some target groups. */
  maxDurationMonthsByEqf: readonly { maxEqf: number; months: number }[]
  maxDurationMonthsByGroup: Partial<Record<InternshipTargetGroup, number>>
  /** Minimum monthly gross allowance; each reduction applies when its condition holds, the lowest applicable wins. */
  minMonthlyAllowanceCents: {
    standard: number
    withMealVouchers: number
    shortDay: { maxDailyHours: number; cents: number }
    publicAdministrationHost: number
  }
  /** Interns a host may have at once: bands by employees, then a share of the employees (rounded down). */
  internsPerHost: { bands: readonly { maxEmployees: number; interns: number }[]; percentAbove: number }
  internsPerHostTutor: number
  /** The month's allowance is due in full at or above this attendance, otherwise in proportion to the hours attended. */
  fullAllowanceAttendancePercent: number
  /** The final attestation is issued only at or above this total attendance. */
  finalAttestationAttendancePercent: number
}

/** Lombardy: DGR X/7763 of 17 January 2018, implementing the national guidelines of 25 May 2017. */
export const LOMBARDY_RULE_SET: InternshipRuleSet = {
  code: 'lombardia-dgr-7763-2018',
  regions: ['lombardia'],
  name: 'Regione Lombardia — DGR X/7763 del 17/01/2018 (Linee guida nazionali del 25/05/2017)',
  minDurationMonths: 2,
  minDurationExemptGroups: ['disadvantaged_l381', 'disabled_l68'],
  maxDurationMonthsByEqf: [
    { maxEqf: 3, months: 6 },
    { maxEqf: 8, months: 12 },
  ],
  maxDurationMonthsByGroup: { disadvantaged_l381: 12, disabled_l68: 24 },
  minMonthlyAllowanceCents: { standard: 50_000, withMealVouchers: 40_000, shortDay: { maxDailyHours: 4, cents: 35_000 }, publicAdministrationHost: 30_000 },
  internsPerHost: {
    bands: [
      { maxEmployees: 5, interns: 1 },
      { maxEmployees: 20, interns: 2 },
    ],
    percentAbove: 10,
  },
  internsPerHostTutor: 3,
  fullAllowanceAttendancePercent: 80,
  finalAttestationAttendancePercent: 70,
}

export const INTERNSHIP_RULE_SETS: readonly InternshipRuleSet[] = [LOMBARDY_RULE_SET]

/** The rule set of the host site's region, or null when none is configured (no internship may be hosted there yet). */
export function internshipRuleSetFor(region: ItalianRegion | string | null | undefined): InternshipRuleSet | null {
  if (!region) return null
  return INTERNSHIP_RULE_SETS.find((set) => (set.regions as readonly string[]).includes(region)) ?? null
}

/** The stable codes of the rules an internship is checked against. */
export const INTERNSHIP_RULES = [
  'internship_rule_set_missing',
  'internship_end_before_start',
  'internship_min_duration',
  'internship_max_duration',
  'internship_min_allowance',
  'internship_host_employees_unknown',
  'internship_interns_per_host',
  'internship_interns_per_tutor',
] as const
export type InternshipRule = (typeof INTERNSHIP_RULES)[number]

/** The fields of the internship form each rule is about (JSON pointers of the create body), so a violation is shown next to them. */
export const INTERNSHIP_RULE_FIELDS: Record<InternshipRule, readonly string[]> = {
  internship_rule_set_missing: ['/internship/hostSiteId'],
  internship_end_before_start: ['/plannedEndDate'],
  internship_min_duration: ['/plannedEndDate'],
  internship_max_duration: ['/plannedEndDate'],
  internship_min_allowance: ['/internship/monthlyAllowanceCents'],
  internship_host_employees_unknown: ['/internship/hostCompanyId'],
  internship_interns_per_host: ['/internship/hostCompanyId'],
  internship_interns_per_tutor: ['/internship/hostTutorId'],
}

// ---------------------------------------------------------------------------------------------
// Dates

const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`)
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** `date` plus `months` calendar months, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = index % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return fromUtc(Date.UTC(year, month, Math.min(d, last)))
}

export const addDays = (date: string, days: number) => fromUtc(toUtc(date) + days * 86_400_000)

/** The last day of an internship of `months` months starting on `start` (2 months from 15 Jan: 14 Mar). */
export const lastDayAfterMonths = (start: string, months: number) => addDays(addMonths(start, months), -1)

// ---------------------------------------------------------------------------------------------
// The rules

export const minutesOf = (hours: number) => Math.round(hours * 60)

/** The maximum duration in months for the internship's EQF level and target group (the most favourable applies). */
export function maxDurationMonths(rules: InternshipRuleSet, eqfLevel: number, targetGroup: InternshipTargetGroup): number {
  const byEqf = rules.maxDurationMonthsByEqf.find((band) => eqfLevel <= band.maxEqf)?.months ?? rules.maxDurationMonthsByEqf.at(-1)!.months
  return Math.max(byEqf, rules.maxDurationMonthsByGroup[targetGroup] ?? 0)
}

/** The minimum monthly allowance: the lowest among the standard one and the reductions whose condition holds. */
export function minMonthlyAllowanceCents(rules: InternshipRuleSet, internship: { mealVouchers: boolean; dailyHours: number; hostIsPublicAdministration: boolean }): number {
  const m = rules.minMonthlyAllowanceCents
  const applicable = [m.standard]
  if (internship.mealVouchers) applicable.push(m.withMealVouchers)
  if (internship.dailyHours <= m.shortDay.maxDailyHours) applicable.push(m.shortDay.cents)
  if (internship.hostIsPublicAdministration) applicable.push(m.publicAdministrationHost)
  return Math.min(...applicable)
}

/** Interns a host with `employees` may have at once. */
export function internsPerHostLimit(rules: InternshipRuleSet, employees: number): number {
  const band = rules.internsPerHost.bands.find((b) => employees <= b.maxEmployees)
  return band ? band.interns : Math.floor((employees * rules.internsPerHost.percentAbove) / 100)
}

export interface InternshipRuleInput {
  startDate: string
  plannedEndDate: string
  eqfLevel: number
  targetGroup: InternshipTargetGroup
  dailyHours: number
  monthlyAllowanceCents: number
  mealVouchers: boolean
  host: { isPublicAdministration: boolean; employees: number | null }
  /** The other internships the host has at that moment; null when not known (the web app before saving). */
  otherInternsAtHost: number | null
  /** The other internships of the host tutor at that moment; null without a tutor or when not known. */
  otherInternsOfTutor: number | null
}

const euros = (cents: number) => `€ ${(cents / 100).toFixed(2).replace('.', ',')}`
const italianDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`

/** Every rule of `rules` the internship breaks, each with its value and limit (empty when it keeps them all). */
export function internshipViolations(rules: InternshipRuleSet, input: InternshipRuleInput): ProblemViolation[] {
  const violations: ProblemViolation[] = []
  if (input.plannedEndDate < input.startDate) {
    violations.push({ rule: 'internship_end_before_start', value: input.plannedEndDate, limit: input.startDate, detail: 'La fine prevista è precedente all\'inizio.' })
  } else {
    if (!rules.minDurationExemptGroups.includes(input.targetGroup)) {
      const earliest = lastDayAfterMonths(input.startDate, rules.minDurationMonths)
      if (input.plannedEndDate < earliest) {
        violations.push({
          rule: 'internship_min_duration',
          value: input.plannedEndDate,
          limit: earliest,
          detail: `La durata minima è di ${rules.minDurationMonths} mesi: il tirocinio deve finire non prima del ${italianDate(earliest)}.`,
        })
      }
    }
    const months = maxDurationMonths(rules, input.eqfLevel, input.targetGroup)
    const latest = lastDayAfterMonths(input.startDate, months)
    if (input.plannedEndDate > latest) {
      violations.push({
        rule: 'internship_max_duration',
        value: input.plannedEndDate,
        limit: latest,
        detail: `La durata massima, proroghe comprese, è di ${months} mesi per questo livello EQF e destinatario: il tirocinio deve finire entro il ${italianDate(latest)}.`,
      })
    }
  }
  const minimum = minMonthlyAllowanceCents(rules, { mealVouchers: input.mealVouchers, dailyHours: input.dailyHours, hostIsPublicAdministration: input.host.isPublicAdministration })
  if (input.monthlyAllowanceCents < minimum) {
    violations.push({ rule: 'internship_min_allowance', value: input.monthlyAllowanceCents, limit: minimum, detail: `L'indennità mensile minima è di ${euros(minimum)} lordi.` })
  }
  if (input.host.employees === null) {
    violations.push({ rule: 'internship_host_employees_unknown', value: null, limit: null, detail: 'Indica sull\'azienda il numero di dipendenti: da esso dipende quanti tirocinanti può ospitare.' })
  } else if (input.otherInternsAtHost !== null) {
    const limit = internsPerHostLimit(rules, input.host.employees)
    if (input.otherInternsAtHost + 1 > limit) {
      violations.push({
        rule: 'internship_interns_per_host',
        value: input.otherInternsAtHost + 1,
        limit,
        detail: `Con ${input.host.employees} dipendenti l'azienda può ospitare ${limit} tirocinant${limit === 1 ? 'e' : 'i'} alla volta; nel periodo ne ha già ${input.otherInternsAtHost}.`,
      })
    }
  }
  if (input.otherInternsOfTutor !== null && input.otherInternsOfTutor + 1 > rules.internsPerHostTutor) {
    violations.push({
      rule: 'internship_interns_per_tutor',
      value: input.otherInternsOfTutor + 1,
      limit: rules.internsPerHostTutor,
      detail: `Un tutor aziendale segue al massimo ${rules.internsPerHostTutor} tirocinanti alla volta; nel periodo ne segue già ${input.otherInternsOfTutor}.`,
    })
  }
  return violations
}

// ---------------------------------------------------------------------------------------------
// Attendance and allowance

export interface MonthAllowance {
  /** Attendance in percent, one decimal (null when no hours were planned). */
  attendancePercent: number | null
  /** `full` at or above the threshold, `proportional` below it, `none` when no hours were planned. */
  basis: 'full' | 'proportional' | 'none'
  allowanceDueCents: number
}

/** Percent with one decimal, from integers (no float drift in the comparison that matters). */
const percentOf = (part: number, whole: number) => Math.round((part * 1000) / whole) / 10

/**
 * The allowance due for a month: the whole monthly allowance when attended ≥ threshold × planned,
 * otherwise the allowance × attended / planned, rounded to the nearest cent (half up), computed in
 * integers.
 */
export function monthAllowance(rules: InternshipRuleSet, monthlyAllowanceCents: number, plannedMinutes: number, attendedMinutes: number): MonthAllowance {
  if (plannedMinutes <= 0) return { attendancePercent: null, basis: 'none', allowanceDueCents: 0 }
  const attendancePercent = percentOf(attendedMinutes, plannedMinutes)
  if (attendedMinutes * 100 >= plannedMinutes * rules.fullAllowanceAttendancePercent) return { attendancePercent, basis: 'full', allowanceDueCents: monthlyAllowanceCents }
  const numerator = BigInt(monthlyAllowanceCents) * BigInt(attendedMinutes) * 2n + BigInt(plannedMinutes)
  return { attendancePercent, basis: 'proportional', allowanceDueCents: Number(numerator / (2n * BigInt(plannedMinutes))) }
}

export interface CumulativeAttendance {
  plannedMinutes: number
  attendedMinutes: number
  attendancePercent: number | null
  /** Whether the final attestation is due: total attendance ≥ the threshold of planned hours. */
  finalAttestationDue: boolean
}

export function cumulativeAttendance(rules: InternshipRuleSet, months: readonly { plannedMinutes: number; attendedMinutes: number }[]): CumulativeAttendance {
  const plannedMinutes = months.reduce((sum, m) => sum + m.plannedMinutes, 0)
  const attendedMinutes = months.reduce((sum, m) => sum + m.attendedMinutes, 0)
  return {
    plannedMinutes,
    attendedMinutes,
    attendancePercent: plannedMinutes > 0 ? percentOf(attendedMinutes, plannedMinutes) : null,
    finalAttestationDue: plannedMinutes > 0 && attendedMinutes * 100 >= plannedMinutes * rules.finalAttestationAttendancePercent,
  }
}
