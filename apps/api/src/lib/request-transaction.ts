/**
 * A request's own transaction, which the use cases' transactions join (docs/decisions/0016): while
 * a request holds one (an idempotent POST), `db.transaction(fn)` anywhere in its handling runs `fn`
 * in a savepoint of it, so the write and the stored Idempotency-Key outcome commit together or not
 * at all. Outside such a request `db.transaction` is Drizzle's own.
 *
 * Round trips (docs/decisions/0025, second addendum): the transaction is opened by one
 * simple-protocol message — `begin`, the opener's statements, and the savepoint the first use case
 * will run in — and closed by one: the closer's statements and `commit`. Each statement of such a
 * message is a command of its own to PostgreSQL (in READ COMMITTED each takes its own snapshot);
 * the first that fails skips the rest, and the transaction is then rolled back. The savepoint is
 * never released: the commit releases it.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres'
import type { PgDialect } from 'drizzle-orm/pg-core'
import type pg from 'pg'
import type { Database, Transaction } from '../db/client.js'
import { pgClientOf } from '../db/statements.js'

export interface RequestTransactionStore {
  tx: Transaction | null
  /**
   * The savepoint opened with the transaction and not used yet: the next use case's transaction
   * runs in it instead of taking one of its own (a round trip less). Null once a use case used it
   * and succeeded (a later one takes its own, as Drizzle's nested transactions do).
   */
  savepoint: string | null
}

/** The fields of Drizzle's session a transaction is built from (the same as `db.transaction` uses). */
type Session = { schema: ConstructorParameters<typeof NodePgSession>[2]; options: ConstructorParameters<typeof NodePgSession>[3] }

export const requestTransactions = new AsyncLocalStorage<RequestTransactionStore>()

const joined = new WeakSet<Database>()

/** Makes `db.transaction` join the current request's transaction when there is one. */
export function joinRequestTransactions(db: Database): void {
  if (joined.has(db)) return
  joined.add(db)
  const own = db.transaction.bind(db)
  db.transaction = ((work: Parameters<Database['transaction']>[0], config?: Parameters<Database['transaction']>[1]) => {
    const store = requestTransactions.getStore()
    const tx = store?.tx
    if (!store || !tx) return own(work, config)
    if (store.savepoint === null) return tx.transaction(work)
    return inOpenSavepoint(store, tx, store.savepoint, work)
  }) as Database['transaction']
}

/**
 * `work` in the savepoint already taken: on success the savepoint is spent (left for the commit to
 * release), on failure the transaction goes back to it — as Drizzle's savepoint would — and it
 * stays available to the next use case.
 */
async function inOpenSavepoint<T>(store: RequestTransactionStore, tx: Transaction, savepoint: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  store.savepoint = null
  try {
    return await work(tx)
  } catch (error) {
    await pgClientOf(tx).query(`rollback to savepoint ${savepoint}`)
    store.savepoint = savepoint
    throw error
  }
}

export interface OpenTransaction {
  tx: Transaction
  /**
   * Runs `statements` (SQL text, values quoted into it) then `commit`, in one round trip; rejects
   * when either fails, and then nothing of the transaction was written.
   */
  commit: (statements?: string) => Promise<void>
  /** Rolls back; never rejects. */
  rollback: () => Promise<void>
}

/** The savepoint a request transaction opens for its first use case. */
export const REQUEST_SAVEPOINT = 'request_work'

/**
 * Opens a transaction on a connection of `pool` that stays open across the request's hooks until
 * `commit` or `rollback`: one round trip for `begin`, `statements` (SQL text, values quoted into
 * it) and the savepoint. Resolves with the transaction and the results of `statements`, in order.
 */
export async function openTransaction(db: Database, pool: pg.Pool, statements: string): Promise<{ transaction: OpenTransaction; results: pg.QueryResult[] }> {
  const client = await pool.connect()
  let ended = false
  const release = (error?: unknown) => {
    ended = true
    // A connection whose state is unknown is closed rather than given to anyone else.
    client.release(error === undefined ? undefined : error instanceof Error ? error : new Error(String(error)))
  }
  const rollback = async () => {
    if (ended) return
    try {
      await client.query('rollback')
      release()
    } catch (error) {
      release(error)
    }
  }
  const commit = async (before?: string) => {
    if (ended) throw new Error('the request transaction has ended')
    let answer: pg.QueryResult | pg.QueryResult[]
    try {
      answer = (await client.query(before ? `${before}; commit` : 'commit')) as unknown as pg.QueryResult | pg.QueryResult[]
    } catch (error) {
      // A statement before the commit failed (the rest was skipped: roll back), or the commit did.
      await rollback()
      throw error
    }
    release()
    // COMMIT of a transaction a failed statement had aborted answers ROLLBACK, not an error.
    const last = Array.isArray(answer) ? answer.at(-1) : answer
    if (last?.command !== 'COMMIT') throw new Error('the request transaction was rolled back instead of committed')
  }
  let results: pg.QueryResult[]
  try {
    const answer = (await client.query(`begin; ${statements}; savepoint ${REQUEST_SAVEPOINT}`)) as unknown as pg.QueryResult | pg.QueryResult[]
    // One result per statement: begin's first, the savepoint's last.
    results = (Array.isArray(answer) ? answer : [answer]).slice(1, -1)
  } catch (error) {
    await rollback()
    throw error
  }
  // The use cases' Drizzle handle on this connection (what `db.transaction` would have given them).
  const own = (db as unknown as { session: { dialect: PgDialect; schema: Session['schema']; options: Session['options'] } }).session
  const tx = new NodePgTransaction(own.dialect, new NodePgSession(client, own.dialect, own.schema, own.options), own.schema) as unknown as Transaction
  return {
    transaction: {
      tx,
      commit,
      rollback,
    },
    results,
  }
}
