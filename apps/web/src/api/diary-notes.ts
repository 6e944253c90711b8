/** The social diary (diario sociale) of a case: list, add, read, edit (the author; the previous text is kept), revisions. */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listDiaryNotes = (caseId: string, query: QueryOf<'listDiaryNotes'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/diary-notes', { params: { path: { caseId }, query }, signal }))

export const createDiaryNote = (caseId: string, body: BodyOf<'createDiaryNote'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/diary-notes', { params: { path: { caseId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const readDiaryNote = (caseId: string, noteId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/diary-notes/{noteId}', { params: { path: { caseId, noteId } }, signal }))

export const updateDiaryNote = (caseId: string, noteId: string, patch: BodyOf<'updateDiaryNote'>, version: number) =>
  dataOf(api.PATCH('/cases/{caseId}/diary-notes/{noteId}', { params: { path: { caseId, noteId }, header: writeHeaders({ version }) }, body: patch }))

export const listDiaryNoteRevisions = (caseId: string, noteId: string, query: QueryOf<'listDiaryNoteRevisions'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/diary-notes/{noteId}/revisions', { params: { path: { caseId, noteId }, query }, signal }))
