/**
 * One autocannon run, in its own process so that the load generator does not share the API's
 * event loop: `node --import tsx bench/load.ts '<json>'` prints one line of JSON with the result.
 * Used by bench/run.ts; POSTs get a fresh Idempotency-Key each, as the web app sends them.
 */
import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'

interface LoadSpec {
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  connections: number
  seconds: number
  idempotencyKey?: boolean
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec
const cpuStart = process.cpuUsage()
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.seconds,
  requests: [
    {
      method: spec.method,
      headers: spec.headers,
      ...(spec.body === undefined ? {} : { body: spec.body }),
      ...(spec.idempotencyKey ? { setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } }) } : {}),
    },
  ],
})
console.log(
  JSON.stringify({
    // Only the answers that succeeded count as throughput.
    requestsPerSecond: result['2xx'] / spec.seconds,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // The load generator's own CPU time during the run (it shares the machine with the API).
    cpuMs: ((cpu) => (cpu.user + cpu.system) / 1000)(process.cpuUsage(cpuStart)),
  }),
)
