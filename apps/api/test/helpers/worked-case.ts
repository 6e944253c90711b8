/** A case being worked, for the tests of its records (meetings, diary notes, economic supports). */
import { caseMembers } from '../../src/db/schema/index.js'
import type { TestContext } from './app.js'
import { createCase, createReferral } from './case-factories.js'
import { createOrganisation, createUser, type TestUser } from './factories.js'

/**
 * A municipality with an active case worked by its staff (the assigned case manager and a member
 * added to it), referred (accepted) to a cooperative, and the people who must not see its records.
 * `base` is the URL of the case's `resource` collection.
 */
export async function createWorkedCase(ctx: TestContext, resource: string) {
  const db = ctx.database.db
  const municipality = await createOrganisation(db)
  const cooperative = await createOrganisation(db, { kind: 'cooperative' })
  const otherMunicipality = await createOrganisation(db)
  const user = (organisationId: string, roles: Parameters<typeof createUser>[2][number]['roles']) => createUser(ctx.app, db, [{ organisationId, roles }])
  const coordinator = await user(municipality.id, ['coordinator'])
  const secondCoordinator = await user(municipality.id, ['coordinator'])
  const caseManager = await user(municipality.id, ['case_manager'])
  const member = await user(municipality.id, ['case_manager'])
  const colleague = await user(municipality.id, ['case_manager'])
  const partner = await user(cooperative.id, ['operator'])
  const partnerAdmin = await user(cooperative.id, ['operator', 'coordinator'])
  const facilitator = await user(cooperative.id, ['facilitator'])
  const stranger = await user(otherMunicipality.id, ['coordinator', 'case_manager'])
  const theCase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'active' })
  await db.insert(caseMembers).values({ caseId: theCase.id, userId: member.id })
  await createReferral(db, { caseId: theCase.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id })
  return { municipality, cooperative, coordinator, secondCoordinator, caseManager, member, colleague, partner, partnerAdmin, facilitator, stranger, theCase, base: `/api/v1/cases/${theCase.id}/${resource}` }
}

/** A request as `user`; bodies are JSON, or merge-patch JSON for PATCH. */
export function injectAs(ctx: TestContext, user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) {
  const contentType = payload === undefined ? {} : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }
  return ctx.app.inject({ method, url, headers: { ...user.headers, ...contentType, ...headers }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) })
}
