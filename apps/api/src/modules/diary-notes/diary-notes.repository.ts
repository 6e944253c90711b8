/** SQL of the social diary: a case's page of notes, look-ups, writes and the previous contents of a note. */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../db/client.js'
import { pgClientOf, tableColumns } from '../../db/statements.js'
import type { AuditActor } from '../../lib/audit.js'
import { caseEventCtes, caseEventValues, type CaseEventInput } from '../cases/case-events.js'
import { diaryNoteRevisions, diaryNotes, users, type DiaryNoteRow, type DiaryNoteVisibility } from '../../db/schema/index.js'

export type DiaryNoteInsert = typeof diaryNotes.$inferInsert
export type DiaryNoteChanges = Partial<Pick<DiaryNoteRow, 'notedOn' | 'text' | 'visibility'>>
export type DiaryNoteRevisionInsert = typeof diaryNoteRevisions.$inferInsert

const fullName = (table: typeof users) => sql<string | null>`nullif(trim(concat(${table.givenName}, ' ', ${table.familyName})), '')`

export interface NoteView {
  note: DiaryNoteRow
  authorName: string | null
}

export interface NoteFilter {
  /** `visibleNotesCondition` of the caller. */
  visible: SQL
  visibility?: DiaryNoteVisibility
  /** Sort key (notedOn, id) of the last item of the previous page (most recent first). */
  before: { notedOn: string; id: string } | null
  limit: number
}

/** One page of a case's readable notes, most recent first, plus one row to know whether another follows. */
export function listNotes(db: Db, caseId: string, filter: NoteFilter): Promise<NoteView[]> {
  const where: SQL[] = [eq(diaryNotes.caseId, caseId), filter.visible]
  if (filter.visibility) where.push(eq(diaryNotes.visibility, filter.visibility))
  if (filter.before) where.push(sql`(${diaryNotes.notedOn}, ${diaryNotes.id}) < (${filter.before.notedOn}::date, ${filter.before.id}::uuid)`)
  return db
    .select({ note: diaryNotes, authorName: fullName(users) })
    .from(diaryNotes)
    .leftJoin(users, eq(users.id, diaryNotes.authorId))
    .where(and(...where))
    .orderBy(desc(diaryNotes.notedOn), desc(diaryNotes.id))
    .limit(filter.limit + 1)
}

/** A note of the case with its author's name; with `forUpdate`, the note row is locked. */
export async function findNote(db: Db, caseId: string, noteId: string, options: { forUpdate?: boolean } = {}): Promise<NoteView | null> {
  const query = db
    .select({ note: diaryNotes, authorName: fullName(users) })
    .from(diaryNotes)
    .leftJoin(users, eq(users.id, diaryNotes.authorId))
    .where(and(eq(diaryNotes.id, noteId), eq(diaryNotes.caseId, caseId)))
  const [row] = options.forUpdate ? await query.for('update', { of: diaryNotes }) : await query
  return row ?? null
}


const NOTE = tableColumns(diaryNotes)
/**
 * A new note, its audit entry (`create`, the fields written), its timeline event with the event's
 * domain event (`caseEventCtes`, parameters from $13) and the note with its author's name, in one
 * statement prepared under a name (docs/decisions/0025): everything writing a note reads and writes.
 */
const CREATE_NOTE = {
  name: 'diary_note_create',
  text: `with note as (
    insert into diary_notes (id, case_id, noted_on, text, visibility, author_id) values ($1::uuid, $2::uuid, $3::date, $4::text, $5::text, $6::uuid) returning *
  ), audited as (
    insert into audit_log (actor_user_id, actor_client_id, channel, request_id, organisation_id, action, resource_type, resource_id, changed_fields)
    select $7::uuid, $8::uuid, $9::text, $10::text, $11::uuid, 'create', 'diary_note', note.id::text, $12::text[] from note
  ), ${caseEventCtes(13)}
  select ${NOTE.list('note')}, nullif(trim(concat(u.given_name, ' ', u.family_name)), '') from note left join users u on u.id = note.author_id`,
}

/** The note's id, chosen before it is written (its timeline event names it). */
export const newNoteId = (): string => uuidv7()

/** Writes a note with its audit entry and its timeline event (`event`, which names the note by `id`). */
export async function insertNote(
  db: Db,
  values: { id: string; caseId: string; notedOn: string; text: string; visibility: DiaryNoteVisibility; authorId: string },
  audit: { actor: AuditActor; organisationId: string; changedFields: string[] },
  event: CaseEventInput,
): Promise<NoteView> {
  const { actor } = audit
  const { rows } = await pgClientOf(db).query<unknown[]>({
    ...CREATE_NOTE,
    rowMode: 'array',
    values: [
      values.id, values.caseId, values.notedOn, values.text, values.visibility, values.authorId,
      actor.actorUserId, actor.actorClientId, actor.channel, actor.requestId, audit.organisationId, audit.changedFields,
      ...caseEventValues(event),
    ],
  })
  const row = rows[0]!
  return { note: NOTE.decode(row), authorName: row[NOTE.count] as string | null }
}

export const updateNote = async (db: Db, id: string, changes: DiaryNoteChanges) =>
  (
    await db
      .update(diaryNotes)
      .set({ ...changes, version: sql`${diaryNotes.version} + 1`, updatedAt: new Date() })
      .where(eq(diaryNotes.id, id))
      .returning()
  )[0]!

export const insertRevision = async (db: Db, values: DiaryNoteRevisionInsert) => {
  await db.insert(diaryNoteRevisions).values(values)
}

export interface RevisionFilter {
  /** False hides the revisions whose content was restricted. */
  includeRestricted: boolean
  beforeVersion: number | null
  limit: number
}

/** Previous contents of a note, the most recent first, with the editor's name. */
export function listRevisions(db: Db, noteId: string, filter: RevisionFilter) {
  const where: SQL[] = [eq(diaryNoteRevisions.noteId, noteId)]
  if (!filter.includeRestricted) where.push(eq(diaryNoteRevisions.visibility, 'normal'))
  if (filter.beforeVersion !== null) where.push(sql`${diaryNoteRevisions.version} < ${filter.beforeVersion}`)
  return db
    .select({ revision: diaryNoteRevisions, editedByName: fullName(users) })
    .from(diaryNoteRevisions)
    .leftJoin(users, eq(users.id, diaryNoteRevisions.editedBy))
    .where(and(...where))
    .orderBy(desc(diaryNoteRevisions.version))
    .limit(filter.limit + 1)
}
