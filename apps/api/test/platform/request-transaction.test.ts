/**
 * The request transaction of an idempotent POST (lib/request-transaction.ts, docs/decisions/0016
 * and 0025's second addendum), below the HTTP layer: opened with its first statements and a
 * savepoint in one round trip, joined by the use cases' `db.transaction` (the first one in that
 * savepoint, later ones in savepoints of their own), closed by the outcome's statement and the
 * commit in one round trip. Whatever fails, nothing half-done is committed and no connection is
 * lost to the pool.
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { joinRequestTransactions, openTransaction, REQUEST_SAVEPOINT, requestTransactions, type RequestTransactionStore } from '../../src/lib/request-transaction.js'
import { useTestContext } from '../helpers/app.js'

const ctx = useTestContext()

beforeAll(async () => {
  await ctx.database.pool.query('create table request_tx_probe (label text primary key)')
  joinRequestTransactions(ctx.database.db)
})

const labels = async () => (await ctx.database.pool.query<{ label: string }>('select label from request_tx_probe order by label')).rows.map((r) => r.label)
const insert = (label: string) => sql`insert into request_tx_probe (label) values (${label})`
const clear = () => ctx.database.pool.query('delete from request_tx_probe')

/** Runs `work` as a request holding `store`'s transaction would (the idempotency plugin's context). */
const inRequest = <T>(store: RequestTransactionStore, work: () => Promise<T>) => requestTransactions.run(store, work)

/** Waits until every connection of the pool is back (none kept by an ended transaction). */
const poolSettled = () => expect.poll(() => ctx.database.pool.totalCount - ctx.database.pool.idleCount).toBe(0)

describe('a request transaction', () => {
  it('answers each of its opening statements with its own result', async () => {
    await clear()
    await ctx.database.pool.query(`insert into request_tx_probe values ('before')`)
    const { transaction, results } = await openTransaction(ctx.database.db, ctx.database.pool, `select 1 as one; select label from request_tx_probe`)
    expect(results.map((r) => r.rows)).toEqual([[{ one: 1 }], [{ label: 'before' }]])
    await transaction.rollback()
    await poolSettled()
  })

  it('runs the first use case in the opening savepoint, later ones in their own, and commits them with the closing statement', async () => {
    await clear()
    const { transaction } = await openTransaction(ctx.database.db, ctx.database.pool, 'select 1')
    const store: RequestTransactionStore = { tx: transaction.tx, savepoint: REQUEST_SAVEPOINT }
    await inRequest(store, async () => {
      // A use case that fails goes back to the opening savepoint, which stays available.
      await expect(ctx.database.db.transaction(async (tx) => {
        await tx.execute(insert('failed first'))
        throw new Error('refused')
      })).rejects.toThrow('refused')
      expect(store.savepoint).toBe(REQUEST_SAVEPOINT)
      // The next one runs in it and spends it.
      await ctx.database.db.transaction(async (tx) => tx.execute(insert('a')))
      expect(store.savepoint).toBeNull()
      // A failure after that goes back to its own savepoint only: what succeeded before stays.
      await expect(ctx.database.db.transaction(async (tx) => {
        await tx.execute(insert('failed later'))
        await tx.execute(sql`select 1 / 0`)
      })).rejects.toThrow()
      await ctx.database.db.transaction(async (tx) => tx.execute(insert('b')))
    })
    // Nothing is visible before the commit.
    expect(await labels()).toEqual([])
    await transaction.commit(`insert into request_tx_probe values ('closing')`)
    expect(await labels()).toEqual(['a', 'b', 'closing'])
    await poolSettled()
  })

  it('commits nothing when the closing statement fails, and gives the connection back', async () => {
    await clear()
    const { transaction } = await openTransaction(ctx.database.db, ctx.database.pool, 'select 1')
    await inRequest({ tx: transaction.tx, savepoint: REQUEST_SAVEPOINT }, () => ctx.database.db.transaction(async (tx) => tx.execute(insert('written'))))
    await expect(transaction.commit(`insert into request_tx_probe values ('written')`)).rejects.toThrow(/duplicate key/)
    expect(await labels()).toEqual([])
    await poolSettled()
  })

  it('refuses to report a commit of a transaction a failed statement had aborted', async () => {
    await clear()
    const { transaction } = await openTransaction(ctx.database.db, ctx.database.pool, 'select 1')
    await transaction.tx.execute(insert('lost'))
    // A statement that fails outside any savepoint and is swallowed: the transaction is aborted.
    await transaction.tx.execute(sql`select 1 / 0`).catch(() => undefined)
    await expect(transaction.commit()).rejects.toThrow(/rolled back/)
    expect(await labels()).toEqual([])
    await poolSettled()
  })

  it('rolls back and gives the connection back when its opening statements fail', async () => {
    await clear()
    await expect(openTransaction(ctx.database.db, ctx.database.pool, `insert into request_tx_probe values ('opened'); select 1 / 0`)).rejects.toThrow(/division by zero/)
    expect(await labels()).toEqual([])
    await poolSettled()
  })

  it('writes nothing and closes its connection when the connection is killed', async () => {
    await clear()
    const { transaction, results } = await openTransaction(ctx.database.db, ctx.database.pool, 'select pg_backend_pid() as pid')
    await transaction.tx.execute(insert('killed'))
    await ctx.database.pool.query('select pg_terminate_backend($1)', [results[0]!.rows[0].pid])
    await expect(transaction.commit(`insert into request_tx_probe values ('closing')`)).rejects.toThrow()
    expect(await labels()).toEqual([])
    await poolSettled()
    // The pool still serves.
    expect((await ctx.database.pool.query('select 1 as one')).rows).toEqual([{ one: 1 }])
  })
})
