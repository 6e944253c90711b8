import type { Role } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { createAppContext, json, me, membership, session, stubFetch } from '../../test/helpers'

/** Where each page of cases lands for a user holding `roles` in the active organisation. */
async function landing(roles: Role[], path: string) {
  stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([membership('Ente', roles)]))) : json(200, { items: [], nextCursor: null })))
  const context = createAppContext()
  await context.router.push(path)
  return context.router.currentRoute.value.name
}

describe('access to the pages of cases', () => {
  it.each([
    ['coordinator', { '/cases': 'cases', '/persons/new': 'person-new', '/cases/new': 'case-new', '/referrals': 'forbidden' }],
    ['case_manager', { '/cases': 'cases', '/persons/new': 'person-new', '/cases/new': 'case-new', '/referrals': 'forbidden' }],
    ['operator', { '/cases': 'cases', '/persons/new': 'forbidden', '/cases/new': 'forbidden', '/referrals': 'referrals' }],
    ['facilitator', { '/cases': 'forbidden', '/persons/new': 'forbidden', '/cases/new': 'forbidden', '/referrals': 'forbidden' }],
    ['org_admin', { '/cases': 'forbidden', '/persons/new': 'forbidden', '/cases/new': 'forbidden', '/referrals': 'forbidden' }],
    ['platform_admin', { '/cases': 'forbidden', '/persons/new': 'forbidden', '/cases/new': 'forbidden', '/referrals': 'forbidden' }],
  ] as const)('%s', async (role, expected) => {
    for (const [path, name] of Object.entries(expected)) {
      expect(await landing([role], path), `${role} ${path}`).toBe(name)
    }
  })
})
