import type { Role } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { createAppContext, membership, mountWithApp } from '../../../test/helpers'
import HomeRoleCard from './HomeRoleCard.vue'

describe('the welcome card of a role', () => {
  it('says the areas are still to come only for the roles whose areas are not built yet', () => {
    const cases: [Role, boolean][] = [
      ['puc_manager', true],
      ['facilitator', false],
      ['case_manager', false],
      ['coordinator', false],
      ['operator', false],
      ['auditor', false],
    ]
    for (const [role, stillToCome] of cases) {
      const wrapper = mountWithApp(HomeRoleCard, createAppContext(), { props: { role, membership: membership('Comune di Valmadrera', [role]) } })
      expect(wrapper.text().includes('compariranno qui'), role).toBe(stillToCome)
      wrapper.unmount()
    }
  })
})
