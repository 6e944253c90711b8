/** What the plan and commitment tests share: calling the API as a user, and a case world to work on. */
import type { PlanStatus } from '@ponte/shared'
import type { Db } from '../../src/db/client.js'
import { planCommitments, plans } from '../../src/db/schema/index.js'
import type { TestContext } from '../helpers/app.js'
import { createCase } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

export function caller(ctx: TestContext) {
  return (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...user.headers, ...(method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {}), ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    })
}

/** A municipality with a coordinator, a case manager and their active case, and a partner cooperative. */
export async function planWorld(ctx: TestContext) {
  const db = ctx.database.db
  const municipality = await createOrganisation(db, { kind: 'municipality' })
  const cooperative = await createOrganisation(db, { kind: 'cooperative', name: 'Cooperativa di prova' })
  const coordinator = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['coordinator'] }])
  const caseManager = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
  const kase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'active' })
  return { db, municipality, cooperative, coordinator, caseManager, kase }
}

export const OBJECTIVES = [
  { title: 'Aggiornare il curriculum e iscriversi al Centro per l\'Impiego', expectedResult: 'CV aggiornato e DID rilasciata entro un mese' },
  { title: 'Svolgere un tirocinio di reinserimento', expectedResult: 'Tre mesi di tirocinio con frequenza almeno all\'80%' },
]

/** A plan version written straight to the database, in any status, for the tests that need one ready. */
export async function insertPlan(db: Db, values: { caseId: string; status: PlanStatus } & Partial<typeof plans.$inferInsert>) {
  const [row] = await db
    .insert(plans)
    .values({
      versionNumber: 1,
      objectives: [{ id: '019a0000-0000-7000-8000-000000000001', title: OBJECTIVES[0]!.title, expectedResult: OBJECTIVES[0]!.expectedResult }],
      ...(values.status === 'signed' || values.status === 'superseded' ? { signedOn: '2026-01-10' } : {}),
      ...values,
    })
    .returning()
  return row!
}

export async function insertCommitment(db: Db, values: { planId: string; caseId: string; dueDate: string } & Partial<typeof planCommitments.$inferInsert>) {
  const [row] = await db.insert(planCommitments).values({ who: 'person', what: 'Presentarsi al colloquio di orientamento', ...values }).returning()
  return row!
}
