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

export function connectDatabase(connectionString: string, options: { max?: number } = {}): DatabaseHandle {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 })
  // An idle client that loses its connection must not crash the process; the next query reports it.
  pool.on('error', () => {})
  // Nor may a client that loses its connection while checked out (a killed backend during a
  // request's transaction): the query running on it, or the next one, reports the error.
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = drizzle(pool, { schema, casing: 'snake_case' })
  return { db, pool, close: () => pool.end() }
}
