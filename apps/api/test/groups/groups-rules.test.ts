/** The rules of groups as pure functions: Italian holidays, the fortnightly plan, the absence streak, eligibility, follow-ups. */
import { describe, expect, it } from 'vitest'
import { addDays, addMonths, easterSunday, isoWeekday, italianHolidayOn } from '../../src/lib/holidays.js'
import { eligibilityOf, firstWeekdayFrom, followUpDueDates, planTalkSessions, raisesAlert, unjustifiedAbsenceStreak } from '../../src/modules/groups/groups.rules.js'

describe('Italian public holidays', () => {
  it.each([
    [2011, '2011-04-24'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('computes Easter Sunday %i as %s', (year, easter) => {
    expect(easterSunday(year)).toBe(easter)
  })

  it('knows Easter Monday in 2026, 2027 and in 2038, when it falls in April\'s last week', () => {
    expect(italianHolidayOn('2026-04-06')).toMatch(/Angelo/)
    expect(italianHolidayOn('2027-03-29')).toMatch(/Angelo/)
    expect(italianHolidayOn('2038-04-26')).toMatch(/Angelo/)
    expect(italianHolidayOn('2038-04-25')).toMatch(/Liberazione/)
    expect(italianHolidayOn('2038-04-27')).toBeNull()
  })

  it('names both holidays when Easter Monday is 25 April (2011)', () => {
    expect(italianHolidayOn('2011-04-25')).toMatch(/Liberazione.*Angelo/)
  })

  it.each(['01-01', '01-06', '04-25', '05-01', '06-02', '08-15', '11-01', '12-08', '12-25', '12-26'])('knows the fixed holiday %s every year', (monthDay) => {
    for (const year of [2026, 2027, 2038]) expect(italianHolidayOn(`${year}-${monthDay}`)).not.toBeNull()
  })

  it('knows an ordinary day is not a holiday', () => {
    expect(italianHolidayOn('2026-04-07')).toBeNull()
    expect(italianHolidayOn('2026-12-07')).toBeNull()
  })

  it('adds days and months on calendar dates', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30')
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15')
    expect(isoWeekday('2026-12-06')).toBe(7)
    expect(firstWeekdayFrom('2026-12-01', 1)).toBe('2026-12-07')
    expect(firstWeekdayFrom('2026-12-07', 1)).toBe('2026-12-07')
  })
})

const SAN_NICOLO = [{ date: '12-06', name: 'San Nicolò, patrono di Lecco' }]

describe('the plan of 16 fortnightly talk sessions', () => {
  it('places 16 sessions 14 days apart on the weekday asked, when nothing is closed', () => {
    const plan = planTalkSessions('2026-01-05', 4, [])
    expect(plan.sessions).toHaveLength(16)
    expect(plan.skipped).toEqual([])
    expect(plan.sessions[0]).toEqual({ number: 1, date: '2026-01-08' })
    for (let i = 1; i < 16; i++) expect(plan.sessions[i]!.date).toBe(addDays(plan.sessions[i - 1]!.date, 14))
    expect(plan.sessions.every((s) => isoWeekday(s.date) === 4)).toBe(true)
  })

  it('skips Easter Monday 2026 and keeps the rhythm, ending a fortnight later', () => {
    const plan = planTalkSessions('2026-03-23', 1, [])
    expect(plan.skipped).toEqual([{ date: '2026-04-06', reason: expect.stringMatching(/Angelo/) }])
    expect(plan.sessions.map((s) => s.date)).not.toContain('2026-04-06')
    expect(plan.sessions[1]!.date).toBe('2026-04-20')
    expect(plan.sessions).toHaveLength(16)
    expect(plan.sessions.at(-1)!.date).toBe(addDays('2026-03-23', 14 * 16))
  })

  it('skips Easter Monday 2027 (29 March)', () => {
    const plan = planTalkSessions('2027-03-15', 1, [])
    expect(plan.skipped.map((s) => s.date)).toEqual(['2027-03-29'])
  })

  it('skips Easter Monday 2038, in April\'s last week, and 25 April when it falls on the weekday', () => {
    expect(planTalkSessions('2038-04-12', 1, []).skipped.map((s) => s.date)).toContain('2038-04-26')
    expect(planTalkSessions('2038-04-11', 7, []).skipped.map((s) => s.date)).toEqual(expect.arrayContaining(['2038-04-25']))
  })

  it.each([
    ['25 April', '2029-04-25'],
    ['1 May', '2026-05-01'],
    ['2 June', '2026-06-02'],
    ['15 August', '2026-08-15'],
    ['1 November', '2027-11-01'],
    ['8 December', '2026-12-08'],
    ['Christmas', '2026-12-25'],
  ])('skips %s', (_name, date) => {
    const plan = planTalkSessions(date, isoWeekday(date), [])
    expect(plan.skipped[0]!.date).toBe(date)
    expect(plan.sessions[0]!.date).toBe(addDays(date, 14))
    expect(plan.sessions).toHaveLength(16)
  })

  it('skips the local patron\'s day configured for the programme, yearly or on one date', () => {
    const yearly = planTalkSessions('2027-12-06', 1, SAN_NICOLO)
    expect(yearly.skipped).toEqual([{ date: '2027-12-06', reason: 'San Nicolò, patrono di Lecco' }])
    const once = planTalkSessions('2026-10-05', 1, [{ date: '2026-10-19', name: 'Sala non disponibile' }])
    expect(once.skipped.map((s) => s.date)).toEqual(['2026-10-19'])
    expect(planTalkSessions('2026-12-06', 7, []).sessions[0]!.date).toBe('2026-12-06')
  })
})

describe('the unjustified-absence streak', () => {
  it('counts unjustified absences in a row up to the last session', () => {
    expect(unjustifiedAbsenceStreak([])).toBe(0)
    expect(unjustifiedAbsenceStreak(['present', 'absent_unjustified', 'absent_unjustified'])).toBe(2)
    expect(unjustifiedAbsenceStreak(['present', 'absent_unjustified', 'absent_unjustified', 'absent_unjustified'])).toBe(3)
  })

  it('raises the alert at three, not at two', () => {
    expect(raisesAlert(2)).toBe(false)
    expect(raisesAlert(3)).toBe(true)
  })

  it('steps over justified absences: they neither count nor break the run', () => {
    expect(unjustifiedAbsenceStreak(['absent_unjustified', 'absent_justified', 'absent_unjustified', 'absent_unjustified'])).toBe(3)
    expect(unjustifiedAbsenceStreak(['absent_justified', 'absent_justified', 'absent_justified'])).toBe(0)
  })

  it('ends the run at a presence', () => {
    expect(unjustifiedAbsenceStreak(['absent_unjustified', 'absent_unjustified', 'present', 'absent_unjustified'])).toBe(1)
  })
})

describe('eligibility and follow-ups', () => {
  it('needs residence in a covered municipality (accents and case aside) and unemployment', () => {
    expect(eligibilityOf({ residenceMunicipality: 'valmadrera ', employmentStatus: 'unemployed' }, ['Valmadrera', 'Lecco'])).toEqual({ residentInCoveredMunicipality: true, unemployed: true, eligible: true })
    expect(eligibilityOf({ residenceMunicipality: 'Civate', employmentStatus: 'unemployed' }, ['Valmadrera', 'Lecco']).eligible).toBe(false)
    expect(eligibilityOf({ residenceMunicipality: 'Lecco', employmentStatus: 'employed' }, ['Valmadrera', 'Lecco'])).toEqual({ residentInCoveredMunicipality: true, unemployed: false, eligible: false })
    expect(eligibilityOf({ residenceMunicipality: 'Cantù', employmentStatus: 'unemployed' }, ['Cantu']).eligible).toBe(true)
  })

  it('makes follow-ups due 3, 6 and 12 months after the last session', () => {
    expect(followUpDueDates('2026-06-30')).toEqual([
      { months: 3, dueOn: '2026-09-30' },
      { months: 6, dueOn: '2026-12-30' },
      { months: 12, dueOn: '2027-06-30' },
    ])
    expect(followUpDueDates(null).every((f) => f.dueOn === null)).toBe(true)
  })
})
