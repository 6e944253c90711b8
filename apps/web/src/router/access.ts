/** Who may open which area of the web app: one place, used by the route guards and the navigation. */
import type { Role } from '@ponte/shared'

/** The areas of the app that not every role may use. */
export type Capability = 'manageOrganisations' | 'manageUsers' | 'manageIntegrations' | 'readCases' | 'openCases' | 'answerReferrals' | 'readAuditTrail' | 'readCompanies' | 'editCompanies' | 'readGroupProgrammes' | 'readGroups' | 'readPuc' | 'managePuc'

export interface AccessContext {
  /** Roles held in the active organisation. */
  activeRoles: readonly Role[]
  /** platform_admin held in any organisation. */
  isPlatformAdmin: boolean
}

const rules: Record<Capability, (context: AccessContext) => boolean> = {
  // Organisations are managed by the operators of the installation.
  manageOrganisations: (c) => c.isPlatformAdmin,
  // An organisation's users are managed by its org_admin; platform admins may manage any organisation's.
  manageUsers: (c) => c.isPlatformAdmin || c.activeRoles.includes('org_admin'),
  // …and its API clients and webhooks, likewise.
  manageIntegrations: (c) => c.isPlatformAdmin || c.activeRoles.includes('org_admin'),
  // Cases are worked by the municipality's coordinators and case managers and by partner operators (referred cases).
  readCases: (c) => c.activeRoles.some((r) => r === 'coordinator' || r === 'case_manager' || r === 'operator'),
  // Persons are registered and cases opened by the municipality's coordinators and case managers.
  openCases: (c) => c.activeRoles.some((r) => r === 'coordinator' || r === 'case_manager'),
  // The referral inbox is the partner operators'.
  answerReferrals: (c) => c.activeRoles.includes('operator'),
  // The audit trail is read by the active organisation's auditor only (not admins, not platform admins).
  readAuditTrail: (c) => c.activeRoles.includes('auditor'),
  // The book of companies is read by operators, coordinators and case managers (who propose their cases for vacancies)…
  readCompanies: (c) => c.activeRoles.some((r) => r === 'operator' || r === 'coordinator' || r === 'case_manager'),
  // …and kept by the job developers (operators) and the coordinators.
  editCompanies: (c) => c.activeRoles.some((r) => r === 'operator' || r === 'coordinator'),
  // Self-help programmes are seen by the municipality's coordinators and case managers (who refer applicants) and by facilitators…
  readGroupProgrammes: (c) => c.activeRoles.some((r) => r === 'coordinator' || r === 'case_manager' || r === 'facilitator'),
  // …the groups themselves by their facilitators and the coordinators, never by case managers (they see participation through the case).
  readGroups: (c) => c.activeRoles.some((r) => r === 'coordinator' || r === 'facilitator'),
  // PUC projects are seen by the municipality's PUC manager and coordinators and by the implementing organisation's operators.
  readPuc: (c) => c.activeRoles.some((r) => r === 'puc_manager' || r === 'coordinator' || r === 'operator'),
  // PUC projects, assignments and the INAIL deadlines are managed by the municipality's PUC manager and coordinators.
  managePuc: (c) => c.activeRoles.some((r) => r === 'puc_manager' || r === 'coordinator'),
}

export const can = (capability: Capability, context: AccessContext): boolean => rules[capability](context)
