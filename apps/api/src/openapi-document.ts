/**
 * The published OpenAPI document, generated without a database: the app is built on a pool that
 * never connects (no route runs), with the default configuration so the output is reproducible.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { connectDatabase } from './db/client.js'

export const COMMITTED_OPENAPI_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../openapi.json')

/** The document as committed: pretty-printed JSON with a final newline. */
export async function generateOpenApiDocument(): Promise<string> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', WEBHOOKS_ENABLED: 'false' } as NodeJS.ProcessEnv, { jwtSecret: 'openapi-generation-only-secret-0123456789', webDist: null })
  const database = connectDatabase('postgres://openapi@127.0.0.1:1/none', { max: 1 })
  const app = await buildApp({ config, database, closeDatabase: true, logger: false })
  try {
    await app.ready()
    // The document served at /openapi.json, taken from the app directly: a request would need the
    // database (rate limits are counted there).
    return `${JSON.stringify(app.swagger(), null, 2)}\n`
  } finally {
    await app.close()
  }
}
