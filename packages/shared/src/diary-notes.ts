/**
 * The social diary of a case (diario sociale, DOMAIN.md §2): dated notes by their author, `normal`
 * or `restricted` (only the author and the municipality's coordinators). Edits keep the previous
 * text as revisions.
 */
import { Type, type Static } from 'typebox'
import { DateOnly, Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'

/** Identical to `DIARY_NOTE_VISIBILITIES` of the database schema. */
export const DIARY_NOTE_VISIBILITIES = ['normal', 'restricted'] as const
export const DiaryNoteVisibility = Type.Enum(DIARY_NOTE_VISIBILITIES, {
  $id: 'DiaryNoteVisibility',
  description: '`normal`: the municipality staff working the case; `restricted`: only its author and the municipality\'s coordinators',
})
export type DiaryNoteVisibility = (typeof DIARY_NOTE_VISIBILITIES)[number]

const NoteText = Type.String({ minLength: 1, maxLength: 20000, description: 'The text of the note' })

/** What the caller may do on a note now (the same checks its write endpoint makes). */
export const DIARY_NOTE_PERMISSIONS = ['update'] as const
export const DiaryNotePermission = Type.Enum(DIARY_NOTE_PERMISSIONS, {
  $id: 'DiaryNotePermission',
  description: '`update` (its author only, on an open case)',
})
export type DiaryNotePermission = (typeof DIARY_NOTE_PERMISSIONS)[number]

export const DiaryNote = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    notedOn: DateOnly,
    text: NoteText,
    visibility: Ref(DiaryNoteVisibility),
    authorId: Nullable(Uuid),
    authorName: Nullable(Type.String({ description: 'Given and family name of the author' })),
    permissions: Type.Array(Ref(DiaryNotePermission), { description: 'The actions the caller may take on the note now (computed by the same rules the API checks)' }),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'DiaryNote', additionalProperties: false, description: 'A note of the social diary; `version` > 1 means it was edited (see its revisions)' },
)
export type DiaryNote = Static<typeof DiaryNote>

export const DiaryNoteCreate = Type.Object(
  {
    notedOn: DateOnly,
    text: NoteText,
    visibility: Type.Optional(Ref(DiaryNoteVisibility)),
  },
  { $id: 'DiaryNoteCreate', additionalProperties: false, description: 'A new note; visibility defaults to `normal`' },
)
export type DiaryNoteCreate = Static<typeof DiaryNoteCreate>

export const DiaryNotePatch = Type.Object(
  {
    notedOn: Type.Optional(DateOnly),
    text: Type.Optional(NoteText),
    visibility: Type.Optional(Ref(DiaryNoteVisibility)),
  },
  { $id: 'DiaryNotePatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a note, by its author only; the previous content is kept as a revision' },
)
export type DiaryNotePatch = Static<typeof DiaryNotePatch>

export const DiaryNoteListQuery = Type.Object({
  ...PageQuery.properties,
  visibility: Type.Optional(Ref(DiaryNoteVisibility)),
})
export type DiaryNoteListQuery = Static<typeof DiaryNoteListQuery>

export const DiaryNotePage = Page(Ref(DiaryNote), { $id: 'DiaryNotePage', description: 'A page of the diary, most recent first (by date noted, then creation)' })
export type DiaryNotePage = Static<typeof DiaryNotePage>

/** The content a note had before an edit, with who edited it and when. */
export const DiaryNoteRevision = Type.Object(
  {
    noteId: Uuid,
    version: Type.Integer({ format: 'int32', minimum: 1, description: 'The version of the note that had this content' }),
    notedOn: DateOnly,
    text: NoteText,
    visibility: Ref(DiaryNoteVisibility),
    editedBy: Nullable(Uuid),
    editedByName: Nullable(Type.String({ description: 'Given and family name of who made the edit' })),
    editedAt: Instant,
  },
  { $id: 'DiaryNoteRevision', additionalProperties: false, description: 'A previous content of a note, replaced by an edit at `editedAt`' },
)
export type DiaryNoteRevision = Static<typeof DiaryNoteRevision>

export const DiaryNoteRevisionPage = Page(Ref(DiaryNoteRevision), { $id: 'DiaryNoteRevisionPage', description: 'Previous contents of a note, the most recent first' })
export type DiaryNoteRevisionPage = Static<typeof DiaryNoteRevisionPage>

export const DiaryNoteRevisionQuery = Type.Object({ ...PageQuery.properties })
export type DiaryNoteRevisionQuery = Static<typeof DiaryNoteRevisionQuery>
