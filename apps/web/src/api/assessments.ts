/** Assessments (valutazioni) of a case: list, create, read, merge-patch while unsigned, sign (the author). */
import type { Assessment, AssessmentCreate, AssessmentListQuery, AssessmentPage, AssessmentPatch } from '@ponte/shared'
import { http, newIdempotencyKey, request } from './http'

const assessmentsPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/assessments`
const assessmentPath = (caseId: string, assessmentId: string) => `${assessmentsPath(caseId)}/${encodeURIComponent(assessmentId)}`

export const listAssessments = (caseId: string, query: AssessmentListQuery = {}, signal?: AbortSignal) =>
  http.get<AssessmentPage>(assessmentsPath(caseId), { ...query }, signal)

export const createAssessment = (caseId: string, body: AssessmentCreate, idempotencyKey?: string) =>
  http.create<Assessment>(assessmentsPath(caseId), body, idempotencyKey)

export const readAssessment = (caseId: string, assessmentId: string, signal?: AbortSignal) =>
  http.get<Assessment>(assessmentPath(caseId, assessmentId), undefined, signal)

export const updateAssessment = (caseId: string, assessmentId: string, patch: AssessmentPatch, version: number) =>
  http.patch<Assessment>(assessmentPath(caseId, assessmentId), patch, version)

/** The author signs the version read (If-Match); the assessment is frozen from then on. */
export const signAssessment = async (caseId: string, assessmentId: string, version: number) =>
  (await request<Assessment>(`${assessmentPath(caseId, assessmentId)}/sign`, { method: 'POST', ifMatch: version, idempotencyKey: newIdempotencyKey() })).data
