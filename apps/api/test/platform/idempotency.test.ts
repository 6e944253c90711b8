/**
 * Idempotency-Key is atomic with the write (issue 8 §2): the key's outcome is stored in the write's
 * own transaction. Each step of an idempotent request is broken in turn — the database connection
 * killed (what PostgreSQL sees when the API process is killed), the response lost after the commit —
 * and a retry with the same key must then create exactly one record and learn its id.
 */
import { computeTaxCode } from '@ponte/shared'
import { eq, sql } from 'drizzle-orm'
import type { FastifyRequest } from 'fastify'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { idempotencyKeys, persons } from '../../src/db/schema/index.js'
import { canonicalJson, type IdempotencyFaults } from '../../src/plugins/idempotency.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const faults: { current: IdempotencyFaults } = { current: {} }
const ctx = useTestContext(
  {},
  {
    idempotencyFaults: {
      locked: (request) => faults.current.locked?.(request) ?? Promise.resolve(),
      beforeCommit: (request) => faults.current.beforeCommit?.(request) ?? Promise.resolve(),
      afterCommit: (request) => faults.current.afterCommit?.(request) ?? Promise.resolve(),
    },
  },
)
let coordinator: TestUser
let municipalityId: string
let serial = 0

beforeAll(async () => {
  municipalityId = (await createOrganisation(ctx.database.db, { kind: 'municipality' })).id
  coordinator = await createUser(ctx.app, ctx.database.db, [{ organisationId: municipalityId, roles: ['coordinator'] }])
})
beforeEach(() => {
  faults.current = {}
})

/** A new person's body (its own tax code) and the key to post it with. */
function newPerson() {
  serial++
  const data = { givenName: 'Teodora', familyName: `Ripamonti`, birthDate: '1979-03-14', sex: 'F' as const }
  const body = { ...data, taxCode: computeTaxCode({ ...data, birthPlaceCode: `E${String(100 + serial).padStart(3, '0')}` }) }
  return { body, key: `key-${serial}-${Math.random().toString(36).slice(2)}` }
}
const post = (body: object, key: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/persons', headers: { ...coordinator.headers, 'idempotency-key': key }, payload: body })
const personsWith = async (taxCode: string) => ctx.database.db.select({ id: persons.id }).from(persons).where(eq(persons.taxCode, taxCode))
const storedKeys = async (key: string) => ctx.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))

/** Kills the request's own database connection, as the death of the API process would. */
async function killConnection(request: FastifyRequest) {
  await ctx.database.pool.query('select pg_terminate_backend($1)', [request.idempotency!.backendPid])
}

describe('an idempotent POST broken at each step', () => {
  it('connection killed after the key is locked, before the write: nothing is stored, the retry creates the record once', async () => {
    const { body, key } = newPerson()
    faults.current = { locked: killConnection }
    const broken = await post(body, key)
    // A lost database connection is a 503 problem+json with Retry-After, not a 500.
    expect(broken.statusCode, broken.body).toBe(503)
    expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(broken.headers['retry-after']).toBeDefined()
    expect(broken.json()).toMatchObject({ status: 503, code: 'service-unavailable' })
    expect(await personsWith(body.taxCode)).toEqual([])
    expect(await storedKeys(key)).toEqual([])
    faults.current = {}
    const retry = await post(body, key)
    expect(retry.statusCode).toBe(201)
    expect(await personsWith(body.taxCode)).toEqual([{ id: retry.json().id }])
  })

  it('connection killed after the write, before the commit: neither the record nor the key is left, the retry is not "in progress"', async () => {
    const { body, key } = newPerson()
    faults.current = { beforeCommit: killConnection }
    const broken = await post(body, key)
    expect(broken.statusCode).toBe(503)
    expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(broken.headers['retry-after']).toBeDefined()
    expect(Object.keys(broken.json()).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type'])
    expect(broken.body).not.toMatch(/insert|select|Teodora/i)
    expect(await personsWith(body.taxCode)).toEqual([])
    expect(await storedKeys(key)).toEqual([])
    faults.current = {}
    const retry = await post(body, key)
    expect(retry.statusCode).toBe(201)
    expect(await personsWith(body.taxCode)).toHaveLength(1)
  })

  it('response lost after the commit: the retry gets the stored response with the id, and no second record', async () => {
    const { body, key } = newPerson()
    faults.current = {
      afterCommit: async () => {
        throw new Error('the process died before the response left')
      },
    }
    const lost = await post(body, key)
    expect(lost.statusCode).toBeGreaterThanOrEqual(500)
    const [created] = await personsWith(body.taxCode)
    expect(created).toBeDefined()
    faults.current = {}
    const retry = await post(body, key)
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json().id).toBe(created!.id)
    expect(await personsWith(body.taxCode)).toHaveLength(1)
  })
})

describe('concurrent requests with the same key', () => {
  it('answers 409 in progress while the first runs, and the stored response once it committed', async () => {
    const { body, key } = newPerson()
    let reached!: () => void
    const firstIsRunning = new Promise<void>((resolve) => (reached = resolve))
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    faults.current = {
      locked: async () => {
        reached()
        await released
      },
    }
    const first = post(body, key)
    await firstIsRunning
    faults.current = {}
    const second = await post(body, key)
    expect(second.statusCode).toBe(409)
    expect(second.json().code).toBe('idempotency-key-in-progress')
    expect(second.headers['retry-after']).toBe('1')
    release()
    const firstResponse = await first
    expect(firstResponse.statusCode).toBe(201)
    const third = await post(body, key)
    expect(third.statusCode).toBe(201)
    expect(third.headers['idempotent-replayed']).toBe('true')
    expect(third.json()).toEqual(firstResponse.json())
    expect(await personsWith(body.taxCode)).toHaveLength(1)
  })

  it('many simultaneous retries of one request create exactly one record; every 201 carries its id', async () => {
    const { body, key } = newPerson()
    const responses = await Promise.all(Array.from({ length: 12 }, () => post(body, key)))
    const created = await personsWith(body.taxCode)
    expect(created).toHaveLength(1)
    for (const response of responses) {
      expect([201, 409]).toContain(response.statusCode)
      if (response.statusCode === 201) expect(response.json().id).toBe(created[0]!.id)
    }
  })
})

describe('comparing request bodies', () => {
  it('treats the same body with its keys in another order as the same request', async () => {
    const { body, key } = newPerson()
    const first = await post(body, key)
    const reordered = Object.fromEntries(Object.entries(body).reverse())
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(body))
    const retry = await post(reordered, key)
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json().id).toBe(first.json().id)
    const other = await post({ ...body, givenName: 'Teodoro' }, key)
    expect(other.statusCode).toBe(409)
    expect(other.json().code).toBe('idempotency-key-reused')
  })

  it('writes canonical JSON with sorted keys at every depth, and survives any nesting', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }, 2], e: undefined })).toBe('{"a":[{"c":"x","d":null},2],"b":1}')
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = { n: deep }
    expect(canonicalJson(deep).length).toBeGreaterThan(100_000)
  })

  it('takes any characters in a key as the key, never as SQL (the key is quoted into the statements that open and close the transaction)', async () => {
    for (const hostile of [`it's'; drop table persons; --`, 'back\\slash\\\'', "$$ dollar $tag$ ;", `"quoted" E'x' \\x00`]) {
      const { body } = newPerson()
      const key = `${hostile} ${serial}`
      const first = await post(body, key)
      expect(first.statusCode, first.body).toBe(201)
      const retry = await post(body, key)
      expect(retry.statusCode).toBe(201)
      expect(retry.headers['idempotent-replayed']).toBe('true')
      expect(retry.json().id).toBe(first.json().id)
      expect((await storedKeys(key)).map((k) => k.key)).toEqual([key])
      expect(await personsWith(body.taxCode)).toHaveLength(1)
    }
  })

  it('stores a failure nowhere: the same key may be used again after a 4xx', async () => {
    const { body, key } = newPerson()
    expect((await post({ ...body, taxCode: 'RPMTDR79C54E10' }, key)).statusCode).toBeGreaterThanOrEqual(400)
    expect(await storedKeys(key)).toEqual([])
    expect((await ctx.database.db.execute(sql`select count(*)::int as n from idempotency_keys where status_code is null`)).rows[0]).toEqual({ n: 0 })
  })
})
