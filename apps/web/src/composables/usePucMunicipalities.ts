/** The municipalities whose PUC the user manages (as PUC manager or coordinator), the active organisation first. */
import { computed } from 'vue'
import { useSessionStore } from '../stores/session'

export function usePucMunicipalities() {
  const session = useSessionStore()
  const municipalities = computed(() =>
    session.memberships
      .filter((m) => m.organisationKind === 'municipality' && m.roles.some((r) => r === 'puc_manager' || r === 'coordinator'))
      .sort((a, b) => Number(b.organisationId === session.activeOrganisationId) - Number(a.organisationId === session.activeOrganisationId))
      .map((m) => ({ id: m.organisationId, name: m.organisationName })),
  )
  return { municipalities }
}
