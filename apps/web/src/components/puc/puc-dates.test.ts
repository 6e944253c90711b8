import { describe, expect, it } from 'vitest'
import { addDays, daysOfWeek, endOfWeek, isIsoWeek, isoWeekOf, mondayOfWeek, previousQuarter, quarterOf, recentMonths, recentQuarters, shiftWeek } from './puc-dates'

describe('the calendar of the PUC pages', () => {
  it('puts a day in the ISO week of its Thursday, across year ends', () => {
    expect(isoWeekOf('2026-10-07')).toBe('2026-W41')
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53')
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01')
    expect(isoWeekOf('2026-01-04')).toBe('2026-W01')
  })

  it('knows the days of a week, Monday to Sunday, and the weeks around it', () => {
    expect(daysOfWeek('2026-W41')).toEqual(['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-11'])
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01')
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53')
    expect(endOfWeek('2026-12-02')).toBe('2026-12-06')
    expect(endOfWeek('2026-12-06')).toBe('2026-12-06')
  })

  it('refuses a week that does not exist', () => {
    expect(mondayOfWeek('2025-W53')).toBeNull()
    expect(isIsoWeek('2026-W53')).toBe(true)
    expect(isIsoWeek('2026-W00')).toBe(false)
    expect(isIsoWeek('last week')).toBe(false)
  })

  it('counts months and quarters back from today', () => {
    expect(quarterOf('2026-10-01')).toBe('2026Q4')
    expect(quarterOf('2026-09-30')).toBe('2026Q3')
    expect(previousQuarter('2026Q1')).toBe('2025Q4')
    expect(recentQuarters('2026-02-10', 3)).toEqual(['2026Q1', '2025Q4', '2025Q3'])
    expect(recentMonths('2026-02-10', 3)).toEqual(['2026-02', '2026-01', '2025-12'])
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
  })
})
