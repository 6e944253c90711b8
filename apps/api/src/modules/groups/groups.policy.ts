/**
 * Who may see and do what in mutual self-help groups (DOMAIN.md §1 and §6):
 * - the coordinators of the programme's municipality (`manager`) see and manage everything of it;
 * - its case managers (`staff`) see the programme, enter applications and see the applications of
 *   the persons of their cases or entered by them — never a group's roster, sessions or attendance
 *   (they read a case's participation and attendance rate through the case);
 * - users with the facilitator role in a partner organisation of the programme, or in its
 *   municipality (`facilitator`), see the programme, its applications (to screen them) and
 *   information meetings, and the groups they facilitate with their members' names, contacts and
 *   attendance — never a person id, a case, a diary or a plan;
 * - anyone else gets 404, exactly as for a missing resource.
 */
import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { GroupApplicationPermission, GroupApplicationStatus, GroupPermission, GroupStatus, ProgrammePermission } from '@ponte/shared'
import { GROUP_APPLICATION_TRANSITIONS, GROUP_TRANSITIONS } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import {
  cases,
  groupApplications,
  groupFacilitators,
  groupProgrammePartners,
  groupProgrammes,
  groups,
  type GroupApplicationRow,
  type GroupProgrammeRow,
  type GroupRow,
} from '../../db/schema/index.js'
import { forbidden, notFound } from '../../lib/errors.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'
import { municipalCasesCondition } from '../cases/cases.policy.js'

const FALSE = sql`false`
const anyOf = (branches: SQL[]): SQL => (branches.length === 0 ? FALSE : branches.length === 1 ? branches[0]! : or(...branches)!)

export const managedMunicipalities = (principal: Principal) => organisationsWithRole(principal, 'coordinator')
export const staffMunicipalities = (principal: Principal) => organisationsWithRole(principal, 'case_manager')
export const facilitatingOrganisations = (principal: Principal) => organisationsWithRole(principal, 'facilitator')

// ---------------------------------------------------------------------------------------------
// Programmes

export interface ProgrammeRelation {
  asManager: boolean
  asStaff: boolean
  asFacilitator: boolean
}

export function programmeRelation(principal: Principal, programme: Pick<GroupProgrammeRow, 'ownerMunicipalityId'>, partnerIds: readonly string[]): ProgrammeRelation {
  const facilitating = facilitatingOrganisations(principal)
  return {
    asManager: managedMunicipalities(principal).includes(programme.ownerMunicipalityId),
    asStaff: staffMunicipalities(principal).includes(programme.ownerMunicipalityId),
    asFacilitator: facilitating.includes(programme.ownerMunicipalityId) || partnerIds.some((id) => facilitating.includes(id)),
  }
}

export const canSeeProgramme = (r: ProgrammeRelation) => r.asManager || r.asStaff || r.asFacilitator
/** Municipality staff see which person an application links; facilitators never do. */
export const isMunicipalStaff = (r: ProgrammeRelation) => r.asManager || r.asStaff

export function programmePermissions(r: ProgrammeRelation): ProgrammePermission[] {
  const permissions: ProgrammePermission[] = []
  if (r.asManager) permissions.push('update', 'createGroups')
  if (canSeeProgramme(r)) permissions.push('createApplications')
  if (r.asManager || r.asFacilitator) permissions.push('screenApplications', 'manageInformationMeetings')
  return permissions
}

/** The SQL condition on `group_programmes` selecting the programmes the principal may see. */
export function visibleProgrammesCondition(principal: Principal): SQL {
  const municipal = [...managedMunicipalities(principal), ...staffMunicipalities(principal)]
  const facilitating = facilitatingOrganisations(principal)
  const branches: SQL[] = []
  if (municipal.length > 0) branches.push(inArray(groupProgrammes.ownerMunicipalityId, municipal))
  if (facilitating.length > 0) {
    branches.push(inArray(groupProgrammes.ownerMunicipalityId, facilitating))
    branches.push(exists(sql`(select 1 from ${groupProgrammePartners} where ${groupProgrammePartners.programmeId} = ${groupProgrammes.id} and ${inArray(groupProgrammePartners.organisationId, facilitating)})`))
  }
  return anyOf(branches)
}

export const PROGRAMME_RIGHTS = ['read', 'apply', 'screen', 'manage'] as const
export type ProgrammeRight = (typeof PROGRAMME_RIGHTS)[number]

export interface ProgrammeScope {
  row: GroupProgrammeRow
  partnerIds: string[]
  relation: ProgrammeRelation
}

export async function partnersOf(db: Db, programmeId: string): Promise<string[]> {
  const rows = await db.select({ id: groupProgrammePartners.organisationId }).from(groupProgrammePartners).where(eq(groupProgrammePartners.programmeId, programmeId))
  return rows.map((r) => r.id)
}

/** A programme the caller may see, with their relation; 404 otherwise, 403 when the right is not theirs. */
export async function loadProgrammeAccess(db: Db, principal: Principal, programmeId: string, right: ProgrammeRight, options: { forUpdate?: boolean } = {}): Promise<ProgrammeScope> {
  const query = db.select().from(groupProgrammes).where(eq(groupProgrammes.id, programmeId))
  const [row] = options.forUpdate ? await query.for('update') : await query
  if (!row) throw notFound('Il programma')
  const partnerIds = await partnersOf(db, programmeId)
  const relation = programmeRelation(principal, row, partnerIds)
  if (!canSeeProgramme(relation)) throw notFound('Il programma')
  if (right === 'manage' && !relation.asManager) throw forbidden('Solo un coordinatore del comune del programma può farlo.')
  if (right === 'screen' && !(relation.asManager || relation.asFacilitator)) throw forbidden('Le candidature le valutano i coordinatori del comune e i facilitatori del programma.')
  return { row, partnerIds, relation }
}

// ---------------------------------------------------------------------------------------------
// Applications

/**
 * The SQL condition on `group_applications` a caller of `relation` sees within one programme: all
 * of them for managers and facilitators; for case managers, those they entered or whose person has
 * a case they see.
 */
export function visibleApplicationsCondition(principal: Principal, relation: ProgrammeRelation): SQL {
  if (relation.asManager || relation.asFacilitator) return sql`true`
  if (!relation.asStaff) return FALSE
  return or(
    eq(groupApplications.createdBy, principal.userId),
    exists(sql`(select 1 from ${cases} where ${cases.personId} = ${groupApplications.personId} and ${municipalCasesCondition(principal)})`),
  )!
}

export function applicationPermissions(r: ProgrammeRelation, status: GroupApplicationStatus, inGroup: boolean): GroupApplicationPermission[] {
  const permissions: GroupApplicationPermission[] = []
  const screens = r.asManager || r.asFacilitator
  if (screens && status !== 'not_admitted' && status !== 'withdrawn') permissions.push('update')
  if (screens && GROUP_APPLICATION_TRANSITIONS[status].length > 0) permissions.push('transition')
  if (screens && status === 'admitted' && !inGroup) permissions.push('join')
  return permissions
}

export const allowedApplicationTransitions = (r: ProgrammeRelation, status: GroupApplicationStatus): GroupApplicationStatus[] =>
  r.asManager || r.asFacilitator ? [...GROUP_APPLICATION_TRANSITIONS[status]] : []

export interface ApplicationScope extends ProgrammeScope {
  application: GroupApplicationRow
}

export async function loadApplicationAccess(db: Db, principal: Principal, applicationId: string, right: 'read' | 'screen', options: { forUpdate?: boolean } = {}): Promise<ApplicationScope> {
  const query = db.select().from(groupApplications).where(eq(groupApplications.id, applicationId))
  const [application] = options.forUpdate ? await query.for('update') : await query
  if (!application) throw notFound('La candidatura')
  const [programme] = await db.select().from(groupProgrammes).where(eq(groupProgrammes.id, application.programmeId))
  const partnerIds = await partnersOf(db, application.programmeId)
  const relation = programmeRelation(principal, programme!, partnerIds)
  const [visible] = await db
    .select({ id: groupApplications.id })
    .from(groupApplications)
    .where(and(eq(groupApplications.id, applicationId), visibleApplicationsCondition(principal, relation)))
  if (!visible) throw notFound('La candidatura')
  if (right === 'screen' && !(relation.asManager || relation.asFacilitator)) throw forbidden('Le candidature le valutano i coordinatori del comune e i facilitatori del programma.')
  return { row: programme!, partnerIds, relation, application }
}

// ---------------------------------------------------------------------------------------------
// Groups

export interface GroupRelation {
  asManager: boolean
  asFacilitator: boolean
}

export const canSeeGroup = (r: GroupRelation) => r.asManager || r.asFacilitator

/** The SQL condition on `groups` (joined with `group_programmes`) selecting the groups the principal may see. */
export function visibleGroupsCondition(principal: Principal): SQL {
  const managed = managedMunicipalities(principal)
  const branches: SQL[] = [exists(sql`(select 1 from ${groupFacilitators} where ${groupFacilitators.groupId} = ${groups.id} and ${groupFacilitators.userId} = ${principal.userId})`)]
  if (managed.length > 0) branches.push(inArray(groupProgrammes.ownerMunicipalityId, managed))
  return anyOf(branches)
}

export function groupPermissions(r: GroupRelation, status: GroupStatus): GroupPermission[] {
  if (!canSeeGroup(r)) return []
  const permissions: GroupPermission[] = []
  const open = status === 'planned' || status === 'running'
  if (open) permissions.push('update', 'manageMembers', 'planSessions')
  if (GROUP_TRANSITIONS[status].length > 0) permissions.push('transition')
  if (status !== 'cancelled') permissions.push('recordAttendance', 'recordOutcomes')
  return permissions
}

/** Where the caller may move the group: facilitators start and complete it; only the manager cancels it. */
export const allowedGroupTransitions = (r: GroupRelation, status: GroupStatus): GroupStatus[] =>
  GROUP_TRANSITIONS[status].filter((to) => r.asManager || (r.asFacilitator && to !== 'cancelled'))

export const GROUP_RIGHTS = ['read', 'facilitate', 'manage'] as const
export type GroupRight = (typeof GROUP_RIGHTS)[number]

export interface GroupScope {
  group: GroupRow
  programme: GroupProgrammeRow
  relation: GroupRelation
}

/** A group the caller may see, with their relation; 404 otherwise, 403 for `manage` by a facilitator. */
export async function loadGroupAccess(db: Db, principal: Principal, groupId: string, right: GroupRight, options: { forUpdate?: boolean } = {}): Promise<GroupScope> {
  const query = db.select({ group: groups, programme: groupProgrammes }).from(groups).innerJoin(groupProgrammes, eq(groupProgrammes.id, groups.programmeId)).where(eq(groups.id, groupId))
  const [found] = options.forUpdate ? await query.for('update', { of: groups }) : await query
  if (!found) throw notFound('Il gruppo')
  const facilitators = await db.select({ userId: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, groupId))
  const relation: GroupRelation = {
    asManager: managedMunicipalities(principal).includes(found.programme.ownerMunicipalityId),
    asFacilitator: facilitators.some((f) => f.userId === principal.userId),
  }
  if (!canSeeGroup(relation)) throw notFound('Il gruppo')
  if (right === 'manage' && !relation.asManager) throw forbidden('Solo un coordinatore del comune del programma può farlo.')
  return { ...found, relation }
}
