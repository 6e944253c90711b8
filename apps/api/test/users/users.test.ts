import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, memberships, users } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, signIn, TEST_PASSWORD, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()
const db = () => ctx.database.db
const unique = () => Math.random().toString(36).slice(2, 10)
const usersUrl = (organisationId: string) => `/api/v1/organisations/${organisationId}/users`
const NEW_PASSWORD = 'Ponte-Bridge-2026'

type Response = Awaited<ReturnType<typeof ctx.app.inject>>
function expectProblem(response: Response, status: number) {
  expect(response.statusCode).toBe(status)
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  return response.json()
}

/** An organisation with its org_admin. */
async function organisationWithAdmin() {
  const org = await createOrganisation(db())
  const admin = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['org_admin', 'coordinator'] }])
  return { org, admin }
}

async function platformAdmin() {
  const platform = await createOrganisation(db(), { kind: 'other' })
  return createUser(ctx.app, db(), [{ organisationId: platform.id, roles: ['platform_admin'] }])
}

const add = (caller: TestUser, organisationId: string, payload: object, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: usersUrl(organisationId), headers: { ...caller.headers, ...headers }, payload })

const read = (caller: TestUser, organisationId: string, userId: string) => ctx.app.inject({ method: 'GET', url: `${usersUrl(organisationId)}/${userId}`, headers: caller.headers })

const update = (caller: TestUser, organisationId: string, userId: string, payload: object, ifMatch?: string) =>
  ctx.app.inject({
    method: 'PATCH',
    url: `${usersUrl(organisationId)}/${userId}`,
    headers: { ...caller.headers, 'content-type': 'application/merge-patch+json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    payload: JSON.stringify(payload),
  })

const login = (email: string, password: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` })

const newUser = (roles: string[] = ['case_manager']) => ({ email: `nuovo-${unique()}@test.ponte`, givenName: 'Anna', familyName: 'Brambilla', roles, password: NEW_PASSWORD })

describe('listing an organisation\'s users', () => {
  it('lets the org_admin list the users of their own organisation, filtered by role and by a part of the name or email', async () => {
    const { org, admin } = await organisationWithAdmin()
    const tag = unique()
    const worker = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['case_manager'] }], { givenName: 'Lucia', familyName: `Mondella${tag}` })
    const elsewhere = await createUser(ctx.app, db(), [{ organisationId: (await createOrganisation(db())).id, roles: ['case_manager'] }])
    const all = await ctx.app.inject({ method: 'GET', url: usersUrl(org.id), headers: admin.headers })
    expect(all.statusCode).toBe(200)
    const ids = all.json().items.map((u: { id: string }) => u.id)
    expect(ids.sort()).toEqual([admin.id, worker.id].sort())
    expect(ids).not.toContain(elsewhere.id)
    const byRole = await ctx.app.inject({ method: 'GET', url: usersUrl(org.id), query: { role: 'case_manager' }, headers: admin.headers })
    expect(byRole.json().items).toEqual([expect.objectContaining({ id: worker.id, roles: ['case_manager'], isActive: true, version: 1 })])
    const byName = await ctx.app.inject({ method: 'GET', url: usersUrl(org.id), query: { q: `lucia mondella${tag}` }, headers: admin.headers })
    expect(byName.json().items.map((u: { id: string }) => u.id)).toEqual([worker.id])
    const byEmail = await ctx.app.inject({ method: 'GET', url: usersUrl(org.id), query: { q: admin.email.slice(0, 12).toUpperCase() }, headers: admin.headers })
    expect(byEmail.json().items.map((u: { id: string }) => u.id)).toEqual([admin.id])
  })

  it('returns every member exactly once across pages', async () => {
    const { org, admin } = await organisationWithAdmin()
    const members = [admin.id]
    for (let i = 0; i < 6; i++) members.push((await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['operator'] }])).id)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const response: Response = await ctx.app.inject({ method: 'GET', url: usersUrl(org.id), query: { limit: '2', ...(cursor ? { cursor } : {}) }, headers: admin.headers })
      expect(response.statusCode).toBe(200)
      seen.push(...response.json().items.map((u: { id: string }) => u.id))
      cursor = response.json().nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(pages).toBe(4)
    expect(seen).toHaveLength(members.length)
    expect(new Set(seen)).toEqual(new Set(members))
  })

  it('lets a platform_admin list the users of any organisation', async () => {
    const { org } = await organisationWithAdmin()
    const platform = await platformAdmin()
    expect((await ctx.app.inject({ method: 'GET', url: usersUrl(org.id), headers: platform.headers })).statusCode).toBe(200)
  })

  it('answers 404 as a problem for an organisation that does not exist', async () => {
    const platform = await platformAdmin()
    expectProblem(await ctx.app.inject({ method: 'GET', url: usersUrl('019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'), headers: platform.headers }), 404)
  })
})

describe('who may manage an organisation\'s users', () => {
  it('answers 403 to the org_admin of another organisation and to a case_manager, on every route', async () => {
    const { org, admin } = await organisationWithAdmin()
    const other = await organisationWithAdmin()
    const caseManager = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['case_manager', 'coordinator'] }])
    for (const caller of [other.admin, caseManager]) {
      expectProblem(await ctx.app.inject({ method: 'GET', url: usersUrl(org.id), headers: caller.headers }), 403)
      expectProblem(await add(caller, org.id, newUser()), 403)
      expectProblem(await read(caller, org.id, admin.id), 403)
      expectProblem(await update(caller, org.id, admin.id, { givenName: 'Intruso' }, '"1"'), 403)
    }
    const [row] = await db().select().from(users).where(eq(users.id, admin.id))
    expect(row!.givenName).toBe('Maria')
  })

  it('answers 404 for a user who is not a member of the organisation', async () => {
    const { org, admin } = await organisationWithAdmin()
    const stranger = await createUser(ctx.app, db(), [{ organisationId: (await createOrganisation(db())).id, roles: ['operator'] }])
    expectProblem(await read(admin, org.id, stranger.id), 404)
    expectProblem(await update(admin, org.id, stranger.id, { givenName: 'X' }, '"1"'), 404)
  })
})

describe('adding users', () => {
  it('lets the org_admin add a new user who can then sign in, answering 201 with ETag and Location and auditing without the password', async () => {
    const { org, admin } = await organisationWithAdmin()
    const payload = newUser(['case_manager', 'coordinator'])
    const response = await add(admin, org.id, payload)
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({ email: payload.email, givenName: 'Anna', familyName: 'Brambilla', roles: ['case_manager', 'coordinator'], isActive: true, version: 1, lastLoginAt: null })
    expect(body).not.toHaveProperty('password')
    expect(body).not.toHaveProperty('passwordHash')
    expect(response.headers.etag).toBe('"1"')
    expect(response.headers.location).toBe(`${usersUrl(org.id)}/${body.id}`)

    const signedIn = await login(payload.email, NEW_PASSWORD)
    expect(signedIn.statusCode).toBe(200)
    expect(signedIn.json().user.memberships).toEqual([expect.objectContaining({ organisationId: org.id, roles: ['case_manager', 'coordinator'] })])

    const entries = await db().select().from(auditLog).where(and(eq(auditLog.resourceType, 'user'), eq(auditLog.resourceId, body.id)))
    expect(entries.map((e) => e.action).sort()).toEqual(['add_membership', 'create'])
    for (const entry of entries) {
      expect(entry).toMatchObject({ actorUserId: admin.id, organisationId: org.id })
      expect(entry.changedFields?.length).toBeGreaterThan(0)
      expect(entry.changedFields).not.toContain('password')
      expect(entry.changedFields).not.toContain('passwordHash')
      expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD)
    }
  })

  it('adds the membership to an existing user found by email in any case, without needing a password', async () => {
    const { org, admin } = await organisationWithAdmin()
    const existing = await createUser(ctx.app, db(), [{ organisationId: (await createOrganisation(db())).id, roles: ['operator'] }])
    const response = await add(admin, org.id, { email: existing.email.toUpperCase(), givenName: 'Altro', familyName: 'Nome', roles: ['facilitator'] })
    expect(response.statusCode).toBe(201)
    expect(response.json()).toMatchObject({ id: existing.id, email: existing.email, givenName: 'Maria', roles: ['facilitator'] })
    expect(await db().select().from(users).where(sql`lower(${users.email}) = ${existing.email}`)).toHaveLength(1)
    expect(await db().select().from(memberships).where(eq(memberships.userId, existing.id))).toHaveLength(2)
    // The password sent for an existing user is ignored: the old one still works.
    expect((await login(existing.email, TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('answers 409 with the existing id when the user is already a member', async () => {
    const { org, admin } = await organisationWithAdmin()
    const member = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['operator'] }])
    const problem = expectProblem(await add(admin, org.id, { email: member.email, givenName: 'Maria', familyName: 'Rossi', roles: ['operator'] }), 409)
    expect(problem).toMatchObject({ code: 'already-member', existingId: member.id })
    expect(JSON.stringify(problem)).not.toContain(member.email)
  })

  it('answers 400 naming /password when a new user has no password', async () => {
    const { org, admin } = await organisationWithAdmin()
    const { password: _password, ...payload } = newUser()
    const problem = expectProblem(await add(admin, org.id, payload), 400)
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/password' })])
    expect(await db().select().from(users).where(eq(users.email, payload.email))).toHaveLength(0)
  })

  it('answers 422 naming /password when the password breaks the policy', async () => {
    const { org, admin } = await organisationWithAdmin()
    const noDigits = expectProblem(await add(admin, org.id, { ...newUser(), password: 'solamente-lettere' }), 422)
    expect(noDigits.errors).toEqual([expect.objectContaining({ pointer: '/password', code: 'needs_letters_and_digits' })])
    const payload = newUser()
    const withEmail = expectProblem(await add(admin, org.id, { ...payload, password: `${payload.email.split('@')[0]}-1234` }), 422)
    expect(withEmail.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/password', code: 'contains_email' })]))
    const tooShort = expectProblem(await add(admin, org.id, { ...newUser(), password: 'abc12' }), 400)
    expect(tooShort.errors).toEqual([expect.objectContaining({ pointer: '/password' })])
  })

  it('answers 403 when an org_admin tries to grant platform_admin, and lets a platform_admin grant it', async () => {
    const { org, admin } = await organisationWithAdmin()
    const payload = newUser(['platform_admin'])
    expectProblem(await add(admin, org.id, payload), 403)
    expect(await db().select().from(users).where(eq(users.email, payload.email))).toHaveLength(0)
    const platform = await platformAdmin()
    const granted = await add(platform, org.id, payload)
    expect(granted.statusCode).toBe(201)
    expect(granted.json().roles).toEqual(['platform_admin'])
  })
})

describe('Idempotency-Key on adding users', () => {
  it('replays the stored response for the same key and body, creating nothing twice', async () => {
    const { org, admin } = await organisationWithAdmin()
    const payload = newUser()
    const first = await add(admin, org.id, payload, { 'idempotency-key': 'add-user-1' })
    expect(first.statusCode).toBe(201)
    const second = await add(admin, org.id, payload, { 'idempotency-key': 'add-user-1' })
    expect(second.statusCode).toBe(201)
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(second.json()).toEqual(first.json())
    expect(second.headers.etag).toBe('"1"')
    expect(await db().select().from(users).where(eq(users.email, payload.email))).toHaveLength(1)
    expect(await db().select().from(memberships).where(eq(memberships.userId, first.json().id))).toHaveLength(1)
  })

  it('answers 409 to the same key with another body', async () => {
    const { org, admin } = await organisationWithAdmin()
    expect((await add(admin, org.id, newUser(), { 'idempotency-key': 'add-user-2' })).statusCode).toBe(201)
    const other = newUser()
    expect(expectProblem(await add(admin, org.id, other, { 'idempotency-key': 'add-user-2' }), 409).code).toBe('idempotency-key-reused')
    expect(await db().select().from(users).where(eq(users.email, other.email))).toHaveLength(0)
  })
})

describe('updating users', () => {
  it('lets the org_admin change names and roles with If-Match, bumping the membership version and auditing the changed fields', async () => {
    const { org, admin } = await organisationWithAdmin()
    const member = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['operator'] }])
    const before = await read(admin, org.id, member.id)
    expect(before.headers.etag).toBe('"1"')
    const response = await update(admin, org.id, member.id, { familyName: 'Tramaglino', roles: ['operator', 'facilitator'] }, before.headers.etag as string)
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toBe('"2"')
    expect(response.json()).toMatchObject({ id: member.id, familyName: 'Tramaglino', roles: ['operator', 'facilitator'], version: 2 })
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.resourceId, member.id), eq(auditLog.action, 'update')))
    expect(entry).toMatchObject({ resourceType: 'user', organisationId: org.id, actorUserId: admin.id })
    expect(entry!.changedFields?.sort()).toEqual(['familyName', 'roles'])
    expect((await read(admin, org.id, member.id)).json()).toMatchObject({ familyName: 'Tramaglino', version: 2 })
  })

  it('answers 428 without If-Match and 412 with a stale one, changing nothing', async () => {
    const { org, admin } = await organisationWithAdmin()
    const member = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['operator'] }])
    expectProblem(await update(admin, org.id, member.id, { roles: ['auditor'] }), 428)
    expect((await update(admin, org.id, member.id, { givenName: 'Renzo' }, '"1"')).statusCode).toBe(200)
    expectProblem(await update(admin, org.id, member.id, { givenName: 'Agnese', roles: ['auditor'] }, '"1"'), 412)
    expect((await read(admin, org.id, member.id)).json()).toMatchObject({ givenName: 'Renzo', roles: ['operator'], version: 2 })
  })

  it('answers 422 naming the rule when an org_admin removes their own org_admin role or deactivates themselves', async () => {
    const { org, admin } = await organisationWithAdmin()
    const demoted = expectProblem(await update(admin, org.id, admin.id, { roles: ['coordinator'] }, '"1"'), 422)
    expect(demoted.violations).toEqual([expect.objectContaining({ rule: 'cannot_remove_own_admin_role', value: 'org_admin' })])
    const deactivated = expectProblem(await update(admin, org.id, admin.id, { isActive: false }, '"1"'), 422)
    expect(deactivated.violations).toEqual([expect.objectContaining({ rule: 'cannot_deactivate_self' })])
    const [membership] = await db().select().from(memberships).where(eq(memberships.userId, admin.id))
    expect(membership).toMatchObject({ roles: ['org_admin', 'coordinator'], isActive: true, version: 1 })
    // Changing their other roles is fine.
    expect((await update(admin, org.id, admin.id, { roles: ['org_admin'] }, '"1"')).statusCode).toBe(200)
  })

  it('answers 403 when an org_admin grants or removes platform_admin', async () => {
    const { org, admin } = await organisationWithAdmin()
    const member = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['operator'] }])
    expectProblem(await update(admin, org.id, member.id, { roles: ['operator', 'platform_admin'] }, '"1"'), 403)
    const platformMember = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['platform_admin'] }])
    expectProblem(await update(admin, org.id, platformMember.id, { roles: ['operator'] }, '"1"'), 403)
  })

  it('stops a deactivated member\'s access token at once when no active membership is left', async () => {
    const { org, admin } = await organisationWithAdmin()
    const member = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['case_manager'] }])
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: member.headers })).statusCode).toBe(200)
    const response = await update(admin, org.id, member.id, { isActive: false }, '"1"')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ isActive: false, version: 2 })
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: member.headers }), 401)
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: member.headers }), 401)
    // Reactivated, the same session works again.
    expect((await update(admin, org.id, member.id, { isActive: true }, '"2"')).statusCode).toBe(200)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: member.headers })).statusCode).toBe(200)
  })

  it('takes away the roles of a deactivated membership at once while the other memberships keep working', async () => {
    const { org, admin } = await organisationWithAdmin()
    const other = await createOrganisation(db())
    const member = await createUser(ctx.app, db(), [
      { organisationId: org.id, roles: ['org_admin'] },
      { organisationId: other.id, roles: ['org_admin'] },
    ])
    expect((await ctx.app.inject({ method: 'GET', url: usersUrl(org.id), headers: member.headers })).statusCode).toBe(200)
    expect((await update(admin, org.id, member.id, { isActive: false }, '"1"')).statusCode).toBe(200)
    expectProblem(await ctx.app.inject({ method: 'GET', url: usersUrl(org.id), headers: member.headers }), 403)
    expect((await ctx.app.inject({ method: 'GET', url: usersUrl(other.id), headers: member.headers })).statusCode).toBe(200)
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: member.headers })
    expect(me.json().memberships.map((m: { organisationId: string }) => m.organisationId)).toEqual([other.id])
  })

  it('resets a password under the policy, ends the user\'s sessions and audits the reset without the password', async () => {
    const { org, admin } = await organisationWithAdmin()
    const member = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['operator'] }])
    const weak = expectProblem(await update(admin, org.id, member.id, { password: 'soltanto-lettere' }, '"1"'), 422)
    expect(weak.errors).toEqual([expect.objectContaining({ pointer: '/password' })])
    const response = await update(admin, org.id, member.id, { password: NEW_PASSWORD }, '"1"')
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toBe('"2"')
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: member.headers }), 401)
    expect((await login(member.email, TEST_PASSWORD)).statusCode).toBe(401)
    expect((await login(member.email, NEW_PASSWORD)).statusCode).toBe(200)
    const entries = await db().select().from(auditLog).where(eq(auditLog.resourceId, member.id))
    expect(entries.map((e) => e.action)).toContain('reset_password')
    for (const entry of entries) {
      expect(entry.changedFields ?? []).not.toContain('password')
      expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD)
    }
  })

  it('answers 403 when an org_admin resets the password of a user who has roles in another organisation', async () => {
    const { org, admin } = await organisationWithAdmin()
    const member = await createUser(ctx.app, db(), [
      { organisationId: org.id, roles: ['operator'] },
      { organisationId: (await createOrganisation(db())).id, roles: ['coordinator'] },
    ])
    expectProblem(await update(admin, org.id, member.id, { password: NEW_PASSWORD }, '"1"'), 403)
    expect((await login(member.email, TEST_PASSWORD)).statusCode).toBe(200)
    // A second session of the same user is untouched as well.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: await signIn(ctx.app, db(), member.id) })).statusCode).toBe(200)
  })

  it('answers 400 listing an unknown field of a merge patch', async () => {
    const { org, admin } = await organisationWithAdmin()
    const problem = expectProblem(await update(admin, org.id, admin.id, { email: 'altro@test.ponte' }, '"1"'), 400)
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/email' })])
  })
})
