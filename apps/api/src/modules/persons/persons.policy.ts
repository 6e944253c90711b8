/**
 * Who may see and do what on a person (DOMAIN.md §1), built on the case rules of cases.policy.ts:
 * a person is visible to the owning municipality's coordinators, to the case manager who registered
 * them, and to whoever sees one of their cases — partner operators included, who then get only the
 * working profile. Lists and searches scope their SQL with `visiblePersonsCondition`; single reads
 * and writes go through `loadPersonAccess`. A person the caller may not see answers 404.
 */
import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { cases, persons, type PersonRow } from '../../db/schema/index.js'
import { forbidden, notFound } from '../../lib/errors.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'
import { canReadSensitive, municipalitiesWhereCanOpenCases, visibleCasesCondition, type CaseAccess } from '../cases/cases.policy.js'

/**
 * How the caller reaches a person — the case accesses, read for the person as a whole:
 * - `coordinator`: a coordinator of the owning municipality;
 * - `case_manager`: the assigned case manager of one of the person's cases;
 * - `member`: other municipality staff who see the person (the case manager who registered them, a
 *   colleague added to one of their cases) — everything but the sensitive section;
 * - `partner`: an operator of an organisation with an accepted referral of one of the person's
 *   cases — the working profile only.
 */
export type PersonAccess = CaseAccess

/** The SQL condition on `persons` selecting exactly the persons the principal may see. */
export function visiblePersonsCondition(principal: Principal): SQL {
  const branches: SQL[] = []
  const coordinatorOrgs = organisationsWithRole(principal, 'coordinator')
  if (coordinatorOrgs.length > 0) branches.push(inArray(persons.municipalityId, coordinatorOrgs))
  const caseManagerOrgs = organisationsWithRole(principal, 'case_manager')
  if (caseManagerOrgs.length > 0) branches.push(and(inArray(persons.municipalityId, caseManagerOrgs), eq(persons.createdBy, principal.userId))!)
  if (organisationsWithRole(principal, 'coordinator', 'case_manager', 'operator').length > 0) {
    branches.push(exists(sql`(select 1 from ${cases} where ${cases.personId} = ${persons.id} and ${visibleCasesCondition(principal)})`))
  }
  if (branches.length === 0) return sql`false`
  return branches.length === 1 ? branches[0]! : or(...branches)!
}

/**
 * Where the persons visible to the principal can be, for searches that scan one index per place:
 * the municipalities they work for as staff (coordinator or case manager; the condition above then
 * picks the persons they see there) and the partner organisations they operate for (the persons of
 * cases referred to them).
 */
export function personSearchScopes(principal: Principal): { municipalityIds: string[]; partnerOrganisationIds: string[] } {
  return { municipalityIds: organisationsWithRole(principal, 'coordinator', 'case_manager'), partnerOrganisationIds: organisationsWithRole(principal, 'operator') }
}

/** The principal with only the staff roles it holds in one municipality (how it works that municipality's cases). */
function asStaffOf(principal: Principal, municipalityId: string): Principal {
  return {
    ...principal,
    memberships: principal.memberships
      .filter((m) => m.organisationId === municipalityId)
      .map((m) => ({ ...m, roles: m.roles.filter((r) => r === 'coordinator' || r === 'case_manager') })),
  }
}

export interface VisiblePerson {
  row: PersonRow
  access: PersonAccess
}

/**
 * Loads a person the principal may see, with their access; 404 otherwise. Pass `forUpdate` inside a
 * write transaction to lock the row.
 */
export async function loadPersonAccess(db: Db, principal: Principal, personId: string, options: { forUpdate?: boolean } = {}): Promise<VisiblePerson> {
  const query = db.select().from(persons).where(and(eq(persons.id, personId), visiblePersonsCondition(principal)))
  const [row] = options.forUpdate ? await query.for('update', { of: persons }) : await query
  if (!row) throw notFound('La persona')
  return { row, access: await accessTo(db, principal, row) }
}

async function accessTo(db: Db, principal: Principal, row: PersonRow): Promise<PersonAccess> {
  const roles = principal.memberships.filter((m) => m.organisationId === row.municipalityId).flatMap((m) => m.roles)
  if (roles.includes('coordinator')) return 'coordinator'
  if (roles.includes('case_manager')) {
    // The person's cases this case manager works as municipality staff (assigned or added to).
    const staffCases = await db
      .select({ caseManagerId: cases.caseManagerId })
      .from(cases)
      .where(and(eq(cases.personId, row.id), visibleCasesCondition(asStaffOf(principal, row.municipalityId))))
    if (staffCases.some((c) => c.caseManagerId === principal.userId)) return 'case_manager'
    if (staffCases.length > 0 || row.createdBy === principal.userId) return 'member'
  }
  // Visible, but not as the municipality's staff: through an accepted referral.
  return 'partner'
}

/** The access right after registering: the registering coordinator, or the registering case manager (no case yet). */
export const accessOfRegistrar = (principal: Principal, municipalityId: string): PersonAccess =>
  organisationsWithRole(principal, 'coordinator').includes(municipalityId) ? 'coordinator' : 'member'

/** Municipality staff may update the working profile and identity; partners read it only. */
export const canUpdatePerson = (access: PersonAccess) => access !== 'partner'

export function assertCanUpdatePerson(access: PersonAccess): void {
  if (!canUpdatePerson(access)) throw forbidden('Il servizio partner può consultare il profilo lavorativo ma non modificarlo.')
}

/** The sensitive section: the owning coordinator and the assigned case manager (§1 rule 4). */
export const canReadPersonSensitive = (access: PersonAccess) => canReadSensitive(access)

/** Partners see the working profile only: identity, contacts, education, languages, skills, availability, employment status. */
export const seesWorkingProfileOnly = (access: PersonAccess) => access === 'partner'

/** Municipalities where the principal may register persons (and check duplicates): where they may open cases. */
export const municipalitiesWhereCanRegisterPersons = municipalitiesWhereCanOpenCases
