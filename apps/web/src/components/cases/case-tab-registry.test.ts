import { describe, expect, it } from 'vitest'
import { caseOf, personOf } from '../../../test/case-fixtures'
import { caseTabs, tabsFor } from './case-tab-registry'

describe('the case-page tabs registered by the domains', () => {
  it('are collected from every domain folder, each with its own id and place', () => {
    expect(caseTabs.map((tab) => tab.id)).toEqual(['profile', 'sensitive', 'assessments', 'plan', 'partner-commitments', 'meetings', 'diary', 'referrals', 'matches', 'groups', 'measures', 'supports', 'puc', 'timeline'])
    expect(new Set(caseTabs.map((tab) => tab.order)).size).toBe(caseTabs.length)
  })

  it('give each tab its component and the props it declares', () => {
    const caseItem = caseOf()
    for (const tab of caseTabs) {
      const view = tab.view(caseItem)
      expect(view.component, tab.id).toBeTruthy()
      expect(Object.values(view.props).every((value) => value !== undefined), tab.id).toBe(true)
    }
  })

  it('show a partner the profile, its commitments, the referrals, the candidacies, the pathways and the timeline only', () => {
    const ids = tabsFor({ caseItem: caseOf({ access: 'partner' }), person: null }).map((tab) => tab.id)
    expect(ids).toEqual(['profile', 'partner-commitments', 'referrals', 'matches', 'measures', 'timeline'])
    const staff = tabsFor({ caseItem: caseOf(), person: personOf({ permissions: { canUpdate: true, canReadSensitive: false } }) }).map((tab) => tab.id)
    expect(staff).not.toContain('sensitive')
  })
})
