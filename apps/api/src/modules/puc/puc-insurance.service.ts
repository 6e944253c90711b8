/**
 * The INAIL communications a municipality owes for the people in its PUC (DOMAIN.md §5): the start
 * of each assignment by the day before, its end by the day after, and each quarter's days worked
 * per person by the 30th of the following month. Deadlines are computed from the assignments and
 * today's date; what was sent is recorded with its reference. Also the quarterly report.
 */
import type {
  PucDeadlinePage,
  PucDeadlineQuery,
  PucInsuranceCommunication,
  PucInsuranceCommunicationCreate,
  PucInsuranceCommunicationPatch,
  PucInsuranceDeadline,
  PucQuarterlyReport,
  PucQuarterlyReportQuery,
} from '@ponte/shared'
import type { Database } from '../../db/client.js'
import { recordAudit } from '../../lib/audit.js'
import { todayInItaly } from '../../lib/dates.js'
import { badRequest, conflict, fieldUnprocessable, forbidden, notFound } from '../../lib/errors.js'
import { recordDomainEvent } from '../../lib/events.js'
import { assertVersion, decodeCursor, encodeCursor } from '../../lib/http.js'
import { isUniqueViolation } from '../../lib/pg-errors.js'
import { loadAssignmentAccess, managedMunicipalities } from './puc.policy.js'
import type { Caller } from '../../lib/caller.js'
import * as repo from './puc.repository.js'
import { assignmentDeadlines, assignmentQuarters, daysWorkedByPerson, deadlineState, minutesToHours, quarterlyCommunicationDue, quarterRange } from './puc.rules.js'

const toCommunication = (view: repo.CommunicationView): PucInsuranceCommunication => ({
  id: view.row.id,
  kind: view.row.kind,
  municipality: { id: view.row.municipalityId, name: view.municipalityName },
  assignmentId: view.row.assignmentId,
  quarter: view.row.quarter,
  sentOn: view.row.sentOn,
  reference: view.row.reference,
  sentBy: view.row.sentBy && view.sentByName ? { id: view.row.sentBy, name: view.sentByName } : null,
  version: view.row.version,
  createdAt: view.row.createdAt.toISOString(),
  updatedAt: view.row.updatedAt.toISOString(),
})

const STATE_ORDER = { overdue: 0, due: 1, sent: 2 } as const

/** Every INAIL deadline of the municipalities the caller manages, overdue first, then by due date. */
export async function computeDeadlines(db: Database, caller: Caller, today = todayInItaly()): Promise<PucInsuranceDeadline[]> {
  const municipalities = managedMunicipalities(caller.principal)
  if (municipalities.length === 0) return []
  const [assignments, communications] = await Promise.all([repo.assignmentsOwingCommunications(db, municipalities), repo.communicationsOf(db, municipalities)])
  const sent = new Map<string, repo.CommunicationView>()
  for (const c of communications) sent.set(c.row.kind === 'quarterly' ? `quarterly:${c.row.municipalityId}:${c.row.quarter}` : `${c.row.kind}:${c.row.assignmentId}`, c)

  const deadlines: PucInsuranceDeadline[] = []
  const quarters = new Map<string, { municipality: { id: string; name: string }; quarter: string; persons: Set<string> }>()
  for (const a of assignments) {
    const assignment = {
      id: a.row.id,
      person: { givenName: a.givenName, familyName: a.familyName },
      project: { id: a.row.projectId, title: a.projectTitle },
      startDate: a.row.startDate,
      endDate: a.row.endDate,
      status: a.row.status,
    }
    for (const owed of assignmentDeadlines(a.row)) {
      const key = `${owed.kind}:${a.row.id}`
      const communication = sent.get(key)
      deadlines.push({
        key,
        kind: owed.kind,
        dueDate: owed.dueDate,
        state: deadlineState(owed.dueDate, communication !== undefined, today),
        municipality: { id: a.municipalityId, name: a.municipalityName },
        assignment,
        quarter: null,
        persons: null,
        communication: communication ? toCommunication(communication) : null,
      })
    }
    for (const quarter of assignmentQuarters(a.row, today)) {
      const key = `quarterly:${a.municipalityId}:${quarter}`
      if (!quarters.has(key)) quarters.set(key, { municipality: { id: a.municipalityId, name: a.municipalityName }, quarter, persons: new Set() })
      quarters.get(key)!.persons.add(a.personId)
    }
  }
  for (const [key, q] of quarters) {
    const dueDate = quarterlyCommunicationDue(q.quarter)
    const communication = sent.get(key)
    deadlines.push({
      key,
      kind: 'quarterly',
      dueDate,
      state: deadlineState(dueDate, communication !== undefined, today),
      municipality: q.municipality,
      assignment: null,
      quarter: q.quarter,
      persons: q.persons.size,
      communication: communication ? toCommunication(communication) : null,
    })
  }
  return deadlines.sort(
    (x, y) =>
      STATE_ORDER[x.state] - STATE_ORDER[y.state] ||
      (x.state === 'sent' ? y.dueDate.localeCompare(x.dueDate) : x.dueDate.localeCompare(y.dueDate)) ||
      x.key.localeCompare(y.key),
  )
}

export async function listDeadlines(db: Database, caller: Caller, query: PucDeadlineQuery): Promise<PucDeadlinePage> {
  const states = query.state && query.state.length > 0 ? query.state : ['overdue', 'due']
  const all = (await computeDeadlines(db, caller)).filter(
    (d) => states.includes(d.state) && (query.dueBy === undefined || d.dueDate <= query.dueBy) && (query.kind === undefined || d.kind === query.kind),
  )
  const limit = query.limit ?? 50
  const offsetValues = decodeCursor(query.cursor, 1)
  const offset = offsetValues ? Number(offsetValues[0]) : 0
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  const items = all.slice(offset, offset + limit)
  for (const d of items) if (d.assignment) caller.auditRead('puc_assignment', d.assignment.id, d.municipality.id, 'deadlines')
  return { items, nextCursor: offset + limit < all.length ? encodeCursor([offset + limit]) : null }
}

const alreadySent = (existingId: string | undefined) => conflict('communication-already-sent', 'Questa comunicazione risulta già inviata.', existingId ? { existingId } : {})

export async function recordCommunication(db: Database, caller: Caller, input: PucInsuranceCommunicationCreate): Promise<PucInsuranceCommunication> {
  const today = todayInItaly()
  if (input.sentOn > today) throw fieldUnprocessable([{ pointer: '/sentOn', code: 'sent_in_future', detail: 'La data di invio non può essere futura.' }])
  try {
    return await db.transaction(async (tx) => {
      let values: { municipalityId: string; assignmentId: string | null; quarter: string | null }
      if (input.kind === 'quarterly') {
        if (!input.municipalityId || !input.quarter) {
          throw fieldUnprocessable([{ pointer: input.municipalityId ? '/quarter' : '/municipalityId', code: 'required', detail: 'La comunicazione trimestrale richiede comune e trimestre.' }])
        }
        if (!managedMunicipalities(caller.principal).includes(input.municipalityId)) throw forbidden('Solo il responsabile PUC o un coordinatore del comune registrano le sue comunicazioni.')
        const range = quarterRange(input.quarter)!
        if (range.from > today) throw fieldUnprocessable([{ pointer: '/quarter', code: 'quarter_not_begun', detail: 'Il trimestre non è ancora iniziato.' }])
        values = { municipalityId: input.municipalityId, assignmentId: null, quarter: input.quarter }
      } else {
        if (!input.assignmentId) throw fieldUnprocessable([{ pointer: '/assignmentId', code: 'required', detail: 'Indica l\'assegnazione.' }])
        const { row, project } = await loadAssignmentAccess(tx, caller.principal, input.assignmentId, 'manage', { forUpdate: true })
        if (!assignmentDeadlines(row).some((d) => d.kind === input.kind)) {
          throw fieldUnprocessable([{ pointer: '/kind', code: 'not_owed', detail: `L'assegnazione (stato "${row.status}") non deve questa comunicazione.` }])
        }
        values = { municipalityId: project.ownerMunicipalityId, assignmentId: row.id, quarter: null }
      }
      const created = await repo.insertCommunication(tx, { ...values, kind: input.kind, sentOn: input.sentOn, reference: input.reference.trim(), sentBy: caller.principal.userId })
      await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'puc_insurance_communication', resourceId: created.id, organisationId: values.municipalityId, changedFields: ['kind', 'sentOn', 'reference'] }])
      await recordDomainEvent(tx, caller.actor, {
        type: 'puc_insurance_communication.sent',
        resourceType: 'puc_insurance_communication',
        resourceId: created.id,
        ownerOrganisationId: values.municipalityId,
        data: { kind: input.kind, ...(values.assignmentId ? { assignmentId: values.assignmentId } : { quarter: values.quarter }) },
      })
      return toCommunication((await repo.findCommunicationView(tx, created.id))!)
    })
  } catch (error) {
    if (isUniqueViolation(error, 'puc_insurance_assignment_kind_key', 'puc_insurance_quarter_key')) {
      throw alreadySent((await repo.findCommunicationFor(db, input))?.id)
    }
    throw error
  }
}

async function visibleCommunication(db: Database, caller: Caller, id: string) {
  const view = await repo.findCommunicationView(db, id)
  if (!view || !managedMunicipalities(caller.principal).includes(view.row.municipalityId)) throw notFound('La comunicazione INAIL')
  return view
}

export async function readCommunication(db: Database, caller: Caller, id: string): Promise<PucInsuranceCommunication> {
  return toCommunication(await visibleCommunication(db, caller, id))
}

export async function updateCommunication(db: Database, caller: Caller, id: string, expectedVersion: number, patch: PucInsuranceCommunicationPatch): Promise<PucInsuranceCommunication> {
  return db.transaction(async (tx) => {
    await visibleCommunication(tx as unknown as Database, caller, id)
    const row = (await repo.lockCommunication(tx, id))!
    assertVersion(row.version, expectedVersion)
    if (patch.sentOn !== undefined && patch.sentOn > todayInItaly()) throw fieldUnprocessable([{ pointer: '/sentOn', code: 'sent_in_future', detail: 'La data di invio non può essere futura.' }])
    const changes: { sentOn?: string; reference?: string } = {}
    if (patch.sentOn !== undefined && patch.sentOn !== row.sentOn) changes.sentOn = patch.sentOn
    if (patch.reference !== undefined && patch.reference.trim() !== row.reference) changes.reference = patch.reference.trim()
    if (Object.keys(changes).length > 0) {
      await repo.updateCommunication(tx, id, changes)
      await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'puc_insurance_communication', resourceId: id, organisationId: row.municipalityId, changedFields: Object.keys(changes) }])
      await recordDomainEvent(tx, caller.actor, {
        type: 'puc_insurance_communication.updated',
        resourceType: 'puc_insurance_communication',
        resourceId: id,
        ownerOrganisationId: row.municipalityId,
        data: { changedFields: Object.keys(changes) },
      })
    }
    return toCommunication((await repo.findCommunicationView(tx, id))!)
  })
}

/**
 * The quarterly report of days worked: one row per person with an assignment in the quarter, with
 * the distinct days recorded present and their hours (0 when none were recorded).
 */
export async function quarterlyReport(db: Database, caller: Caller, query: Pick<PucQuarterlyReportQuery, 'quarter' | 'municipalityId'>): Promise<PucQuarterlyReport> {
  const range = quarterRange(query.quarter)
  if (!range) throw badRequest('Il trimestre non è valido.', [{ pointer: '/quarter', detail: 'Invalid quarter' }])
  const managed = managedMunicipalities(caller.principal)
  if (managed.length === 0) throw forbidden('Solo il responsabile PUC o un coordinatore del comune leggono il prospetto trimestrale.')
  const municipalities = query.municipalityId ? managed.filter((m) => m === query.municipalityId) : managed
  if (municipalities.length === 0) throw forbidden('Non gestisci i PUC di questo comune.')
  const [assignments, attendance] = await Promise.all([repo.assignmentsOwingCommunications(db, municipalities), repo.attendanceForReport(db, municipalities, range.from, range.to)])

  interface PersonRow {
    municipality: { id: string; name: string }
    person: { givenName: string; familyName: string }
    taxCode: string
    birthDate: string
    projects: Set<string>
  }
  const persons = new Map<string, PersonRow>()
  const today = todayInItaly()
  for (const a of assignments) {
    // The quarter is touched when the worked period (to today at most) overlaps it.
    if (!assignmentQuarters(a.row, today).includes(query.quarter)) continue
    const key = `${a.municipalityId}:${a.personId}`
    if (!persons.has(key)) persons.set(key, { municipality: { id: a.municipalityId, name: a.municipalityName }, person: { givenName: a.givenName, familyName: a.familyName }, taxCode: a.taxCode, birthDate: a.birthDate, projects: new Set() })
    persons.get(key)!.projects.add(a.projectTitle)
  }
  for (const e of attendance) {
    const key = `${e.municipalityId}:${e.personId}`
    if (!persons.has(key)) persons.set(key, { municipality: { id: e.municipalityId, name: e.municipalityName }, person: { givenName: e.givenName, familyName: e.familyName }, taxCode: e.taxCode, birthDate: e.birthDate, projects: new Set() })
    if (e.status === 'present') persons.get(key)!.projects.add(e.projectTitle)
  }
  const worked = daysWorkedByPerson(
    attendance.map((e) => ({ personId: `${e.municipalityId}:${e.personId}`, date: e.date, status: e.status, minutes: e.minutes })),
    query.quarter,
  )
  const rows = [...persons.entries()]
    .map(([key, p]) => {
      const w = worked.get(key) ?? { days: 0, minutes: 0 }
      return { municipality: p.municipality, person: p.person, taxCode: p.taxCode, birthDate: p.birthDate, projects: [...p.projects].sort(), daysWorked: w.days, hoursWorked: minutesToHours(w.minutes) }
    })
    .sort((a, b) => a.municipality.name.localeCompare(b.municipality.name, 'it') || a.person.familyName.localeCompare(b.person.familyName, 'it') || a.person.givenName.localeCompare(b.person.givenName, 'it'))
  for (const [key] of persons) caller.auditRead('person', key.split(':')[1]!, key.split(':')[0]!, 'puc_quarterly_report')
  return { quarter: query.quarter, from: range.from, to: range.to, dueDate: quarterlyCommunicationDue(query.quarter), rows }
}
