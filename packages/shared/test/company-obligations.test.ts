import { describe, expect, it } from 'vitest'
import { disabledQuotaBand, disabledWorkersQuota, internsHostableAtOnce } from '../src/index.js'

describe('interns a host may have at once (DOMAIN.md §3)', () => {
  it.each([
    [0, 1], [1, 1], [5, 1],
    [6, 2], [20, 2],
    [21, 2], [29, 2], [30, 3], [99, 9], [100, 10], [250, 25],
  ])('%i employees → %i', (employees, interns) => expect(internsHostableAtOnce(employees)).toBe(interns))
})

describe('L. 68/1999 quota of disabled workers', () => {
  it.each([
    [0, 0, 'none'], [14, 0, 'none'],
    [15, 1, 'one'], [35, 1, 'one'],
    [36, 2, 'two'], [50, 2, 'two'],
    [51, 4, 'seven_percent'], // 3.57 → a fraction above one half counts
    [64, 4, 'seven_percent'], // 4.48
    [65, 5, 'seven_percent'], // 4.55
    [100, 7, 'seven_percent'],
    [150, 10, 'seven_percent'], // 10.50: exactly one half does not count
    [1000, 70, 'seven_percent'],
  ])('%i employees → %i (%s)', (employees, quota, band) => {
    expect(disabledWorkersQuota(employees)).toBe(quota)
    expect(disabledQuotaBand(employees)).toBe(band)
  })
})
