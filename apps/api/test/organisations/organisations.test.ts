import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, organisations } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()
const db = () => ctx.database.db
const unique = () => Math.random().toString(36).slice(2, 10)
const url = '/api/v1/organisations'

type Response = Awaited<ReturnType<typeof ctx.app.inject>>
function expectProblem(response: Response, status: number) {
  expect(response.statusCode).toBe(status)
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  return response.json()
}

async function platformAdmin(): Promise<TestUser> {
  const platform = await createOrganisation(db(), { kind: 'other', name: `Piattaforma ${unique()}` })
  return createUser(ctx.app, db(), [{ organisationId: platform.id, roles: ['platform_admin', 'org_admin'] }])
}

const create = (user: TestUser, payload: object, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url, headers: { ...user.headers, ...headers }, payload })

const patch = (user: TestUser, id: string, payload: object, ifMatch?: string) =>
  ctx.app.inject({
    method: 'PATCH',
    url: `${url}/${id}`,
    headers: { ...user.headers, 'content-type': 'application/merge-patch+json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    payload: JSON.stringify(payload),
  })

describe('creating organisations', () => {
  it('lets a platform_admin create an organisation, answering 201 with ETag and Location and auditing the fields', async () => {
    const admin = await platformAdmin()
    const response = await create(admin, { kind: 'municipality', name: 'Comune di Valmadrera', taxCode: '00594460136', email: 'servizi.sociali@valmadrera.test' })
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({ kind: 'municipality', name: 'Comune di Valmadrera', taxCode: '00594460136', parentId: null, cooperativeType: null, isActive: true, version: 1 })
    expect(response.headers.etag).toBe('"1"')
    expect(response.headers.location).toBe(`/api/v1/organisations/${body.id}`)
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.resourceType, 'organisation'), eq(auditLog.resourceId, body.id)))
    expect(entry).toMatchObject({ action: 'create', actorUserId: admin.id, organisationId: body.id })
    expect(entry!.changedFields).toEqual(expect.arrayContaining(['kind', 'name', 'taxCode', 'email']))
  })

  it('answers 403 to a signed-in user who is not a platform_admin', async () => {
    const org = await createOrganisation(db())
    const orgAdmin = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['org_admin', 'coordinator'] }])
    const name = `Ente vietato ${unique()}`
    const problem = expectProblem(await create(orgAdmin, { kind: 'other', name }), 403)
    expect(problem.code).toBe('forbidden')
    expect(await db().select().from(organisations).where(eq(organisations.name, name))).toHaveLength(0)
  })

  it('answers 401 as a problem without credentials', async () => {
    expectProblem(await ctx.app.inject({ method: 'POST', url, payload: { kind: 'other', name: 'Senza credenziali' } }), 401)
    expectProblem(await ctx.app.inject({ method: 'GET', url }), 401)
  })

  it('accepts a cooperative under a consortium and a consortium under a district', async () => {
    const admin = await platformAdmin()
    const district = (await create(admin, { kind: 'district', name: `Ambito di Lecco ${unique()}` })).json()
    const consortium = await create(admin, { kind: 'consortium', name: `Consorzio ${unique()}`, parentId: district.id })
    expect(consortium.statusCode).toBe(201)
    const cooperative = await create(admin, { kind: 'cooperative', name: `Cooperativa ${unique()}`, parentId: consortium.json().id, cooperativeType: 'B' })
    expect(cooperative.statusCode).toBe(201)
    expect(cooperative.json()).toMatchObject({ parentId: consortium.json().id, cooperativeType: 'B' })
    const municipality = await create(admin, { kind: 'municipality', name: `Comune ${unique()}`, parentId: district.id })
    expect(municipality.statusCode).toBe(201)
  })

  it('answers 422 naming /parentId when a cooperative is put under a municipality', async () => {
    const admin = await platformAdmin()
    const municipality = await createOrganisation(db(), { kind: 'municipality' })
    const problem = expectProblem(await create(admin, { kind: 'cooperative', name: `Coop ${unique()}`, parentId: municipality.id }), 422)
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/parentId', code: 'parent_kind_not_allowed' })])
  })

  it('answers 422 naming /parentId when the parent does not exist', async () => {
    const admin = await platformAdmin()
    const problem = expectProblem(await create(admin, { kind: 'consortium', name: `Consorzio ${unique()}`, parentId: '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a' }), 422)
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/parentId', code: 'parent_not_found' })])
  })

  it('answers 422 naming /cooperativeType when a non-cooperative has a cooperative type', async () => {
    const admin = await platformAdmin()
    const problem = expectProblem(await create(admin, { kind: 'consortium', name: `Consorzio ${unique()}`, cooperativeType: 'A' }), 422)
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/cooperativeType', code: 'cooperative_type_only_for_cooperatives' })])
  })

  it('answers 409 with the existing id for a tax code already in use', async () => {
    const admin = await platformAdmin()
    const existing = await createOrganisation(db(), { taxCode: '01234567890' })
    const problem = expectProblem(await create(admin, { kind: 'other', name: `Doppione ${unique()}`, taxCode: '01234567890' }), 409)
    expect(problem).toMatchObject({ code: 'duplicate-tax-code', existingId: existing.id })
  })

  it('answers 400 listing the invalid fields of the body', async () => {
    const admin = await platformAdmin()
    const problem = expectProblem(await create(admin, { kind: 'castle', name: 'X', unknown: 1 }), 400)
    const pointers = problem.errors.map((e: { pointer: string }) => e.pointer)
    expect(pointers).toEqual(expect.arrayContaining(['/kind', '/name', '/unknown']))
  })
})

describe('Idempotency-Key on creating organisations', () => {
  it('replays the stored response for the same key and body, creating nothing twice', async () => {
    const admin = await platformAdmin()
    const payload = { kind: 'employment_agency', name: `Agenzia ${unique()}` }
    const first = await create(admin, payload, { 'idempotency-key': 'org-create-1' })
    expect(first.statusCode).toBe(201)
    const second = await create(admin, payload, { 'idempotency-key': 'org-create-1' })
    expect(second.statusCode).toBe(201)
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(second.json()).toEqual(first.json())
    expect(second.headers.etag).toBe(first.headers.etag)
    expect(second.headers.location).toBe(first.headers.location)
    expect(await db().select().from(organisations).where(eq(organisations.name, payload.name))).toHaveLength(1)
  })

  it('answers 409 to the same key with another body', async () => {
    const admin = await platformAdmin()
    expect((await create(admin, { kind: 'other', name: `Primo ${unique()}` }, { 'idempotency-key': 'org-create-2' })).statusCode).toBe(201)
    const name = `Secondo ${unique()}`
    const problem = expectProblem(await create(admin, { kind: 'other', name }, { 'idempotency-key': 'org-create-2' }), 409)
    expect(problem.code).toBe('idempotency-key-reused')
    expect(await db().select().from(organisations).where(eq(organisations.name, name))).toHaveLength(0)
  })
})

describe('reading and updating organisations', () => {
  it('answers an organisation with its ETag to any signed-in user, and 404 as a problem for an unknown id', async () => {
    const org = await createOrganisation(db(), { kind: 'cooperative', cooperativeType: 'A' })
    const caseManager = await createUser(ctx.app, db(), [{ organisationId: (await createOrganisation(db())).id, roles: ['case_manager'] }])
    const response = await ctx.app.inject({ method: 'GET', url: `${url}/${org.id}`, headers: caseManager.headers })
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toBe('"1"')
    expect(response.json()).toMatchObject({ id: org.id, kind: 'cooperative', cooperativeType: 'A' })
    expectProblem(await ctx.app.inject({ method: 'GET', url: `${url}/019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a`, headers: caseManager.headers }), 404)
    expectProblem(await ctx.app.inject({ method: 'GET', url: `${url}/not-a-uuid`, headers: caseManager.headers }), 400)
  })

  it('lets a platform_admin update an organisation with If-Match, bumping the version and auditing the changed fields', async () => {
    const admin = await platformAdmin()
    const org = await createOrganisation(db(), { kind: 'cooperative' })
    const response = await patch(admin, org.id, { name: 'Cooperativa Sociale Il Ponte', cooperativeType: 'B', email: null }, '"1"')
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toBe('"2"')
    expect(response.json()).toMatchObject({ name: 'Cooperativa Sociale Il Ponte', cooperativeType: 'B', version: 2 })
    const entries = await db().select().from(auditLog).where(and(eq(auditLog.resourceType, 'organisation'), eq(auditLog.resourceId, org.id)))
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ action: 'update', actorUserId: admin.id })
    expect(entries[0]!.changedFields?.sort()).toEqual(['cooperativeType', 'name'])
  })

  it('answers 428 without If-Match and 412 with a stale one, changing nothing', async () => {
    const admin = await platformAdmin()
    const org = await createOrganisation(db(), { kind: 'other', name: `Invariato ${unique()}` })
    expect(expectProblem(await patch(admin, org.id, { name: 'Cambiato senza versione' }), 428).code).toBe('if-match-required')
    expect((await patch(admin, org.id, { name: 'Prima modifica' }, '"1"')).statusCode).toBe(200)
    expect(expectProblem(await patch(admin, org.id, { name: 'Seconda modifica' }, '"1"'), 412).code).toBe('version-mismatch')
    const [row] = await db().select().from(organisations).where(eq(organisations.id, org.id))
    expect(row).toMatchObject({ name: 'Prima modifica', version: 2 })
  })

  it('answers 403 to an org_admin updating an organisation, even their own', async () => {
    const org = await createOrganisation(db())
    const orgAdmin = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['org_admin'] }])
    expectProblem(await patch(orgAdmin, org.id, { name: 'Nome nuovo' }, '"1"'), 403)
  })

  it('applies the hierarchy rules on update too', async () => {
    const admin = await platformAdmin()
    const consortium = await createOrganisation(db(), { kind: 'consortium' })
    const district = await createOrganisation(db(), { kind: 'district' })
    const cooperative = await createOrganisation(db(), { kind: 'cooperative' })
    const wrong = expectProblem(await patch(admin, cooperative.id, { parentId: district.id }, '"1"'), 422)
    expect(wrong.errors).toEqual([expect.objectContaining({ pointer: '/parentId', code: 'parent_kind_not_allowed' })])
    const self = expectProblem(await patch(admin, consortium.id, { parentId: consortium.id }, '"1"'), 422)
    expect(self.errors[0].pointer).toBe('/parentId')
    const typed = expectProblem(await patch(admin, district.id, { cooperativeType: 'A' }, '"1"'), 422)
    expect(typed.errors).toEqual([expect.objectContaining({ pointer: '/cooperativeType' })])
    const ok = await patch(admin, cooperative.id, { parentId: consortium.id }, '"1"')
    expect(ok.statusCode).toBe(200)
    expect(ok.json().parentId).toBe(consortium.id)
  })

  it('answers 409 when the new tax code belongs to another organisation', async () => {
    const admin = await platformAdmin()
    const existing = await createOrganisation(db(), { taxCode: '09876543210' })
    const org = await createOrganisation(db())
    expect(expectProblem(await patch(admin, org.id, { taxCode: '09876543210' }, '"1"'), 409).existingId).toBe(existing.id)
  })

  it('answers 422 naming the rule when a platform_admin deactivates the organisation their role comes from, and lets them deactivate another', async () => {
    const platform = await createOrganisation(db(), { kind: 'other' })
    const admin = await createUser(ctx.app, db(), [{ organisationId: platform.id, roles: ['platform_admin'] }])
    const problem = expectProblem(await patch(admin, platform.id, { isActive: false }, '"1"'), 422)
    expect(problem.violations).toEqual([expect.objectContaining({ rule: 'cannot_deactivate_own_platform_organisation' })])
    const other = await createOrganisation(db())
    const response = await patch(admin, other.id, { isActive: false }, '"1"')
    expect(response.statusCode).toBe(200)
    expect(response.json().isActive).toBe(false)
    const inactive = await ctx.app.inject({ method: 'GET', url, query: { isActive: 'false', q: other.name }, headers: admin.headers })
    expect(inactive.json().items.map((o: { id: string }) => o.id)).toEqual([other.id])
  })

  it('answers 415 to a PATCH that is not a merge patch', async () => {
    const admin = await platformAdmin()
    const org = await createOrganisation(db())
    const response = await ctx.app.inject({ method: 'PATCH', url: `${url}/${org.id}`, headers: { ...admin.headers, 'if-match': '"1"' }, payload: { name: 'JSON semplice' } })
    expectProblem(response, 415)
  })
})

describe('the organisation directory', () => {
  it('is readable by any signed-in user, filtered by kind and by a case-insensitive part of the name', async () => {
    const tag = unique()
    await createOrganisation(db(), { kind: 'cooperative', name: `Cooperativa ${tag} Uno` })
    await createOrganisation(db(), { kind: 'consortium', name: `Consorzio ${tag}` })
    const operator = await createUser(ctx.app, db(), [{ organisationId: (await createOrganisation(db(), { kind: 'cooperative' })).id, roles: ['operator'] }])
    const all = await ctx.app.inject({ method: 'GET', url, query: { q: tag.toUpperCase() }, headers: operator.headers })
    expect(all.statusCode).toBe(200)
    expect(all.json().items.map((o: { name: string }) => o.name)).toEqual([`Consorzio ${tag}`, `Cooperativa ${tag} Uno`])
    const coops = await ctx.app.inject({ method: 'GET', url, query: { q: tag, kind: 'cooperative' }, headers: operator.headers })
    expect(coops.json()).toMatchObject({ items: [{ name: `Cooperativa ${tag} Uno` }], nextCursor: null })
  })

  it('takes the pattern characters of q literally', async () => {
    const tag = unique()
    await createOrganisation(db(), { name: `Ente ${tag} 100% sociale` })
    await createOrganisation(db(), { name: `Ente ${tag} 1000 sociale` })
    const user = await platformAdmin()
    const response = await ctx.app.inject({ method: 'GET', url, query: { q: `${tag} 100%` }, headers: user.headers })
    expect(response.json().items.map((o: { name: string }) => o.name)).toEqual([`Ente ${tag} 100% sociale`])
  })

  it('returns every organisation exactly once across pages, in name order', async () => {
    const tag = unique()
    const created = []
    // Two share a name, so the order falls back on the id.
    for (const suffix of ['E', 'B', 'D', 'A', 'C', 'C', 'F']) created.push(await createOrganisation(db(), { kind: 'cooperative', name: `Pagina ${tag} ${suffix}` }))
    const user = await createUser(ctx.app, db(), [{ organisationId: created[0]!.id, roles: ['operator'] }])
    const seen: string[] = []
    const names: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const response: Response = await ctx.app.inject({ method: 'GET', url, query: { q: tag, limit: '3', ...(cursor ? { cursor } : {}) }, headers: user.headers })
      expect(response.statusCode).toBe(200)
      const page = response.json()
      seen.push(...page.items.map((o: { id: string }) => o.id))
      names.push(...page.items.map((o: { name: string }) => o.name))
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(pages).toBe(3)
    expect(seen).toHaveLength(created.length)
    expect(new Set(seen)).toEqual(new Set(created.map((o) => o.id)))
    expect(names).toEqual([...names].sort())
  })

  it('answers 400 as a problem for a forged cursor or a limit out of range', async () => {
    const user = await platformAdmin()
    expectProblem(await ctx.app.inject({ method: 'GET', url, query: { cursor: 'not-a-cursor' }, headers: user.headers }), 400)
    expectProblem(await ctx.app.inject({ method: 'GET', url, query: { cursor: Buffer.from(JSON.stringify(['a', 'b'])).toString('base64url') }, headers: user.headers }), 400)
    expectProblem(await ctx.app.inject({ method: 'GET', url, query: { limit: '500' }, headers: user.headers }), 400)
  })
})
