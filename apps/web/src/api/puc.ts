/**
 * Socially useful work (PUC): projects and sites, assignments and their transitions, the people the
 * PUC office may assign, attendance (a day, a project's week), INAIL deadlines and communications,
 * and the documents (the monthly register, the quarterly report) as files to save.
 */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listPucProjects = (query: QueryOf<'listPucProjects'> = {}, signal?: AbortSignal) => dataOf(api.GET('/puc-projects', { params: { query }, signal }))

export const readPucProject = (projectId: string, signal?: AbortSignal) => dataOf(api.GET('/puc-projects/{projectId}', { params: { path: { projectId } }, signal }))

export const createPucProject = (body: BodyOf<'createPucProject'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/puc-projects', { params: { header: writeHeaders({ idempotencyKey }) }, body }))

export const createPucSite = (projectId: string, body: BodyOf<'createPucSite'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/puc-projects/{projectId}/sites', { params: { path: { projectId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const listPucProjectAssignments = (projectId: string, query: QueryOf<'listPucProjectAssignments'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/puc-projects/{projectId}/assignments', { params: { path: { projectId }, query }, signal }))

export const createPucAssignment = (projectId: string, body: BodyOf<'createPucAssignment'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/puc-projects/{projectId}/assignments', { params: { path: { projectId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const transitionPucAssignment = (assignmentId: string, body: BodyOf<'transitionPucAssignment'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/puc-assignments/{assignmentId}/transitions', { params: { path: { assignmentId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

export const listCasePucAssignments = (caseId: string, signal?: AbortSignal) => dataOf(api.GET('/cases/{caseId}/puc-assignments', { params: { path: { caseId }, query: {} }, signal }))

export const searchPucCandidates = (query: QueryOf<'searchPucCandidates'>, signal?: AbortSignal) => dataOf(api.GET('/puc/candidates', { params: { query }, signal }))

export const readPucAttendanceWeek = (projectId: string, week: string, signal?: AbortSignal) =>
  dataOf(api.GET('/puc-projects/{projectId}/attendance', { params: { path: { projectId }, query: { week } }, signal }))

export const recordPucAttendanceWeek = (projectId: string, week: string, body: BodyOf<'recordPucAttendanceWeek'>) =>
  dataOf(api.PUT('/puc-projects/{projectId}/attendance', { params: { path: { projectId }, query: { week } }, body }))

export const listPucInsuranceDeadlines = (query: QueryOf<'listPucInsuranceDeadlines'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/puc/insurance-deadlines', { params: { query }, signal }))

export const recordPucInsuranceCommunication = (body: BodyOf<'recordPucInsuranceCommunication'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/puc/insurance-communications', { params: { header: writeHeaders({ idempotencyKey }) }, body }))

/** The monthly register of a project as a file (PDF or XLSX). */
export const downloadPucRegister = (projectId: string, month: string, format: 'pdf' | 'xlsx') =>
  dataOf(api.GET('/puc-projects/{projectId}/attendance-register', { params: { path: { projectId }, query: { month, format } }, parseAs: 'blob' })) as Promise<Blob>

/** The quarterly days-worked report as a file (CSV or XLSX). */
export const downloadPucQuarterlyReport = (quarter: string, format: 'csv' | 'xlsx') =>
  dataOf(api.GET('/puc/quarterly-report', { params: { query: { quarter, format } }, parseAs: 'blob' })) as Promise<Blob>
