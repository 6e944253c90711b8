/** Applies the generated SQL migrations (apps/api/drizzle) in order; safe to run at every start. */
import path from 'node:path'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import type { Database } from './client.js'

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, '../../drizzle')

export async function migrateDatabase(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER })
}
