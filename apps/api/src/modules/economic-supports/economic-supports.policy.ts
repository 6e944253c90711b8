/**
 * Who may see and do what on economic supports: municipality staff working the case request and
 * read them (partners never see them: 404, DOMAIN.md §1 rule 3); only a coordinator of the
 * municipality decides and records payments (403 for others who see them).
 */
import { forbidden, notFound } from '../../lib/errors.js'
import { canCoordinate, canReadEconomicSupports, type CaseAccess } from '../cases/cases.policy.js'

export function assertCanWorkEconomicSupports(access: CaseAccess): void {
  if (!canReadEconomicSupports(access)) throw notFound('Il contributo')
}

export function assertCanDecideEconomicSupports(access: CaseAccess): void {
  if (!canCoordinate(access)) throw forbidden('Solo un coordinatore del Comune può decidere un contributo o registrarne il pagamento.')
}
