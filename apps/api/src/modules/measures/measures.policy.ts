/**
 * Who may see and do what on work measures (issue 9, DOMAIN.md §1 and §3):
 * - the municipality staff who see the case (its coordinators, the assigned case manager and the
 *   colleagues added to it) see and work all of the case's measures;
 * - an operator of a partner organisation sees and works the measures its organisation runs
 *   (`promoter_organisation_id`) of the cases referred to it, while the referral is accepted;
 * - only a coordinator of the case's municipality may override the regional rules;
 * - anyone else gets 404, exactly as for a missing measure.
 * Lists scope their SQL with `visibleMeasuresCondition`; single measures go through `loadMeasureAccess`.
 */
import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { MeasurePermission, MeasureStatus } from '@ponte/shared'
import { isInternshipKind, isMeasureEnded, measureTransitions } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { cases, measures, referrals, type CaseRow, type MeasureRow } from '../../db/schema/index.js'
import { forbidden, notFound } from '../../lib/errors.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'
import { loadCaseAccess, municipalCasesCondition, type CaseAccess } from '../cases/cases.policy.js'


const FALSE = sql`false`

/** Organisations whose measures the principal runs as a partner: where they are an operator. */
export const promoterOrganisations = (principal: Principal) => organisationsWithRole(principal, 'operator')

/** A measure run by one of `organisationIds` whose case has an accepted referral to that organisation. */
function runByReferredPartner(organisationIds: string[]): SQL {
  return and(
    inArray(measures.promoterOrganisationId, organisationIds),
    exists(
      sql`(select 1 from ${referrals} where ${referrals.caseId} = ${measures.caseId} and ${referrals.status} = 'accepted' and ${referrals.partnerOrganisationId} = ${measures.promoterOrganisationId})`,
    ),
  )!
}

/** The SQL condition on `measures` selecting exactly the measures the principal may see. */
export function visibleMeasuresCondition(principal: Principal): SQL {
  const branches: SQL[] = []
  const municipal = municipalCasesCondition(principal)
  branches.push(exists(sql`(select 1 from ${cases} where ${cases.id} = ${measures.caseId} and ${municipal})`))
  const partners = promoterOrganisations(principal)
  if (partners.length > 0) branches.push(runByReferredPartner(partners))
  return branches.length === 1 ? branches[0]! : (or(...branches) ?? FALSE)
}

/** How the caller reaches a measure: as municipality staff of its case (with their case access), or as its promoter partner. */
export interface MeasureScope {
  row: MeasureRow
  caseRow: CaseRow
  access: CaseAccess
  /** The caller works the measure as the municipality's staff (else as the promoter partner). */
  asMunicipalStaff: boolean
}

/** The organisations among the caller's operator ones with an accepted referral of the case. */
export async function referredPartnerOrganisations(db: Db, principal: Principal, caseId: string): Promise<string[]> {
  const mine = promoterOrganisations(principal)
  if (mine.length === 0) return []
  const rows = await db
    .select({ id: referrals.partnerOrganisationId })
    .from(referrals)
    .where(and(eq(referrals.caseId, caseId), eq(referrals.status, 'accepted'), inArray(referrals.partnerOrganisationId, mine)))
  return rows.map((r) => r.id)
}

/** A measure the caller may see, with their scope; 404 otherwise. `forUpdate` locks the measure (and the case) for a write. */
export async function loadMeasureAccess(db: Db, principal: Principal, measureId: string, options: { forUpdate?: boolean } = {}): Promise<MeasureScope> {
  const query = db.select().from(measures).where(eq(measures.id, measureId))
  const [row] = options.forUpdate ? await query.for('update') : await query
  if (!row) throw notFound('La misura')
  let caseScope
  try {
    caseScope = await loadCaseAccess(db, principal, row.caseId)
  } catch {
    throw notFound('La misura')
  }
  if (caseScope.access === 'partner') {
    const partners = await referredPartnerOrganisations(db, principal, row.caseId)
    if (!partners.includes(row.promoterOrganisationId)) throw notFound('La misura')
  }
  return { row, caseRow: caseScope.row, access: caseScope.access, asMunicipalStaff: caseScope.access !== 'partner' }
}

/** Overriding the regional rules: a coordinator of the case's municipality only. */
export const canOverrideRules = (access: CaseAccess) => access === 'coordinator'

export function assertCanOverrideRules(access: CaseAccess): void {
  if (!canOverrideRules(access)) throw forbidden('Solo un coordinatore del comune può registrare una deroga motivata alle regole del tirocinio.')
}

/** Whoever sees a measure works it (municipality staff of the case, the promoter partner); what they may do depends on its kind and status. */
export function measurePermissions(scope: Pick<MeasureScope, 'row' | 'access' | 'asMunicipalStaff'>): MeasurePermission[] {
  const { row } = scope
  const permissions: MeasurePermission[] = []
  const ended = isMeasureEnded(row.status)
  if (!ended) permissions.push('update')
  if (isInternshipKind(row.kind) && ['active', 'suspended', 'completed', 'interrupted'].includes(row.status)) permissions.push('recordAttendance')
  if (row.status !== 'draft') permissions.push('recordSessions')
  if (row.kind === 'work_grant' && row.status !== 'draft') permissions.push('recordPayments')
  permissions.push('recordFollowUps')
  if (canOverrideRules(scope.access) && isInternshipKind(row.kind) && !ended) permissions.push('overrideRules')
  if (scope.asMunicipalStaff) permissions.push('openCase')
  return permissions
}

export const allowedMeasureTransitions = (row: Pick<MeasureRow, 'kind' | 'status'>): MeasureStatus[] => [...measureTransitions(row.kind)[row.status]]
