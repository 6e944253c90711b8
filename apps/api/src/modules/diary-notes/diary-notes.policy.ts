/**
 * Who may see and do what in the social diary: municipality staff working the case read and write
 * notes (partners get 404); a restricted note, and every restricted revision, is seen only by its
 * author and the municipality's coordinators — for anyone else it does not exist (absent from lists,
 * 404 on read); only the author edits a note (403 for others who see it), while the case is open.
 */
import type { DiaryNotePermission } from '@ponte/shared'
import { eq, or, sql, type SQL } from 'drizzle-orm'
import { diaryNotes, type DiaryNoteVisibility } from '../../db/schema/index.js'
import { forbidden, notFound } from '../../lib/errors.js'
import { permitted } from '../../lib/permissions.js'
import type { Principal } from '../../lib/principal.js'
import { assertCaseOpen, canReadRestrictedNote, canWorkCaseRecords, type CaseAccess, type CaseScope } from '../cases/cases.policy.js'

/** The diary belongs to the municipality: anyone else gets 404, exactly as for a missing note. */
export function assertCanWorkDiary(access: CaseAccess): void {
  if (!canWorkCaseRecords(access)) throw notFound('La nota')
}

/** Whether content with this visibility, written by `authorId`, may be read. */
export const canReadNoteContent = (access: CaseAccess, principal: Principal, note: { visibility: DiaryNoteVisibility; authorId: string | null }) =>
  note.visibility === 'normal' || canReadRestrictedNote(access, principal, note.authorId)

/** SQL condition on `diary_notes` selecting the notes of a case the caller may read (lists and counts). */
export function visibleNotesCondition(access: CaseAccess, principal: Principal): SQL {
  if (access === 'coordinator') return sql`true`
  if (!canWorkCaseRecords(access)) return sql`false`
  return or(eq(diaryNotes.visibility, 'normal'), eq(diaryNotes.authorId, principal.userId))!
}

/** Only the author edits a note; a coordinator or colleague who sees it gets 403. */
export function assertCanEditNote(principal: Principal, note: { authorId: string | null }): void {
  if (note.authorId !== principal.userId) throw forbidden('Solo l\'autore può modificare una nota del diario.')
}

/**
 * Editing a note (PATCH): its author, working the case, while the case is open (a closed case's
 * diary stays as it was, like its other records).
 */
export function assertCanUpdateNote(scope: Pick<CaseScope, 'access' | 'row' | 'principal'>, note: { authorId: string | null }): void {
  assertCanWorkDiary(scope.access)
  assertCanEditNote(scope.principal, note)
  assertCaseOpen(scope.row, 'Il caso è chiuso: le note del diario non si possono più modificare.')
}

/** `DiaryNote.permissions`: the actions whose check (the one its endpoint makes) passes now. */
export const diaryNotePermissions = (scope: Pick<CaseScope, 'access' | 'row' | 'principal'>, note: { authorId: string | null }): DiaryNotePermission[] =>
  permitted({ update: () => assertCanUpdateNote(scope, note) })
