/**
 * Realistic Italian demo data: the Comuni of Valmadrera and Civate, a consortium, a partner social
 * cooperative running a job service, and one account per role (password `ponte-demo-2026`).
 * Loaded only into an empty database; each capability adds its own demo records below.
 */
import { sql } from 'drizzle-orm'
import type { Role } from '@ponte/shared'
import type { Database, Db } from '../client.js'
import { memberships, organisations, users } from '../schema/index.js'
import { hashPassword } from '../../lib/passwords.js'

export const DEMO_PASSWORD = 'ponte-demo-2026'

export interface DemoOrganisations {
  platform: string
  valmadrera: string
  civate: string
  consortium: string
  cooperative: string
}

export interface DemoUsers {
  [email: string]: string
}

export interface DemoContext {
  orgs: DemoOrganisations
  users: DemoUsers
}

/** Capabilities register their demo data here, in order; each gets the organisations and users. */
export type DemoSeeder = (db: Db, context: DemoContext) => Promise<void>
const seeders: DemoSeeder[] = []
export function registerDemoSeeder(seeder: DemoSeeder) {
  seeders.push(seeder)
}

export const DEMO_ACCOUNTS: { email: string; givenName: string; familyName: string; org: keyof DemoOrganisations; roles: Role[] }[] = [
  { email: 'admin@ponte.demo', givenName: 'Paolo', familyName: 'Bianchi', org: 'platform', roles: ['platform_admin', 'org_admin'] },
  { email: 'coordinator@valmadrera.demo', givenName: 'Giulia', familyName: 'Colombo', org: 'valmadrera', roles: ['coordinator', 'org_admin'] },
  { email: 'casemanager@valmadrera.demo', givenName: 'Marco', familyName: 'Rusconi', org: 'valmadrera', roles: ['case_manager'] },
  { email: 'puc@valmadrera.demo', givenName: 'Franca', familyName: 'Valsecchi', org: 'valmadrera', roles: ['puc_manager'] },
  { email: 'auditor@valmadrera.demo', givenName: 'Stefano', familyName: 'Airoldi', org: 'valmadrera', roles: ['auditor'] },
  { email: 'coordinator@civate.demo', givenName: 'Elena', familyName: 'Panzeri', org: 'civate', roles: ['coordinator', 'case_manager', 'org_admin'] },
  { email: 'orgadmin@cooplavoro.demo', givenName: 'Luca', familyName: 'Mauri', org: 'cooperative', roles: ['org_admin'] },
  { email: 'operator@cooplavoro.demo', givenName: 'Sara', familyName: 'Corti', org: 'cooperative', roles: ['operator'] },
  { email: 'facilitator@cooplavoro.demo', givenName: 'Davide', familyName: 'Gilardi', org: 'cooperative', roles: ['facilitator'] },
]

/** True when the database holds no organisation yet (demo data never goes into a used database). */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from organisations`)
  return (result.rows[0]?.n ?? 0) === 0
}

export async function seedDemoData(db: Database): Promise<DemoContext> {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  return db.transaction(async (tx) => {
    const insertOrg = async (values: typeof organisations.$inferInsert) => (await tx.insert(organisations).values(values).returning({ id: organisations.id }))[0]!.id
    const platform = await insertOrg({ kind: 'other', name: 'Ponte — gestione piattaforma', email: 'supporto@ponte.demo' })
    const district = await insertOrg({ kind: 'district', name: 'Ambito distrettuale di Lecco', taxCode: '00623530136', email: 'ufficiodipiano@ambitolecco.demo' })
    const valmadrera = await insertOrg({ kind: 'municipality', name: 'Comune di Valmadrera', taxCode: '00564140135', parentId: district, email: 'servizisociali@valmadrera.demo' })
    const civate = await insertOrg({ kind: 'municipality', name: 'Comune di Civate', taxCode: '83005910136', parentId: district, email: 'servizisociali@civate.demo' })
    const consortium = await insertOrg({ kind: 'consortium', name: 'Consorzio Consolida — cooperative sociali', taxCode: '02136430138', email: 'info@consolida.demo' })
    const cooperative = await insertOrg({ kind: 'cooperative', name: 'Cooperativa Sociale Lavoro e Comunità', taxCode: '02874520132', parentId: consortium, cooperativeType: 'B', email: 'serviziolavoro@cooplavoro.demo' })
    const orgs: DemoOrganisations = { platform, valmadrera, civate, consortium, cooperative }
    const demoUsers: DemoUsers = {}
    for (const account of DEMO_ACCOUNTS) {
      const [user] = await tx.insert(users).values({ email: account.email, passwordHash, givenName: account.givenName, familyName: account.familyName }).returning({ id: users.id })
      demoUsers[account.email] = user!.id
      await tx.insert(memberships).values({ userId: user!.id, organisationId: orgs[account.org], roles: account.roles })
    }
    const context = { orgs, users: demoUsers }
    for (const seeder of seeders) await seeder(tx, context)
    return context
  })
}
