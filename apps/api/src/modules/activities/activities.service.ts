/**
 * Mediation activity rules: a call, visit, email or meeting recorded on a company of the caller's
 * circle by the caller (dated not in the future; the contact one of the company's; the next action
 * due not before the activity), edited by its operator or a coordinator of its organisation, the
 * next action marked done; and the caller's next actions due and overdue for the home page.
 */
import type { Activity, ActivityCreate, ActivityListQuery, ActivityPage, ActivityPatch, DueActivityQuery, ProblemFieldError } from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import { changedFields, recordAudit } from '../../lib/audit.js'
import { daysFromTodayInItaly, todayInItaly } from '../../lib/dates.js'
import { badRequest, fieldUnprocessable, forbidden, notFound } from '../../lib/errors.js'
import { recordDomainEvent } from '../../lib/events.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import type { Caller } from '../../lib/caller.js'
import { assertCanEditCompany, assertCanReadCompany, canEditActivity, loadCompanyCircle, type CompanyCircle } from '../companies/companies.policy.js'
import * as companies from '../companies/companies.repository.js'
import * as repo from './activities.repository.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DATE = /^\d{4}-\d{2}-\d{2}$/

function decodeDateIdCursor(cursor: string | undefined): { date: string; id: string } | null {
  const values = decodeCursor(cursor, 2)
  if (!values) return null
  const [date, id] = values.map(String) as [string, string]
  if (!DATE.test(date) || !UUID.test(id)) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  return { date, id }
}

function toActivity(view: repo.ActivityView, caller: Caller, circle: CompanyCircle, today: string): Activity {
  const row = view.row
  if (row.contactId) caller.auditRead('company_contact', row.contactId, view.companyOwnerId)
  const hasNext = row.nextAction !== null && row.nextActionDueOn !== null
  return {
    id: row.id,
    company: { id: row.companyId, name: view.companyName },
    kind: row.kind,
    date: row.occurredOn,
    operator: { id: row.operatorId, name: view.operatorName },
    contact: row.contactId && view.contactName ? { id: row.contactId, name: view.contactName } : null,
    summary: row.summary,
    outcome: row.outcome,
    nextAction: hasNext
      ? {
          description: row.nextAction!,
          dueOn: row.nextActionDueOn!,
          doneAt: row.nextActionDoneAt?.toISOString() ?? null,
          doneBy: row.nextActionDoneBy && view.doneByName ? { id: row.nextActionDoneBy, name: view.doneByName } : null,
        }
      : null,
    isOverdue: hasNext && row.nextActionDoneAt === null && row.nextActionDueOn! < today,
    canEdit: canEditActivity(caller.principal, circle, { operatorId: row.operatorId, organisationId: row.organisationId, companyOwnerId: view.companyOwnerId }),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

async function activityResponse(db: Db, caller: Caller, circle: CompanyCircle, id: string): Promise<Activity> {
  const view = await repo.findActivityView(db, id)
  if (!view) throw notFound('L\'attività')
  return toActivity(view, caller, circle, todayInItaly())
}

export async function listActivities(db: Database, caller: Caller, companyId: string, query: ActivityListQuery): Promise<ActivityPage> {
  const circle = await loadCompanyCircle(db, caller.principal)
  assertCanReadCompany(circle, (await companies.findCompany(db, companyId))?.ownerOrganisationId)
  const limit = query.limit ?? 50
  const rows = await repo.listActivities(db, { companyId, ...(query.kind ? { kind: query.kind } : {}), after: decodeDateIdCursor(query.cursor), limit })
  const today = todayInItaly()
  return toPage(rows, limit, (r) => toActivity(r, caller, circle, today), (r) => [r.row.occurredOn, r.row.id])
}

export async function readActivity(db: Database, caller: Caller, id: string): Promise<Activity> {
  const circle = await loadCompanyCircle(db, caller.principal)
  const view = await repo.findActivityView(db, id)
  assertCanReadCompany(circle, view?.companyOwnerId)
  return toActivity(view!, caller, circle, todayInItaly())
}

async function checkContact(tx: Db, companyId: string, contactId: string | null | undefined, errors: ProblemFieldError[]) {
  if (!contactId) return
  const contact = await companies.findContact(tx, contactId)
  if (!contact || contact.companyId !== companyId) errors.push({ pointer: '/contactId', code: 'not_a_contact_of_company', detail: 'Il referente non è dell\'azienda.' })
}

function checkNextAction(date: string, nextAction: { dueOn: string } | null | undefined, errors: ProblemFieldError[]) {
  if (nextAction && nextAction.dueOn < date) errors.push({ pointer: '/nextAction/dueOn', code: 'due_before_activity', detail: 'La prossima azione non può scadere prima dell\'attività.' })
}

export async function createActivity(db: Database, caller: Caller, companyId: string, input: ActivityCreate): Promise<Activity> {
  return db.transaction(async (tx) => {
    const circle = await loadCompanyCircle(tx, caller.principal)
    const company = await companies.lockCompany(tx, companyId)
    assertCanEditCompany(circle, company?.ownerOrganisationId)
    const errors: ProblemFieldError[] = []
    if (input.date > todayInItaly()) errors.push({ pointer: '/date', code: 'date_in_future', detail: 'L\'attività non può essere futura: registra una prossima azione.' })
    await checkContact(tx, companyId, input.contactId, errors)
    checkNextAction(input.date, input.nextAction, errors)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'L\'attività non rispetta le regole.')
    // Recorded for the caller's organisation that owns the company, else the first where they edit companies.
    const organisationId = circle.editorOrganisations.includes(company!.ownerOrganisationId) ? company!.ownerOrganisationId : circle.editorOrganisations[0]!
    const row = await repo.insertActivity(tx, {
      companyId,
      organisationId,
      kind: input.kind,
      occurredOn: input.date,
      operatorId: caller.principal.userId,
      contactId: input.contactId ?? null,
      summary: input.summary.trim(),
      outcome: input.outcome?.trim() || null,
      nextAction: input.nextAction?.description.trim() ?? null,
      nextActionDueOn: input.nextAction?.dueOn ?? null,
    })
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'company_activity', resourceId: row.id, organisationId: company!.ownerOrganisationId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, {
      type: 'company_activity.created',
      resourceType: 'company_activity',
      resourceId: row.id,
      ownerOrganisationId: company!.ownerOrganisationId,
      partnerOrganisationId: organisationId === company!.ownerOrganisationId ? null : organisationId,
      data: { companyId, kind: input.kind },
    })
    return activityResponse(tx, caller, circle, row.id)
  })
}

export async function updateActivity(db: Database, caller: Caller, id: string, expectedVersion: number, patch: ActivityPatch): Promise<Activity> {
  return db.transaction(async (tx) => {
    const circle = await loadCompanyCircle(tx, caller.principal)
    const row = await repo.lockActivity(tx, id)
    const company = row ? await companies.findCompany(tx, row.companyId) : null
    assertCanReadCompany(circle, company?.ownerOrganisationId)
    if (!canEditActivity(caller.principal, circle, { operatorId: row!.operatorId, organisationId: row!.organisationId, companyOwnerId: company!.ownerOrganisationId })) {
      throw forbidden('Solo chi ha registrato l\'attività o un coordinatore del suo ente possono modificarla.')
    }
    assertVersion(row!.version, expectedVersion)
    const errors: ProblemFieldError[] = []
    if (patch.contactId !== undefined) await checkContact(tx, row!.companyId, patch.contactId, errors)
    checkNextAction(row!.occurredOn, patch.nextAction, errors)
    if (patch.nextActionDone === true && patch.nextAction === null) errors.push({ pointer: '/nextActionDone', code: 'no_next_action', detail: 'Non c\'è una prossima azione da completare.' })
    if (patch.nextActionDone === true && patch.nextAction === undefined && row!.nextAction === null) errors.push({ pointer: '/nextActionDone', code: 'no_next_action', detail: 'Non c\'è una prossima azione da completare.' })
    if (errors.length > 0) throw fieldUnprocessable(errors, 'L\'attività non rispetta le regole.')
    const changes: repo.ActivityChanges = {}
    if (patch.summary !== undefined) changes.summary = patch.summary.trim()
    if (patch.outcome !== undefined) changes.outcome = patch.outcome?.trim() || null
    if (patch.contactId !== undefined) changes.contactId = patch.contactId
    if (patch.nextAction !== undefined) {
      changes.nextAction = patch.nextAction?.description.trim() ?? null
      changes.nextActionDueOn = patch.nextAction?.dueOn ?? null
      if (patch.nextAction === null || patch.nextAction.description.trim() !== row!.nextAction || patch.nextAction.dueOn !== row!.nextActionDueOn) {
        // A new next action starts open.
        changes.nextActionDoneAt = null
        changes.nextActionDoneBy = null
      }
    }
    if (patch.nextActionDone === true && row!.nextActionDoneAt === null) Object.assign(changes, { nextActionDoneAt: new Date(), nextActionDoneBy: caller.principal.userId })
    if (patch.nextActionDone === false) Object.assign(changes, { nextActionDoneAt: null, nextActionDoneBy: null })
    const changed = changedFields(row as unknown as Record<string, unknown>, changes as Record<string, unknown>)
    if (changed.length > 0) {
      await repo.updateActivity(tx, id, changes)
      await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'company_activity', resourceId: id, organisationId: company!.ownerOrganisationId, changedFields: changed }])
      await recordDomainEvent(tx, caller.actor, {
        type: 'company_activity.updated',
        resourceType: 'company_activity',
        resourceId: id,
        ownerOrganisationId: company!.ownerOrganisationId,
        partnerOrganisationId: row!.organisationId === company!.ownerOrganisationId ? null : row!.organisationId,
        data: { companyId: row!.companyId, changedFields: changed },
      })
    }
    return activityResponse(tx, caller, circle, id)
  })
}

export async function listDueActivities(db: Database, caller: Caller, query: DueActivityQuery): Promise<ActivityPage> {
  const circle = await loadCompanyCircle(db, caller.principal)
  const limit = query.limit ?? 50
  const rows = await repo.listDueActivities(db, {
    operatorId: caller.principal.userId,
    owners: circle.readable,
    dueBy: daysFromTodayInItaly(query.withinDays ?? 7),
    after: decodeDateIdCursor(query.cursor),
    limit,
  })
  const today = todayInItaly()
  return toPage(rows, limit, (r) => toActivity(r, caller, circle, today), (r) => [r.row.nextActionDueOn!, r.row.id])
}
