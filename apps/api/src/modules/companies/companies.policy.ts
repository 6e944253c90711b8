/**
 * Who may see and change companies, their sites, contacts, activities and vacancies
 * (docs/decisions/0007-company-sharing.md). The book of companies is shared within a *circle*:
 * the organisations where the caller works companies (as operator, coordinator or case manager)
 * and every organisation that works with one of them — linked by a referral that was accepted
 * (accepted or completed), or a consortium and its member cooperatives. Operators and coordinators
 * edit what they see; case managers read it and propose their cases. Anyone else sees no company.
 */
import { inArray, sql, type SQL } from 'drizzle-orm'
import type { CompanyPermission, CompanyRelationshipStatus, VacancyPermission, VacancyStatus } from '@ponte/shared'
import { COMPANY_STATUS_TRANSITIONS, VACANCY_MANUAL_TRANSITIONS } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { companies, organisations, referrals } from '../../db/schema/index.js'
import { forbidden, notFound } from '../../lib/errors.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'

/** Roles that read the book of companies. */
export const COMPANY_READER_ROLES = ['operator', 'coordinator', 'case_manager'] as const
/** Roles that edit it (the job developers and the service leads). */
export const COMPANY_EDITOR_ROLES = ['operator', 'coordinator'] as const

/** The caller's view of the book: who they read it for and the circle of organisations sharing it. */
export interface CompanyCircle {
  /** Organisations where the caller reads companies. */
  readerOrganisations: string[]
  /** Organisations where the caller edits companies (a subset of the readers'). */
  editorOrganisations: string[]
  /** Owners whose companies the caller reads: their own organisations and those working with them. */
  readable: string[]
  /** Owners whose companies the caller edits. */
  editable: string[]
}

/**
 * The organisations working with `organisationIds`: the other side of a referral that was accepted
 * (still accepted or completed since), and a consortium with its member cooperatives.
 */
export async function organisationsWorkingWith(db: Db, organisationIds: string[]): Promise<string[]> {
  if (organisationIds.length === 0) return []
  const ids = sql.join(organisationIds.map((id) => sql`${id}::uuid`), sql`, `)
  const rows = await db.execute<{ id: string }>(sql`
    select ${referrals.partnerOrganisationId} as id from ${referrals}
      where ${referrals.status} in ('accepted', 'completed') and ${referrals.municipalityId} in (${ids})
    union
    select ${referrals.municipalityId} from ${referrals}
      where ${referrals.status} in ('accepted', 'completed') and ${referrals.partnerOrganisationId} in (${ids})
    union
    select ${organisations.parentId} from ${organisations} where ${organisations.id} in (${ids}) and ${organisations.parentId} is not null
    union
    select ${organisations.id} from ${organisations} where ${organisations.parentId} in (${ids})`)
  return rows.rows.map((r) => r.id)
}

export async function loadCompanyCircle(db: Db, principal: Principal): Promise<CompanyCircle> {
  const readerOrganisations = organisationsWithRole(principal, ...COMPANY_READER_ROLES)
  const editorOrganisations = organisationsWithRole(principal, ...COMPANY_EDITOR_ROLES)
  if (readerOrganisations.length === 0) return { readerOrganisations, editorOrganisations, readable: [], editable: [] }
  const partnersOfReaders = await organisationsWorkingWith(db, readerOrganisations)
  const readable = [...new Set([...readerOrganisations, ...partnersOfReaders])]
  const partnersOfEditors = editorOrganisations.length === 0 ? [] : editorOrganisations.length === readerOrganisations.length ? partnersOfReaders : await organisationsWorkingWith(db, editorOrganisations)
  const editable = [...new Set([...editorOrganisations, ...partnersOfEditors])]
  return { readerOrganisations, editorOrganisations, readable, editable }
}

const FALSE = sql`false`

/** The SQL condition on `companies` selecting the companies of the circle. */
export function visibleCompaniesCondition(circle: CompanyCircle): SQL {
  return circle.readable.length === 0 ? FALSE : inArray(companies.ownerOrganisationId, circle.readable)
}

export const canReadCompany = (circle: CompanyCircle, ownerOrganisationId: string) => circle.readable.includes(ownerOrganisationId)
export const canEditCompany = (circle: CompanyCircle, ownerOrganisationId: string) => circle.editable.includes(ownerOrganisationId)

/** 404 when the company is outside the caller's circle (exactly as a missing one). */
export function assertCanReadCompany(circle: CompanyCircle, ownerOrganisationId: string | undefined | null): asserts ownerOrganisationId is string {
  if (!ownerOrganisationId || !canReadCompany(circle, ownerOrganisationId)) throw notFound('L\'azienda')
}

/** 404 outside the circle, 403 for a reader who may not edit. */
export function assertCanEditCompany(circle: CompanyCircle, ownerOrganisationId: string | undefined | null): void {
  assertCanReadCompany(circle, ownerOrganisationId)
  if (!canEditCompany(circle, ownerOrganisationId)) throw forbidden('Solo gli operatori e i coordinatori possono modificare le aziende.')
}

/** The organisation a new company or vacancy is registered for: the one asked (where the caller edits), else the first. */
export function registeringOrganisation(circle: CompanyCircle, asked: string | undefined): string {
  if (asked) {
    if (!circle.editorOrganisations.includes(asked)) throw forbidden('Non puoi registrare aziende per questo ente.')
    return asked
  }
  const first = circle.editorOrganisations[0]
  if (!first) throw forbidden('Solo gli operatori e i coordinatori possono registrare aziende.')
  return first
}

export function companyPermissions(circle: CompanyCircle, ownerOrganisationId: string): CompanyPermission[] {
  if (!canEditCompany(circle, ownerOrganisationId)) return []
  return ['update', 'transition', 'manage_sites', 'manage_contacts', 'record_activity', 'create_vacancy']
}

export function allowedCompanyTransitions(circle: CompanyCircle, ownerOrganisationId: string, status: CompanyRelationshipStatus): CompanyRelationshipStatus[] {
  return canEditCompany(circle, ownerOrganisationId) ? [...COMPANY_STATUS_TRANSITIONS[status]] : []
}

export function vacancyPermissions(circle: CompanyCircle, companyOwnerId: string, status: VacancyStatus): VacancyPermission[] {
  const permissions: VacancyPermission[] = []
  if (canEditCompany(circle, companyOwnerId)) permissions.push('update', 'transition')
  if (status === 'open' && canReadCompany(circle, companyOwnerId)) permissions.push('propose')
  return permissions
}

export function allowedVacancyTransitions(circle: CompanyCircle, companyOwnerId: string, status: VacancyStatus): VacancyStatus[] {
  return canEditCompany(circle, companyOwnerId) ? [...VACANCY_MANUAL_TRANSITIONS[status]] : []
}

/** Activities: the operator who recorded one edits it, and so does a coordinator of its organisation. */
export function canEditActivity(principal: Principal, circle: CompanyCircle, activity: { operatorId: string; organisationId: string; companyOwnerId: string }): boolean {
  if (!canEditCompany(circle, activity.companyOwnerId)) return false
  return activity.operatorId === principal.userId || organisationsWithRole(principal, 'coordinator').includes(activity.organisationId)
}
