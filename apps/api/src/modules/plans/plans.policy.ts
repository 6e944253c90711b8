/**
 * Who may see and do what on a case's plan and its commitments, and which status changes the plan's
 * lifecycle allows: the municipality staff on the case read and write them (partners get 404),
 * submit and record the signature; coordinators approve and return; a signed version is frozen.
 */
import type { PlanAction, PlanPermission, PlanStatus, Role } from '@ponte/shared'
import type { CaseRow, PlanRow } from '../../db/schema/index.js'
import { conflict, forbidden, notFound, transitionNotAllowed } from '../../lib/errors.js'
import { permitted } from '../../lib/permissions.js'
import type { Principal } from '../../lib/principal.js'
import { assertCaseOpen, canCoordinate, canWorkCaseRecords, visibleCasesConditionThrough, type CaseAccess, type CaseScope } from '../cases/cases.policy.js'

/** Plans are municipality records: partners never see them (404, like a missing one). */
export function assertCanWorkPlans(access: CaseAccess): void {
  if (!canWorkCaseRecords(access)) throw notFound('Il progetto')
}

/** A closed case keeps its plan as it was (a reopened case is a new episode). */
export function assertCaseOpenForPlans(caseRow: Pick<CaseRow, 'status'>): void {
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
export function assertTransitionAllowed(plan: Pick<PlanRow, 'status'>, action: PlanAction): PlanTransitionRule {
  const rule = PLAN_TRANSITIONS[action]
  if (plan.status !== rule.from) throw transitionNotAllowed(plan.status, rule.to)
  return rule
}

/** Versions a revision may start from: one submitted, approved or signed. */
export const REVISABLE_STATUSES: readonly PlanStatus[] = ['submitted', 'approved', 'signed']

/** The content of a version (objectives, supports, commitments) changes only while it is a draft. */
export function assertPlanIsDraft(plan: Pick<PlanRow, 'status'>): void {
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

/** The case as the caller reaches it (the gate's `CaseScope`, or the one locked in a write). */
type CaseView = Pick<CaseScope, 'access' | 'row'>
type PlanState = Pick<PlanRow, 'status'>
/** The case's version in progress (draft, submitted or approved), if any: a signed version is revised only without one. */
type InProgress = Pick<PlanRow, 'id' | 'versionNumber'> | null

/** Changing a version's content (PATCH) or adding commitments to it: staff on the case, a draft, an open case. */
export function assertCanUpdatePlan(scope: CaseView, plan: PlanState): void {
  assertCanWorkPlans(scope.access)
  assertPlanIsDraft(plan)
  assertCaseOpenForPlans(scope.row)
}

/** A step of the lifecycle (submit, approve, return, sign): who may take it, from which status, on an open case. */
export function assertCanTakePlanAction(scope: CaseView, plan: PlanState, action: PlanAction): PlanTransitionRule {
  assertCanWorkPlans(scope.access)
  assertCanTakeAction(scope.access, action)
  const rule = assertTransitionAllowed(plan, action)
  assertCaseOpenForPlans(scope.row)
  return rule
}

/** A revision: from a submitted, approved or signed version, on an open case; from the signed one only while no other is in progress. */
export function assertCanRevisePlan(scope: CaseView, plan: PlanState, inProgress: InProgress): void {
  assertCanWorkPlans(scope.access)
  if (!REVISABLE_STATUSES.includes(plan.status)) {
    throw conflict(
      'plan-not-revisable',
      plan.status === 'draft' ? 'Una bozza si modifica direttamente: la revisione parte da una versione inviata, approvata o firmata.' : 'Questa versione è stata sostituita: rivedi la versione più recente.',
    )
  }
  assertCaseOpenForPlans(scope.row)
  if (plan.status === 'signed' && inProgress) throw conflict('plan-in-progress', `Esiste già una revisione in lavorazione (versione ${inProgress.versionNumber}).`, { existingId: inProgress.id })
}

/**
 * Whether a version's commitments may change at all (the fields that may change are the use case's):
 * on a draft every field, on the signed version their status; never on a closed case. Shared by the
 * plan's route and the partner's case-level route (whose gate decided who sees the commitment).
 */
export function assertCommitmentsMayChange(caseRow: Pick<CaseRow, 'status'>, plan: PlanState): void {
  if (plan.status !== 'signed') assertPlanIsDraft(plan)
  assertCaseOpenForPlans(caseRow)
}

/** `Plan.permissions`: the actions whose check (the one its endpoint makes) passes now. */
export const planPermissions = (scope: CaseView, plan: PlanState, inProgress: InProgress): PlanPermission[] =>
  permitted({
    update: () => assertCanUpdatePlan(scope, plan),
    submit: () => assertCanTakePlanAction(scope, plan, 'submit'),
    approve: () => assertCanTakePlanAction(scope, plan, 'approve'),
    return: () => assertCanTakePlanAction(scope, plan, 'return'),
    sign: () => assertCanTakePlanAction(scope, plan, 'sign'),
    revise: () => assertCanRevisePlan(scope, plan, inProgress),
    addCommitments: () => assertCanUpdatePlan(scope, plan),
    updateCommitments: () => {
      assertCanWorkPlans(scope.access)
      assertCommitmentsMayChange(scope.row, plan)
    },
  })
