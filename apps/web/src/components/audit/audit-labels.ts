/** Italian (or English) names of the audit trail's actions and kinds of record; unknown codes are shown as they are. */
import { useI18n } from 'vue-i18n'

/** The actions and kinds of record the filters offer (the API writes these). */
// A sign-in is recorded once for each organisation the user works for, so its auditor sees it.
export const AUDIT_FILTER_ACTIONS = ['login', 'read', 'list', 'search', 'create', 'update', 'transition', 'sign', 'reassign', 'reopen'] as const
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
