/**
 * The chain verification over a trail far larger than one statement may read within the statement
 * timeout (docs/decisions/0013): the API's pool here cancels any statement after 0.5 s, and the
 * trail holds 100,000 entries — one statement recomputing them all took 4–6 s on the shared
 * 2-core machine (503 before), one batch of 200 ids a few milliseconds. The verification walks the trail
 * in batches, each its own short statement, and still reports every sealed entry, the pending ones
 * and the first entry that fails.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectDatabase, type DatabaseHandle } from '../../src/db/client.js'
import { sealAuditTrail } from '../../src/lib/audit.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const STATEMENT_TIMEOUT_MS = 500
const ENTRIES = 100_000
const ctx = useTestContext({ auditVerifyBatchIds: 200 }, { pool: { statementTimeoutMs: STATEMENT_TIMEOUT_MS } })

/** The bulk load runs on its own pool, without the statement timeout the API's pool has. */
let loader: DatabaseHandle
let auditor: TestUser
let organisationId: string
let otherOrganisationId: string

beforeAll(async () => {
  loader = connectDatabase(ctx.database.pool.options.connectionString!, { max: 1 })
  const org = await createOrganisation(ctx.database.db)
  const other = await createOrganisation(ctx.database.db)
  organisationId = org.id
  otherOrganisationId = other.id
  auditor = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['auditor'] }])
  // Two thirds of the entries are the organisation's, interleaved with another organisation's.
  await loader.db.execute(sql`
    insert into audit_log (organisation_id, channel, action, resource_type, resource_id, request_id)
    select case when n % 3 = 0 then ${otherOrganisationId}::uuid else ${organisationId}::uuid end, 'staff', 'read', 'case', n::text, 'bulk-' || n
    from generate_series(1, ${ENTRIES}) as n
  `)
  await sealAuditTrail(loader.db, 50_000)
})

afterAll(async () => {
  await loader?.close()
})

const verify = () => ctx.app.inject({ method: 'GET', url: `/api/v1/organisations/${organisationId}/audit-entries/verification`, headers: auditor.headers })

async function counts() {
  const rows = await loader.db.execute<{ sealed: number; pending: number }>(
    sql`select count(*) filter (where hash is not null)::int as sealed, count(*) filter (where hash is null)::int as pending from audit_log where organisation_id = ${organisationId}::uuid`,
  )
  return rows.rows[0]!
}

describe('verifying a trail of 100,000 entries with a 0.5 s statement timeout', () => {
  it('checks every sealed entry of the organisation in short statements, and reports the pending ones', async () => {
    const expected = await counts()
    expect(expected.sealed).toBeGreaterThanOrEqual(60_000)
    const response = await verify()
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toEqual({ checked: expected.sealed, pending: expected.pending, valid: true, firstInvalidId: null })

    // Entries written after the last sealing are reported as pending, not checked.
    await loader.db.execute(sql`insert into audit_log (organisation_id, channel, action, resource_type) select ${organisationId}::uuid, 'staff', 'read', 'case' from generate_series(1, 5)`)
    const after = await counts()
    expect((await verify()).json()).toEqual({ checked: after.sealed, pending: after.pending, valid: true, firstInvalidId: null })
    expect(after.pending).toBeGreaterThanOrEqual(5)
  })

  it('names the first entry that no longer hashes to its seal, deep in the trail', async () => {
    const [target] = (
      await loader.db.execute<{ id: number }>(sql`select id from audit_log where organisation_id = ${organisationId}::uuid and hash is not null order by id offset 50000 limit 1`)
    ).rows
    const id = Number(target!.id)
    // The test database user is the superuser: it switches the seal-only trigger off to change a sealed entry.
    await loader.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger user`)
      await tx.execute(sql`update audit_log set resource_id = 'hidden' where id = ${id}`)
      await tx.execute(sql`alter table audit_log enable trigger user`)
    })
    const response = await verify()
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ valid: false, firstInvalidId: id })
  })
})
