/**
 * `pnpm bench`: start-up and request latency figures on a fresh embedded PostgreSQL. Prints the
 * time to initialise and start the database, migrate and load the demo data, then the latency
 * (p50/p95/p99) of the busiest reads of a municipality with thousands of cases, then of the work
 * measures lists (the cooperative's and the municipality's) with 10,000 measures, and the memory used.
 * A program, not a test: it asserts nothing and prints figures.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { addDays, addMonths, computeTaxCode } from '@ponte/shared'
import { eq, sql } from 'drizzle-orm'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { connectDatabase } from '../src/db/client.js'
import { migrateDatabase } from '../src/db/migrate.js'
import { caseAssignments, caseEvents, cases, companies, measureAttendance, measureFollowUps, measures, organisations, persons, referrals, sessions, users } from '../src/db/schema/index.js'
import { todayInItaly } from '../src/lib/dates.js'
import { seedDemoData } from '../src/db/seed/demo.js'
import '../src/db/seed/index.js'
import { ensureDatabase, startEmbeddedPostgres } from '../src/lib/embedded-postgres.js'

const CASES = Number(process.env.BENCH_CASES ?? 5000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const MEASURES = Number(process.env.BENCH_MEASURES ?? 10_000)
const MEASURE_KINDS = ['internship_orientation', 'internship_reintegration', 'internship_inclusion', 'job_placement', 'work_grant', 'tutoring'] as const
const MEASURE_STATUSES = ['draft', 'proposed', 'agreement_signed', 'active', 'suspended', 'completed', 'interrupted'] as const
const GIVEN = ['Mario', 'Luca', 'Giovanni', 'Paolo', 'Andrea', 'Anna', 'Chiara', 'Laura', 'Sara', 'Francesca', 'Nicolò', 'Aurora', 'Karim', 'Fatima', 'Ioana', 'Moussa']
/** Names, birth dates, sexes and places repeat together every lcm(16 × 16, 40 × 12 × 28 …, 1000) = 672,000 rows: each cycle takes another letter for the place, so tax codes stay unique up to 6.7 million rows. */
const TAX_CODE_CYCLE = 672_000
const PLACE_LETTERS = 'BCDFGHLMNP'
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
        const taxCode = computeTaxCode({ givenName, familyName, birthDate, sex, birthPlaceCode: `${PLACE_LETTERS[Math.floor(n / TAX_CODE_CYCLE) % PLACE_LETTERS.length]}${String(n % 1000).padStart(3, '0')}` })
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

  const [cooperative] = await db.select().from(organisations).where(eq(organisations.name, 'Cooperativa Sociale Lavoro e Comunità'))
  const [operator] = await db.select().from(users).where(eq(users.email, 'operator@cooplavoro.demo'))
  const hosts = await db.select({ id: companies.id }).from(companies)
  await timed(`bulk load: ${MEASURES} measures, half by the cooperative`, async () => {
    const today = todayInItaly()
    const open = await db.select({ id: cases.id, personId: cases.personId }).from(cases).where(sql`${cases.municipalityId} = ${valmadrera!.id}::uuid and ${cases.status} <> 'closed' and ${cases.openedOn} = '2026-01-15'`)
    // The bulk cases still open; those whose measures the cooperative runs are referred to it (accepted).
    const referred = open.filter((_, i) => i % 2 === 0)
    for (let offset = 0; offset < referred.length; offset += 1000) {
      await db.insert(referrals).values(referred.slice(offset, offset + 1000).map((c) => ({ caseId: c.id, municipalityId: valmadrera!.id, partnerOrganisationId: cooperative!.id, purpose: 'Accompagnamento al lavoro', consentDate: '2026-01-10', consentScope: 'Dati del percorso lavorativo', status: 'accepted' as const })))
    }
    for (let offset = 0; offset < MEASURES; offset += 1000) {
      const batch = Array.from({ length: Math.min(1000, MEASURES - offset) }, (_, i) => {
        const n = offset + i
        const c = open[n % open.length]!
        const byCooperative = (n % open.length) % 2 === 0
        const kind = MEASURE_KINDS[n % MEASURE_KINDS.length]!
        const startDate = addDays(today, -(n % 300))
        return {
          caseId: c.id,
          personId: c.personId,
          municipalityId: valmadrera!.id,
          promoterOrganisationId: byCooperative ? cooperative!.id : valmadrera!.id,
          kind,
          status: kind === 'job_placement' || kind === 'work_grant' || kind === 'tutoring' ? (n % 5 === 0 ? ('completed' as const) : ('active' as const)) : MEASURE_STATUSES[n % MEASURE_STATUSES.length]!,
          startDate,
          plannedEndDate: kind === 'job_placement' || kind === 'tutoring' ? null : addDays(addMonths(startDate, 6), -1),
          hostCompanyId: kind === 'tutoring' ? null : hosts[n % hosts.length]!.id,
          promoterTutorId: byCooperative ? operator!.id : coordinator!.id,
          monthlyAmountCents: 50_000,
        }
      })
      const rows = await db.insert(measures).values(batch).returning({ id: measures.id, kind: measures.kind, status: measures.status, startDate: measures.startDate })
      const month = today.slice(0, 7)
      await db.insert(measureAttendance).values(rows.filter((r, i) => r.kind.startsWith('internship') && r.status === 'active' && i % 3 === 0).map((r) => ({ measureId: r.id, month, plannedMinutes: 7200, attendedMinutes: 6600 })))
      await db.insert(measureFollowUps).values(rows.filter((r) => r.status === 'completed').flatMap((r) => [1, 3, 6, 12].map((m) => ({ measureId: r.id, monthsAfter: m, dueOn: addMonths(r.startDate, m) }))))
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
  const asOperator = await headersOf(operator!.id)
  const endingBefore = addDays(todayInItaly(), 30)
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
  const measureScenarios: typeof scenarios = [
    { label: 'GET /measures (coordinator, 50 newest)', request: () => app.inject({ method: 'GET', url: '/api/v1/measures?limit=50', headers: asCoordinator }) },
    { label: 'GET /measures (cooperative operator, 50)', request: () => app.inject({ method: 'GET', url: '/api/v1/measures?limit=50', headers: asOperator }) },
    { label: 'GET /measures?kind&status (operator)', request: () => app.inject({ method: 'GET', url: '/api/v1/measures?kind=internship_orientation&status=active&limit=50', headers: asOperator }) },
    { label: 'GET /measures?hostCompanyId (coordinator)', request: () => app.inject({ method: 'GET', url: `/api/v1/measures?hostCompanyId=${hosts[3]!.id}&limit=50`, headers: asCoordinator }) },
    { label: 'GET /measures?endingBefore=+30d (operator)', request: () => app.inject({ method: 'GET', url: `/api/v1/measures?endingBefore=${endingBefore}&limit=50`, headers: asOperator }) },
    { label: 'GET /measures?attendanceMissing (operator)', request: () => app.inject({ method: 'GET', url: '/api/v1/measures?attendanceMissing=true&limit=50', headers: asOperator }) },
    { label: 'GET /follow-ups/due (operator)', request: () => app.inject({ method: 'GET', url: '/api/v1/follow-ups/due?limit=50', headers: asOperator }) },
  ]
  await measure(`latency over ${ROUNDS} requests each, ${CASES} cases in the municipality (ms)`, scenarios)
  await measure(`latency over ${ROUNDS} requests each, ${MEASURES} work measures, half run by the cooperative (ms)`, measureScenarios)
  const memory = process.memoryUsage()
  console.log(`\nmemory: rss ${(memory.rss / 1048576).toFixed(0)} MiB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MiB`)
  await app.close()
} finally {
  await embedded.stop()
  rmSync(dataDir, { recursive: true, force: true })
}

async function measure(title: string, scenarios: { label: string; request: () => Promise<{ statusCode: number }> }[]) {
  console.log(`\n${title}`)
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
}
