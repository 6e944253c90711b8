/** The signed-in user (Me: memberships with roles) and the active organisation, chosen in the header. */
import type { LoginRequest, Me, Membership, Role, Session } from '@ponte/shared'
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { login, logout, restoreSession } from '../api/auth'
import { endSession, onSessionChange, onSessionDeadline, refreshSession, sessionDeadline } from '../api/http'

export const ACTIVE_ORGANISATION_STORAGE_KEY = 'ponte.activeOrganisationId'
/**
 * The roles of the active membership, for the next page load's early script (src/early-refresh.js):
 * it starts downloading those roles' home cards with the page. A hint about this browser's own
 * user, removed when the session ends.
 */
export const ACTIVE_ROLES_STORAGE_KEY = 'ponte.activeRoles'

/** `unknown` until the start-up renewal has answered; then signed in or out. */
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out'

function readStoredOrganisation(): string | null {
  try {
    return localStorage.getItem(ACTIVE_ORGANISATION_STORAGE_KEY)
  } catch {
    return null
  }
}

function storeRoles(roles: readonly Role[]) {
  try {
    if (roles.length === 0) localStorage.removeItem(ACTIVE_ROLES_STORAGE_KEY)
    else localStorage.setItem(ACTIVE_ROLES_STORAGE_KEY, roles.join(' '))
  } catch {
    // Storage may be unavailable: the next load then downloads the cards after the renewal.
  }
}

function storeOrganisation(organisationId: string | null) {
  try {
    if (organisationId === null) localStorage.removeItem(ACTIVE_ORGANISATION_STORAGE_KEY)
    else localStorage.setItem(ACTIVE_ORGANISATION_STORAGE_KEY, organisationId)
  } catch {
    // Storage may be unavailable: the choice then lasts for this visit.
  }
}

export const useSessionStore = defineStore('session', () => {
  const user = ref<Me | null>(null)
  const status = ref<SessionStatus>('unknown')
  const selectedOrganisationId = ref<string | null>(readStoredOrganisation())
  /** Why the last session ended: the user signed out, or it expired (renewal refused). */
  const endReason = ref<'sign-out' | 'expired' | null>(null)
  /** When the session ends unless renewed (epoch ms); null when signed out. */
  const expiresAt = ref<number | null>(sessionDeadline())
  onSessionDeadline((endsAt) => {
    expiresAt.value = endsAt
  })
  let restoring: Promise<void> | null = null
  let signingOut = false

  const isSignedIn = computed(() => user.value !== null)
  const memberships = computed<Membership[]>(() => user.value?.memberships ?? [])
  /** The membership chosen in the header; the first one when the remembered choice is not (or no longer) a membership. */
  const activeMembership = computed<Membership | null>(
    () => memberships.value.find((m) => m.organisationId === selectedOrganisationId.value) ?? memberships.value[0] ?? null,
  )
  const activeOrganisationId = computed(() => activeMembership.value?.organisationId ?? null)
  const activeRoles = computed<Role[]>(() => activeMembership.value?.roles ?? [])
  /** platform_admin is a role of the installation: held in any membership, it applies everywhere. */
  const isPlatformAdmin = computed(() => memberships.value.some((m) => m.roles.includes('platform_admin')))
  watch(activeRoles, (roles) => storeRoles(status.value === 'signed-in' ? roles : []))

  const hasActiveRole = (...roles: Role[]) => activeRoles.value.some((role) => roles.includes(role))

  function applySession(session: Session | null) {
    if (!session && status.value === 'signed-in') endReason.value = signingOut ? 'sign-out' : 'expired'
    if (session) endReason.value = null
    user.value = session?.user ?? null
    status.value = session ? 'signed-in' : 'signed-out'
  }
  // Every sign-in, renewal (fresh memberships) and end of session, wherever it comes from.
  onSessionChange(applySession)

  /** Tries once, at start-up, to restore the session from the refresh cookie (a reload keeps the user signed in). */
  function restore(): Promise<void> {
    if (status.value !== 'unknown') return Promise.resolve()
    restoring ??= restoreSession()
      .then((session) => applySession(session))
      .catch(() => applySession(null))
      .finally(() => {
        restoring = null
      })
    return restoring
  }

  async function signIn(credentials: LoginRequest): Promise<void> {
    const session = await login(credentials)
    applySession(session)
  }

  async function signOut(): Promise<void> {
    signingOut = true
    try {
      await logout()
    } finally {
      applySession(null)
      signingOut = false
    }
  }

  /** "Resta connesso": renews the session now; resolves false when it could not be renewed (it ended). */
  async function stayConnected(): Promise<boolean> {
    return (await refreshSession()) !== null
  }

  /** The session ran out without a renewal: ends it here (the app sends the user to sign in, then back). */
  function expire() {
    endSession()
  }

  /** Makes one of the user's organisations the active one and remembers it. */
  function selectOrganisation(organisationId: string) {
    if (!memberships.value.some((m) => m.organisationId === organisationId)) return
    selectedOrganisationId.value = organisationId
    storeOrganisation(organisationId)
  }

  return {
    user,
    status,
    endReason,
    expiresAt,
    isSignedIn,
    memberships,
    activeMembership,
    activeOrganisationId,
    activeRoles,
    isPlatformAdmin,
    hasActiveRole,
    restore,
    signIn,
    signOut,
    stayConnected,
    expire,
    selectOrganisation,
  }
})
