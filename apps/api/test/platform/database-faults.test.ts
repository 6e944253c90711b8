/**
 * A database that is busy, slow, hung or gone answers 503 problem+json with Retry-After, at the
 * configured timeouts — not 500, and not after however long the fault lasts (issue 8 §5,
 * docs/decisions/0020). Each fault is provoked by an event, not a race against the clock: the
 * pool's only connection held, a table locked by another session, a server that accepts
 * connections and never answers.
 */
import { createServer, type Server, type Socket } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { connectDatabase } from '../../src/db/client.js'
import { databaseFault } from '../../src/lib/pg-errors.js'
import { useTestContext } from '../helpers/app.js'
import { createPerson } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

// One connection, a short wait for it and a short statement timeout: each test below waits for the event it sets up.
const ctx = useTestContext({}, { pool: { max: 1, connectTimeoutMs: 300, statementTimeoutMs: 300 } })
let coordinator: TestUser
let personId: string

beforeAll(async () => {
  const municipality = await createOrganisation(ctx.database.db, { kind: 'municipality' })
  coordinator = await createUser(ctx.app, ctx.database.db, [{ organisationId: municipality.id, roles: ['coordinator'] }])
  personId = (await createPerson(ctx.database.db, { municipalityId: municipality.id })).id
})

function expectUnavailable(response: { statusCode: number; headers: Record<string, unknown>; body: string; json: () => Record<string, unknown> }) {
  expect(response.statusCode, response.body).toBe(503)
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
  expect(response.json()).toMatchObject({ type: 'urn:ponte:problem:service-unavailable', status: 503, title: expect.any(String), detail: expect.any(String) })
  expect(response.body).not.toMatch(/select|insert|update|pg_|persons/i)
}

describe('a busy or slow database', () => {
  it('every pooled connection taken: the next request gets 503 with Retry-After at the connect timeout', async () => {
    const held = await ctx.database.pool.connect()
    try {
      const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/persons/${personId}`, headers: coordinator.headers })
      expectUnavailable(response)
    } finally {
      held.release()
    }
    // Once the connection is free again, requests are served.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/persons/${personId}`, headers: coordinator.headers })).statusCode).toBe(200)
  })

  it('a statement that outlasts the statement timeout (waiting on a lock another session holds) is cancelled: 503, nothing changed', async () => {
    const before = await ctx.app.inject({ method: 'GET', url: `/api/v1/persons/${personId}`, headers: coordinator.headers })
    const other = new pg.Client({ connectionString: (ctx.database.pool as unknown as { options: { connectionString: string } }).options.connectionString })
    await other.connect()
    try {
      await other.query('begin')
      await other.query('lock table persons in access exclusive mode')
      const response = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/persons/${personId}`,
        headers: { ...coordinator.headers, 'content-type': 'application/merge-patch+json', 'if-match': before.headers.etag as string },
        payload: { givenName: 'Ermenegilda' },
      })
      expectUnavailable(response)
    } finally {
      await other.query('rollback')
      await other.end()
    }
    const after = await ctx.app.inject({ method: 'GET', url: `/api/v1/persons/${personId}`, headers: coordinator.headers })
    expect(after.headers.etag).toBe(before.headers.etag)
    expect(after.json().givenName).toBe(before.json().givenName)
  })
})

describe('a database that cannot be reached', () => {
  let silent: Server
  const sockets: Socket[] = []
  beforeAll(async () => {
    // Accepts connections and never answers: a PostgreSQL that hangs rather than refuses.
    silent = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => silent.close(resolve))
  })

  async function appOn(url: string) {
    const database = connectDatabase(url, { max: 2, connectTimeoutMs: 300, statementTimeoutMs: 300 })
    const app = await buildApp({ config: ctx.config, database, closeDatabase: true, logger: false })
    await app.ready()
    return app
  }

  it('a server that hangs: 503 with Retry-After at the connect timeout, not a request held for the whole stall', async () => {
    const app = await appOn(`postgres://postgres@127.0.0.1:${(silent.address() as { port: number }).port}/ponte`)
    try {
      expectUnavailable(await app.inject({ method: 'GET', url: `/api/v1/persons/${personId}`, headers: coordinator.headers }))
    } finally {
      await app.close()
    }
  })
  // (A refused connection, ECONNREFUSED, is classified below: building a second app costs more than it proves.)
})

describe('classifying database faults', () => {
  const wrapped = (cause: object) => Object.assign(new Error('Failed query: select 1\nparams: '), { query: 'select 1', params: [], cause })
  it.each([
    [{ code: 'ECONNRESET', message: 'read ECONNRESET' }, 'unreachable'],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'unreachable'],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, 'unreachable'],
    [{ code: '08006', message: 'connection failure' }, 'unreachable'],
    [{ message: 'Connection terminated unexpectedly' }, 'unreachable'],
    [{ message: 'Query read timeout' }, 'unreachable'],
    [{ message: 'timeout exceeded when trying to connect' }, 'busy'],
    [{ code: '53300', message: 'too many connections' }, 'busy'],
    [{ code: '57014', message: 'canceling statement due to statement timeout' }, 'timeout'],
    [{ code: '40P01', message: 'deadlock detected' }, 'timeout'],
    [{ code: '23505', message: 'duplicate key' }, null],
    [{ code: '22007', message: 'invalid datetime' }, null],
  ])('%o is %s, bare or wrapped by Drizzle', (error, fault) => {
    const bare = Object.assign(new Error(error.message), error)
    expect(databaseFault(bare)).toBe(fault)
    expect(databaseFault(wrapped(bare))).toBe(fault)
  })
  it('looks inside an AggregateError (every address of a host refused)', () => {
    expect(databaseFault(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1'), { code: 'ECONNREFUSED' })]))).toBe('unreachable')
  })
})
