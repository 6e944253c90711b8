import { describe, expect, it } from 'vitest'
import { COMPANY_STATUS_TRANSITIONS, isCompanyTransitionAllowed, isMatchTransitionAllowed, MATCH_STATUSES, MATCH_TRANSITIONS, type MatchStatus } from '../src/index.js'

describe('the candidate pipeline', () => {
  it('moves one step forward along proposed → cv_sent → interview → trial → hired', () => {
    expect(isMatchTransitionAllowed('proposed', 'cv_sent')).toBe(true)
    expect(isMatchTransitionAllowed('cv_sent', 'interview')).toBe(true)
    expect(isMatchTransitionAllowed('interview', 'trial')).toBe(true)
    expect(isMatchTransitionAllowed('trial', 'hired')).toBe(true)
  })

  it('may hire straight after the interview, never skip the CV or the interview', () => {
    expect(isMatchTransitionAllowed('interview', 'hired')).toBe(true)
    expect(isMatchTransitionAllowed('proposed', 'interview')).toBe(false)
    expect(isMatchTransitionAllowed('proposed', 'hired')).toBe(false)
    expect(isMatchTransitionAllowed('cv_sent', 'trial')).toBe(false)
    expect(isMatchTransitionAllowed('cv_sent', 'hired')).toBe(false)
  })

  it('lets a candidate out (rejected or withdrawn) from every open stage and never back', () => {
    for (const from of ['proposed', 'cv_sent', 'interview', 'trial'] as MatchStatus[]) {
      expect(isMatchTransitionAllowed(from, 'rejected')).toBe(true)
      expect(isMatchTransitionAllowed(from, 'withdrawn')).toBe(true)
    }
    for (const from of ['hired', 'rejected', 'withdrawn'] as MatchStatus[]) expect(MATCH_TRANSITIONS[from]).toEqual([])
  })

  it('never moves backwards', () => {
    const order = MATCH_STATUSES.slice(0, 5)
    for (const [i, from] of order.entries()) for (const to of order.slice(0, i + 1)) expect(isMatchTransitionAllowed(from, to), `${from} → ${to}`).toBe(false)
  })
})

describe('the company relationship status', () => {
  it('moves forward one step at a time and becomes inactive from anywhere', () => {
    expect(isCompanyTransitionAllowed('prospect', 'contacted')).toBe(true)
    expect(isCompanyTransitionAllowed('prospect', 'partner')).toBe(false)
    expect(isCompanyTransitionAllowed('contacted', 'available')).toBe(true)
    expect(isCompanyTransitionAllowed('available', 'partner')).toBe(true)
    for (const from of ['prospect', 'contacted', 'available', 'partner'] as const) expect(COMPANY_STATUS_TRANSITIONS[from]).toContain('inactive')
  })

  it('takes an inactive company up again as contacted', () => {
    expect(COMPANY_STATUS_TRANSITIONS.inactive).toEqual(['contacted'])
  })
})
