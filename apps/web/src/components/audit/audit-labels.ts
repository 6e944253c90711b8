/** Italian (or English) names of the audit trail's actions and kinds of record; unknown codes are shown as they are. */
import { AUDIT_ACTIONS } from '@ponte/shared'
import { useI18n } from 'vue-i18n'

/** The actions the filter offers: every action the API writes (the contract lists them; each has its words in it and en). */
export const AUDIT_FILTER_ACTIONS = AUDIT_ACTIONS
/** The kinds of record the filter offers. */
export const AUDIT_RESOURCE_TYPES = [
  'person',
  'person_sensitive',
  'case',
  'referral',
  'assessment',
  'plan',
  'plan_commitment',
  'meeting',
  'diary_note',
  'economic_support',
  'measure',
  'match',
  'puc_assignment',
  'group_application',
  'group_member',
  'company',
  'company_contact',
  'user',
  'organisation',
  'session',
  'audit_log',
] as const

export function useAuditLabels() {
  const { t, te } = useI18n()
  const actionLabel = (action: string) => (te(`audit.actions.${action}`) ? t(`audit.actions.${action}`) : action)
  const resourceTypeLabel = (resourceType: string) => (te(`audit.resourceTypes.${resourceType}`) ? t(`audit.resourceTypes.${resourceType}`) : resourceType)
  return { actionLabel, resourceTypeLabel }
}
