/**
 * Meeting rules: planning and rescheduling while planned, the transitions planned → held (outcome,
 * evaluation) | missed | cancelled (reason), the case's missed count, and the upcoming/overdue list.
 * Every change writes a timeline event and an audit entry in its transaction; every read is audited.
 */
import {
  MEETING_DEFAULT_DURATION,
  type Meeting,
  type MeetingCreate,
  type MeetingListQuery,
  type MeetingPage,
  type MeetingPatch,
  type MeetingTransition,
  type ProblemFieldError,
  type UpcomingMeeting,
  type UpcomingMeetingPage,
  type UpcomingMeetingQuery,
} from '@ponte/shared'
import type { Database } from '../../db/client.js'
import type { MeetingRow } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { badRequest, conflict, fieldUnprocessable, notFound, transitionNotAllowed } from '../../lib/errors.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import type { Principal } from '../../lib/principal.js'
import { recordCaseEvent } from '../cases/case-events.js'
import { assertCaseOpen, type CaseScope } from '../cases/cases.policy.js'
import { assertCanWorkMeetings, upcomingMeetingsScope } from './meetings.policy.js'
import * as repo from './meetings.repository.js'
import { todayInItaly } from '../../lib/dates.js'

/** Who calls, as the services need it: the principal, the audit actor and the read-audit hook. */
export interface Caller {
  principal: Principal
  actor: AuditActor
  auditRead: (resourceType: string, resourceId: string, organisationId: string) => void
}

const RESOURCE = 'meeting'

/** Today's date in Italy (meetings are dated in local time). */

const hhmm = (time: string) => time.slice(0, 5)

export function toMeeting(row: MeetingRow, today = todayInItaly()): Meeting {
  return {
    id: row.id,
    caseId: row.caseId,
    date: row.date,
    startTime: hhmm(row.startTime),
    durationMinutes: row.durationMinutes,
    location: row.location,
    participants: row.participants,
    agenda: row.agenda,
    status: row.status,
    isOverdue: row.status === 'planned' && row.date < today,
    outcome: row.outcome,
    evaluation: row.evaluation,
    statusNote: row.statusNote,
    statusChangedBy: row.statusChangedBy,
    statusChangedAt: row.statusChangedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^\d{2}:\d{2}(:\d{2})?$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function meetingKeyOf(cursor: string | undefined): repo.MeetingKey | null {
  const values = decodeCursor(cursor, 3)
  if (!values) return null
  const [date, startTime, id] = values.map(String) as [string, string, string]
  if (!DATE.test(date) || !TIME.test(startTime) || !UUID.test(id)) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  return { date, startTime, id }
}

const cursorOf = (row: MeetingRow) => [row.date, row.startTime, row.id]

export async function listMeetings(db: Database, caller: Caller, scope: CaseScope, query: MeetingListQuery): Promise<MeetingPage> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkMeetings(access)
  const limit = query.limit ?? 50
  const rows = await repo.listCaseMeetings(db, caseId, { status: query.status, dateFrom: query.dateFrom, dateTo: query.dateTo, before: meetingKeyOf(query.cursor), limit })
  const missedCount = await repo.countMissedMeetings(db, caseId)
  const today = todayInItaly()
  const page = toPage(rows, limit, (row) => toMeeting(row, today), cursorOf)
  for (const item of page.items) caller.auditRead(RESOURCE, item.id, caseRow.municipalityId)
  return { ...page, missedCount }
}

export async function readMeeting(db: Database, caller: Caller, scope: CaseScope, meetingId: string): Promise<Meeting> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkMeetings(access)
  const row = await repo.findMeeting(db, caseId, meetingId)
  if (!row) throw notFound('L\'incontro')
  caller.auditRead(RESOURCE, row.id, caseRow.municipalityId)
  return toMeeting(row)
}

export async function planMeeting(db: Database, caller: Caller, scope: CaseScope, input: MeetingCreate): Promise<Meeting> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { row: caseRow, access } = scope
    assertCanWorkMeetings(access)
    assertCaseOpen(caseRow)
    const values = {
      caseId,
      date: input.date,
      startTime: input.startTime,
      durationMinutes: input.durationMinutes ?? MEETING_DEFAULT_DURATION,
      location: input.location ?? null,
      participants: input.participants ?? [],
      agenda: input.agenda ?? null,
      createdBy: caller.principal.userId,
    }
    const row = await repo.insertMeeting(tx, values)
    await recordCaseEvent(tx, {
      caseId,
      type: 'meeting.planned',
      audience: 'municipality',
      actorUserId: caller.principal.userId,
      resourceType: RESOURCE,
      resourceId: row.id,
      data: { date: row.date, startTime: hhmm(row.startTime) },
    })
    await recordAudit(tx, caller.actor, [
      { action: 'create', resourceType: RESOURCE, resourceId: row.id, organisationId: caseRow.municipalityId, changedFields: ['date', 'startTime', 'durationMinutes', ...(['location', 'participants', 'agenda'] as const).filter((k) => input[k] !== undefined && input[k] !== null)] },
    ])
    return toMeeting(row)
  })
}

export async function updateMeeting(db: Database, caller: Caller, scope: CaseScope, meetingId: string, expectedVersion: number, patch: MeetingPatch): Promise<Meeting> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { row: caseRow, access } = scope
    assertCanWorkMeetings(access)
    const current = await repo.findMeeting(tx, caseId, meetingId, { forUpdate: true })
    if (!current) throw notFound('L\'incontro')
    assertVersion(current.version, expectedVersion)
    if (current.status !== 'planned') throw conflict('meeting-not-planned', 'Si può modificare solo un incontro ancora da svolgere; per gli altri si registra l\'esito.')

    const changes: repo.MeetingChanges = {}
    if (patch.date !== undefined) changes.date = patch.date
    if (patch.startTime !== undefined) changes.startTime = patch.startTime
    if (patch.durationMinutes !== undefined) changes.durationMinutes = patch.durationMinutes
    if (patch.location !== undefined) changes.location = patch.location
    if (patch.participants !== undefined) changes.participants = patch.participants
    if (patch.agenda !== undefined) changes.agenda = patch.agenda
    const comparable = { ...current, startTime: hhmm(current.startTime) }
    const changed = changedFields(comparable, changes)
    if (changed.length === 0) return toMeeting(current)

    const row = await repo.updateMeeting(tx, current.id, Object.fromEntries(changed.map((k) => [k, changes[k as keyof repo.MeetingChanges]])))
    const rescheduled = changed.includes('date') || changed.includes('startTime')
    const where = { caseId, audience: 'municipality', actorUserId: caller.principal.userId, resourceType: RESOURCE, resourceId: row.id } as const
    const data = { date: row.date, startTime: hhmm(row.startTime), changedFields: changed }
    await recordCaseEvent(
      tx,
      rescheduled
        ? { ...where, type: 'meeting.rescheduled', data: { ...data, previousDate: current.date, previousStartTime: hhmm(current.startTime) } }
        : { ...where, type: 'meeting.updated', data },
    )
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: RESOURCE, resourceId: row.id, organisationId: caseRow.municipalityId, changedFields: changed }])
    return toMeeting(row)
  })
}

/** The fields each target status takes; any other sent field is refused by name. */
const TRANSITION_FIELDS = { planned: [], held: ['outcome', 'evaluation'], missed: ['note'], cancelled: ['reason'] } as const

function transitionErrors(meeting: MeetingRow, input: MeetingTransition, today: string): ProblemFieldError[] {
  const errors: ProblemFieldError[] = []
  const allowed: readonly string[] = TRANSITION_FIELDS[input.to]
  for (const field of ['outcome', 'evaluation', 'note', 'reason'] as const) {
    if (input[field] !== undefined && !allowed.includes(field)) {
      errors.push({ pointer: `/${field}`, code: 'field_not_allowed', detail: `Il campo non si usa per il passaggio a "${input.to}".` })
    }
  }
  if (input.to === 'held' && !input.outcome?.trim()) errors.push({ pointer: '/outcome', code: 'outcome_required', detail: 'Per registrare un incontro svolto serve l\'esito.' })
  if (input.to === 'cancelled' && !input.reason?.trim()) errors.push({ pointer: '/reason', code: 'reason_required', detail: 'Per annullare un incontro serve il motivo.' })
  if ((input.to === 'held' || input.to === 'missed') && meeting.date > today) {
    errors.push({ pointer: '/to', code: 'meeting_in_future', detail: 'Un incontro non ancora avvenuto non può essere registrato come svolto o mancato.' })
  }
  return errors
}

export async function transitionMeeting(db: Database, caller: Caller, scope: CaseScope, meetingId: string, expectedVersion: number, input: MeetingTransition): Promise<Meeting> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { row: caseRow, access } = scope
    assertCanWorkMeetings(access)
    const current = await repo.findMeeting(tx, caseId, meetingId, { forUpdate: true })
    if (!current) throw notFound('L\'incontro')
    assertVersion(current.version, expectedVersion)
    if (current.status !== 'planned' || input.to === 'planned') throw transitionNotAllowed(current.status, input.to)
    const errors = transitionErrors(current, input, todayInItaly())
    if (errors.length > 0) throw fieldUnprocessable(errors, 'Il passaggio di stato dell\'incontro non è completo.')

    const changes: repo.MeetingChanges = {
      status: input.to,
      outcome: input.to === 'held' ? input.outcome!.trim() : null,
      evaluation: input.to === 'held' ? (input.evaluation ?? null) : null,
      statusNote: input.to === 'missed' ? (input.note?.trim() ?? null) : input.to === 'cancelled' ? input.reason!.trim() : null,
      statusChangedBy: caller.principal.userId,
      statusChangedAt: new Date(),
    }
    const row = await repo.updateMeeting(tx, current.id, changes)
    await recordCaseEvent(tx, {
      caseId,
      type: `meeting.${input.to}`,
      audience: 'municipality',
      actorUserId: caller.principal.userId,
      resourceType: RESOURCE,
      resourceId: row.id,
      data: { from: current.status, to: input.to, date: row.date, startTime: hhmm(row.startTime), ...(row.evaluation !== null ? { evaluation: row.evaluation } : {}) },
    })
    await recordAudit(tx, caller.actor, [
      { action: 'transition', resourceType: RESOURCE, resourceId: row.id, organisationId: caseRow.municipalityId, changedFields: ['status', ...(['outcome', 'evaluation', 'statusNote'] as const).filter((k) => changes[k] !== null)] },
    ])
    return toMeeting(row)
  })
}

export async function listUpcomingMeetings(db: Database, caller: Caller, query: UpcomingMeetingQuery): Promise<UpcomingMeetingPage> {
  const limit = query.limit ?? 50
  const today = todayInItaly()
  const rows = await repo.listUpcomingMeetings(db, {
    scope: upcomingMeetingsScope(caller.principal),
    today,
    until: query.until,
    includeOverdue: query.includeOverdue ?? true,
    caseManagerId: query.assignedTo === 'me' ? caller.principal.userId : query.assignedTo,
    after: meetingKeyOf(query.cursor),
    limit,
  })
  const page = toPage(
    rows,
    limit,
    (r): UpcomingMeeting => ({ ...toMeeting(r.meeting, today), person: r.person }),
    (r) => cursorOf(r.meeting),
  )
  for (const r of rows.slice(0, limit)) {
    caller.auditRead(RESOURCE, r.meeting.id, r.municipalityId)
    caller.auditRead('person', r.person.id, r.municipalityId)
  }
  return page
}
