/**
 * Who may see and do what on a case's plan and its commitments, and which status changes the plan's
 * lifecycle allows: the municipality staff on the case read and write them (partners get 404),
 * submit and record the signature; coordinators approve and return; a signed version is frozen.
 */
import type { PlanAction, PlanStatus, Role } from '@ponte/shared'
import type { CaseRow, PlanRow } from '../../db/schema/index.js'
import { conflict, forbidden, notFound, transitionNotAllowed } from '../../lib/errors.js'
import type { Principal } from '../../lib/principal.js'
import { assertCaseOpen, canCoordinate, canWorkCaseRecords, visibleCasesConditionThrough, type CaseAccess } from '../cases/cases.policy.js'

/** Plans are municipality records: partners never see them (404, like a missing one). */
export function assertCanWorkPlans(access: CaseAccess): void {
  if (!canWorkCaseRecords(access)) throw notFound('Il progetto')
}

/** A closed case keeps its plan as it was (a reopened case is a new episode). */
export function assertCaseOpenForPlans(caseRow: CaseRow): void {
  assertCaseOpen(caseRow, 'Il caso è chiuso: il suo progetto non si può più modificare.')
}

interface PlanTransitionRule {
  from: PlanStatus
  to: PlanStatus
  /** `staff`: anyone working the case; `coordinator`: the municipality's coordinators only. */
  by: 'staff' | 'coordinator'
}

/** The plan's lifecycle: each action, the status it starts from, where it leads and who may take it. */
export const PLAN_TRANSITIONS: Record<PlanAction, PlanTransitionRule> = {
  submit: { from: 'draft', to: 'submitted', by: 'staff' },
  approve: { from: 'submitted', to: 'approved', by: 'coordinator' },
  return: { from: 'submitted', to: 'draft', by: 'coordinator' },
  sign: { from: 'approved', to: 'signed', by: 'staff' },
}

/** 403 when the action is the coordinator's and the caller is not one of the case's municipality. */
export function assertCanTakeAction(access: CaseAccess, action: PlanAction): void {
  if (PLAN_TRANSITIONS[action].by === 'coordinator' && !canCoordinate(access)) {
    throw forbidden(action === 'approve' ? 'Solo un coordinatore può approvare il progetto.' : 'Solo un coordinatore può restituire il progetto in bozza.')
  }
}

/** 409 when the plan's status does not allow the action. */
export function assertTransitionAllowed(plan: PlanRow, action: PlanAction): PlanTransitionRule {
  const rule = PLAN_TRANSITIONS[action]
  if (plan.status !== rule.from) throw transitionNotAllowed(plan.status, rule.to)
  return rule
}

/** Versions a revision may start from: one submitted, approved or signed. */
export const REVISABLE_STATUSES: readonly PlanStatus[] = ['submitted', 'approved', 'signed']

/** The content of a version (objectives, supports, commitments) changes only while it is a draft. */
export function assertPlanIsDraft(plan: PlanRow): void {
  if (plan.status === 'draft') return
  if (plan.status === 'signed') throw conflict('plan-signed', 'La versione firmata del progetto non si può modificare: crea una revisione.')
  if (plan.status === 'superseded') throw conflict('plan-superseded', 'Questa versione del progetto è stata sostituita da una successiva e non si può modificare.')
  throw conflict('plan-not-draft', 'Il progetto è in approvazione: si può modificare solo quando torna in bozza o con una revisione.')
}

const CASE_WORKING_ROLES: readonly Role[] = ['coordinator', 'case_manager']

/**
 * The cases whose overdue commitments a principal is shown: those it sees as a coordinator or a
 * case manager of the owning municipality — the case visibility of `visibleCasesCondition`, with
 * the partner operator's access (through a referral) left out.
 */
export const municipalCasesCondition = (principal: Principal) => visibleCasesConditionThrough(principal, CASE_WORKING_ROLES)
