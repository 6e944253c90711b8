/** The database handle: a pg pool wrapped by Drizzle, and the type every repository takes first. */
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { PgTransaction } from 'drizzle-orm/pg-core'
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import pg from 'pg'
import * as schema from './schema/index.js'

export type Schema = typeof schema
export type Database = NodePgDatabase<Schema>
export type Transaction = PgTransaction<NodePgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** What repositories take: the database or a transaction opened by a use case. */
export type Db = Database | Transaction

export interface DatabaseHandle {
  db: Database
  pool: pg.Pool
  close: () => Promise<void>
}

// Dates come back as strings so a `date` column never shifts by a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value)
// bigint counts fit in a JS number for every table Ponte has.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

export interface PoolOptions {
  max?: number
  /** Waiting for a pooled connection, or opening a new one: then the request fails (503). */
  connectTimeoutMs?: number
  /**
   * PostgreSQL cancels a statement running longer (SQLSTATE 57014). A server that stops answering
   * altogether (hung, not refusing) is given up on by the client `QUERY_TIMEOUT_MARGIN_MS` later.
   * None by default: migrations, the demo seed and the benchmark's bulk load run without it; the
   * server's pool gets the configured one (docs/decisions/0020).
   */
  statementTimeoutMs?: number
}

/** How much longer than the statement timeout the client waits for a silent server. */
export const QUERY_TIMEOUT_MARGIN_MS = 5000

export function connectDatabase(connectionString: string, options: PoolOptions = {}): DatabaseHandle {
  const statementTimeout = options.statementTimeoutMs
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30000,
    // TCP keep-alive: a connection whose server vanished is found dead instead of waiting forever.
    keepAlive: true,
    ...(statementTimeout ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + QUERY_TIMEOUT_MARGIN_MS } : {}),
  })
  // An idle client that loses its connection must not crash the process; the next query reports it.
  pool.on('error', () => {})
  // Nor may a client that loses its connection while checked out (a killed backend during a
  // request's transaction): the query running on it, or the next one, reports the error.
  pool.on('connect', (client) => {
    client.on('error', () => {})
    if (statementTimeout) closeOnReadTimeout(client)
  })
  const db = drizzle(pool, { schema, casing: 'snake_case' })
  return { db, pool, close: () => pool.end() }
}

/**
 * A query the server never answered (`query_timeout`) leaves the connection busy with it: the
 * connection is closed, so the pool drops it on release instead of handing it to the next request.
 */
function closeOnReadTimeout(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  const close = (error: unknown) => {
    if (error instanceof Error && error.message === 'Query read timeout') (client as unknown as { connection: { stream: { destroy: () => void } } }).connection.stream.destroy()
  }
  ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const last = args.at(-1)
    if (typeof last === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        close(error)
        ;(last as (e: unknown, r: unknown) => void)(error, result)
      }
      return query(...args)
    }
    const result = query(...args)
    if (result instanceof Promise) result.catch(close)
    return result
  }
}
