/**
 * `pnpm bench`: start-up and request latency figures on a fresh embedded PostgreSQL. Prints the
 * time to initialise and start the database, migrate and load the demo data, then the latency
 * (p50/p95/p99) of the busiest reads of a municipality with thousands of cases, and the memory used.
 * A program, not a test: it asserts nothing and prints figures.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { computeTaxCode } from '@ponte/shared'
import { eq, sql } from 'drizzle-orm'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { connectDatabase } from '../src/db/client.js'
import { migrateDatabase } from '../src/db/migrate.js'
import { caseAssignments, caseEvents, cases, organisations, persons, sessions, users } from '../src/db/schema/index.js'
import { seedDemoData } from '../src/db/seed/demo.js'
import '../src/db/seed/index.js'
import { ensureDatabase, startEmbeddedPostgres } from '../src/lib/embedded-postgres.js'

const CASES = Number(process.env.BENCH_CASES ?? 5000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const GIVEN = ['Mario', 'Luca', 'Giovanni', 'Paolo', 'Andrea', 'Anna', 'Chiara', 'Laura', 'Sara', 'Francesca', 'Nicolò', 'Aurora', 'Karim', 'Fatima', 'Ioana', 'Moussa']
const FAMILY = ['Rossi', 'Colombo', 'Brambilla', 'Ferrari', 'Fumagalli', 'Galbiati', 'Sala', 'Mauri', 'Spreafico', 'Panzeri', 'Bonacina', 'Castagna', 'El Amrani', 'Popescu', 'Diop', 'Valsecchi']
const STATUSES = ['intake', 'assessment', 'active', 'monitoring', 'suspended', 'closed'] as const

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now()
  const result = await work()
  console.log(`${label.padEnd(52)} ${seconds(performance.now() - start)}`)
  return result
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'ponte-bench-'))
const embedded = await timed('embedded PostgreSQL: initialise and start', () => startEmbeddedPostgres({ dataDir }))
try {
  await ensureDatabase(embedded.url('postgres'), 'ponte')
  const database = connectDatabase(embedded.url('ponte'))
  const { db } = database
  await timed('migrations', () => migrateDatabase(db))
  await timed('demo data', () => seedDemoData(db))

  const [valmadrera] = await db.select().from(organisations).where(eq(organisations.name, 'Comune di Valmadrera'))
  const [coordinator] = await db.select().from(users).where(eq(users.email, 'coordinator@valmadrera.demo'))
  const [caseManager] = await db.select().from(users).where(eq(users.email, 'casemanager@valmadrera.demo'))
  await timed(`bulk load: ${CASES} persons, cases and 5 events each`, async () => {
    for (let offset = 0; offset < CASES; offset += 500) {
      const batch = Array.from({ length: Math.min(500, CASES - offset) }, (_, i) => {
        const n = offset + i
        const sex = n % 2 === 0 ? ('F' as const) : ('M' as const)
        const givenName = GIVEN[n % GIVEN.length]!
        const familyName = `${FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length]}`
        const birthDate = `${1960 + (n % 40)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`
        const taxCode = computeTaxCode({ givenName, familyName, birthDate, sex, birthPlaceCode: `B${String(n % 1000).padStart(3, '0')}` })
        return { municipalityId: valmadrera!.id, givenName, familyName, birthDate, sex, taxCode, taxCodeBase: taxCode }
      })
      const inserted = await db.insert(persons).values(batch as (typeof persons.$inferInsert)[]).onConflictDoNothing().returning({ id: persons.id })
      const caseRows = await db
        .insert(cases)
        .values(inserted.map((p, i) => ({ municipalityId: valmadrera!.id, personId: p.id, status: STATUSES[i % STATUSES.length]!, caseManagerId: i % 3 === 0 ? caseManager!.id : coordinator!.id, openedOn: '2026-01-15', ...(i % STATUSES.length === 5 ? { closedOn: '2026-06-30', outcome: 'goals_met' as const, closingNote: 'Obiettivi raggiunti' } : {}) })))
        .returning({ id: cases.id, caseManagerId: cases.caseManagerId })
      await db.insert(caseAssignments).values(caseRows.map((c) => ({ caseId: c.id, caseManagerId: c.caseManagerId })))
      await db.insert(caseEvents).values(caseRows.flatMap((c) => Array.from({ length: 5 }, (_, k) => ({ caseId: c.id, type: k === 0 ? 'case.opened' : 'meeting.held', audience: 'municipality' as const, actorUserId: c.caseManagerId, data: {} }))))
    }
    await db.execute(sql`analyze`)
  })

  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false' } as NodeJS.ProcessEnv, { jwtSecret: 'bench-secret-0123456789-0123456789', webDist: null, rateLimit: { max: 1_000_000, windowSeconds: 60 } })
  const app = await buildApp({ config, database, closeDatabase: true, logger: false })
  await app.ready()
  const headersOf = async (userId: string) => {
    const [session] = await db.insert(sessions).values({ userId, expiresAt: new Date(Date.now() + 3600_000) }).returning()
    return { authorization: `Bearer ${app.jwt.sign({ sub: userId, sid: session!.id, typ: 'access' })}` }
  }
  const asCoordinator = await headersOf(coordinator!.id)
  const asCaseManager = await headersOf(caseManager!.id)
  const [someCase] = await db.select({ id: cases.id }).from(cases).where(eq(cases.caseManagerId, caseManager!.id)).limit(1)

  const scenarios: { label: string; request: () => Promise<{ statusCode: number }> }[] = [
    { label: 'GET /cases (coordinator, 50 of all)', request: () => app.inject({ method: 'GET', url: '/api/v1/cases?limit=50', headers: asCoordinator }) },
    { label: 'GET /cases?assignedTo=me (case manager)', request: () => app.inject({ method: 'GET', url: '/api/v1/cases?assignedTo=me&limit=50', headers: asCaseManager }) },
    { label: 'GET /cases?q=brambilla (name search)', request: () => app.inject({ method: 'GET', url: '/api/v1/cases?q=brambilla&limit=50', headers: asCoordinator }) },
    { label: 'POST /persons/search (name with a typo)', request: () => app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: asCoordinator, payload: { name: 'Nicolo Brambila' } }) },
    { label: 'GET /cases/counts', request: () => app.inject({ method: 'GET', url: '/api/v1/cases/counts', headers: asCoordinator }) },
    { label: 'GET /cases/{id}', request: () => app.inject({ method: 'GET', url: `/api/v1/cases/${someCase!.id}`, headers: asCaseManager }) },
    { label: 'GET /cases/{id}/timeline', request: () => app.inject({ method: 'GET', url: `/api/v1/cases/${someCase!.id}/timeline`, headers: asCaseManager }) },
  ]
  console.log(`\nlatency over ${ROUNDS} requests each, ${CASES} cases in the municipality (ms)`)
  console.log(`${'request'.padEnd(44)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}  status`)
  for (const scenario of scenarios) {
    for (let i = 0; i < 10; i++) await scenario.request() // warm-up
    const times: number[] = []
    let status = 0
    for (let i = 0; i < ROUNDS; i++) {
      const start = performance.now()
      status = (await scenario.request()).statusCode
      times.push(performance.now() - start)
    }
    times.sort((a, b) => a - b)
    const f = (v: number) => v.toFixed(1).padStart(7)
    console.log(`${scenario.label.padEnd(44)} ${f(percentile(times, 50))} ${f(percentile(times, 95))} ${f(percentile(times, 99))}  ${status}`)
  }
  const memory = process.memoryUsage()
  console.log(`\nmemory: rss ${(memory.rss / 1048576).toFixed(0)} MiB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MiB`)
  await app.close()
} finally {
  await embedded.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
