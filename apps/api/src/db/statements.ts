/**
 * Statements written as SQL text and prepared under a name (docs/decisions/0025): the few that every
 * request of a busy route runs, where building them with Drizzle on each request and parsing them
 * in PostgreSQL each time cost more than the work itself. Rows come back as arrays and are decoded
 * with each Drizzle column's own decoder, the column list taken from the table definition (a column
 * added to the table is selected and decoded without touching the statements).
 */
import { getTableColumns, type Table } from 'drizzle-orm'
import type pg from 'pg'
import type { Db } from './client.js'

/** The pg client under a Drizzle handle: the pool, or the connection of the transaction `db` is. */
export function pgClientOf(db: Db): Pick<pg.Pool, 'query'> {
  // Drizzle's node-postgres session keeps the client it was made with (the pool, or the
  // transaction's connection) as `client`; pinned with the drizzle-orm version.
  return (db as unknown as { session: { client: Pick<pg.Pool, 'query'> } }).session.client
}

/** A table's columns, in definition order, as `alias."column"`, and how to decode them. */
export function tableColumns<T extends Table>(table: T) {
  const columns = Object.entries(getTableColumns(table))
  return {
    count: columns.length,
    list: (alias: string) => columns.map(([, column]) => `${alias}."${column.name}"`).join(', '),
    /** The row of the table from `values[offset…]` of an array-mode row. */
    decode: (values: unknown[], offset = 0): T['$inferSelect'] => {
      const row: Record<string, unknown> = {}
      columns.forEach(([key, column], i) => {
        const value = values[offset + i]
        row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value)
      })
      return row as T['$inferSelect']
    },
  }
}
