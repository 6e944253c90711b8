/**
 * Who may see and do what on meetings: the municipality staff working the case (cases.policy.ts);
 * partners never see them (404). The home page's upcoming list covers the cases the caller follows
 * as coordinator or case manager (assigned or added colleague), never referred cases.
 */
import type { MeetingPermission, MeetingStatus } from '@ponte/shared'
import type { SQL } from 'drizzle-orm'
import type { MeetingRow } from '../../db/schema/index.js'
import { conflict, notFound, transitionNotAllowed } from '../../lib/errors.js'
import { permitted } from '../../lib/permissions.js'
import type { Principal } from '../../lib/principal.js'
import { assertCaseOpen, canWorkCaseRecords, visibleCasesCondition, type CaseAccess, type CaseScope } from '../cases/cases.policy.js'

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

/** The case as the caller reaches it (the gate's `CaseScope`). */
type CaseView = Pick<CaseScope, 'access' | 'row'>

/**
 * Changing a meeting (PATCH): staff working the case, while it is planned (409 `meeting-not-planned`
 * after) and the case open (409 `case-closed`).
 */
export function assertCanUpdateMeeting(scope: CaseView, meeting: Pick<MeetingRow, 'status'>): void {
  assertCanWorkMeetings(scope.access)
  if (meeting.status !== 'planned') throw conflict('meeting-not-planned', 'Si può modificare solo un incontro ancora da svolgere; per gli altri si registra l\'esito.')
  assertCaseOpen(scope.row, 'Il caso è chiuso: i suoi incontri non si possono più spostare né modificare; se ne può ancora registrare l\'esito.')
}

/** Recording what became of it (held, missed, cancelled): the same people, once, from planned — on a closed case too (follow-up of what was planned). */
export function assertCanTransitionMeeting(scope: CaseView, meeting: Pick<MeetingRow, 'status'>, to: MeetingStatus = 'held'): asserts to is Exclude<MeetingStatus, 'planned'> {
  assertCanWorkMeetings(scope.access)
  if (meeting.status !== 'planned' || to === 'planned') throw transitionNotAllowed(meeting.status, to)
}

/** `Meeting.permissions`: the actions whose check (the one its endpoint makes) passes now. */
export const meetingPermissions = (scope: CaseView, meeting: Pick<MeetingRow, 'status'>): MeetingPermission[] =>
  permitted({ update: () => assertCanUpdateMeeting(scope, meeting), transition: () => assertCanTransitionMeeting(scope, meeting) })
