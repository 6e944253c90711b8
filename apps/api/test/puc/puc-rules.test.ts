import { describe, expect, it } from 'vitest'
import {
  assignmentDeadlines,
  assignmentHoursViolations,
  assignmentQuarters,
  attendanceDateViolations,
  datesOfIsoWeek,
  dayEntryViolations,
  daysWorkedByPerson,
  deadlineState,
  endCommunicationDue,
  isoWeekOf,
  monthRange,
  quarterlyCommunicationDue,
  quarterOf,
  quarterRange,
  quartersBetween,
  startCommunicationDue,
  weeklyLimitViolations,
} from '../../src/modules/puc/puc.rules.js'

describe('weekly hours of an assignment', () => {
  it('accepts 8 and 16 hours, the limits themselves', () => {
    expect(assignmentHoursViolations(8)).toEqual([])
    expect(assignmentHoursViolations(16)).toEqual([])
  })
  it('refuses 7 and 17 hours with the rule, the value and the limits', () => {
    expect(assignmentHoursViolations(7)).toEqual([expect.objectContaining({ rule: 'puc_weekly_hours_range', value: 7, limit: { min: 8, max: 16 } })])
    expect(assignmentHoursViolations(17)).toEqual([expect.objectContaining({ rule: 'puc_weekly_hours_range', value: 17 })])
  })
})

describe('the weekly limit of attendance', () => {
  it('accepts a week that reaches the assignment\'s hours exactly', () => {
    expect(weeklyLimitViolations('2026-W41', [240, 240, 240, 240], 16)).toEqual([])
  })
  it('refuses a quarter of an hour over the limit', () => {
    expect(weeklyLimitViolations('2026-W41', [240, 240, 240, 255], 16)).toEqual([
      expect.objectContaining({ rule: 'puc_weekly_hours_exceeded', value: 16.25, limit: 16 }),
    ])
  })
  it('wants hours on a present day and none on an absence', () => {
    expect(dayEntryViolations({ date: '2026-10-05', status: 'present', minutes: 0 })).toEqual([expect.objectContaining({ rule: 'puc_present_needs_hours' })])
    expect(dayEntryViolations({ date: '2026-10-05', status: 'absent_justified', minutes: 60 })).toEqual([expect.objectContaining({ rule: 'puc_absence_without_hours' })])
    expect(dayEntryViolations({ date: '2026-10-05', status: 'absent_unjustified', minutes: 0 })).toEqual([])
  })
  it('records attendance only within the assignment and never in the future', () => {
    const a = { startDate: '2026-10-05', endDate: '2026-12-31', endedOn: null }
    expect(attendanceDateViolations('2026-10-05', a, '2026-10-05')).toEqual([])
    expect(attendanceDateViolations('2026-10-04', a, '2026-10-10').map((v) => v.rule)).toEqual(['puc_attendance_outside_assignment'])
    expect(attendanceDateViolations('2026-10-06', a, '2026-10-05').map((v) => v.rule)).toEqual(['puc_attendance_in_future'])
    expect(attendanceDateViolations('2026-11-02', { ...a, endedOn: '2026-11-01' }, '2026-11-10').map((v) => v.rule)).toEqual(['puc_attendance_outside_assignment'])
  })
})

describe('ISO weeks', () => {
  it('runs Monday to Sunday', () => {
    expect(datesOfIsoWeek('2026-W41')).toEqual(['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-11'])
  })
  it('puts the days around new year in the week of their Thursday', () => {
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01')
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53')
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01')
    expect(datesOfIsoWeek('2026-W01')![0]).toBe('2025-12-29')
    expect(datesOfIsoWeek('2026-W53')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'])
  })
  it('knows a week that does not exist', () => {
    expect(datesOfIsoWeek('2025-W53')).toBeNull()
    expect(datesOfIsoWeek('2026-W00')).toBeNull()
  })
})

describe('the INAIL start communication', () => {
  it('is due the day before the start', () => {
    expect(startCommunicationDue('2026-10-05')).toBe('2026-10-04')
  })
  it('is due on a Sunday when the start is a Monday: the law\'s date, not shifted', () => {
    expect(startCommunicationDue('2026-10-05')).toBe('2026-10-04') // Monday → Sunday
  })
  it('crosses month and year ends', () => {
    expect(startCommunicationDue('2026-03-01')).toBe('2026-02-28')
    expect(startCommunicationDue('2028-03-01')).toBe('2028-02-29')
    expect(startCommunicationDue('2027-01-01')).toBe('2026-12-31')
  })
  it('is overdue only once its due date has passed', () => {
    expect(deadlineState('2026-10-04', false, '2026-10-04')).toBe('due')
    expect(deadlineState('2026-10-04', false, '2026-10-05')).toBe('overdue')
    expect(deadlineState('2026-10-04', true, '2026-10-05')).toBe('sent')
  })
})

describe('the INAIL end communication', () => {
  it('is due the day after the last day', () => {
    expect(endCommunicationDue('2026-10-09')).toBe('2026-10-10')
  })
  it('is due on a Saturday when the end is a Friday, not shifted to Monday', () => {
    expect(endCommunicationDue('2026-10-09')).toBe('2026-10-10')
  })
  it('crosses month and year ends', () => {
    expect(endCommunicationDue('2026-02-28')).toBe('2026-03-01')
    expect(endCommunicationDue('2026-12-31')).toBe('2027-01-01')
  })
  it('counts from the day an interrupted assignment ended, not its planned end', () => {
    expect(assignmentDeadlines({ status: 'interrupted', startDate: '2026-09-01', endDate: '2026-12-31', endedOn: '2026-10-14' })).toEqual([
      { kind: 'start', dueDate: '2026-08-31' },
      { kind: 'end', dueDate: '2026-10-15' },
    ])
  })
  it('is not owed by an assignment still to assign or withdrawn before starting', () => {
    expect(assignmentDeadlines({ status: 'to_assign', startDate: '2026-09-01', endDate: '2026-12-31', endedOn: null })).toEqual([])
    expect(assignmentDeadlines({ status: 'withdrawn', startDate: '2026-09-01', endDate: '2026-12-31', endedOn: null })).toEqual([])
    expect(assignmentDeadlines({ status: 'proposed', startDate: '2026-09-01', endDate: '2026-12-31', endedOn: null })).toEqual([{ kind: 'start', dueDate: '2026-08-31' }])
  })
})

describe('the INAIL quarterly communication of days worked', () => {
  it('is due on the 30th of the month after each quarter', () => {
    expect(quarterlyCommunicationDue('2026Q1')).toBe('2026-04-30')
    expect(quarterlyCommunicationDue('2026Q2')).toBe('2026-07-30')
    expect(quarterlyCommunicationDue('2026Q3')).toBe('2026-10-30')
  })
  it('for the fourth quarter is due on 30 January of the next year', () => {
    expect(quarterlyCommunicationDue('2026Q4')).toBe('2027-01-30')
  })
  it('keeps the 30th when it falls on a weekend (30 January 2027 is a Saturday)', () => {
    expect(new Date('2027-01-30T00:00:00Z').getUTCDay()).toBe(6)
    expect(quarterlyCommunicationDue('2026Q4')).toBe('2027-01-30')
  })
  it('knows the quarters\' bounds', () => {
    expect(quarterRange('2026Q1')).toEqual({ quarter: '2026Q1', from: '2026-01-01', to: '2026-03-31' })
    expect(quarterRange('2028Q1')!.to).toBe('2028-03-31')
    expect(quarterRange('2026Q4')).toEqual({ quarter: '2026Q4', from: '2026-10-01', to: '2026-12-31' })
    expect(quarterRange('2026Q5')).toBeNull()
    expect(quarterOf('2026-03-31')).toBe('2026Q1')
    expect(quarterOf('2026-04-01')).toBe('2026Q2')
  })
  it('lists the quarters an assignment\'s worked period touches, across a year end', () => {
    expect(quartersBetween('2026-11-15', '2027-02-10')).toEqual(['2026Q4', '2027Q1'])
    expect(assignmentQuarters({ status: 'active', startDate: '2026-09-28', endDate: '2027-03-31', endedOn: null }, '2026-10-01')).toEqual(['2026Q3', '2026Q4'])
    expect(assignmentQuarters({ status: 'active', startDate: '2026-09-28', endDate: '2027-03-31', endedOn: null }, '2026-09-27')).toEqual([])
    expect(assignmentQuarters({ status: 'completed', startDate: '2026-03-30', endDate: '2026-04-01', endedOn: '2026-04-01' }, '2026-12-01')).toEqual(['2026Q1', '2026Q2'])
  })
})

describe('days worked in a quarter', () => {
  const p = '01900000-0000-7000-8000-000000000001'
  const q = '01900000-0000-7000-8000-000000000002'
  it('counts distinct days present within the quarter, with their hours', () => {
    const result = daysWorkedByPerson(
      [
        { personId: p, date: '2026-06-30', status: 'present', minutes: 240 }, // Q2: not counted
        { personId: p, date: '2026-07-01', status: 'present', minutes: 240 },
        { personId: p, date: '2026-07-01', status: 'present', minutes: 120 }, // a second project the same day: one day
        { personId: p, date: '2026-07-02', status: 'absent_justified', minutes: 0 },
        { personId: p, date: '2026-09-30', status: 'present', minutes: 180 },
        { personId: p, date: '2026-10-01', status: 'present', minutes: 240 }, // Q4: not counted
        { personId: q, date: '2026-08-10', status: 'absent_unjustified', minutes: 0 },
      ],
      '2026Q3',
    )
    expect(result.get(p)).toEqual({ days: 2, minutes: 540 })
    expect(result.has(q)).toBe(false)
  })
  it('knows a month\'s days, February of a leap year included', () => {
    expect(monthRange('2028-02')!.days).toHaveLength(29)
    expect(monthRange('2026-02')!.to).toBe('2026-02-28')
    expect(monthRange('2026-13')).toBeNull()
  })
})
