/**
 * `pnpm bench`: start-up, latency and throughput figures on a fresh embedded PostgreSQL. Prints the
 * time to initialise and start the database, migrate, load the demo data and bulk-load
 * `BENCH_CASES` cases (default 5,000; 1,000,000 works), then the latency (p50/p95/p99) of the
 * busiest reads and of the work-measures lists (`BENCH_ROUNDS` requests each, 0 skips them), then
 * the throughput of the case list, a case and a diary-note write at 1, 10 and 50 connections over
 * real HTTP next to the same SQL issued through `pg` in the same run, with the ratio and whether
 * the targets (≥ 60% at 50 connections, growing with connections) are met (`BENCH_SECONDS` per
 * figure, default 10; `BENCH_SHOW_SQL=1` lists the statements replayed). The load average is
 * printed next to the figures: on a shared machine they say little without it.
 * A program, not a test: it asserts nothing and prints figures.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { performance, type EventLoopUtilization } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { addDays, addMonths, computeTaxCode } from '@ponte/shared'
import { eq, sql } from 'drizzle-orm'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { connectDatabase } from '../src/db/client.js'
import { migrateDatabase } from '../src/db/migrate.js'
import { cases, companies, measureAttendance, measureFollowUps, measures, organisations, persons, sessions, users } from '../src/db/schema/index.js'
import { todayInItaly } from '../src/lib/dates.js'
import { seedDemoData } from '../src/db/seed/demo.js'
import '../src/db/seed/index.js'
import { ensureDatabase, startEmbeddedPostgres } from '../src/lib/embedded-postgres.js'

const CASES = Number(process.env.BENCH_CASES ?? 5000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const MEASURES = Number(process.env.BENCH_MEASURES ?? 10_000)
const MEASURE_KINDS = ['internship_orientation', 'internship_reintegration', 'internship_inclusion', 'job_placement', 'work_grant', 'tutoring'] as const
const MEASURE_STATUSES = ['draft', 'proposed', 'agreement_signed', 'active', 'suspended', 'completed', 'interrupted'] as const
/**
 * The bulk persons' names, as varied as a real register's: given names by sex and family names drawn
 * with a long-tailed (Zipf-like) frequency, the family names of the Lecco area first and then
 * 140,000 built from syllables. 1,000,000 persons bear about 550,000 distinct full names; the
 * commonest given names (Giuseppe, Maria, Mario) about 27,000–34,000 persons each, the commonest
 * family names (Colombo, Brambilla, Spreafico) 16,000–26,000. Deterministic: the same n always
 * gets the same name.
 */
const GIVEN_F = ['Maria', 'Anna', 'Giulia', 'Francesca', 'Chiara', 'Sara', 'Laura', 'Paola', 'Elena', 'Giuseppina', 'Rosa', 'Angela', 'Giovanna', 'Teresa', 'Lucia', 'Carla', 'Silvia', 'Valentina', 'Alessandra', 'Martina', 'Federica', 'Elisa', 'Roberta', 'Simona', 'Monica', 'Cristina', 'Barbara', 'Daniela', 'Patrizia', 'Antonella', 'Aurora', 'Sofia', 'Alice', 'Emma', 'Giorgia', 'Beatrice', 'Ginevra', 'Greta', 'Noemi', 'Marta', 'Irene', 'Ilaria', 'Serena', 'Claudia', 'Manuela', 'Stefania', 'Michela', 'Nadia', 'Loredana', 'Rita', 'Franca', 'Luisa', 'Marisa', 'Emanuela', 'Veronica', 'Camilla', 'Arianna', 'Benedetta', 'Caterina', 'Matilde', 'Viola', 'Bianca', 'Ludovica', 'Nicole', 'Asia', 'Gaia', 'Rebecca', 'Eleonora', 'Vittoria', 'Anita', 'Fatima', 'Ioana', 'Aisha', 'Khadija', 'Mariam', 'Ana', 'Olga', 'Natalia', 'Svetlana', 'Amina', 'Salma', 'Mihaela', 'Andreea', 'Gabriela', 'Yasmin', 'Leila', 'Adele', 'Agnese', 'Alba', 'Amalia', 'Bruna', 'Carmela', 'Concetta', 'Debora', 'Edda', 'Elvira', 'Emilia', 'Enrica', 'Fiorella', 'Gemma', 'Gloria', 'Ida', 'Iolanda', 'Lidia', 'Liliana', 'Mirella', 'Nives', 'Ornella', 'Pierangela', 'Raffaella', 'Renata', 'Sabrina', 'Tiziana', 'Vanda', 'Wilma', 'Zaira']
const GIVEN_M = ['Giuseppe', 'Mario', 'Giovanni', 'Antonio', 'Luigi', 'Francesco', 'Angelo', 'Pietro', 'Paolo', 'Luca', 'Marco', 'Andrea', 'Roberto', 'Stefano', 'Alessandro', 'Giorgio', 'Franco', 'Carlo', 'Massimo', 'Davide', 'Matteo', 'Simone', 'Federico', 'Lorenzo', 'Riccardo', 'Fabio', 'Claudio', 'Maurizio', 'Sergio', 'Enrico', 'Alberto', 'Gianluca', 'Daniele', 'Emanuele', 'Nicolò', 'Leonardo', 'Tommaso', 'Gabriele', 'Edoardo', 'Filippo', 'Diego', 'Michele', 'Vincenzo', 'Salvatore', 'Domenico', 'Bruno', 'Renato', 'Walter', 'Ivan', 'Cristian', 'Mattia', 'Samuele', 'Elia', 'Jacopo', 'Alessio', 'Manuel', 'Nicola', 'Giacomo', 'Cesare', 'Karim', 'Moussa', 'Mohamed', 'Ahmed', 'Youssef', 'Omar', 'Ion', 'Vasile', 'Mihai', 'Adrian', 'Bogdan', 'Ali', 'Hassan', 'Ibrahim', 'Amadou', 'Mamadou', 'Raj', 'Arjun', 'Wei', 'Adriano', 'Alfredo', 'Aldo', 'Arturo', 'Attilio', 'Dario', 'Ennio', 'Ernesto', 'Ezio', 'Fausto', 'Flavio', 'Gino', 'Guido', 'Ivano', 'Lino', 'Livio', 'Mauro', 'Nello', 'Oscar', 'Piero', 'Remo', 'Rino', 'Silvano', 'Ugo', 'Umberto', 'Valerio', 'Vittorio']
const FAMILY = ['Colombo', 'Brambilla', 'Spreafico', 'Rossi', 'Ferrari', 'Fumagalli', 'Galbiati', 'Sala', 'Mauri', 'Panzeri', 'Bonacina', 'Castagna', 'Valsecchi', 'Redaelli', 'Crippa', 'Cattaneo', 'Villa', 'Bianchi', 'Riva', 'Corti', 'Mariani', 'Bonfanti', 'Negri', 'Longhi', 'Beretta', 'Rigamonti', 'Magni', 'Perego', 'Rusconi', 'Tentori', 'Vitali', 'Frigerio', 'Pozzi', 'Gilardi', 'Ratti', 'Airoldi', 'Anghileri', 'Butti', 'Cereda', 'Ghezzi', 'Invernizzi', 'Locatelli', 'Maggi', 'Milani', 'Molteni', 'Nava', 'Pirovano', 'Ripamonti', 'Rota', 'Sironi', 'Stucchi', 'Tagliaferri', 'Vassena', 'Zucchi', 'Russo', 'Esposito', 'Romano', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Costa', 'Giordano', 'Mancini', 'Rizzo', 'Lombardi', 'Moretti', 'El Amrani', 'Popescu', 'Diop', 'Hoxha', 'Singh', 'Chen', 'Benali', 'Ionescu', 'Kaur', 'Ndiaye']
const FAMILY_ONSETS = ['Ber', 'Bon', 'Cal', 'Car', 'Cas', 'Cer', 'Col', 'Cor', 'Dal', 'Fab', 'Fer', 'Gal', 'Gar', 'Gher', 'Giu', 'Lan', 'Lor', 'Mal', 'Man', 'Mar', 'Mas', 'Mer', 'Mon', 'Mor', 'Nar', 'Pan', 'Par', 'Pel', 'Per', 'Pir', 'Pol', 'Ran', 'Ros', 'Sal', 'San', 'Sca', 'Ser', 'Sor', 'Tar', 'Ter', 'Tor', 'Val', 'Ven', 'Ver', 'Vil', 'Zan', 'Zor', 'Bar', 'Bel', 'Bor', 'Cat', 'Del', 'Gua', 'Lat', 'Mag', 'Nov', 'Pes', 'Ric', 'Sta', 'Tre', 'Bru', 'Cam', 'Cre', 'Fio', 'Gra', 'Lun', 'Mat', 'Orl', 'Pra', 'Rav']
const FAMILY_MIDDLES = ['a', 'e', 'i', 'o', 'u', 'ab', 'ad', 'al', 'an', 'ar', 'as', 'at', 'el', 'en', 'er', 'es', 'et', 'ic', 'il', 'in', 'is', 'it', 'ol', 'on', 'or', 'os', 'ot', 'ul', 'un', 'ur', 'ag', 'eg', 'ig', 'og', 'am', 'em', 'im', 'om', 'av', 'iv']
const FAMILY_ENDINGS = ['etti', 'elli', 'ini', 'oni', 'ari', 'ati', 'esi', 'ucci', 'accio', 'ardi', 'aldi', 'enghi', 'asco', 'ola', 'one', 'ino', 'ato', 'uto', 'ero', 'eri', 'azzi', 'ozzi', 'ieri', 'oli', 'ella', 'iani', 'ese', 'otti', 'utti', 'ighi', 'anti', 'enti', 'assi', 'ossi', 'ucchi', 'icchi', 'ucco', 'ano', 'ona', 'ago', 'ate', 'ette', 'osi', 'atti', 'oldi', 'undi', 'anda', 'erti', 'orni', 'alli']
const FAMILY_NAMES = FAMILY.length + FAMILY_ONSETS.length * FAMILY_MIDDLES.length * FAMILY_ENDINGS.length
/** A number in [0, 1) that looks random but is a function of (n, salt). */
function unitHash(n: number, salt: number) {
  let x = (n * 2 + Math.imul(salt, 0x9e3779b1)) | 0
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d)
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b)
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296
}
/** The rank (0 = commonest) of a draw u among `size` names whose frequency falls as 1 / (rank + k). */
const zipfRank = (u: number, size: number, k: number) => Math.min(size - 1, Math.floor(k * Math.pow((size + k) / k, u) - k))
function benchName(n: number, sex: 'F' | 'M') {
  const given = sex === 'F' ? GIVEN_F : GIVEN_M
  const r = zipfRank(unitHash(n, 2), FAMILY_NAMES, 3)
  const t = r - FAMILY.length
  const familyName = r < FAMILY.length ? FAMILY[r]! : FAMILY_ONSETS[t % FAMILY_ONSETS.length]! + FAMILY_MIDDLES[Math.floor(t / FAMILY_ONSETS.length) % FAMILY_MIDDLES.length]! + FAMILY_ENDINGS[Math.floor(t / (FAMILY_ONSETS.length * FAMILY_MIDDLES.length))]!
  return { givenName: given[zipfRank(unitHash(n, 1), given.length, 4)]!, familyName }
}
/** Birth dates (1950–1989, days 1–28) and places (B000–P999) that no two bulk persons share: tax codes stay unique up to 134 million rows whatever the names. */
const BIRTH_DAYS = 40 * 12 * 28
const PLACE_LETTERS = 'BCDFGHLMNP'
/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const TICK_MS = 10
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const LOAD_CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number)
/** `BENCH_ONLY=cases/{id}`: only the throughput scenarios and latency rows whose label contains it (`|` separates alternatives: `BENCH_ONLY='search|q='`). */
const ONLY = process.env.BENCH_ONLY
const matchesOnly = (label: string) => !ONLY || ONLY.split('|').some((part) => label.includes(part))
/** `BENCH_WAITS=1`: the API's backends' states and wait events during each HTTP load (sampleWaits). */
const WAITS = Boolean(process.env.BENCH_WAITS)
/** `BENCH_PROFILE=dir`: a CPU profile of this process (the API's) during each HTTP load, written there. */
const PROFILE_DIR = process.env.BENCH_PROFILE
/** Statements of the platform around a request — sign-in check, rate limit, idempotency, audit, transaction control — as opposed to the request's own query. */
const PLATFORM_SQL = /^\s*(insert into "rate_limit_counters"|with hit as \(\s*insert into rate_limit_counters|select "users"\."id", "memberships"\.|insert into "audit_log"|select pg_try_advisory_xact_lock|begin|commit|rollback|savepoint|release)|\bidempotency_keys\b/i
const WHOLE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

const execFileAsync = promisify(execFile)
const capturing = new AsyncLocalStorage<true>()
/**
 * Records the statements of the request being captured (captureStatements). Only the statements
 * issued on behalf of that request (marked by the bench's onRequest hook), not those of the
 * background loops running meanwhile: `pool.query` is called in the request's async context (and
 * its own checkout, which loses that context, is not recorded twice); a transaction's client is
 * used after an await, which keeps it. Installed before any pool connects: the API's pool binds
 * each client's `query` when it connects (db/client.ts, the read-timeout guard).
 */
let recorder: ((args: unknown[]) => void) | null = null
{
  const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const poolPrototype = pg.Pool.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const original = { client: clientPrototype.query, pool: poolPrototype.query }
  clientPrototype.query = function (this: unknown, ...args: unknown[]) {
    if (recorder && capturing.getStore()) recorder(args)
    return original.client.apply(this, args)
  }
  poolPrototype.query = function (this: unknown, ...args: unknown[]) {
    if (!recorder || !capturing.getStore()) return original.pool.apply(this, args)
    recorder(args)
    return capturing.exit(() => original.pool.apply(this, args))
  }
}
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

/**
 * `BENCH_DATABASE_URL` (e.g. postgres://postgres@127.0.0.1:5432/search_bench) runs against that
 * database instead of a fresh embedded one: it is created and migrated if needed, and the demo data
 * and bulk load are skipped when it already holds them — load 1,000,000 cases once, measure often.
 */
const EXTERNAL_URL = process.env.BENCH_DATABASE_URL
const dataDir = EXTERNAL_URL ? null : mkdtempSync(path.join(tmpdir(), 'ponte-bench-'))
const embedded = dataDir ? await timed('embedded PostgreSQL: initialise and start', () => startEmbeddedPostgres({ dataDir })) : null
const databaseUrl = EXTERNAL_URL ?? embedded!.url('ponte')
try {
  if (EXTERNAL_URL) {
    const url = new URL(EXTERNAL_URL)
    const name = decodeURIComponent(url.pathname.slice(1))
    url.pathname = '/postgres'
    await ensureDatabase(url.toString(), name)
  } else await ensureDatabase(embedded!.url('postgres'), 'ponte')
  const database = connectDatabase(databaseUrl)
  const { db } = database
  await timed('migrations', () => migrateDatabase(db))
  const seeded = (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, 'Comune di Valmadrera'))).length > 0
  if (!seeded) await timed('demo data', () => seedDemoData(db))

  const [valmadrera] = await db.select().from(organisations).where(eq(organisations.name, 'Comune di Valmadrera'))
  const [coordinator] = await db.select().from(users).where(eq(users.email, 'coordinator@valmadrera.demo'))
  const [caseManager] = await db.select().from(users).where(eq(users.email, 'casemanager@valmadrera.demo'))
  const bulkLoaded = seeded ? Number((await database.pool.query(`select count(*) as n from cases where municipality_id = $1 and opened_on = '2026-01-15'`, [valmadrera!.id])).rows[0].n) : 0
  if (bulkLoaded >= CASES) console.log(`bulk load skipped: the database already holds ${bulkLoaded} bulk cases`)
  else if (bulkLoaded > 0) throw new Error(`the database holds ${bulkLoaded} bulk cases, fewer than BENCH_CASES=${CASES}: drop it and start again`)
  else await timed(`bulk load: ${CASES} persons, cases and 5 events each`, () => bulkLoadCases(database.pool, valmadrera!.id, coordinator!.id, caseManager!.id))
  const [cooperative] = await db.select().from(organisations).where(eq(organisations.name, 'Cooperativa Sociale Lavoro e Comunità'))
  const [operator] = await db.select().from(users).where(eq(users.email, 'operator@cooplavoro.demo'))
  const hosts = await db.select({ id: companies.id }).from(companies)
  if (bulkLoaded === 0) {
    await timed(`bulk load: ${MEASURES} measures, half by the cooperative`, async () => {
      const today = todayInItaly()
      // The bulk cases still open, in id order; those at an even position are referred to the
      // cooperative (accepted), which runs their measures — one statement, however many cases.
      const openCases = sql`${cases.municipalityId} = ${valmadrera!.id}::uuid and ${cases.status} <> 'closed' and ${cases.openedOn} = '2026-01-15'`
      await db.execute(sql`
        insert into referrals (id, case_id, municipality_id, partner_organisation_id, purpose, consent_date, consent_scope, status)
        select uuidv7(), id, ${valmadrera!.id}, ${cooperative!.id}, 'Accompagnamento al lavoro', '2026-01-10', 'Dati del percorso lavorativo', 'accepted'
        from (select id, row_number() over (order by id) - 1 as i from cases where ${openCases}) as o
        where i % 2 = 0`)
      // Only the first MEASURES open cases can receive a measure.
      const open = await db.select({ id: cases.id, personId: cases.personId }).from(cases).where(openCases).orderBy(cases.id).limit(MEASURES)
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
  }

  // The access register's trail at scale: a read of each bulk case's timeline by its case manager
  // and a read of each bulk person (2 entries per case, sealed into the chain here rather than by
  // the API's sealer during the measures). Added once to a database that lacks it.
  const trailLoaded = Number((await database.pool.query(`select count(*) as n from audit_log where request_id = 'bench-bulk'`)).rows[0].n)
  if (trailLoaded === 0) {
    await timed(`bulk load: audit trail, 2 reads per bulk case, sealed`, async () => {
      await database.pool.query(
        `insert into audit_log (actor_user_id, channel, request_id, organisation_id, action, resource_type, resource_id, created_at)
         select c.case_manager_id, 'staff', 'bench-bulk', c.municipality_id, r.action, r.resource_type, r.resource_id, now() - interval '1 day'
         from (select * from cases where municipality_id = $1 and opened_on = '2026-01-15' order by id) c
         cross join lateral (values ('read_timeline', 'case', c.id::text), ('read', 'person', c.person_id::text)) as r(action, resource_type, resource_id)`,
        [valmadrera!.id],
      )
      while (Number((await database.pool.query('select audit_seal(100000) as n')).rows[0].n) > 0);
      await database.pool.query('vacuum (analyze) audit_log')
    })
  }

  // The API as production runs it: request logging at the default level (info; the lines are
  // formatted and then dropped here, not written), its pool with the statement timeout (server.ts).
  // DATABASE_POOL_SIZE as the server reads it (default 10), to compare pool sizes.
  const config = loadConfig({ DEMO_DATA: 'false', ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}) } as NodeJS.ProcessEnv, { jwtSecret: 'bench-secret-0123456789-0123456789', webDist: null, rateLimit: { max: 1_000_000, windowSeconds: 60 } })
  const apiDatabase = connectDatabase(databaseUrl, { max: config.database.poolSize, connectTimeoutMs: config.database.connectTimeoutMs, statementTimeoutMs: config.database.statementTimeoutMs })
  const app = await buildApp({ config, database: apiDatabase, closeDatabase: true, logStream: { write: () => {} } })
  // The request whose SQL the throughput figures replay is marked by a header; its statements are recorded in its async context.
  app.addHook('onRequest', (request, _reply, done) => (request.headers['x-bench-capture'] === '1' ? capturing.run(true, done) : done()))
  await app.ready()
  const headersOf = async (userId: string) => {
    const [session] = await db.insert(sessions).values({ userId, expiresAt: new Date(Date.now() + 3600_000) }).returning()
    return { authorization: `Bearer ${app.jwt.sign({ sub: userId, sid: session!.id, typ: 'access' })}` }
  }
  const asCoordinator = await headersOf(coordinator!.id)
  const asCaseManager = await headersOf(caseManager!.id)
  const asOperator = await headersOf(operator!.id)
  const [auditor] = await db.select().from(users).where(eq(users.email, 'auditor@valmadrera.demo'))
  const asAuditor = await headersOf(auditor!.id)
  const endingBefore = addDays(todayInItaly(), 30)
  const [someCase] = await db.select({ id: cases.id }).from(cases).where(eq(cases.caseManagerId, caseManager!.id)).limit(1)

  const scenarios: { label: string; request: () => Promise<{ statusCode: number }> }[] = [
    { label: 'GET /cases (coordinator, 50 of all)', request: () => app.inject({ method: 'GET', url: '/api/v1/cases?limit=50', headers: asCoordinator }) },
    { label: 'GET /cases?assignedTo=me (case manager)', request: () => app.inject({ method: 'GET', url: '/api/v1/cases?assignedTo=me&limit=50', headers: asCaseManager }) },
    { label: 'GET /cases/counts', request: () => app.inject({ method: 'GET', url: '/api/v1/cases/counts', headers: asCoordinator }) },
    { label: 'GET /cases/{id}', request: () => app.inject({ method: 'GET', url: `/api/v1/cases/${someCase!.id}`, headers: asCaseManager }) },
    { label: 'GET /cases/{id}/timeline', request: () => app.inject({ method: 'GET', url: `/api/v1/cases/${someCase!.id}/timeline`, headers: asCaseManager }) },
  ]
  // The name searches of issue 8 §1 (target p99 ≤ 100 ms at 1,000,000 persons) and issue 14 (two typos at once).
  const [someTaxCode] = await db.select({ taxCode: persons.taxCode }).from(persons).where(eq(persons.municipalityId, valmadrera!.id)).limit(1)
  const marioPage2 = (await app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: asCoordinator, payload: { name: 'Mario' } })).json<{ nextCursor: string | null }>().nextCursor ?? undefined
  const searchScenarios: typeof scenarios = [
    { label: 'POST /persons/search one typo', request: () => app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: asCoordinator, payload: { name: 'Nicolo Brambila' } }) },
    { label: 'POST /persons/search two typos', request: () => app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: asCoordinator, payload: { name: 'Francsca Fumagali' } }) },
    { label: 'POST /persons/search given name alone', request: () => app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: asCoordinator, payload: { name: 'Mario' } }) },
    { label: 'POST /persons/search family name', request: () => app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: asCoordinator, payload: { name: 'spreafico' } }) },
    { label: 'POST /persons/search family name typo', request: () => app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: asCoordinator, payload: { name: 'Brambila' } }) },
    { label: 'POST /persons/search name, page 2', request: () => app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: asCoordinator, payload: { name: 'Mario', cursor: marioPage2 } }) },
    { label: 'POST /persons/search codice fiscale', request: () => app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: asCoordinator, payload: { taxCode: someTaxCode!.taxCode } }) },
    { label: 'GET /cases?q=brambilla', request: () => app.inject({ method: 'GET', url: '/api/v1/cases?q=brambilla&limit=50', headers: asCoordinator }) },
    { label: 'GET /cases?q=brambila (typo)', request: () => app.inject({ method: 'GET', url: '/api/v1/cases?q=brambila&limit=50', headers: asCoordinator }) },
    { label: 'GET /cases?q=mario (given name)', request: () => app.inject({ method: 'GET', url: '/api/v1/cases?q=mario&limit=50', headers: asCoordinator }) },
    { label: 'GET /cases?q=zanzottera (nobody)', request: () => app.inject({ method: 'GET', url: '/api/v1/cases?q=zanzottera&limit=50', headers: asCoordinator }) },
    { label: 'GET /cases?q=maria brambila', request: () => app.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent('maria brambila')}&limit=50`, headers: asCoordinator }) },
    { label: 'GET audit-entries?q=brambilla (register)', request: () => app.inject({ method: 'GET', url: `/api/v1/organisations/${valmadrera!.id}/audit-entries?q=brambilla&limit=50`, headers: asAuditor }) },
    { label: 'GET audit-entries?q=maria brambilla', request: () => app.inject({ method: 'GET', url: `/api/v1/organisations/${valmadrera!.id}/audit-entries?q=${encodeURIComponent('maria brambilla')}&limit=50`, headers: asAuditor }) },
    { label: 'GET audit-entries?q=zanzottera (nobody)', request: () => app.inject({ method: 'GET', url: `/api/v1/organisations/${valmadrera!.id}/audit-entries?q=zanzottera&limit=50`, headers: asAuditor }) },
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
  if (ROUNDS > 0) {
    await measure(`name searches over ${ROUNDS} requests each, ${CASES} persons in the municipality (ms, load average ${loadAverage()})`, searchScenarios)
    await measure(`latency over ${ROUNDS} requests each, ${CASES} cases in the municipality (ms)`, scenarios)
    await measure(`latency over ${ROUNDS} requests each, ${MEASURES} work measures, half run by the cooperative (ms)`, measureScenarios)
  }
  if (LOAD_SECONDS > 0) await throughput(app, database.pool, databaseUrl, [
    { label: 'GET /cases (coordinator, 50 of all)', method: 'GET', path: '/api/v1/cases?limit=50', headers: asCoordinator },
    { label: 'GET /cases/{id} (case manager)', method: 'GET', path: `/api/v1/cases/${someCase!.id}`, headers: asCaseManager },
    { label: 'POST /cases/{id}/diary-notes (write)', method: 'POST', path: `/api/v1/cases/${someCase!.id}/diary-notes`, headers: asCaseManager, body: { notedOn: todayInItaly(), text: 'Colloquio telefonico di verifica.' } },
  ])
  const memory = process.memoryUsage()
  console.log(`\nmemory: rss ${(memory.rss / 1048576).toFixed(0)} MiB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MiB`)
  await app.close()
  await database.close()
} finally {
  await embedded?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}

async function measure(title: string, scenarios: { label: string; request: () => Promise<{ statusCode: number }> }[]) {
  console.log(`\n${title}`)
  console.log(`${'request'.padEnd(44)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}  status`)
  for (const scenario of scenarios.filter((s) => matchesOnly(s.label))) {
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

/**
 * The bulk load in a few large statements: the tax codes are computed here (check character
 * included), then each batch of 20,000 persons is one statement that inserts the persons from
 * arrays (`unnest`), their cases, first assignments and 5 timeline events each (data-modifying CTEs).
 * Ids are `uuidv7()` (PostgreSQL 18), time-ordered like the application's.
 */
async function bulkLoadCases(pool: pg.Pool, municipalityId: string, coordinatorId: string, caseManagerId: string) {
  const BATCH = 20_000
  // uuidv7() is PostgreSQL 18's; on an older server (BENCH_DATABASE_URL) the bench database gets an equivalent.
  if ((await pool.query(`select 1 from pg_proc where proname = 'uuidv7'`)).rowCount === 0) {
    await pool.query(`create function uuidv7() returns uuid language sql volatile as $$
      select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid $$`)
  }
  // The secondary indexes of the loaded tables are dropped during the load and built once after it
  // (index maintenance row by row made the load grow faster than the data: 52 s for 100,000 cases,
  // 784 s for 1,000,000). Unique and primary-key indexes stay: they are what the load relies on.
  const secondary = await pool.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition from pg_index i
     where i.indrelid in ('persons'::regclass, 'cases'::regclass, 'case_assignments'::regclass, 'case_events'::regclass) and not i.indisunique and not i.indisprimary`,
  )
  for (const index of secondary.rows) await pool.query(`drop index ${index.name}`)
  for (let offset = 0; offset < CASES; offset += BATCH) {
    const size = Math.min(BATCH, CASES - offset)
    const given: string[] = [], family: string[] = [], birth: string[] = [], sexes: string[] = [], taxCodes: string[] = []
    for (let i = 0; i < size; i++) {
      const n = offset + i
      const sex = n % 2 === 0 ? ('F' as const) : ('M' as const)
      const { givenName, familyName } = benchName(n, sex)
      const day = n % BIRTH_DAYS
      const place = Math.floor(n / BIRTH_DAYS)
      const birthDate = `${1950 + Math.floor(day / 336)}-${String(1 + (Math.floor(day / 28) % 12)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`
      given.push(givenName)
      family.push(familyName)
      birth.push(birthDate)
      sexes.push(sex)
      taxCodes.push(computeTaxCode({ givenName, familyName, birthDate, sex, birthPlaceCode: `${PLACE_LETTERS[Math.floor(place / 1000) % PLACE_LETTERS.length]}${String(place % 1000).padStart(3, '0')}` }))
    }
    await pool.query(
      `with p as (
         insert into persons (id, municipality_id, given_name, family_name, birth_date, sex, tax_code)
         select uuidv7(), $1, g, f, b, s, t from unnest($2::text[], $3::text[], $4::date[], $5::text[], $6::text[]) as u(g, f, b, s, t)
         on conflict do nothing
         returning id
       ), numbered as (
         select id, (row_number() over ()) - 1 as i from p
       ), c as (
         insert into cases (id, municipality_id, person_id, status, case_manager_id, opened_on, closed_on, outcome, closing_note)
         select uuidv7(), $1, id, (array['intake','assessment','active','monitoring','suspended','closed'])[i % 6 + 1],
                case when i % 3 = 0 then $7::uuid else $8::uuid end, date '2026-01-15',
                case when i % 6 = 5 then date '2026-06-30' end, case when i % 6 = 5 then 'goals_met' end, case when i % 6 = 5 then 'Obiettivi raggiunti' end
         from numbered
         returning id, case_manager_id
       ), a as (
         insert into case_assignments (id, case_id, case_manager_id) select uuidv7(), id, case_manager_id from c
       )
       insert into case_events (id, case_id, type, audience, actor_user_id, data)
       select uuidv7(), c.id, case when k = 0 then 'case.opened' else 'meeting.held' end, 'municipality', c.case_manager_id,
              -- The data each type's schema requires (packages/shared timeline.ts): rows that match none are left out of the timeline.
              case when k = 0 then jsonb_build_object('episode', 1, 'caseManager', jsonb_build_object('id', c.case_manager_id, 'name', 'Operatore Bench'))
                   else jsonb_build_object('from', 'planned', 'to', 'held', 'date', '2026-02-0' || k, 'startTime', '09:30', 'evaluation', 4) end
       from c cross join generate_series(0, 4) as k`,
      [municipalityId, given, family, birth, sexes, taxCodes, caseManagerId, coordinatorId],
    )
  }
  await Promise.all(secondary.rows.map((index) => pool.query(index.definition)))
  // Vacuumed as autovacuum leaves a table some time after a bulk insert (visibility map set, so
  // index-only scans skip the heap), not only analysed: the figures are those of a settled database.
  await pool.query('vacuum (analyze)')
}

interface LoadScenario {
  label: string
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: unknown
}
interface Statement {
  text: string
  values: unknown[]
  /** A statement the API prepares under a name is replayed prepared under that name too (parsed once per connection). */
  name?: string
}
interface Rate {
  requestsPerSecond: number
  p50: number
  p99: number
  failed: number
}


/**
 * Requests per second over real HTTP (autocannon in a child process against the listening API,
 * with its rate limits, idempotency and audit entries written and sealed as in production) next to
 * the same SQL issued directly through `pg`, in the same run on the same database: "all SQL" is
 * every statement the request issued (captured from one request, replayed in order on one
 * connection, fresh ids for what it inserts), "query" only the request's own statements, without
 * the platform's (authentication, rate limit, idempotency, audit, transaction control).
 */
async function throughput(app: Awaited<ReturnType<typeof buildApp>>, pool: pg.Pool, databaseUrl: string, scenarios: LoadScenario[]) {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  console.log(`\nthroughput, ${LOAD_SECONDS} s per figure at ${LOAD_CONNECTIONS.join(', ')} connections, ${CASES} cases (load average ${loadAverage()})`)
  console.log('API: autocannon over HTTP (accepting br/gzip like a browser), audit entries written and sealed as in production; cpu ms: the API process\'s CPU time per request; pg: the same SQL through node-postgres, as many connections')
  console.log(`${'request'.padEnd(40)} ${'conn'.padStart(4)} ${'API/s'.padStart(7)} ${'p50'.padStart(5)} ${'p99'.padStart(6)} ${'fail'.padStart(5)} ${'cpu ms'.padStart(6)} | ${'all SQL/s'.padStart(9)} ${'ratio'.padStart(6)} | ${'query/s'.padStart(8)} ${'ratio'.padStart(6)}`)
  const postmaster = await postmasterPid(pool)
  const verdicts: string[] = []
  for (const scenario of scenarios.filter((s) => matchesOnly(s.label))) {
    const all = await captureStatements(app, scenario)
    const own = all.statements.filter((s) => !PLATFORM_SQL.test(s.text))
    if (process.env.BENCH_SHOW_SQL) for (const s of all.statements) console.log(`  ${PLATFORM_SQL.test(s.text) ? 'platform' : 'query   '} ${s.name ? `[${s.name}] ` : ''}${s.text.replace(/\s+/g, ' ').slice(0, 160)}`)
    await httpLoad(base, scenario, 10, Math.min(2, LOAD_SECONDS)) // warm-up
    const api: Rate[] = []
    for (const connections of LOAD_CONNECTIONS) {
      // Each load starts with the audit trail sealed: the sealer links the entries of a load during
      // the next one otherwise, and the API's figures paid for sealing the replay's entries before.
      await sealBacklog(pool)
      const waits = WAITS ? sampleWaits(pool) : null
      const httpCpu = machineCpu(postmaster)
      const http = await profiled(`${scenario.label.replace(/\W+/g, '-')}-${connections}`, () => httpLoad(base, scenario, connections, LOAD_SECONDS), app.pool)
      const httpSpent = httpCpu()
      await sealBacklog(pool)
      const sqlCpu = machineCpu(postmaster)
      const nodeStart = process.cpuUsage()
      const sqlAll = await replay(databaseUrl, all.statements, all.fresh, connections, LOAD_SECONDS)
      const nodeSpent = process.cpuUsage(nodeStart)
      const sqlSpent = sqlCpu()
      await sealBacklog(pool)
      const sqlOwn = await replay(databaseUrl, own, all.fresh, connections, LOAD_SECONDS)
      if (waits) console.log(`  backends during the API load (average per sample): ${await waits()}`)
      api.push(http)
      const ratio = (r: Rate) => (r.requestsPerSecond > 0 ? `${((100 * http.requestsPerSecond) / r.requestsPerSecond).toFixed(0)}%` : '–').padStart(6)
      const n = (v: number, w: number) => v.toFixed(0).padStart(w)
      console.log(`${scenario.label.padEnd(40)} ${n(connections, 4)} ${n(http.requestsPerSecond, 7)} ${n(http.p50, 5)} ${n(http.p99, 6)} ${n(http.failed, 5)} ${http.cpuMsPerRequest.toFixed(2).padStart(6)} | ${n(sqlAll.requestsPerSecond, 9)} ${ratio(sqlAll)} | ${n(sqlOwn.requestsPerSecond, 8)} ${ratio(sqlOwn)}${sqlAll.failed + sqlOwn.failed > 0 ? ` (pg replays failed: ${sqlAll.failed + sqlOwn.failed})` : ''}`)
      // Where the machine's time went, per request: the API's CPU, the load generator's, PostgreSQL's
      // (every backend), what else ran on the machine, and how busy the API's event loop and pool were.
      const per = (ms: number, r: Rate) => (ms / Math.max(1, r.requestsPerSecond * LOAD_SECONDS)).toFixed(2)
      const apiMs = http.cpuMsPerRequest * Math.max(1, http.requestsPerSecond * LOAD_SECONDS)
      const replayMs = (nodeSpent.user + nodeSpent.system) / 1000
      console.log(`${''.padEnd(45)} API: cpu ms api ${http.cpuMsPerRequest.toFixed(2)} autocannon ${per(http.loadCpuMs, http)} postgres ${per(httpSpent.postgresMs, http)} rest ${per(Math.max(0, httpSpent.busyMs - apiMs - http.loadCpuMs - httpSpent.postgresMs), http)}; machine busy ${httpSpent.busyPercent}%, event loop ${http.eventLoop}% (main thread per request: ${per(http.mainThread.runMs, http)} ms on a core, ${per(http.mainThread.queuedMs, http)} ms waiting for one, ${per(http.mainThread.preempted, http)} preemptions, ${per(http.mainThread.blocked, http)} waits), pool waiting ${http.poolWaiting} | all SQL: cpu ms node ${per(replayMs, sqlAll)} postgres ${per(sqlSpent.postgresMs, sqlAll)} rest ${per(Math.max(0, sqlSpent.busyMs - replayMs - sqlSpent.postgresMs), sqlAll)}; machine busy ${sqlSpent.busyPercent}%`)
      if (connections === LOAD_CONNECTIONS.at(-1)) {
        const share = http.requestsPerSecond / sqlOwn.requestsPerSecond
        const shareAll = http.requestsPerSecond / sqlAll.requestsPerSecond
        if (!sqlOwn.requestsPerSecond || !sqlAll.requestsPerSecond) verdicts.push(`${scenario.label}: the SQL replay failed, no ratio`)
        else verdicts.push(`${scenario.label}: at ${connections} connections ${(100 * share).toFixed(0)}% of its query alone, ${(100 * shareAll).toFixed(0)}% of all its SQL — target ≥ 60%: ${share >= 0.6 ? 'met' : shareAll >= 0.6 ? 'met against all its SQL only' : 'not met'}`)
      }
    }
    const [one, ten, fifty] = api.map((r) => r.requestsPerSecond) as [number, number, number]
    if (api.length === 3) verdicts.push(`${scenario.label}: ${one.toFixed(0)} → ${ten.toFixed(0)} → ${fifty.toFixed(0)} requests/s — grows with connections: ${ten > one && fifty >= ten * 0.95 ? 'yes' : 'no'}${api.some((r) => r.failed > 0) ? ' (some requests failed)' : ''}`)
  }
  await pool.query('select audit_seal(1000000)')
  console.log(`\n${verdicts.join('\n')}\nload average at the end: ${loadAverage()}`)
}

/**
 * The API's CPU time (this process, user + system, the zlib threads included) per successful
 * request of one HTTP load — the figure that does not depend on how busy the machine is — and,
 * when BENCH_PROFILE names a directory, a V8 CPU profile of the load written there.
 */
async function profiled(name: string, work: () => Promise<Rate & { loadCpuMs: number }>, apiPool: pg.Pool): Promise<Rate & { cpuMsPerRequest: number; loadCpuMs: number; eventLoop: string; poolWaiting: string; mainThread: { runMs: number; queuedMs: number; preempted: number; blocked: number } }> {
  const session = PROFILE_DIR ? new Session() : null
  if (session) {
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
  }
  const cpuStart = process.cpuUsage()
  const schedStart = mainThreadSched()
  const loopStart: EventLoopUtilization = performance.eventLoopUtilization()
  let samples = 0
  let waiting = 0
  const sampler = setInterval(() => {
    samples++
    waiting += apiPool.waitingCount
  }, 20)
  const rate = await work()
  clearInterval(sampler)
  const loop = performance.eventLoopUtilization(loopStart)
  const cpu = process.cpuUsage(cpuStart)
  const sched = mainThreadSched()
  if (session) {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(path.join(PROFILE_DIR!, `${name}.cpuprofile`), JSON.stringify(profile))
    session.disconnect()
  }
  return { ...rate, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, rate.requestsPerSecond * LOAD_SECONDS), eventLoop: (100 * loop.utilization).toFixed(0), poolWaiting: (waiting / Math.max(1, samples)).toFixed(1), mainThread: { runMs: sched.runMs - schedStart.runMs, queuedMs: sched.queuedMs - schedStart.queuedMs, preempted: sched.preempted - schedStart.preempted, blocked: sched.blocked - schedStart.blocked } }
}

/**
 * The API's main thread (the event loop) as the scheduler saw it: time on a core, time runnable but
 * waiting for one, and how often it gave the core up — blocked (nothing to do) or preempted.
 */
function mainThreadSched() {
  try {
    const [run = 0, queued = 0] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number)
    const status = readFileSync('/proc/thread-self/status', 'utf8')
    const count = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0)
    return { runMs: run / 1e6, queuedMs: queued / 1e6, blocked: count('voluntary_ctxt_switches'), preempted: count('nonvoluntary_ctxt_switches') }
  } catch {
    return { runMs: 0, queuedMs: 0, blocked: 0, preempted: 0 }
  }
}

/** Seals every pending audit entry (the running sealer may hold the lock for a round: then waits for it). */
async function sealBacklog(pool: pg.Pool) {
  for (;;) {
    const sealed = Number((await pool.query('select audit_seal(100000) as n')).rows[0].n)
    if (sealed > 0) continue
    if ((await pool.query('select 1 from audit_log where hash is null limit 1')).rowCount === 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The PostgreSQL server's process id (the parent of a backend), when it runs on this machine; null otherwise. */
async function postmasterPid(pool: pg.Pool): Promise<number | null> {
  try {
    const backend = Number((await pool.query('select pg_backend_pid() as pid')).rows[0].pid)
    return procStat(backend)?.ppid ?? null
  } catch {
    return null
  }
}

function procStat(pid: number): { ppid: number; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime, stime, and the children's (cutime, cstime) it has waited for: a backend that ended still counts.
    return { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS }
  } catch {
    return null
  }
}

/** CPU time of the PostgreSQL server and every backend, in ms (0 when it does not run here). */
function postgresCpuMs(postmaster: number | null): number {
  if (postmaster === null) return 0
  let ms = procStat(postmaster)?.ms ?? 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = procStat(Number(entry))
    if (stat && stat.ppid === postmaster) ms += stat.ms
  }
  return ms
}

/** The machine's busy CPU time (every core, ms) from /proc/stat. */
function machineBusyMs(): { busy: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    const total = fields.reduce((a, b) => a + b, 0)
    const idle = fields[3]! + (fields[4] ?? 0)
    return { busy: (total - idle) * TICK_MS, total: total * TICK_MS }
  } catch {
    return { busy: 0, total: 0 }
  }
}

/** Starts counting; the function returned says how much CPU the machine and PostgreSQL spent since. */
function machineCpu(postmaster: number | null) {
  const postgresStart = postgresCpuMs(postmaster)
  const machineStart = machineBusyMs()
  return () => {
    const machine = machineBusyMs()
    return {
      postgresMs: postgresCpuMs(postmaster) - postgresStart,
      busyMs: machine.busy - machineStart.busy,
      busyPercent: (machine.total > machineStart.total ? (100 * (machine.busy - machineStart.busy)) / (machine.total - machineStart.total) : 0).toFixed(0),
    }
  }
}

function loadAverage() {
  return loadavg().map((v) => v.toFixed(2)).join(', ')
}

/**
 * `BENCH_WAITS=1`: what the database's other backends — during an HTTP load, the API's pool — are
 * doing, sampled from `pg_stat_activity` every 50 ms until the returned function is called: state
 * and wait event (`active CPU` when running, `idle in transaction Client/ClientRead` when a
 * transaction waits for the API), and the statements that wait on a lock.
 */
function sampleWaits(pool: pg.Pool) {
  const counts = new Map<string, number>()
  let samples = 0
  let running = true
  const loop = (async () => {
    while (running) {
      const { rows } = await pool.query<{ state: string; wait: string; query: string }>(
        `select state, coalesce(wait_event_type || '/' || wait_event, 'CPU') as wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 50) as query
         from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid() and datname = current_database() and state <> 'idle'`,
      )
      samples++
      for (const row of rows) {
        const key = `${row.state} ${row.wait}${row.wait.startsWith('Lock/') ? ` (${row.query})` : ''}`
        counts.set(key, (counts.get(key) ?? 0) + 1)
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })()
  return async () => {
    running = false
    await loop
    return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([key, n]) => `${(n / Math.max(1, samples)).toFixed(2)} ${key}`).join('; ') || 'none busy'
  }
}

/** One autocannon run in a child process (bench/load.ts), so that the load does not share the API's event loop. */
async function httpLoad(base: string, scenario: LoadScenario, connections: number, seconds: number): Promise<Rate & { loadCpuMs: number }> {
  const spec = {
    url: `${base}${scenario.path}`,
    method: scenario.method,
    // Compressed answers, as browsers and Node's fetch ask for them.
    headers: { 'accept-encoding': 'gzip, deflate, br', ...scenario.headers, ...(scenario.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: scenario.body === undefined ? undefined : JSON.stringify(scenario.body),
    connections,
    seconds,
    idempotencyKey: scenario.method === 'POST',
  }
  const apiDir = fileURLToPath(new URL('..', import.meta.url))
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', path.join(apiDir, 'bench', 'load.ts'), JSON.stringify(spec)], { cwd: apiDir, maxBuffer: 1 << 20 })
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { requestsPerSecond: number; total: number; non2xx: number; errors: number; timeouts: number; p50: number; p99: number; cpuMs: number }
  return { requestsPerSecond: result.requestsPerSecond, p50: result.p50, p99: result.p99, failed: result.non2xx + result.errors + result.timeouts, loadCpuMs: result.cpuMs }
}

/**
 * Every statement one request issues, as node-postgres receives it (the audit sealer's and
 * pg-boss's own statements left out), and the ids it created — those to renew on each replay so
 * that a replayed insert does not collide with the one captured.
 */
async function captureStatements(app: Awaited<ReturnType<typeof buildApp>>, scenario: LoadScenario) {
  const statements: Statement[] = []
  const record = (args: unknown[]) => {
    const [config, values] = args
    if (typeof config === 'string') statements.push({ text: config, values: Array.isArray(values) ? values : [] })
    else if (config && typeof config === 'object' && 'text' in config) {
      const { name } = config as { name?: unknown }
      statements.push({ text: String(config.text), values: ((config as { values?: unknown[] }).values ?? (Array.isArray(values) ? values : [])) as unknown[], ...(typeof name === 'string' ? { name } : {}) })
    }
  }
  recorder = record
  const key = randomUUID()
  const capturedAt = Date.now()
  try {
    const response = await app.inject({
      method: scenario.method,
      url: scenario.path,
      headers: { ...scenario.headers, 'x-bench-capture': '1', ...(scenario.method === 'POST' ? { 'idempotency-key': key } : {}) },
      ...(scenario.body === undefined ? {} : { payload: scenario.body as Record<string, unknown> }),
    })
    if (response.statusCode >= 300) throw new Error(`${scenario.label}: ${response.statusCode} ${response.body}`)
  } finally {
    recorder = null
  }
  const own = statements.filter((s) => !/audit_seal|pgboss/i.test(s.text))
  // Ids that existed before the request are never renewed, even when the first statement naming
  // them also inserts something (the rate-limit counter that reads the sign-in, a read that writes
  // its audit entries): those the request was given (its path, its body, its token's user and
  // session) and every time-ordered id (UUIDv7, as all of Ponte's records have) older than the request.
  const token = scenario.headers.authorization?.split('.')[1]
  const given = `${scenario.path} ${JSON.stringify(scenario.body ?? null)} ${token ? Buffer.from(token, 'base64url').toString() : ''}`
  const existed = (id: string) => id[14] === '7' && parseInt(id.slice(0, 8) + id.slice(9, 13), 16) < capturedAt
  const seen = new Set<string>(given.match(UUID) ?? [])
  const fresh = new Set<string>([key])
  for (const statement of own) {
    // A new record's id is a parameter of its own (not part of a longer string such as a rate-limit
    // key) first seen in a statement that inserts (itself or in a data-modifying CTE).
    // A statement sent with its values quoted into its text (the simple protocol, several statements
    // in one message: the request transaction's opening and closing) names its ids in the text.
    const values = statement.values.length > 0 ? statement.values : (statement.text.match(UUID) ?? [])
    for (const value of values) {
      if (typeof value !== 'string' || !WHOLE_UUID.test(value)) continue
      if (!seen.has(value) && !existed(value) && /^\s*insert\b|^\s*with\b[\s\S]*\binsert\s+into\b/i.test(statement.text)) fresh.add(value)
      seen.add(value)
    }
  }
  return { statements: own, fresh: [...fresh] }
}

/** The statements replayed on `connections` connections for `seconds`, each round on one connection (as pgbench does). */
async function replay(databaseUrl: string, statements: Statement[], fresh: string[], connections: number, seconds: number): Promise<Rate> {
  const replayPool = new pg.Pool({ connectionString: databaseUrl, max: connections })
  const clients = await Promise.all(Array.from({ length: connections }, () => replayPool.connect()))
  const latencies: number[] = []
  let failed = 0
  const end = performance.now() + seconds * 1000
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < end) {
        const renewed = new Map(fresh.map((id) => [id, randomUUID()]))
        const swap = (v: unknown) => (typeof v === 'string' && renewed.size > 0 ? v.replace(UUID, (id) => renewed.get(id) ?? id) : v)
        const start = performance.now()
        try {
          for (const statement of statements) {
            // Values quoted into the text (several statements in one message, no parameters): renewed there.
            if (statement.values.length === 0) await client.query(swap(statement.text) as string)
            else await client.query({ text: statement.text, values: statement.values.map(swap), ...(statement.name ? { name: statement.name } : {}) })
          }
          latencies.push(performance.now() - start)
        } catch (error) {
          if (failed === 0 && process.env.BENCH_SHOW_SQL) console.log(`  replay failed: ${(error as Error).message}`)
          failed++
          await client.query('rollback').catch(() => {})
        }
      }
      client.release()
    }),
  )
  await replayPool.end()
  latencies.sort((a, b) => a - b)
  return { requestsPerSecond: latencies.length / seconds, p50: latencies.length ? percentile(latencies, 50) : 0, p99: latencies.length ? percentile(latencies, 99) : 0, failed }
}
