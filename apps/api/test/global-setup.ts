/**
 * Starts the test database server once per run — the embedded PostgreSQL, or the server named by
 * TEST_DATABASE_URL — and migrates a template database; each test file clones its own copy.
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { connectDatabase } from '../src/db/client.js'
import { migrateDatabase } from '../src/db/migrate.js'
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/lib/embedded-postgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string
    templateDatabase: string
  }
}

let embedded: EmbeddedDatabase | null = null

export async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl) {
    const dataDir = path.resolve(import.meta.dirname, '../.data-test')
    rmSync(dataDir, { recursive: true, force: true })
    embedded = await startEmbeddedPostgres({ dataDir })
    adminUrl = embedded.url('postgres')
  }
  const template = `ponte_test_template_${process.pid}`
  const url = new URL(adminUrl)
  const pg = await import('pg')
  const admin = new pg.default.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`drop database if exists "${template}"`)
  await admin.end()
  await ensureDatabase(adminUrl, template)
  url.pathname = `/${template}`
  const handle = connectDatabase(url.toString(), { max: 1 })
  await migrateDatabase(handle.db)
  await handle.close()
  project.provide('adminDatabaseUrl', adminUrl)
  project.provide('templateDatabase', template)
  return async () => {
    const cleanup = new pg.default.Client({ connectionString: adminUrl })
    await cleanup.connect()
    const leftovers = await cleanup.query<{ datname: string }>(`select datname from pg_database where datname like 'ponte_test_%${process.pid}%'`)
    for (const row of leftovers.rows) await cleanup.query(`drop database if exists "${row.datname}" with (force)`)
    await cleanup.end()
    if (embedded) await embedded.stop()
  }
}
