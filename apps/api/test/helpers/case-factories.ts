/** Factories for persons, cases and referrals: each test builds the case world it needs. */
import { randomInt } from 'node:crypto'
import { computeTaxCode } from '@ponte/shared'
import { count } from 'drizzle-orm'
import type { Db } from '../../src/db/client.js'
import { caseAssignments, cases, persons, referrals, type CaseStatus } from '../../src/db/schema/index.js'

const GIVEN = ['Mario', 'Luca', 'Giovanni', 'Paolo', 'Andrea', 'Anna', 'Chiara', 'Laura', 'Sara', 'Francesca']
const FAMILY = ['Rossi', 'Colombo', 'Brambilla', 'Ferrari', 'Fumagalli', 'Galbiati', 'Sala', 'Mauri', 'Spreafico', 'Panzeri']
const pick = <T>(values: T[]) => values[randomInt(values.length)]!

/** A person of `municipalityId` with a valid, unique-enough tax code (random name and birth date). */
export async function createPerson(db: Db, values: { municipalityId: string } & Partial<typeof persons.$inferInsert>) {
  const sex = values.sex ?? (randomInt(2) === 0 ? 'F' : 'M')
  const givenName = values.givenName ?? pick(GIVEN)
  const familyName = values.familyName ?? `${pick(FAMILY)}`
  const birthDate = values.birthDate ?? `${1960 + randomInt(40)}-${String(1 + randomInt(12)).padStart(2, '0')}-${String(1 + randomInt(28)).padStart(2, '0')}`
  const taxCode = values.taxCode ?? computeTaxCode({ givenName, familyName, birthDate, sex, birthPlaceCode: `L${100 + randomInt(900)}` })
  const [person] = await db.insert(persons).values({ ...values, givenName, familyName, birthDate, sex, taxCode }).returning()
  return person!
}

/** A case of `municipalityId` assigned to `caseManagerId`, for a new person unless `personId` is given. */
export async function createCase(db: Db, values: { municipalityId: string; caseManagerId: string; personId?: string; status?: CaseStatus } & Partial<typeof cases.$inferInsert>) {
  const personId = values.personId ?? (await createPerson(db, { municipalityId: values.municipalityId })).id
  const [row] = await db
    .insert(cases)
    .values({ openedOn: '2026-10-01', ...values, personId, status: values.status ?? 'intake', ...(values.status === 'closed' ? { closedOn: '2026-11-01', outcome: 'goals_met', closingNote: 'Obiettivi raggiunti' } : {}) })
    .returning()
  await db.insert(caseAssignments).values({ caseId: row!.id, caseManagerId: values.caseManagerId })
  return row!
}

/** A referral of a case to a partner organisation, accepted unless another status is given. */
export async function createReferral(db: Db, values: { caseId: string; municipalityId: string; partnerOrganisationId: string } & Partial<typeof referrals.$inferInsert>) {
  const [row] = await db
    .insert(referrals)
    .values({ purpose: 'Accompagnamento al lavoro', consentDate: '2026-10-05', consentScope: 'Profilo lavorativo al servizio lavoro della cooperativa', status: 'accepted', ...values })
    .returning()
  return row!
}

/** The body of `POST /persons` for Nicolò Brambilla, born in Lecco on 12 August 1985, with his tax code; `overrides` replace fields. */
export function nicoloBody(overrides: Record<string, unknown> = {}) {
  const data = { givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-12', sex: 'M' as const }
  return { ...data, taxCode: computeTaxCode({ ...data, birthPlaceCode: 'E507' }), ...overrides }
}

/** How many persons the database holds (a refused request must leave it unchanged). */
export async function countPersons(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(persons)
  return row!.n
}
