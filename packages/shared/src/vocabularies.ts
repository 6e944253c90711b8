/**
 * Lists of values the web app shows or filters by — roles, organisation kinds, case statuses and
 * sources — without their schemas: a module that builds no TypeBox schema, so a page that needs only
 * a list does not download TypeBox (the home page). The schemas (organisations.ts, cases.ts) are
 * built from these lists.
 */
export const ORGANISATION_KINDS = ['municipality', 'district', 'consortium', 'cooperative', 'employment_agency', 'other'] as const
export const ROLES = ['platform_admin', 'org_admin', 'coordinator', 'case_manager', 'operator', 'facilitator', 'puc_manager', 'auditor'] as const
export const CASE_STATUSES = ['intake', 'assessment', 'active', 'monitoring', 'suspended', 'closed'] as const
export const CASE_SOURCES = ['spontaneous', 'employment_centre', 'other_service', 'health_service', 'school', 'third_sector', 'other'] as const
