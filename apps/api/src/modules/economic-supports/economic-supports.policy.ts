/**
 * Who may see and do what on economic supports: municipality staff working the case request and
 * read them (partners never see them: 404, DOMAIN.md §1 rule 3); only a coordinator of the
 * municipality decides and records payments (403 for others who see them).
 */
import type { EconomicSupportPermission, EconomicSupportStatus } from '@ponte/shared'
import type { EconomicSupportRow } from '../../db/schema/index.js'
import { conflict, forbidden, notFound, transitionNotAllowed } from '../../lib/errors.js'
import { permitted } from '../../lib/permissions.js'
import { canCoordinate, canReadEconomicSupports, type CaseAccess, type CaseScope } from '../cases/cases.policy.js'

export function assertCanWorkEconomicSupports(access: CaseAccess): void {
  if (!canReadEconomicSupports(access)) throw notFound('Il contributo')
}

export function assertCanDecideEconomicSupports(access: CaseAccess): void {
  if (!canCoordinate(access)) throw forbidden('Solo un coordinatore del Comune può decidere un contributo o registrarne il pagamento.')
}

/** The case as the caller reaches it (the gate's `CaseScope`). */
type CaseView = Pick<CaseScope, 'access'>
type SupportState = Pick<EconomicSupportRow, 'status'>

/** Changing the request (PATCH): staff working the case, while it is still requested. */
export function assertCanUpdateEconomicSupport(scope: CaseView, support: SupportState): void {
  assertCanWorkEconomicSupports(scope.access)
  if (support.status !== 'requested') throw conflict('economic-support-decided', 'Il contributo è già stato deciso: non si può più modificare la richiesta.')
}

/** Approving or rejecting it: a coordinator of the municipality, while it is requested. */
export function assertCanDecideEconomicSupport(scope: CaseView, support: SupportState, to: EconomicSupportStatus = 'approved'): void {
  assertCanWorkEconomicSupports(scope.access)
  assertCanDecideEconomicSupports(scope.access)
  if (support.status !== 'requested') throw transitionNotAllowed(support.status, to)
}

/** Recording its payment: a coordinator of the municipality, once approved. */
export function assertCanRecordPayment(scope: CaseView, support: SupportState): void {
  assertCanWorkEconomicSupports(scope.access)
  assertCanDecideEconomicSupports(scope.access)
  if (support.status !== 'approved') throw transitionNotAllowed(support.status, 'paid')
}

/** `EconomicSupport.permissions`: the actions whose check (the one its endpoint makes) passes now. */
export const economicSupportPermissions = (scope: CaseView, support: SupportState): EconomicSupportPermission[] =>
  permitted({
    update: () => assertCanUpdateEconomicSupport(scope, support),
    decide: () => assertCanDecideEconomicSupport(scope, support),
    recordPayment: () => assertCanRecordPayment(scope, support),
  })
