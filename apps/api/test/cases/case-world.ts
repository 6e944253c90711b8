/**
 * The cast of a case test: two municipalities with their staff, a partner cooperative with an
 * operator, and the roles that never see cases. Each test file builds its own world.
 */
import type { Role } from '@ponte/shared'
import type { Db } from '../../src/db/client.js'
import type { App } from '../../src/lib/fastify.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

export interface CaseWorld {
  municipality: string
  otherMunicipality: string
  cooperative: string
  otherCooperative: string
  coordinator: TestUser
  caseManager: TestUser
  colleague: TestUser
  otherCoordinator: TestUser
  otherCaseManager: TestUser
  operator: TestUser
  otherOperator: TestUser
  facilitator: TestUser
  pucManager: TestUser
  auditor: TestUser
  platformAdmin: TestUser
  orgAdmin: TestUser
}

export async function createCaseWorld(app: App, db: Db): Promise<CaseWorld> {
  const municipality = (await createOrganisation(db, { kind: 'municipality', name: `Comune di Valmadrera ${Math.random().toString(36).slice(2, 6)}` })).id
  const otherMunicipality = (await createOrganisation(db, { kind: 'municipality' })).id
  const cooperative = (await createOrganisation(db, { kind: 'cooperative', name: `Cooperativa Lavoro ${Math.random().toString(36).slice(2, 6)}` })).id
  const otherCooperative = (await createOrganisation(db, { kind: 'cooperative' })).id
  const platform = (await createOrganisation(db, { kind: 'other' })).id
  const user = (organisationId: string, ...roles: Role[]) => createUser(app, db, [{ organisationId, roles }])
  return {
    municipality,
    otherMunicipality,
    cooperative,
    otherCooperative,
    coordinator: await user(municipality, 'coordinator'),
    caseManager: await user(municipality, 'case_manager'),
    colleague: await user(municipality, 'case_manager'),
    otherCoordinator: await user(otherMunicipality, 'coordinator', 'case_manager'),
    otherCaseManager: await user(otherMunicipality, 'case_manager'),
    operator: await user(cooperative, 'operator'),
    otherOperator: await user(otherCooperative, 'operator'),
    facilitator: await user(cooperative, 'facilitator'),
    pucManager: await user(municipality, 'puc_manager'),
    auditor: await user(municipality, 'auditor'),
    platformAdmin: await user(platform, 'platform_admin', 'org_admin'),
    orgAdmin: await user(municipality, 'org_admin'),
  }
}

/** Headers of a versioned write: the caller's session and If-Match with the version read. */
export const ifMatch = (user: TestUser, version: number) => ({ ...user.headers, 'if-match': `"${version}"` })
