/**
 * Who may see and do what on meetings: the municipality staff working the case (cases.policy.ts);
 * partners never see them (404). The home page's upcoming list covers the cases the caller follows
 * as coordinator or case manager (assigned or added colleague), never referred cases.
 */
import type { SQL } from 'drizzle-orm'
import { notFound } from '../../lib/errors.js'
import type { Principal } from '../../lib/principal.js'
import { canWorkCaseRecords, visibleCasesCondition, type CaseAccess } from '../cases/cases.policy.js'

/** Meetings are records of the municipality: anyone else gets 404, exactly as for a missing one. */
export function assertCanWorkMeetings(access: CaseAccess): void {
  if (!canWorkCaseRecords(access)) throw notFound('L\'incontro')
}

/** SQL scope on `cases` for the upcoming list: the case visibility rules restricted to the municipal roles. */
export function upcomingMeetingsScope(principal: Principal): SQL {
  const municipal: Principal = {
    ...principal,
    memberships: principal.memberships.map((m) => ({ ...m, roles: m.roles.filter((r) => r === 'coordinator' || r === 'case_manager') })),
  }
  return visibleCasesCondition(municipal)
}
