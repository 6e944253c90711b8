import type { Role } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { createAppContext, membership, mountWithApp } from '../../../test/helpers'
import HomeRoleCard from './HomeRoleCard.vue'

describe('the welcome card of a role', () => {
  it('no longer says the areas of any role are still to come: every area is built', () => {
    const roles: Role[] = ['puc_manager', 'facilitator', 'case_manager', 'coordinator', 'operator', 'auditor']
    for (const role of roles) {
      const wrapper = mountWithApp(HomeRoleCard, createAppContext(), { props: { role, membership: membership('Comune di Valmadrera', [role]) } })
      expect(wrapper.text().includes('compariranno qui'), role).toBe(false)
      wrapper.unmount()
    }
  })
})
