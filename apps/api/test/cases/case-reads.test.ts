/**
 * How many times a request reads the case row: the access gate resolves the case once
 * (`request.caseScope`) and the use case takes that scope instead of loading the case again
 * (ADR 0017). Every statement the database pool runs while the request is served is counted.
 */
import { and, eq } from 'drizzle-orm'
import type pg from 'pg'
import { auditLog } from '../../src/db/schema/index.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import { createCase } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()
let coordinator: TestUser
let outsider: TestUser
let municipality = ''
let caseId = ''

/** The SQL text of every statement run through the pool while `work` runs. */
async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = []
  const wrapped = new WeakSet<pg.PoolClient>()
  const wrap = (client: pg.PoolClient) => {
    if (wrapped.has(client)) return
    wrapped.add(client)
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    client.query = ((...args: unknown[]) => {
      if (recording) {
        const first = args[0]
        seen.push(typeof first === 'string' ? first : String((first as { text?: string }).text ?? ''))
      }
      return query(...args)
    }) as typeof client.query
  }
  let recording = true
  ctx.database.pool.on('acquire', wrap)
  try {
    await work()
  } finally {
    recording = false
    ctx.database.pool.off('acquire', wrap)
  }
  return seen
}

/**
 * Statements that load a case: a select from the cases table, in the statement itself or in one of
 * its top-level CTEs (the gate of `GET /cases/{id}` reads the case in a CTE). A list may join its
 * rows' case for their own fields, e.g. a referral's person; that is the list's query, not a load
 * of the case.
 */
const readsOfCases = (statements: string[]) =>
  statements.filter((s) => (/^\s*select\b/i.test(s) && /\bfrom\s+"cases"/i.test(outermost(s))) || cteBodies(s).some((body) => /^\s*select\b/i.test(body) && /\bfrom\s+"cases"/i.test(outermost(body))))

/** The bodies of a `with` statement's top-level CTEs (`name as (body)`). */
function cteBodies(statement: string): string[] {
  if (!/^\s*with\b/i.test(statement)) return []
  const bodies: string[] = []
  let depth = 0
  let start = -1
  for (let i = 0; i < statement.length; i++) {
    const char = statement[i]
    if (char === '(') {
      if (depth === 0 && /\bas\s*$/i.test(statement.slice(0, i))) start = i + 1
      depth++
    } else if (char === ')') {
      depth--
      if (depth === 0 && start >= 0) {
        bodies.push(statement.slice(start, i))
        start = -1
      }
    }
  }
  return bodies
}

/** The statement without its parenthesised parts (subqueries, function arguments): its own FROM clause. */
function outermost(statement: string): string {
  let text = statement
  for (let previous = ''; previous !== text; ) [previous, text] = [text, text.replace(/\([^()]*\)/g, '')]
  return text
}

beforeAll(async () => {
  const db = ctx.database.db
  municipality = (await createOrganisation(db)).id
  coordinator = await createUser(ctx.app, db, [{ organisationId: municipality, roles: ['coordinator'] }])
  outsider = await createUser(ctx.app, db, [{ organisationId: (await createOrganisation(db)).id, roles: ['coordinator'] }])
  const caseManager = await createUser(ctx.app, db, [{ organisationId: municipality, roles: ['case_manager'] }])
  caseId = (await createCase(db, { municipalityId: municipality, caseManagerId: caseManager.id, status: 'active' })).id
  for (let i = 0; i < 2; i++) await createCase(db, { municipalityId: municipality, caseManagerId: caseManager.id, status: 'active' })
})

describe('reading a case', () => {
  it('GET /cases/{caseId} reads the case row once (the gate\'s read is the use case\'s)', async () => {
    let statusCode = 0
    const statements = await statementsDuring(async () => {
      statusCode = (await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: coordinator.headers })).statusCode
    })
    expect(statusCode).toBe(200)
    expect(statements.length).toBeGreaterThan(0)
    expect(readsOfCases(statements)).toHaveLength(1)
  })

  it('a case sub-resource list reads the case row once too (the use case takes the gate\'s scope)', async () => {
    const lists = ['timeline', 'assignments', 'assessments', 'plans', 'meetings', 'diary-notes', 'economic-supports', 'referrals', 'measures', 'matches', 'puc-assignments', 'group-participations', 'partner-commitments']
    for (const path of lists) {
      let statusCode = 0
      const statements = await statementsDuring(async () => {
        statusCode = (await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/${path}`, headers: coordinator.headers })).statusCode
      })
      expect(statusCode, path).toBe(200)
      expect(readsOfCases(statements), path).toHaveLength(1)
    }
  })

  it('GET /cases/{caseId} writes one read entry of the case (with the read), none when it answers 400 or 404', async () => {
    const entries = async () =>
      (await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceType, 'case'), eq(auditLog.resourceId, caseId), eq(auditLog.action, 'read'))))
    const before = (await entries()).length
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: coordinator.headers })
    expect(read.statusCode).toBe(200)
    const after = await entries()
    expect(after).toHaveLength(before + 1)
    expect(after.at(-1)).toMatchObject({ actorUserId: coordinator.id, organisationId: municipality, channel: 'staff', requestId: read.headers['request-id'] })

    const invalid = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}?unknown=1`, headers: coordinator.headers })
    expect(invalid.statusCode).toBe(400)
    const hidden = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: outsider.headers })
    expect(hidden.statusCode).toBe(404)
    expect(await entries()).toHaveLength(before + 1)
  })

  it('GET /cases writes one list entry per case of the page, with the page (not the row that only tells another page follows)', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/cases?limit=2', headers: coordinator.headers })
    expect(response.statusCode).toBe(200)
    const page = response.json() as { items: { id: string }[]; nextCursor: string | null }
    expect(page.items).toHaveLength(2)
    expect(page.nextCursor).not.toBeNull()
    const entries = await ctx.database.db.select().from(auditLog).where(eq(auditLog.requestId, String(response.headers['request-id'])))
    expect(entries.map((e) => e.resourceId).sort()).toEqual(page.items.map((i) => i.id).sort())
    for (const entry of entries) expect(entry).toMatchObject({ action: 'list', resourceType: 'case', actorUserId: coordinator.id, organisationId: municipality, channel: 'staff' })

    const invalid = await ctx.app.inject({ method: 'GET', url: '/api/v1/cases?limit=2&unknown=1', headers: coordinator.headers })
    expect(invalid.statusCode).toBe(400)
    expect(await ctx.database.db.select().from(auditLog).where(eq(auditLog.requestId, String(invalid.headers['request-id'])))).toHaveLength(0)
  })
})
