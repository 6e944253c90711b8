/**
 * The rules of socially useful work as pure functions (no database, no clock unless passed):
 * weekly hours of an assignment (8–16), the weekly limit of attendance, ISO weeks and calendar
 * quarters, and the INAIL deadlines — start by the day before, end by the day after, days worked
 * of a quarter by the 30th of the following month. The law's dates: no shifting for weekends or
 * holidays, since the law does not provide for it.
 */
import { PUC_WEEKLY_HOURS, type ProblemViolation, type PucAttendanceStatus } from '@ponte/shared'

const DAY_MS = 86_400_000

const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`)
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** `date` plus `days` calendar days (negative for earlier). */
export const addDays = (date: string, days: number) => fromUtc(toUtc(date) + days * DAY_MS)

/** The last day of the month of `year`/`month` (1–12). */
const lastDayOfMonth = (year: number, month: number) => fromUtc(Date.UTC(year, month, 0))

// ---------------------------------------------------------------------------------------------
// Hours

/** Violations of the weekly hours of an assignment: 8 to 16 hours a week. */
export function assignmentHoursViolations(weeklyHours: number): ProblemViolation[] {
  if (weeklyHours >= PUC_WEEKLY_HOURS.min && weeklyHours <= PUC_WEEKLY_HOURS.max) return []
  return [
    {
      rule: 'puc_weekly_hours_range',
      value: weeklyHours,
      limit: { min: PUC_WEEKLY_HOURS.min, max: PUC_WEEKLY_HOURS.max },
      detail: `Le ore settimanali di un PUC vanno da ${PUC_WEEKLY_HOURS.min} a ${PUC_WEEKLY_HOURS.max}.`,
    },
  ]
}

/** Hours as stored (minutes), and back. */
export const hoursToMinutes = (hours: number) => Math.round(hours * 60)
export const minutesToHours = (minutes: number) => minutes / 60

/** Violations of one day's entry: an absence has no hours, a presence has some. */
export function dayEntryViolations(entry: { date: string; status: PucAttendanceStatus; minutes: number }): ProblemViolation[] {
  if (entry.status === 'present' && entry.minutes <= 0) {
    return [{ rule: 'puc_present_needs_hours', value: 0, limit: { min: 0.25 }, detail: `Il ${entry.date} è segnato presente: indica le ore svolte.` }]
  }
  if (entry.status !== 'present' && entry.minutes > 0) {
    return [{ rule: 'puc_absence_without_hours', value: minutesToHours(entry.minutes), limit: 0, detail: `Il ${entry.date} è segnato assente: le ore devono essere 0.` }]
  }
  return []
}

/**
 * The weekly limit: the hours recorded in one ISO week (Monday to Sunday) may not exceed the
 * assignment's weekly hours. `minutesByDate` holds the week's days after the change.
 */
export function weeklyLimitViolations(week: string, minutesByDate: Iterable<number>, weeklyHours: number): ProblemViolation[] {
  let total = 0
  for (const minutes of minutesByDate) total += minutes
  if (total <= weeklyHours * 60) return []
  return [
    {
      rule: 'puc_weekly_hours_exceeded',
      value: minutesToHours(total),
      limit: weeklyHours,
      detail: `Nella settimana ${week} le ore registrate (${minutesToHours(total)}) superano le ${weeklyHours} ore settimanali dell'assegnazione.`,
    },
  ]
}

/** Where a day falls for an assignment: attendance is recorded only on its days, never in the future. */
export function attendanceDateViolations(date: string, assignment: { startDate: string; endDate: string; endedOn: string | null }, today: string): ProblemViolation[] {
  const last = assignment.endedOn ?? assignment.endDate
  const violations: ProblemViolation[] = []
  if (date < assignment.startDate || date > last) {
    violations.push({ rule: 'puc_attendance_outside_assignment', value: date, limit: { from: assignment.startDate, to: last }, detail: `Il ${date} è fuori dal periodo dell'assegnazione.` })
  }
  if (date > today) violations.push({ rule: 'puc_attendance_in_future', value: date, limit: today, detail: `Non si registrano presenze future (${date}).` })
  return violations
}

// ---------------------------------------------------------------------------------------------
// ISO weeks

const ISO_WEEK = /^(\d{4})-W(\d{2})$/

/** The Monday of ISO week `2026-W41`; null when the week does not exist in that year. */
export function mondayOfIsoWeek(week: string): string | null {
  const match = ISO_WEEK.exec(week)
  if (!match) return null
  const year = Number(match[1])
  const n = Number(match[2])
  // Week 1 is the week with 4 January in it.
  const jan4 = Date.UTC(year, 0, 4)
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7 // 0 = Monday
  const monday = fromUtc(jan4 - jan4Weekday * DAY_MS + (n - 1) * 7 * DAY_MS)
  return n >= 1 && isoWeekOf(monday) === week ? monday : null
}

/** The ISO week of a date, e.g. `2026-W41`. */
export function isoWeekOf(date: string): string {
  const ms = toUtc(date)
  const weekday = (new Date(ms).getUTCDay() + 6) % 7
  const thursday = new Date(ms + (3 - weekday) * DAY_MS)
  const year = thursday.getUTCFullYear()
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** Monday to Sunday of an ISO week; null when the week does not exist. */
export function datesOfIsoWeek(week: string): string[] | null {
  const monday = mondayOfIsoWeek(week)
  return monday ? Array.from({ length: 7 }, (_, i) => addDays(monday, i)) : null
}

// ---------------------------------------------------------------------------------------------
// Quarters and months

const QUARTER = /^(\d{4})Q([1-4])$/

export interface QuarterRange {
  quarter: string
  from: string
  to: string
}

/** The first and last day of quarter `2026Q3`; null when malformed. */
export function quarterRange(quarter: string): QuarterRange | null {
  const match = QUARTER.exec(quarter)
  if (!match) return null
  const year = Number(match[1])
  const q = Number(match[2])
  const firstMonth = (q - 1) * 3 + 1
  return { quarter, from: `${year}-${String(firstMonth).padStart(2, '0')}-01`, to: lastDayOfMonth(year, firstMonth + 2) }
}

/** The quarter of a date, e.g. `2026-08-14` → `2026Q3`. */
export const quarterOf = (date: string) => `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`

/** The quarters that `from`..`to` (inclusive) touches, in order. */
export function quartersBetween(from: string, to: string): string[] {
  const quarters: string[] = []
  if (from > to) return quarters
  let year = Number(from.slice(0, 4))
  let q = Number(quarterOf(from).slice(5))
  const last = quarterOf(to)
  for (;;) {
    const current = `${year}Q${q}`
    quarters.push(current)
    if (current === last) return quarters
    q += 1
    if (q === 5) [year, q] = [year + 1, 1]
  }
}

/** The first and last day of month `2026-10`; null when malformed. */
export function monthRange(month: string): { from: string; to: string; days: string[] } | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month)
  if (!match) return null
  const year = Number(match[1])
  const m = Number(match[2])
  const to = lastDayOfMonth(year, m)
  const count = Number(to.slice(8, 10))
  return { from: `${month}-01`, to, days: Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`) }
}

// ---------------------------------------------------------------------------------------------
// INAIL deadlines

/** The start must be communicated by the day before it. */
export const startCommunicationDue = (startDate: string) => addDays(startDate, -1)

/** The end must be communicated by the day after it. */
export const endCommunicationDue = (lastDay: string) => addDays(lastDay, 1)

/** The days worked in a quarter must be communicated by the 30th of the month after it (Q4: 30 January). */
export function quarterlyCommunicationDue(quarter: string): string {
  const range = quarterRange(quarter)
  if (!range) throw new Error(`Not a quarter: ${quarter}`)
  const year = Number(range.to.slice(0, 4))
  const month = Number(range.to.slice(5, 7))
  return month === 12 ? `${year + 1}-01-30` : `${year}-${String(month + 1).padStart(2, '0')}-30`
}

export type DeadlineState = 'overdue' | 'due' | 'sent'

/** Overdue once the due date has passed without the communication being sent. */
export const deadlineState = (dueDate: string, sent: boolean, today: string): DeadlineState => (sent ? 'sent' : dueDate < today ? 'overdue' : 'due')

/** Which INAIL communications an assignment owes, from its status. */
export function assignmentDeadlines(a: { status: string; startDate: string; endDate: string; endedOn: string | null }): { kind: 'start' | 'end'; dueDate: string }[] {
  const owes: { kind: 'start' | 'end'; dueDate: string }[] = []
  // A start is communicated once the assignment is proposed to the person (its start is set) or under way.
  if (a.status === 'proposed' || a.status === 'active' || a.status === 'completed' || a.status === 'interrupted') owes.push({ kind: 'start', dueDate: startCommunicationDue(a.startDate) })
  // The end is owed by every assignment that started: from its real last day, or the planned one while active.
  if (a.status === 'active') owes.push({ kind: 'end', dueDate: endCommunicationDue(a.endDate) })
  if (a.status === 'completed' || a.status === 'interrupted') owes.push({ kind: 'end', dueDate: endCommunicationDue(a.endedOn ?? a.endDate) })
  return owes
}

/**
 * The quarters for which an assignment's days worked must be reported: those its worked period
 * touches, once the quarter has begun (`today`).
 */
export function assignmentQuarters(a: { status: string; startDate: string; endDate: string; endedOn: string | null }, today: string): string[] {
  if (a.status !== 'active' && a.status !== 'completed' && a.status !== 'interrupted') return []
  const last = a.status === 'active' ? (a.endDate < today ? a.endDate : today) : (a.endedOn ?? a.endDate)
  if (a.startDate > today || last < a.startDate) return []
  return quartersBetween(a.startDate, last)
}

// ---------------------------------------------------------------------------------------------
// Quarterly days worked

export interface WorkedDay {
  personId: string
  date: string
  status: PucAttendanceStatus
  minutes: number
}

/**
 * Days and hours worked per person in a quarter: distinct dates recorded present (a person on two
 * projects the same day worked one day), and the hours of those days.
 */
export function daysWorkedByPerson(entries: Iterable<WorkedDay>, quarter: string): Map<string, { days: number; minutes: number }> {
  const range = quarterRange(quarter)
  if (!range) throw new Error(`Not a quarter: ${quarter}`)
  const dates = new Map<string, Set<string>>()
  const minutes = new Map<string, number>()
  for (const e of entries) {
    if (e.status !== 'present' || e.minutes <= 0 || e.date < range.from || e.date > range.to) continue
    if (!dates.has(e.personId)) dates.set(e.personId, new Set())
    dates.get(e.personId)!.add(e.date)
    minutes.set(e.personId, (minutes.get(e.personId) ?? 0) + e.minutes)
  }
  const result = new Map<string, { days: number; minutes: number }>()
  for (const [personId, set] of dates) result.set(personId, { days: set.size, minutes: minutes.get(personId) ?? 0 })
  return result
}
