/**
 * A request's own transaction, which the use cases' transactions join (docs/decisions/0016): while
 * a request holds one (an idempotent POST), `db.transaction(fn)` anywhere in its handling runs `fn`
 * in a savepoint of it, so the write and the stored Idempotency-Key outcome commit together or not
 * at all. Outside such a request `db.transaction` is Drizzle's own.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Database, Transaction } from '../db/client.js'

export interface RequestTransactionStore {
  tx: Transaction | null
}

export const requestTransactions = new AsyncLocalStorage<RequestTransactionStore>()

const joined = new WeakSet<Database>()

/** Makes `db.transaction` join the current request's transaction when there is one. */
export function joinRequestTransactions(db: Database): void {
  if (joined.has(db)) return
  joined.add(db)
  const own = db.transaction.bind(db)
  db.transaction = ((work: Parameters<Database['transaction']>[0], config?: Parameters<Database['transaction']>[1]) => {
    const tx = requestTransactions.getStore()?.tx
    return tx ? tx.transaction(work) : own(work, config)
  }) as Database['transaction']
}

export interface OpenTransaction {
  tx: Transaction
  /** Commits; rejects when the commit fails (then nothing of it was written). */
  commit: () => Promise<void>
  /** Rolls back; never rejects. */
  rollback: () => Promise<void>
}

class RolledBack extends Error {}

/** Opens a transaction that stays open across the request's hooks until `commit` or `rollback`. */
export function openTransaction(db: Database): Promise<OpenTransaction> {
  return new Promise<OpenTransaction>((ready, fail) => {
    let opened = false
    let settle: { commit: () => void; rollback: () => void } | null = null
    const done: Promise<void> = db
      .transaction(async (tx) => {
        opened = true
        const outcome = new Promise<void>((resolve, reject) => {
          settle = { commit: resolve, rollback: () => reject(new RolledBack()) }
        })
        ready({
          tx,
          commit: async () => {
            settle!.commit()
            await done
          },
          rollback: async () => {
            settle!.rollback()
            await done.catch(() => undefined)
          },
        })
        await outcome
      })
      .catch((error: unknown) => {
        if (!opened) return fail(error)
        if (!(error instanceof RolledBack)) throw error
      })
  })
}
