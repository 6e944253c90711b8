/** Assessments (valutazioni) of a case: list, create, read, merge-patch while unsigned, sign (the author). */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listAssessments = (caseId: string, query: QueryOf<'listAssessments'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/assessments', { params: { path: { caseId }, query }, signal }))

export const createAssessment = (caseId: string, body: BodyOf<'createAssessment'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/assessments', { params: { path: { caseId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const readAssessment = (caseId: string, assessmentId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/assessments/{assessmentId}', { params: { path: { caseId, assessmentId } }, signal }))

export const updateAssessment = (caseId: string, assessmentId: string, patch: BodyOf<'updateAssessment'>, version: number) =>
  dataOf(api.PATCH('/cases/{caseId}/assessments/{assessmentId}', { params: { path: { caseId, assessmentId }, header: writeHeaders({ version }) }, body: patch }))

/** The author signs the version read (If-Match); the assessment is frozen from then on. */
export const signAssessment = (caseId: string, assessmentId: string, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/cases/{caseId}/assessments/{assessmentId}/sign', { params: { path: { caseId, assessmentId }, header: writeHeaders({ version, idempotencyKey }) } }))
