/** The social diary (diario sociale) of a case: list, add, read, edit (the author; the previous text is kept), revisions. */
import type { DiaryNote, DiaryNoteCreate, DiaryNoteListQuery, DiaryNotePage, DiaryNotePatch, DiaryNoteRevisionPage, DiaryNoteRevisionQuery } from '@ponte/shared'
import { http } from './http'

const notesPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/diary-notes`
const notePath = (caseId: string, noteId: string) => `${notesPath(caseId)}/${encodeURIComponent(noteId)}`

export const listDiaryNotes = (caseId: string, query: DiaryNoteListQuery = {}, signal?: AbortSignal) => http.get<DiaryNotePage>(notesPath(caseId), { ...query }, signal)

export const createDiaryNote = (caseId: string, body: DiaryNoteCreate, idempotencyKey?: string) => http.create<DiaryNote>(notesPath(caseId), body, idempotencyKey)

export const readDiaryNote = (caseId: string, noteId: string, signal?: AbortSignal) => http.get<DiaryNote>(notePath(caseId, noteId), undefined, signal)

export const updateDiaryNote = (caseId: string, noteId: string, patch: DiaryNotePatch, version: number) => http.patch<DiaryNote>(notePath(caseId, noteId), patch, version)

export const listDiaryNoteRevisions = (caseId: string, noteId: string, query: DiaryNoteRevisionQuery = {}, signal?: AbortSignal) =>
  http.get<DiaryNoteRevisionPage>(`${notePath(caseId, noteId)}/revisions`, { ...query }, signal)
