import type { Membership } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { createAppContext, json, me, membership, problem, session, stubFetch } from '../../test/helpers'
import { useSessionStore } from '../stores/session'
import { safeRedirect } from './guards'

/** A router whose start-up session renewal answers with this user (or none). */
async function routerFor(memberships: Membership[] | null) {
  stubFetch(() => (memberships ? json(200, session(me(memberships))) : problem(401, { code: 'unauthorized' })))
  const context = createAppContext()
  return context
}

const at = (context: Awaited<ReturnType<typeof routerFor>>) => context.router.currentRoute.value

describe('route guards', () => {
  it('sends signed-out users to the login page with a redirect back', async () => {
    const context = await routerFor(null)
    await context.router.push('/admin/users')
    expect(at(context).name).toBe('login')
    expect(at(context).query.redirect).toBe('/admin/users')
  })

  it('lets signed-out users open the login page and unknown addresses', async () => {
    const context = await routerFor(null)
    await context.router.push('/login')
    expect(at(context).name).toBe('login')
    await context.router.push('/no/such/page')
    expect(at(context).name).toBe('not-found')
  })

  it('sends a signed-in user away from the login page, to the redirect when there is one', async () => {
    const context = await routerFor([membership('Comune di Valmadrera', ['coordinator'])])
    await context.router.push('/login?redirect=/admin/organisations')
    // The redirect target itself is then guarded: a coordinator may not manage organisations.
    expect(at(context).name).toBe('forbidden')
    await context.router.push('/login')
    expect(at(context).name).toBe('home')
  })

  it('opens the users page to the org_admin of the active organisation', async () => {
    const context = await routerFor([membership('Cooperativa Lavoro', ['org_admin'])])
    await context.router.push('/admin/users')
    expect(at(context).name).toBe('admin-users')
  })

  it('shows the forbidden page to roles that may not manage users', async () => {
    for (const role of ['coordinator', 'case_manager', 'operator', 'facilitator', 'puc_manager', 'auditor'] as const) {
      const context = await routerFor([membership('Comune di Valmadrera', [role])])
      await context.router.push('/admin/users')
      expect(at(context).name, role).toBe('forbidden')
      expect(at(context).query.from).toBe('/admin/users')
    }
  })

  it('applies the roles of the active organisation, not of the others', async () => {
    const context = await routerFor([membership('Comune di Valmadrera', ['case_manager'], 'org-a'), membership('Comune di Civate', ['org_admin'], 'org-b')])
    await context.router.push('/admin/users')
    expect(at(context).name).toBe('forbidden')
    useSessionStore().selectOrganisation('org-b')
    await context.router.push('/admin/users')
    expect(at(context).name).toBe('admin-users')
  })

  it('opens organisations management to platform admins only, whichever organisation is active', async () => {
    const admin = await routerFor([membership('Comune di Valmadrera', ['coordinator']), membership('Ponte', ['platform_admin'])])
    await admin.router.push('/admin/organisations')
    expect(at(admin).name).toBe('admin-organisations')
    await admin.router.push('/admin/organisations/org-x/users')
    expect(at(admin).name).toBe('admin-organisation-users')
    await admin.router.push('/admin/users')
    expect(at(admin).name).toBe('admin-users')

    const orgAdmin = await routerFor([membership('Cooperativa Lavoro', ['org_admin'])])
    await orgAdmin.router.push('/admin/organisations')
    expect(at(orgAdmin).name).toBe('forbidden')
    await orgAdmin.router.push('/admin/organisations/org-x/users')
    expect(at(orgAdmin).name).toBe('forbidden')
  })

  it('titles each page with the route title and the app name', async () => {
    const context = await routerFor([membership('Cooperativa Lavoro', ['org_admin'])])
    await context.router.push('/admin/users')
    expect(document.title).toBe('Utenti – Ponte')
    await context.router.push('/')
    expect(document.title).toBe('Pagina iniziale – Ponte')
  })

  it('follows only redirects inside the app', () => {
    expect(safeRedirect('/admin/users?q=x')).toBe('/admin/users?q=x')
    expect(safeRedirect('//evil.example/phish')).toBeNull()
    expect(safeRedirect('/\\evil.example')).toBeNull()
    expect(safeRedirect('https://evil.example')).toBeNull()
    expect(safeRedirect(undefined)).toBeNull()
  })
})
