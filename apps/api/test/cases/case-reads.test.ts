/**
 * How many times a request reads the case row: the access gate resolves the case once
 * (`request.caseScope`) and the use case takes that scope instead of loading the case again
 * (ADR 0017). Every statement the database pool runs while the request is served is counted.
 */
import type pg from 'pg'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import { createCase } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()
let coordinator: TestUser
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
 * Statements that load a case: a select from the cases table. (A list may join its rows' case for
 * their own fields, e.g. a referral's person; that is the list's query, not a load of the case.)
 */
const readsOfCases = (statements: string[]) => statements.filter((s) => /^\s*select\b/i.test(s) && /\bfrom\s+"cases"/i.test(outermost(s)))

/** The statement without its parenthesised parts (subqueries, function arguments): its own FROM clause. */
function outermost(statement: string): string {
  let text = statement
  for (let previous = ''; previous !== text; ) [previous, text] = [text, text.replace(/\([^()]*\)/g, '')]
  return text
}

beforeAll(async () => {
  const db = ctx.database.db
  const municipality = (await createOrganisation(db)).id
  coordinator = await createUser(ctx.app, db, [{ organisationId: municipality, roles: ['coordinator'] }])
  const caseManager = await createUser(ctx.app, db, [{ organisationId: municipality, roles: ['case_manager'] }])
  caseId = (await createCase(db, { municipalityId: municipality, caseManagerId: caseManager.id, status: 'active' })).id
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
})
