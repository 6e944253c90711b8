/**
 * The rules of mutual self-help groups as pure functions: the fortnightly session plan that skips
 * holidays and local closures, the unjustified-absence streak behind the alert, eligibility, and
 * the follow-up due dates. No I/O, so each is tested at its boundaries directly.
 */
import {
  GROUP_ABSENCE_ALERT_THRESHOLD,
  GROUP_FOLLOW_UP_MONTHS,
  GROUP_SESSION_INTERVAL_DAYS,
  GROUP_TALK_SESSIONS,
  type ApplicationEligibility,
  type GroupAttendanceStatus,
  type LocalClosure,
} from '@ponte/shared'
import { addDays, addMonths, isoWeekday, italianHolidayOn } from '../../lib/holidays.js'

export interface PlannedDate {
  number: number
  date: string
}

export interface SessionPlan {
  sessions: PlannedDate[]
  skipped: { date: string; reason: string }[]
}

/** The closure on `date`, if any: a yearly `MM-DD` or a one-off `YYYY-MM-DD`. */
export function localClosureOn(date: string, closures: readonly LocalClosure[]): string | null {
  const found = closures.find((c) => c.date === date || c.date === date.slice(5))
  return found ? found.name : null
}

/** The first date on or after `from` that falls on ISO `weekday`. */
export function firstWeekdayFrom(from: string, weekday: number): string {
  return addDays(from, (weekday - isoWeekday(from) + 7) % 7)
}

/**
 * The talk-group plan: the first `count` dates of the fortnightly rhythm that starts on the first
 * `weekday` from `startDate` and are neither a public holiday nor a local closure. A date that is
 * one is left out (and reported), and the rhythm goes on: the plan then ends a fortnight later.
 */
export function planTalkSessions(startDate: string, weekday: number, closures: readonly LocalClosure[], count = GROUP_TALK_SESSIONS): SessionPlan {
  const sessions: PlannedDate[] = []
  const skipped: { date: string; reason: string }[] = []
  let date = firstWeekdayFrom(startDate, weekday)
  // Bounded: at most every other date of a year could be closed; far more than any real calendar.
  for (let guard = 0; sessions.length < count && guard < count * 4; guard++) {
    const reason = italianHolidayOn(date) ?? localClosureOn(date, closures)
    if (reason) skipped.push({ date, reason })
    else sessions.push({ number: sessions.length + 1, date })
    date = addDays(date, GROUP_SESSION_INTERVAL_DAYS)
  }
  return { sessions, skipped }
}

/**
 * Unjustified absences in a row up to the member's last recorded session: a presence ends the run,
 * a justified absence is stepped over (it neither counts nor breaks the run). `records` are in
 * session order.
 */
export function unjustifiedAbsenceStreak(records: readonly GroupAttendanceStatus[]): number {
  let streak = 0
  for (let i = records.length - 1; i >= 0; i--) {
    const status = records[i]
    if (status === 'present') break
    if (status === 'absent_unjustified') streak++
  }
  return streak
}

export const raisesAlert = (streak: number) => streak >= GROUP_ABSENCE_ALERT_THRESHOLD

const normalise = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase()

/** Eligibility (DOMAIN.md §6): resident in a covered municipality and unemployed. */
export function eligibilityOf(applicant: { residenceMunicipality: string; employmentStatus: string }, coveredMunicipalities: readonly string[]): ApplicationEligibility {
  const residentInCoveredMunicipality = coveredMunicipalities.some((m) => normalise(m) === normalise(applicant.residenceMunicipality))
  const unemployed = applicant.employmentStatus === 'unemployed'
  return { residentInCoveredMunicipality, unemployed, eligible: residentInCoveredMunicipality && unemployed }
}

/** When each follow-up falls due: 3, 6 and 12 months after the group's last session. */
export function followUpDueDates(lastSessionDate: string | null): { months: number; dueOn: string | null }[] {
  return GROUP_FOLLOW_UP_MONTHS.map((months) => ({ months, dueOn: lastSessionDate ? addMonths(lastSessionDate, months) : null }))
}
