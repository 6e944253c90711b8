/**
 * Process entry: reads the configuration, starts the embedded PostgreSQL when no DATABASE_URL is
 * given, migrates, loads the demo data into an empty database, listens, and closes gracefully.
 */
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { connectDatabase } from './db/client.js'
import { migrateDatabase } from './db/migrate.js'
import { isDatabaseEmpty, seedDemoData } from './db/seed/demo.js'
import './db/seed/index.js'
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './lib/embedded-postgres.js'
import { purgeExpiredIdempotencyKeys } from './plugins/idempotency.js'

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`

async function main() {
  const started = Date.now()
  const config = loadConfig()
  let embedded: EmbeddedDatabase | null = null
  let databaseUrl = config.databaseUrl
  if (!databaseUrl) {
    console.log(`Ponte: starting the embedded PostgreSQL in ${config.dataDir}/postgres …`)
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir })
    await ensureDatabase(embedded.url('postgres'), 'ponte')
    databaseUrl = embedded.url('ponte')
    console.log(`Ponte: embedded PostgreSQL up after ${seconds(started)}.`)
  }
  // Migrations and the demo data run on a connection of their own, without the statement timeout
  // the requests' pool has (an index built on a large table may take longer).
  const setup = connectDatabase(databaseUrl, { max: 4, connectTimeoutMs: config.database.connectTimeoutMs })
  try {
    await migrateDatabase(setup.db)
    console.log(`Ponte: database migrated after ${seconds(started)}.`)
    if (config.demoData && (await isDatabaseEmpty(setup.db))) {
      await seedDemoData(setup.db)
      console.log(`Ponte: demo data loaded after ${seconds(started)} (accounts in README.md, password ponte-demo-2026).`)
    }
  } finally {
    await setup.close()
  }
  // Requests wait at most connectTimeoutMs for a connection and statements run at most statementTimeoutMs (503 after; docs/decisions/0020).
  const database = connectDatabase(databaseUrl, { max: config.database.poolSize, connectTimeoutMs: config.database.connectTimeoutMs, statementTimeoutMs: config.database.statementTimeoutMs })

  const app = await buildApp({ config, database })
  const purge = setInterval(() => void purgeExpiredIdempotencyKeys(app).catch((err: unknown) => app.log.error({ err }, 'idempotency purge failed')), 60 * 60 * 1000)
  purge.unref()

  closeWithGrace({ delay: 10000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    else app.log.info({ signal }, 'closing')
    clearInterval(purge)
    await app.close()
    if (embedded) await embedded.stop()
  })

  await app.listen({ port: config.port, host: config.host })
  const url = `http://localhost:${config.port}`
  console.log(`Ponte is ready in ${seconds(started)}: web app ${url}/ · API ${url}/api/v1 · docs ${url}/api/v1/docs`)
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || (error instanceof Error && error.message.startsWith('The embedded PostgreSQL'))) console.error(error.message)
  else console.error(error)
  process.exit(1)
})
