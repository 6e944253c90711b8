/**
 * A separate API process that delivers webhooks, for the crash test: started on a test database,
 * it says `ready` and then runs until it is killed (SIGKILL, no chance to clean up).
 */
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase } from '../../src/db/client.js'

const url = process.argv[2]!
const base = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false' } as NodeJS.ProcessEnv, { jwtSecret: process.argv[3]!, webDist: null })
const config = { ...base, webhooks: { ...base.webhooks, dispatchIntervalMs: 100, pollingIntervalSeconds: 0.5, expireInSeconds: 2, retryDelaySeconds: 1, retryDelayMaxSeconds: 1, superviseIntervalSeconds: 1 } }
const database = connectDatabase(url, { max: 4 })
const app = await buildApp({ config, database, logger: false })
await app.ready()
process.stdout.write('ready\n')
