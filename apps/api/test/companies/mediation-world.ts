/**
 * The cast of a mediation test: the case world (two municipalities, two cooperatives and their
 * staff), with the first municipality and cooperative working together through an accepted
 * referral, and helpers to register companies and vacancies through the API.
 */
import { completeVatNumber } from '@ponte/shared'
import { randomInt } from 'node:crypto'
import type { Db } from '../../src/db/client.js'
import type { App } from '../../src/lib/fastify.js'
import { createCaseWorld, type CaseWorld } from '../cases/case-world.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import type { TestUser } from '../helpers/factories.js'

export interface MediationWorld extends CaseWorld {
  /** A case of the municipality referred to the cooperative (accepted). */
  referredCaseId: string
}

export async function createMediationWorld(app: App, db: Db): Promise<MediationWorld> {
  const world = await createCaseWorld(app, db)
  const referred = await createCase(db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'active' })
  await createReferral(db, { caseId: referred.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative })
  return { ...world, referredCaseId: referred.id }
}

/** A valid partita IVA nobody else in the file uses. */
export const newVatNumber = () => completeVatNumber(String(randomInt(10 ** 9, 10 ** 10)).padStart(10, '0'))

export async function registerCompany(app: App, user: TestUser, values: Record<string, unknown> = {}) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/companies',
    headers: user.headers,
    payload: { name: `Officine Meccaniche ${randomInt(100000)}`, vatNumber: newVatNumber(), atecoCode: '25.62.00', employees: 40, municipality: 'Valmadrera', province: 'LC', region: 'lombardia', ...values },
  })
  if (response.statusCode !== 201) throw new Error(`registerCompany: ${response.statusCode} ${response.body}`)
  return response.json() as { id: string; version: number; ownerOrganisation: { id: string } }
}
