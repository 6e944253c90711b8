/**
 * The social diary of a case (diario sociale): dated notes by their author, normal or restricted
 * (only the author and the municipality's coordinators), and the previous contents of edited notes.
 */
import { date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, instant, updatedAt, version } from './_columns.js'
import { cases } from './cases.js'
import { users } from './users.js'

export const DIARY_NOTE_VISIBILITIES = ['normal', 'restricted'] as const

export const diaryNotes = pgTable(
  'diary_notes',
  {
    id: id(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    notedOn: date('noted_on', { mode: 'string' }).notNull(),
    text: text('text').notNull(),
    visibility: text('visibility', { enum: DIARY_NOTE_VISIBILITIES }).notNull().default('normal'),
    authorId: uuid('author_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('diary_notes_case_idx').on(t.caseId, t.notedOn, t.id)],
)
export type DiaryNoteRow = typeof diaryNotes.$inferSelect
export type DiaryNoteVisibility = (typeof DIARY_NOTE_VISIBILITIES)[number]

/**
 * What a note was before each edit: its version, date, text and visibility as they were, with who
 * edited it and when. Append-only: an edit adds a row, nothing updates or deletes one.
 */
export const diaryNoteRevisions = pgTable(
  'diary_note_revisions',
  {
    id: id(),
    noteId: uuid('note_id').notNull().references(() => diaryNotes.id),
    version: integer('version').notNull(),
    notedOn: date('noted_on', { mode: 'string' }).notNull(),
    text: text('text').notNull(),
    visibility: text('visibility', { enum: DIARY_NOTE_VISIBILITIES }).notNull(),
    editedBy: uuid('edited_by').references(() => users.id),
    editedAt: instant('edited_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('diary_note_revisions_note_version_key').on(t.noteId, t.version)],
)
export type DiaryNoteRevisionRow = typeof diaryNoteRevisions.$inferSelect
