/** SQL of the social diary: a case's page of notes, look-ups, writes and the previous contents of a note. */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
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

export const insertNote = async (db: Db, values: DiaryNoteInsert) => (await db.insert(diaryNotes).values(values).returning())[0]!

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
