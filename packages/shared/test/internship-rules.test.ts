import { describe, expect, it } from 'vitest'
import {
  addMonths,
  cumulativeAttendance,
  internshipRuleSetFor,
  internshipViolations,
  internsPerHostLimit,
  lastDayAfterMonths,
  LOMBARDY_RULE_SET as L,
  monthAllowance,
  type InternshipRuleInput,
} from '../src/index.js'

/** A valid internship: 3 months from 15 January 2027, EQF 3, € 500, 6 h/day, a private host of 40 with room. */
const valid = (overrides: Partial<InternshipRuleInput> = {}): InternshipRuleInput => ({
  startDate: '2027-01-15',
  plannedEndDate: '2027-04-14',
  eqfLevel: 3,
  targetGroup: 'unemployed',
  dailyHours: 6,
  monthlyAllowanceCents: 50_000,
  mealVouchers: false,
  host: { isPublicAdministration: false, employees: 40 },
  otherInternsAtHost: 0,
  otherInternsOfTutor: 0,
  ...overrides,
})
const rules = (input: InternshipRuleInput) => internshipViolations(L, input).map((v) => [v.rule, v.value, v.limit])

describe('the Lombardy rule set', () => {
  it('is selected by the host site\'s region; other regions have none yet', () => {
    expect(internshipRuleSetFor('lombardia')).toBe(L)
    expect(internshipRuleSetFor('veneto')).toBeNull()
    expect(internshipRuleSetFor(null)).toBeNull()
  })

  it('counts months by the calendar: 2 months from 15 January end on 14 March; from 31 January, 1 month is 28 February', () => {
    expect(lastDayAfterMonths('2027-01-15', 2)).toBe('2027-03-14')
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28')
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29')
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29')
  })

  it('keeps a valid internship free of violations', () => {
    expect(rules(valid())).toEqual([])
  })

  describe('minimum duration: 2 months, not for disadvantaged or disabled people', () => {
    it('just inside: ends on the last day of the second month', () => expect(rules(valid({ plannedEndDate: '2027-03-14' }))).toEqual([]))
    it('just outside: a day shorter', () => expect(rules(valid({ plannedEndDate: '2027-03-13' }))).toEqual([['internship_min_duration', '2027-03-13', '2027-03-14']]))
    it('does not apply to disadvantaged (L. 381) or disabled (L. 68) people', () => {
      expect(rules(valid({ plannedEndDate: '2027-02-01', targetGroup: 'disadvantaged_l381' }))).toEqual([])
      expect(rules(valid({ plannedEndDate: '2027-02-01', targetGroup: 'disabled_l68' }))).toEqual([])
    })
  })

  describe('maximum duration, extensions included', () => {
    it('6 months for EQF 2–3', () => {
      expect(rules(valid({ eqfLevel: 2, plannedEndDate: '2027-07-14' }))).toEqual([])
      expect(rules(valid({ eqfLevel: 3, plannedEndDate: '2027-07-15' }))).toEqual([['internship_max_duration', '2027-07-15', '2027-07-14']])
    })
    it('12 months for EQF ≥ 4', () => {
      expect(rules(valid({ eqfLevel: 4, plannedEndDate: '2028-01-14' }))).toEqual([])
      expect(rules(valid({ eqfLevel: 6, plannedEndDate: '2028-01-15' }))).toEqual([['internship_max_duration', '2028-01-15', '2028-01-14']])
    })
    it('12 months for disadvantaged people', () => {
      expect(rules(valid({ targetGroup: 'disadvantaged_l381', plannedEndDate: '2028-01-14' }))).toEqual([])
      expect(rules(valid({ targetGroup: 'disadvantaged_l381', plannedEndDate: '2028-01-15' }))).toEqual([['internship_max_duration', '2028-01-15', '2028-01-14']])
    })
    it('24 months for disabled people', () => {
      expect(rules(valid({ targetGroup: 'disabled_l68', plannedEndDate: '2029-01-14' }))).toEqual([])
      expect(rules(valid({ targetGroup: 'disabled_l68', plannedEndDate: '2029-01-15' }))).toEqual([['internship_max_duration', '2029-01-15', '2029-01-14']])
    })
  })

  describe('minimum monthly allowance', () => {
    it('€ 500', () => {
      expect(rules(valid({ monthlyAllowanceCents: 50_000 }))).toEqual([])
      expect(rules(valid({ monthlyAllowanceCents: 49_999 }))).toEqual([['internship_min_allowance', 49_999, 50_000]])
    })
    it('€ 400 with meal vouchers or canteen', () => {
      expect(rules(valid({ mealVouchers: true, monthlyAllowanceCents: 40_000 }))).toEqual([])
      expect(rules(valid({ mealVouchers: true, monthlyAllowanceCents: 39_999 }))).toEqual([['internship_min_allowance', 39_999, 40_000]])
    })
    it('€ 350 when ≤ 4 hours a day', () => {
      expect(rules(valid({ dailyHours: 4, monthlyAllowanceCents: 35_000 }))).toEqual([])
      expect(rules(valid({ dailyHours: 4, monthlyAllowanceCents: 34_999 }))).toEqual([['internship_min_allowance', 34_999, 35_000]])
      expect(rules(valid({ dailyHours: 4.25, monthlyAllowanceCents: 35_000 }))).toEqual([['internship_min_allowance', 35_000, 50_000]])
    })
    it('€ 300 when the host is a public administration', () => {
      expect(rules(valid({ host: { isPublicAdministration: true, employees: 40 }, monthlyAllowanceCents: 30_000 }))).toEqual([])
      expect(rules(valid({ host: { isPublicAdministration: true, employees: 40 }, monthlyAllowanceCents: 29_999 }))).toEqual([['internship_min_allowance', 29_999, 30_000]])
    })
  })

  describe('interns per host at once', () => {
    it('0–5 employees → 1; 6–20 → 2; > 20 → 10% rounded down', () => {
      expect([0, 5, 6, 20, 21, 29, 30, 99, 100].map((n) => internsPerHostLimit(L, n))).toEqual([1, 1, 2, 2, 2, 2, 3, 9, 10])
    })
    it('just inside and just outside each band', () => {
      const host = (employees: number, others: number) => rules(valid({ host: { isPublicAdministration: false, employees }, otherInternsAtHost: others }))
      expect(host(5, 0)).toEqual([])
      expect(host(5, 1)).toEqual([['internship_interns_per_host', 2, 1]])
      expect(host(20, 1)).toEqual([])
      expect(host(20, 2)).toEqual([['internship_interns_per_host', 3, 2]])
      expect(host(30, 2)).toEqual([])
      expect(host(30, 3)).toEqual([['internship_interns_per_host', 4, 3]])
    })
    it('needs the host\'s employees', () => {
      expect(rules(valid({ host: { isPublicAdministration: false, employees: null } }))).toEqual([['internship_host_employees_unknown', null, null]])
    })
    it('is not checked before the count is known (the web app as the operator types)', () => {
      expect(rules(valid({ host: { isPublicAdministration: false, employees: 1 }, otherInternsAtHost: null }))).toEqual([])
    })
  })

  describe('interns per host tutor at once: 3', () => {
    it('just inside and just outside', () => {
      expect(rules(valid({ otherInternsOfTutor: 2 }))).toEqual([])
      expect(rules(valid({ otherInternsOfTutor: 3 }))).toEqual([['internship_interns_per_tutor', 4, 3]])
    })
  })

  it('lists every rule broken at once', () => {
    expect(rules(valid({ plannedEndDate: '2027-02-01', monthlyAllowanceCents: 100, otherInternsAtHost: 10, otherInternsOfTutor: 5 })).map(([rule]) => rule)).toEqual([
      'internship_min_duration',
      'internship_min_allowance',
      'internship_interns_per_host',
      'internship_interns_per_tutor',
    ])
  })

  describe('allowance due for a month: full at ≥ 80% of the planned hours, otherwise proportional', () => {
    it('just inside and just outside 80%, in integer cents', () => {
      expect(monthAllowance(L, 50_000, 100 * 60, 80 * 60)).toEqual({ attendancePercent: 80, basis: 'full', allowanceDueCents: 50_000 })
      expect(monthAllowance(L, 50_000, 100 * 60, 80 * 60 - 1)).toEqual({ attendancePercent: 80, basis: 'proportional', allowanceDueCents: 39_992 })
      expect(monthAllowance(L, 50_000, 100 * 60, 0)).toEqual({ attendancePercent: 0, basis: 'proportional', allowanceDueCents: 0 })
      expect(monthAllowance(L, 50_000, 0, 0)).toEqual({ attendancePercent: null, basis: 'none', allowanceDueCents: 0 })
    })
    it('rounds half a cent up, without floating-point drift', () => {
      // 333 × 1 / 2 = 166.5 → 167; 10 000 000 × 44 639 / 44 640 = 9 999 775.98… → 9 999 776
      expect(monthAllowance(L, 333, 2, 1).allowanceDueCents).toBe(167)
      expect(monthAllowance(L, 10_000_000, 44_640, 44_639).basis).toBe('full')
      expect(monthAllowance(L, 10_000_001, 300, 1).allowanceDueCents).toBe(33_333)
    })
  })

  describe('final attestation: total attendance ≥ 70% of planned hours', () => {
    it('just inside and just outside', () => {
      expect(cumulativeAttendance(L, [{ plannedMinutes: 6000, attendedMinutes: 4200 }]).finalAttestationDue).toBe(true)
      expect(cumulativeAttendance(L, [{ plannedMinutes: 3000, attendedMinutes: 3000 }, { plannedMinutes: 3000, attendedMinutes: 1199 }])).toEqual({ plannedMinutes: 6000, attendedMinutes: 4199, attendancePercent: 70, finalAttestationDue: false })
      expect(cumulativeAttendance(L, []).finalAttestationDue).toBe(false)
    })
  })
})
