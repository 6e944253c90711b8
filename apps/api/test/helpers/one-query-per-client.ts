/**
 * Set-up of every API test file: a query issued on a pg client (a transaction's connection) while
 * that client is still running another one fails the test that issued it. Such a query is queued
 * by pg 8 (with the warning "Calling client.query() when the client is already executing a query
 * is deprecated", and only from the third), and pg 9 refuses it: queries on one transaction
 * run one after another (`await` each, never `Promise.all` over `tx`).
 *
 * The check is stricter than pg's warning: the second concurrent query already counts. A query
 * that timed out on the client (`query_timeout`) leaves its connection busy on purpose (it is
 * closed, docs/decisions/0020), so a file provoking such faults calls `allowBusyClientQueries()`.
 */
import pg from 'pg'
import { afterEach, beforeEach } from 'vitest'

type Inner = { _queryQueue: unknown[]; _getActiveQuery: () => unknown; _ending: boolean; _queryable: boolean }

const seen: string[] = []
let allowed = false

/** For a file whose tests kill connections or time queries out on the client. */
export function allowBusyClientQueries() {
  allowed = true
}

const query = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client & Inner, ...args: unknown[]) {
  if (!allowed && this._queryable && !this._ending && (this._queryQueue.length > 0 || this._getActiveQuery())) {
    seen.push(new Error('a query was issued on a pg client that was still running another one').stack ?? '')
  }
  return (query as (...a: unknown[]) => unknown).apply(this, args)
} as typeof pg.Client.prototype.query

beforeEach(() => {
  seen.length = 0
})

afterEach(() => {
  if (seen.length === 0) return
  const stacks = seen.splice(0).slice(0, 3)
  throw new Error(`Concurrent queries on one pg client (serialise them):\n${stacks.join('\n\n')}`)
})
