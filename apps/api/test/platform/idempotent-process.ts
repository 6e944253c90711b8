/**
 * A separate API process for the idempotency kill test: started on a test database, it listens on
 * a free port of 127.0.0.1, says `listening <port>`, and when an idempotent request reaches the
 * step named on its command line (`locked`, `beforeCommit`, `afterCommit`) it says
 * `at <step> <backend pid>` and waits there until it is killed (SIGKILL, no chance to clean up).
 */
import type { FastifyRequest } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase } from '../../src/db/client.js'
import type { IdempotencyFaults } from '../../src/plugins/idempotency.js'

const [url, secret, step] = process.argv.slice(2) as [string, string, keyof IdempotencyFaults]
const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', WEBHOOKS_ENABLED: 'false' } as NodeJS.ProcessEnv, { jwtSecret: secret, webDist: null, auditSealIntervalMs: 0 })
const database = connectDatabase(url, { max: 2 })
const halt = async (request: FastifyRequest) => {
  process.stdout.write(`at ${step} ${request.idempotency?.backendPid ?? 0}\n`)
  await new Promise(() => {})
}
const app = await buildApp({ config, database, logger: false, idempotencyFaults: { [step]: halt } })
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`)
