/** The municipalities where the signed-in user registers persons and opens cases (coordinator or case manager there). */
import { computed } from 'vue'
import { useSessionStore } from '../stores/session'

export function useCaseMunicipalities() {
  const session = useSessionStore()
  const municipalities = computed(() =>
    session.memberships
      .filter((m) => m.organisationKind === 'municipality' && m.roles.some((r) => r === 'coordinator' || r === 'case_manager'))
      .map((m) => ({ id: m.organisationId, name: m.organisationName, isCoordinator: m.roles.includes('coordinator') })),
  )
  /** The active organisation when it is one of them, else the first. */
  const defaultMunicipalityId = computed(() => municipalities.value.find((m) => m.id === session.activeOrganisationId)?.id ?? municipalities.value[0]?.id ?? null)
  const isCoordinatorOf = (municipalityId: string | null) => municipalities.value.some((m) => m.id === municipalityId && m.isCoordinator)
  return { municipalities, defaultMunicipalityId, isCoordinatorOf }
}
