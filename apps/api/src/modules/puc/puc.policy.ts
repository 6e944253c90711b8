/**
 * Who may see and do what in socially useful work (issue 11, DOMAIN.md §1 and §5):
 * - the PUC manager and the coordinators of the owner municipality (`manager`) see its projects and
 *   assignments, and manage them: projects, sites, seats, assignments, INAIL communications;
 * - the operators of the implementing organisation (`implementer`) see its projects and their
 *   assignments and record attendance — the person's name, never the case;
 * - the municipality staff who see a case (its case manager, colleagues added, coordinators) see
 *   the assignments of that case;
 * - anyone else gets 404, exactly as for a missing resource.
 * Lists scope their SQL with the conditions below; single resources go through `load*Access`.
 */
import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { PucAssignmentPermission, PucAssignmentStatus, PucProjectPermission } from '@ponte/shared'
import { PUC_ASSIGNMENT_TRANSITIONS } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { cases, pucAssignments, pucProjects, type PucAssignmentRow, type PucProjectRow } from '../../db/schema/index.js'
import { forbidden, notFound } from '../../lib/errors.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'
import { municipalCasesCondition } from '../cases/cases.policy.js'

const FALSE = sql`false`

/** Municipalities whose PUC the principal manages: as PUC manager or coordinator. */
export const managedMunicipalities = (principal: Principal) => organisationsWithRole(principal, 'puc_manager', 'coordinator')

/** Organisations whose projects the principal implements: as operator. */
export const implementingOrganisations = (principal: Principal) => organisationsWithRole(principal, 'operator')

/** The SQL condition on `puc_projects` selecting the projects the principal may see. */
export function visibleProjectsCondition(principal: Principal): SQL {
  const managed = managedMunicipalities(principal)
  const implementing = implementingOrganisations(principal)
  const branches: SQL[] = []
  if (managed.length > 0) branches.push(inArray(pucProjects.ownerMunicipalityId, managed))
  if (implementing.length > 0) branches.push(inArray(pucProjects.implementingOrganisationId, implementing))
  if (branches.length === 0) return FALSE
  return branches.length === 1 ? branches[0]! : or(...branches)!
}

/**
 * The SQL condition on `puc_assignments` (joined with `puc_projects`) selecting the assignments the
 * principal may see: those of visible projects, and those of the cases they see as municipality staff.
 */
export function visibleAssignmentsCondition(principal: Principal): SQL {
  const ofCases = exists(sql`(select 1 from ${cases} where ${cases.id} = ${pucAssignments.caseId} and ${municipalCasesCondition(principal)})`)
  return or(visibleProjectsCondition(principal), ofCases)!
}

/** How the caller relates to a project. */
export interface ProjectRelation {
  asManager: boolean
  asImplementer: boolean
}

export const projectRelation = (principal: Principal, project: Pick<PucProjectRow, 'ownerMunicipalityId' | 'implementingOrganisationId'>): ProjectRelation => ({
  asManager: managedMunicipalities(principal).includes(project.ownerMunicipalityId),
  asImplementer: implementingOrganisations(principal).includes(project.implementingOrganisationId),
})

export const canSeeProject = (r: ProjectRelation) => r.asManager || r.asImplementer

export function projectPermissions(r: ProjectRelation): PucProjectPermission[] {
  const permissions: PucProjectPermission[] = []
  if (r.asManager) permissions.push('update', 'manageSites', 'assign')
  if (r.asManager || r.asImplementer) permissions.push('recordAttendance', 'downloadRegister')
  return permissions
}

/** The rights a route may ask on a project: `read`, `attendance` (record, register), `manage`. */
export const PROJECT_RIGHTS = ['read', 'attendance', 'manage'] as const
export type ProjectRight = (typeof PROJECT_RIGHTS)[number]

export interface ProjectScope {
  row: PucProjectRow
  relation: ProjectRelation
}

/** A project the caller may see, with their relation; 404 otherwise, 403 when the right is not theirs. */
export async function loadProjectAccess(db: Db, principal: Principal, projectId: string, right: ProjectRight, options: { forUpdate?: boolean } = {}): Promise<ProjectScope> {
  const query = db.select().from(pucProjects).where(eq(pucProjects.id, projectId))
  const [row] = options.forUpdate ? await query.for('update') : await query
  if (!row) throw notFound('Il progetto PUC')
  const relation = projectRelation(principal, row)
  if (!canSeeProject(relation)) throw notFound('Il progetto PUC')
  if (right === 'manage' && !relation.asManager) throw forbidden('Solo il responsabile PUC o un coordinatore del comune possono modificare il progetto.')
  return { row, relation }
}

/** How the caller relates to an assignment: through its project, and/or as staff of its case. */
export interface AssignmentRelation extends ProjectRelation {
  asCaseStaff: boolean
}

export async function assignmentRelation(db: Db, principal: Principal, assignment: Pick<PucAssignmentRow, 'caseId'>, project: Pick<PucProjectRow, 'ownerMunicipalityId' | 'implementingOrganisationId'>): Promise<AssignmentRelation> {
  const [found] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.id, assignment.caseId), municipalCasesCondition(principal)))
  return { ...projectRelation(principal, project), asCaseStaff: found !== undefined }
}

export const canSeeAssignment = (r: AssignmentRelation) => r.asManager || r.asImplementer || r.asCaseStaff

/** The implementing organisation never sees the case: the case id is shown to the municipality's staff only. */
export const showsCase = (r: AssignmentRelation) => r.asManager || r.asCaseStaff

export function assignmentPermissions(r: AssignmentRelation, status: PucAssignmentStatus): PucAssignmentPermission[] {
  const permissions: PucAssignmentPermission[] = []
  if (r.asManager && (status === 'to_assign' || status === 'proposed' || status === 'active')) permissions.push('update')
  if ((r.asManager || r.asImplementer) && (status === 'active' || status === 'completed' || status === 'interrupted')) permissions.push('recordAttendance')
  if (r.asCaseStaff) permissions.push('openCase')
  return permissions
}

/** The statuses the caller may move the assignment to now: the manager only. */
export const allowedAssignmentTransitions = (r: AssignmentRelation, status: PucAssignmentStatus): PucAssignmentStatus[] => (r.asManager ? [...PUC_ASSIGNMENT_TRANSITIONS[status]] : [])

/** The rights a route may ask on an assignment: `read`, `attendance`, `manage`. */
export const ASSIGNMENT_RIGHTS = ['read', 'attendance', 'manage'] as const
export type AssignmentRight = (typeof ASSIGNMENT_RIGHTS)[number]

export interface AssignmentScope {
  row: PucAssignmentRow
  project: PucProjectRow
  relation: AssignmentRelation
}

/** An assignment the caller may see, with their relation; 404 otherwise, 403 when the right is not theirs. */
export async function loadAssignmentAccess(db: Db, principal: Principal, assignmentId: string, right: AssignmentRight, options: { forUpdate?: boolean } = {}): Promise<AssignmentScope> {
  const query = db.select({ row: pucAssignments, project: pucProjects }).from(pucAssignments).innerJoin(pucProjects, eq(pucProjects.id, pucAssignments.projectId)).where(eq(pucAssignments.id, assignmentId))
  const [found] = options.forUpdate ? await query.for('update', { of: pucAssignments }) : await query
  if (!found) throw notFound('L\'assegnazione PUC')
  const relation = await assignmentRelation(db, principal, found.row, found.project)
  if (!canSeeAssignment(relation)) throw notFound('L\'assegnazione PUC')
  if (right === 'manage' && !relation.asManager) throw forbidden('Solo il responsabile PUC o un coordinatore del comune possono modificare l\'assegnazione.')
  if (right === 'attendance' && !(relation.asManager || relation.asImplementer)) throw forbidden('Le presenze le registrano il responsabile PUC e gli operatori dell\'ente attuatore.')
  return { row: found.row, project: found.project, relation }
}

/** The municipalities where the principal manages PUC; 403 when none (nothing of the area is theirs to manage). */
export function assertManagesSomePuc(principal: Principal): string[] {
  const managed = managedMunicipalities(principal)
  if (managed.length === 0) throw forbidden('Solo il responsabile PUC o un coordinatore del comune possono farlo.')
  return managed
}
