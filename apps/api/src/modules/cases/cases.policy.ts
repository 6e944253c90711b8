/**
 * Who may see and do what on a case (DOMAIN.md §1): the one place where case visibility is decided.
 * Lists scope their SQL with `visibleCasesCondition`; a route on a case resolves a `CaseScope` once
 * (`resolveCaseScope`, from the access plugin) that its use case takes, and the `can*` rules below
 * decide the rest. A case the caller may not see answers 404, exactly like a missing one.
 */
import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { caseMembers, cases, referrals, type CaseRow } from '../../db/schema/index.js'
import { conflict, forbidden, notFound } from '../../lib/errors.js'
import { nextCaseStatuses, type CasePermission, type Role } from '@ponte/shared'
import type { CaseRight } from '../../lib/access.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'
import type { AuditActor } from '../../lib/audit.js'
import { gateCase, gateCaseRead, type CaseReadView } from './case-gate.js'
import type pg from 'pg'

/**
 * How the caller reaches a case, from the most to the least access:
 * - `coordinator`: a coordinator of the owning municipality — everything, sensitive section and
 *   restricted notes included; assigns cases and approves plans;
 * - `case_manager`: the assigned case manager — everything but other authors' restricted notes;
 * - `member`: a colleague (case manager of the municipality) added to the case — works it, but never
 *   reads the sensitive section (§1 rule 4);
 * - `partner`: an operator of a partner organisation with an accepted referral — the working profile
 *   only (§1 rule 3).
 */
export type CaseAccess = 'coordinator' | 'case_manager' | 'member' | 'partner'

const FALSE = sql`false`

/** The SQL condition on `cases` selecting exactly the cases the principal may see. */
export function visibleCasesCondition(principal: Principal): SQL {
  const branches = municipalBranches(principal)
  const operatorOrgs = organisationsWithRole(principal, 'operator')
  if (operatorOrgs.length > 0) branches.push(acceptedReferralCondition(operatorOrgs))
  if (branches.length === 0) return FALSE
  return branches.length === 1 ? branches[0]! : or(...branches)!
}

/**
 * `visibleCasesCondition` split into parts that do not overlap, for counting from the counters:
 * the municipalities the principal coordinates (every case), the other municipalities where they
 * are case manager (their cases and those they were added to), and the partner organisations they
 * operate for (accepted referrals).
 */
export function caseCountScope(principal: Principal) {
  const coordinated = organisationsWithRole(principal, 'coordinator')
  return {
    coordinated,
    managed: organisationsWithRole(principal, 'case_manager').filter((id) => !coordinated.includes(id)),
    partnerOrganisations: organisationsWithRole(principal, 'operator'),
    userId: principal.userId,
  }
}

/**
 * The cases the principal sees through `roles` only: the visibility of `visibleCasesCondition` with
 * every other role of its memberships left out (e.g. the coordinator's approvals queue, the
 * overdue commitments of the cases one works as municipality staff).
 */
export function visibleCasesConditionThrough(principal: Principal, roles: readonly Role[]): SQL {
  return visibleCasesCondition({ ...principal, memberships: principal.memberships.map((m) => ({ ...m, roles: m.roles.filter((r) => roles.includes(r)) })) })
}

/** The cases the principal sees as a coordinator of the owning municipality: what they approve and decide. */
export const coordinatedCasesCondition = (principal: Principal): SQL => visibleCasesConditionThrough(principal, ['coordinator'])

/**
 * The cases the principal sees as municipality staff (coordinator or case manager), leaving out
 * those seen as a partner: e.g. a partner must not reach other partners' referrals of a case.
 */
export function municipalCasesCondition(principal: Principal): SQL {
  const branches = municipalBranches(principal)
  if (branches.length === 0) return FALSE
  return branches.length === 1 ? branches[0]! : or(...branches)!
}

function municipalBranches(principal: Principal): SQL[] {
  const coordinatorOrgs = organisationsWithRole(principal, 'coordinator')
  const caseManagerOrgs = organisationsWithRole(principal, 'case_manager')
  const branches: SQL[] = []
  if (coordinatorOrgs.length > 0) branches.push(inArray(cases.municipalityId, coordinatorOrgs))
  if (caseManagerOrgs.length > 0) {
    branches.push(
      and(
        inArray(cases.municipalityId, caseManagerOrgs),
        or(
          eq(cases.caseManagerId, principal.userId),
          exists(sql`(select 1 from ${caseMembers} where ${caseMembers.caseId} = ${cases.id} and ${caseMembers.userId} = ${principal.userId})`),
        ),
      )!,
    )
  }
  return branches
}

/**
 * The team's caseload (open cases per case manager) of a municipality is for its coordinators: a
 * case manager of that municipality gets 403, anyone else 404 (the municipality is not theirs).
 */
export function assertCanReadCaseload(principal: Principal, municipalityId: string): void {
  const roles = principal.memberships.filter((m) => m.organisationId === municipalityId).flatMap((m) => m.roles)
  if (roles.includes('coordinator')) return
  if (roles.includes('case_manager')) throw forbidden('Il carico di lavoro dell\'équipe è riservato ai coordinatori del comune.')
  throw notFound('Il comune')
}

/** Cases with an accepted (live) referral to one of `organisationIds`. */
function acceptedReferralCondition(organisationIds: string[]): SQL {
  return exists(
    sql`(select 1 from ${referrals} where ${referrals.caseId} = ${cases.id} and ${referrals.status} = 'accepted' and ${inArray(referrals.partnerOrganisationId, organisationIds)})`,
  )
}

/** The municipality staff's access to a case row, or null (partners are resolved in SQL). */
function municipalAccess(principal: Principal, row: CaseRow, isMember: boolean): CaseAccess | null {
  const roles = principal.memberships.filter((m) => m.organisationId === row.municipalityId).flatMap((m) => m.roles)
  if (roles.includes('coordinator')) return 'coordinator'
  if (roles.includes('case_manager')) {
    if (row.caseManagerId === principal.userId) return 'case_manager'
    if (isMember) return 'member'
  }
  return null
}

export interface VisibleCase {
  row: CaseRow
  access: CaseAccess
}

/**
 * Loads a case the principal may see, with their access; 404 otherwise. Pass `forUpdate` inside a
 * write transaction to lock the row.
 */
export async function loadCaseAccess(db: Db, principal: Principal, caseId: string, options: { forUpdate?: boolean } = {}): Promise<VisibleCase> {
  const query = db
    .select({
      row: cases,
      isMember: sql<boolean>`exists(select 1 from ${caseMembers} where ${caseMembers.caseId} = ${cases.id} and ${caseMembers.userId} = ${principal.userId})`,
    })
    .from(cases)
    .where(and(eq(cases.id, caseId), visibleCasesCondition(principal)))
  const [found] = options.forUpdate ? await query.for('update', { of: cases }) : await query
  if (!found) throw notFound('Il caso')
  const access = municipalAccess(principal, found.row, found.isMember) ?? 'partner'
  return { row: found.row, access }
}

declare const caseScopeBrand: unique symbol

/**
 * A case the caller may use through a route, resolved once per request by the access plugin from
 * the route's declaration (`{ case: right }`): only `resolveCaseScope` makes one, so a use case that
 * takes a `CaseScope` cannot be reached without the check.
 */
export interface CaseScope extends VisibleCase {
  readonly [caseScopeBrand]: true
  readonly caseId: string
  readonly right: CaseRight
  /** Who the scope was resolved for. */
  readonly principal: Principal
  /** What reading the case shows, when the gate read it with the case (`GET /cases/{id}`, `gateCaseReadScope`). */
  readonly readView?: CaseReadView
}

/** Whether `access` holds the declared right; a caller who does not see the case never gets here (404). */
export function assertCaseRight(access: CaseAccess, right: CaseRight): void {
  switch (right) {
    case 'read':
    case 'work':
      return
    case 'records':
      if (!canWorkCaseRecords(access)) throw notFound('Il caso')
      return
    case 'manage':
      return assertCanManageCase(access)
    case 'coordinate':
      return assertCanCoordinate(access)
  }
}

/**
 * Loads the case for `right` (404 when the caller does not see it, 403/404 as the right says). The
 * access plugin calls it once per request of a `{ case: right }` route; a use case reached another
 * way (e.g. mediation creating a measure) calls it itself, with `forUpdate` inside its transaction.
 */
export async function resolveCaseScope(db: Db, principal: Principal, caseId: string, right: CaseRight, options: { forUpdate?: boolean } = {}): Promise<CaseScope> {
  const visible = await loadCaseAccess(db, principal, caseId, options)
  assertCaseRight(visible.access, right)
  return { ...visible, caseId, right, principal } as CaseScope
}

/**
 * `resolveCaseScope` for the access plugin's gate: the same rows and rules through the prepared
 * statement of case-gate.ts (one text whatever the principal, parsed once per connection).
 */
export async function gateCaseScope(pool: pg.Pool, principal: Principal, caseId: string, right: CaseRight): Promise<CaseScope> {
  const found = await gateCase(pool, principal, caseId)
  if (!found) throw notFound('Il caso')
  const access = municipalAccess(principal, found.row, found.isMember) ?? 'partner'
  assertCaseRight(access, right)
  return { row: found.row, access, caseId, right, principal } as CaseScope
}

/**
 * The gate of `GET /cases/{id}` (right `read`): the scope with what reading the case shows, and the
 * read's audit entry written by the same statement when `actor` is given.
 */
export async function gateCaseReadScope(pool: pg.Pool, principal: Principal, caseId: string, actor: AuditActor | null): Promise<CaseScope> {
  const found = await gateCaseRead(pool, principal, caseId, actor)
  if (!found) throw notFound('Il caso')
  const access = municipalAccess(principal, found.row, found.isMember) ?? 'partner'
  return { row: found.row, access, caseId, right: 'read', principal, readView: found.view } as CaseScope
}

/**
 * The scope again, its case row locked (`for update`) inside a write transaction: the writes that
 * must serialise on the case (versions, one open record per case…) read the row as it is now, with
 * the caller's access as it is now. The one read of the case a write makes beyond the gate's.
 */
export const lockCaseScope = (tx: Db, scope: CaseScope): Promise<CaseScope> => resolveCaseScope(tx, scope.principal, scope.caseId, scope.right, { forUpdate: true })

/** Municipality staff working the case (everything but the partner's working-profile view). */
export const isMunicipalStaff = (access: CaseAccess) => access !== 'partner'

/** The sensitive section: the owning coordinator and the assigned case manager only (§1 rule 4). */
export const canReadSensitive = (access: CaseAccess) => access === 'coordinator' || access === 'case_manager'

/** Economic supports: municipality staff only (never partners, §1 rule 3). */
export const canReadEconomicSupports = isMunicipalStaff

/**
 * The municipality's own records of the case — assessments, plans, meetings, diary notes, economic
 * supports — are read and written by municipality staff; partners see none of them (404).
 */
export const canWorkCaseRecords = isMunicipalStaff

/** A restricted diary note: its author and the coordinators of the municipality only. */
export const canReadRestrictedNote = (access: CaseAccess, principal: Principal, authorId: string | null) =>
  access === 'coordinator' || (isMunicipalStaff(access) && authorId === principal.userId)

/** Assigning the case manager, adding colleagues, approving plans: coordinators only. */
export const canCoordinate = (access: CaseAccess) => access === 'coordinator'

/** Changing the case's status and details: the coordinator and the assigned case manager. */
export const canManageCase = (access: CaseAccess) => access === 'coordinator' || access === 'case_manager'

/**
 * The actions the caller may take on the case now (`Case.permissions`), from the same rules the use
 * cases check: the web app shows and hides its actions from these and re-implements none of them.
 */
export function casePermissions(access: CaseAccess, row: Pick<CaseRow, 'status' | 'suspendedFrom'>): CasePermission[] {
  const open = row.status !== 'closed'
  const permissions: CasePermission[] = []
  if (canWorkCaseRecords(access)) permissions.push('readRecords')
  if (canWorkCaseRecords(access) && open) permissions.push('addRecords')
  if (canManageCase(access)) {
    permissions.push('update')
    if (nextCaseStatuses(row.status, row.suspendedFrom).length > 0) permissions.push('transition')
    if (open) permissions.push('refer')
    else permissions.push('reopen')
  }
  if (canCoordinate(access)) {
    if (open) permissions.push('reassign')
    permissions.push('manageMembers', 'approvePlans', 'decideSupports', 'overrideMeasureRules')
  }
  return permissions
}

/** Timeline audiences the access may read (see `case_events.audience`). */
export function timelineAudiences(access: CaseAccess): ('case' | 'municipality' | 'restricted')[] {
  if (access === 'partner') return ['case']
  if (access === 'coordinator') return ['case', 'municipality', 'restricted']
  return ['case', 'municipality']
}

/** Municipalities where the principal may open cases and register persons. */
export const municipalitiesWhereCanOpenCases = (principal: Principal) =>
  principal.memberships
    .filter((m) => m.organisationKind === 'municipality' && m.roles.some((r) => r === 'coordinator' || r === 'case_manager'))
    .map((m) => m.organisationId)

/**
 * Writes on the case itself (status, details, assignment, members, referrals): to a partner the
 * case's management does not exist (404); staff without the right answer 403.
 */
export function assertCanManageCase(access: CaseAccess): void {
  if (access === 'partner') throw notFound('Il caso')
  if (!canManageCase(access)) throw forbidden('Solo il coordinatore o il case manager assegnato possono modificare il caso.')
}

/** Assignment and colleagues: coordinators only (partners 404, other staff 403). */
export function assertCanCoordinate(access: CaseAccess): void {
  if (access === 'partner') throw notFound('Il caso')
  if (!canCoordinate(access)) throw forbidden('Solo un coordinatore può assegnare il caso o aggiungere colleghi.')
}

/**
 * A closed case is an archived episode: no new records are added to it (reopen it as a new
 * episode to continue). Follow-up of what was already decided — e.g. paying an approved support —
 * stays possible.
 */
export function assertCaseOpen(row: Pick<CaseRow, 'status'>, detail = 'Il caso è chiuso: riaprilo come nuovo episodio per continuare.'): void {
  if (row.status === 'closed') throw conflict('case-closed', detail)
}
