/**
 * Socially useful work (PUC): projects with sites and seats, assignments and their transitions, the
 * attendance of a week, the INAIL deadlines and communications, and the documents (monthly register,
 * quarterly days-worked report).
 */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, fileOf, newIdempotencyKey, writeHeaders } from './http'

// ---- projects and sites
export const listPucProjects = (query: QueryOf<'listPucProjects'> = {}, signal?: AbortSignal) => dataOf(api.GET('/puc-projects', { params: { query }, signal }))

export const createPucProject = (body: BodyOf<'createPucProject'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/puc-projects', { params: { header: writeHeaders({ idempotencyKey }) }, body }))

export const readPucProject = (projectId: string, signal?: AbortSignal) => dataOf(api.GET('/puc-projects/{projectId}', { params: { path: { projectId } }, signal }))

export const updatePucProject = (projectId: string, patch: BodyOf<'updatePucProject'>, version: number) =>
  dataOf(api.PATCH('/puc-projects/{projectId}', { params: { path: { projectId }, header: writeHeaders({ version }) }, body: patch }))

export const createPucSite = (projectId: string, body: BodyOf<'createPucSite'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/puc-projects/{projectId}/sites', { params: { path: { projectId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const updatePucSite = (projectId: string, siteId: string, patch: BodyOf<'updatePucSite'>, version: number) =>
  dataOf(api.PATCH('/puc-projects/{projectId}/sites/{siteId}', { params: { path: { projectId, siteId }, header: writeHeaders({ version }) }, body: patch }))

// ---- assignments
export const listPucProjectAssignments = (projectId: string, query: QueryOf<'listPucProjectAssignments'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/puc-projects/{projectId}/assignments', { params: { path: { projectId }, query }, signal }))

export const createPucAssignment = (projectId: string, body: BodyOf<'createPucAssignment'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/puc-projects/{projectId}/assignments', { params: { path: { projectId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const readPucAssignment = (assignmentId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/puc-assignments/{assignmentId}', { params: { path: { assignmentId } }, signal }))

export const updatePucAssignment = (assignmentId: string, patch: BodyOf<'updatePucAssignment'>, version: number) =>
  dataOf(api.PATCH('/puc-assignments/{assignmentId}', { params: { path: { assignmentId }, header: writeHeaders({ version }) }, body: patch }))

export const transitionPucAssignment = (assignmentId: string, body: BodyOf<'transitionPucAssignment'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/puc-assignments/{assignmentId}/transitions', { params: { path: { assignmentId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

export const listCasePucAssignments = (caseId: string, query: QueryOf<'listCasePucAssignments'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/puc-assignments', { params: { path: { caseId }, query }, signal }))

export const searchPucCandidates = (query: QueryOf<'searchPucCandidates'>, signal?: AbortSignal) => dataOf(api.GET('/puc/candidates', { params: { query }, signal }))

// ---- attendance
export const readPucAttendanceWeek = (projectId: string, week: string, signal?: AbortSignal) =>
  dataOf(api.GET('/puc-projects/{projectId}/attendance', { params: { path: { projectId }, query: { week } }, signal }))

export const recordPucAttendanceWeek = (projectId: string, week: string, body: BodyOf<'recordPucAttendanceWeek'>) =>
  dataOf(api.PUT('/puc-projects/{projectId}/attendance', { params: { path: { projectId }, query: { week } }, body }))

export const deletePucAttendanceDay = (assignmentId: string, date: string, version: number) =>
  dataOf(api.DELETE('/puc-assignments/{assignmentId}/attendance/{date}', { params: { path: { assignmentId, date }, header: writeHeaders({ version }) } }))

/** The monthly register of a project: the PDF the site supervisors sign, or the XLSX. */
export const downloadPucRegister = (projectId: string, month: string, format: 'pdf' | 'xlsx') =>
  fileOf(api.GET('/puc-projects/{projectId}/attendance-register', { params: { path: { projectId }, query: { month, format } }, parseAs: 'blob' }))

// ---- INAIL
export const listPucDeadlines = (query: QueryOf<'listPucInsuranceDeadlines'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/puc/insurance-deadlines', { params: { query }, signal }))

export const recordPucCommunication = (body: BodyOf<'recordPucInsuranceCommunication'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/puc/insurance-communications', { params: { header: writeHeaders({ idempotencyKey }) }, body }))

export const updatePucCommunication = (communicationId: string, patch: BodyOf<'updatePucInsuranceCommunication'>, version: number) =>
  dataOf(api.PATCH('/puc/insurance-communications/{communicationId}', { params: { path: { communicationId }, header: writeHeaders({ version }) }, body: patch }))

/** The quarterly days-worked report for INAIL, as CSV or XLSX. */
export const downloadPucQuarterlyReport = (quarter: string, format: 'csv' | 'xlsx') =>
  fileOf(api.GET('/puc/quarterly-report', { params: { query: { quarter, format } }, parseAs: 'blob' }))
