/**
 * Diary rules: notes written and edited by their author only, restricted notes hidden from everyone
 * but the author and coordinators, and every edit keeping the previous content as a revision. Every
 * change writes a timeline event (restricted audience for restricted notes, never the text) and an
 * audit entry in its transaction; every read is audited.
 */
import type { DiaryNote, DiaryNoteCreate, DiaryNoteListQuery, DiaryNotePage, DiaryNotePatch, DiaryNoteRevisionPage, DiaryNoteRevisionQuery } from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import type { DiaryNoteVisibility } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { badRequest, notFound } from '../../lib/errors.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import type { Principal } from '../../lib/principal.js'
import { recordCaseEvent } from '../cases/case-events.js'
import { assertCaseOpen, canReadRestrictedNote, type CaseAccess, type CaseScope } from '../cases/cases.policy.js'
import { assertCanUpdateNote, assertCanWorkDiary, canReadNoteContent, diaryNotePermissions, visibleNotesCondition } from './diary-notes.policy.js'
import * as repo from './diary-notes.repository.js'

/** Who calls, as the services need it: the principal, the audit actor and the read-audit hook. */
export interface Caller {
  principal: Principal
  actor: AuditActor
  auditRead: (resourceType: string, resourceId: string, organisationId: string, action?: string) => void
}

const RESOURCE = 'diary_note'
const DATE = /^\d{4}-\d{2}-\d{2}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const invalidCursor = () => badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])

/** The note as the caller sees it through `scope`, with what they may do on it now. */
export function toDiaryNote({ note, authorName }: repo.NoteView, scope: CaseScope): DiaryNote {
  return {
    id: note.id,
    caseId: note.caseId,
    notedOn: note.notedOn,
    text: note.text,
    visibility: note.visibility,
    authorId: note.authorId,
    authorName,
    permissions: diaryNotePermissions(scope, note),
    version: note.version,
    createdAt: note.createdAt.toISOString(),
    updatedAt: note.updatedAt.toISOString(),
  }
}

/** Timeline audience of a note's events: a restricted note's events are restricted too. */
const audienceOf = (visibility: DiaryNoteVisibility) => (visibility === 'restricted' ? 'restricted' : 'municipality')

/** A note the caller may read, or 404 — a restricted note of someone else is answered as missing. */
async function loadReadableNote(db: Db, principal: Principal, access: CaseAccess, caseId: string, noteId: string, forUpdate = false) {
  const view = await repo.findNote(db, caseId, noteId, { forUpdate })
  if (!view || !canReadNoteContent(access, principal, view.note)) throw notFound('La nota')
  return view
}

export async function listDiaryNotes(db: Database, caller: Caller, scope: CaseScope, query: DiaryNoteListQuery): Promise<DiaryNotePage> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkDiary(access)
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 2)
  if (cursor && (!DATE.test(String(cursor[0])) || !UUID.test(String(cursor[1])))) throw invalidCursor()
  const rows = await repo.listNotes(db, caseId, {
    visible: visibleNotesCondition(access, caller.principal),
    visibility: query.visibility,
    before: cursor ? { notedOn: String(cursor[0]), id: String(cursor[1]) } : null,
    limit,
  })
  const page = toPage(rows, limit, (view) => toDiaryNote(view, scope), (r) => [r.note.notedOn, r.note.id])
  for (const item of page.items) caller.auditRead(RESOURCE, item.id, caseRow.municipalityId)
  return page
}

export async function readDiaryNote(db: Database, caller: Caller, scope: CaseScope, noteId: string): Promise<DiaryNote> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkDiary(access)
  const view = await loadReadableNote(db, caller.principal, access, caseId, noteId)
  caller.auditRead(RESOURCE, view.note.id, caseRow.municipalityId)
  return toDiaryNote(view, scope)
}

export async function createDiaryNote(db: Database, caller: Caller, scope: CaseScope, input: DiaryNoteCreate): Promise<DiaryNote> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { row: caseRow, access } = scope
    assertCanWorkDiary(access)
    assertCaseOpen(caseRow)
    const visibility = input.visibility ?? 'normal'
    const id = repo.newNoteId()
    // The note, its audit entry, its timeline event (with the event's outbox row) and the note as answered: one statement.
    const view = await repo.insertNote(
      tx,
      { id, caseId, notedOn: input.notedOn, text: input.text, visibility, authorId: caller.principal.userId },
      { actor: caller.actor, organisationId: caseRow.municipalityId, changedFields: ['notedOn', 'text', 'visibility'] },
      {
        caseId,
        type: 'diary_note.created',
        audience: audienceOf(visibility),
        actorUserId: caller.principal.userId,
        resourceType: RESOURCE,
        resourceId: id,
        data: { notedOn: input.notedOn, visibility },
      },
    )
    return toDiaryNote(view, scope)
  })
}

export async function updateDiaryNote(db: Database, caller: Caller, scope: CaseScope, noteId: string, expectedVersion: number, patch: DiaryNotePatch): Promise<DiaryNote> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { row: caseRow, access } = scope
    assertCanWorkDiary(access)
    const current = await loadReadableNote(tx, caller.principal, access, caseId, noteId, true)
    assertVersion(current.note.version, expectedVersion)
    assertCanUpdateNote(scope, current.note)

    const changes: repo.DiaryNoteChanges = {}
    if (patch.notedOn !== undefined) changes.notedOn = patch.notedOn
    if (patch.text !== undefined) changes.text = patch.text
    if (patch.visibility !== undefined) changes.visibility = patch.visibility
    const changed = changedFields(current.note, changes)
    if (changed.length === 0) return toDiaryNote(current, scope)

    const before = current.note
    await repo.insertRevision(tx, { noteId, version: before.version, notedOn: before.notedOn, text: before.text, visibility: before.visibility, editedBy: caller.principal.userId })
    const note = await repo.updateNote(tx, noteId, Object.fromEntries(changed.map((k) => [k, changes[k as keyof repo.DiaryNoteChanges]])))
    await recordCaseEvent(tx, {
      caseId,
      type: 'diary_note.updated',
      audience: audienceOf(note.visibility),
      actorUserId: caller.principal.userId,
      resourceType: RESOURCE,
      resourceId: note.id,
      data: { notedOn: note.notedOn, visibility: note.visibility, changedFields: changed },
    })
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: RESOURCE, resourceId: note.id, organisationId: caseRow.municipalityId, changedFields: changed }])
    return toDiaryNote({ note, authorName: current.authorName }, scope)
  })
}

export async function listDiaryNoteRevisions(db: Database, caller: Caller, scope: CaseScope, noteId: string, query: DiaryNoteRevisionQuery): Promise<DiaryNoteRevisionPage> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkDiary(access)
  const view = await loadReadableNote(db, caller.principal, access, caseId, noteId)
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 1)
  if (cursor && (typeof cursor[0] !== 'number' || !Number.isInteger(cursor[0]))) throw invalidCursor()
  const rows = await repo.listRevisions(db, noteId, {
    // An earlier restricted content obeys the restricted rule even when the note is normal now.
    includeRestricted: canReadRestrictedNote(access, caller.principal, view.note.authorId),
    beforeVersion: cursor ? Number(cursor[0]) : null,
    limit,
  })
  const page = toPage(
    rows,
    limit,
    ({ revision, editedByName }) => ({
      noteId: revision.noteId,
      version: revision.version,
      notedOn: revision.notedOn,
      text: revision.text,
      visibility: revision.visibility,
      editedBy: revision.editedBy,
      editedByName,
      editedAt: revision.editedAt.toISOString(),
    }),
    (r) => [r.revision.version],
  )
  caller.auditRead(RESOURCE, noteId, caseRow.municipalityId, 'read_revisions')
  return page
}
