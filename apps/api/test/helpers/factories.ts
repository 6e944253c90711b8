/** Factories: each test builds the organisations, users and sessions it needs. */
import { randomBytes } from 'node:crypto'
import type { OrganisationKind, Role } from '@ponte/shared'
import type { Db } from '../../src/db/client.js'
import { memberships, organisations, sessions, users } from '../../src/db/schema/index.js'
import type { App } from '../../src/lib/fastify.js'
import { hashPassword } from '../../src/lib/passwords.js'

const unique = () => randomBytes(4).toString('hex')

/** Every factory user has this password; its argon2id hash is computed once per file. */
export const TEST_PASSWORD = 'Password-1234'
let hashed: Promise<string> | null = null
const passwordHash = () => (hashed ??= hashPassword(TEST_PASSWORD))

export async function createOrganisation(db: Db, values: Partial<typeof organisations.$inferInsert> & { kind?: OrganisationKind } = {}) {
  const [org] = await db
    .insert(organisations)
    .values({ kind: 'municipality', name: `Comune di Prova ${unique()}`, ...values })
    .returning()
  return org!
}

export interface TestUser {
  id: string
  email: string
  /** Authorization header of a live session. */
  headers: { authorization: string }
}

/** A user with the given roles in each organisation, signed in (a live session and an access token). */
export async function createUser(app: App, db: Db, roles: { organisationId: string; roles: Role[] }[], values: Partial<typeof users.$inferInsert> = {}): Promise<TestUser> {
  const email = values.email ?? `user-${unique()}@test.ponte`
  const [user] = await db
    .insert(users)
    .values({ email, passwordHash: await passwordHash(), givenName: 'Maria', familyName: `Rossi ${unique()}`, ...values })
    .returning()
  for (const membership of roles) await db.insert(memberships).values({ userId: user!.id, organisationId: membership.organisationId, roles: membership.roles })
  return { id: user!.id, email, headers: await signIn(app, db, user!.id) }
}

export async function signIn(app: App, db: Db, userId: string) {
  const [session] = await db.insert(sessions).values({ userId, expiresAt: new Date(Date.now() + 3600_000) }).returning()
  return { authorization: `Bearer ${app.jwt.sign({ sub: userId, sid: session!.id, typ: 'access' })}` }
}
