/**
 * Work measures (DOMAIN.md §3): the measures of a case and of the caller's organisation, one
 * measure with its transitions and extensions, the monthly attendance of an internship, tutoring
 * sessions, work-grant payments, follow-ups, and the documents (PFI, attendance sheet).
 */
import type { BodyOf, QueryOf } from '@ponte/client'
import type { Measure, MeasureCreate, MeasureList } from '@ponte/shared'
import { api, dataOf, fileOf, newIdempotencyKey, writeHeaders } from './http'

/*
 * The generated client types a `oneOf` with a `discriminator` but no `mapping` by naming each
 * branch's `kind` after its schema ("InternshipOrientationMeasure"), not after the enum value the
 * API sends ("internship_orientation"); the API's validator (Ajv) does not accept a `mapping`. So
 * the measure itself and the create body are typed by the shared contract, which is what travels.
 */
const asMeasure = (answer: Promise<unknown>) => answer as Promise<Measure>

// ---- measures
export const listCaseMeasures = (caseId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/measures', { params: { path: { caseId } }, signal })) as Promise<unknown> as Promise<MeasureList>

export const createMeasure = (caseId: string, body: MeasureCreate, idempotencyKey = newIdempotencyKey()) =>
  asMeasure(dataOf(api.POST('/cases/{caseId}/measures', { params: { path: { caseId }, header: writeHeaders({ idempotencyKey }) }, body: body as unknown as BodyOf<'createMeasure'> })))

export const listMeasures = (query: QueryOf<'listMeasures'> = {}, signal?: AbortSignal) => dataOf(api.GET('/measures', { params: { query }, signal }))

export const readMeasure = (measureId: string, signal?: AbortSignal) => asMeasure(dataOf(api.GET('/measures/{measureId}', { params: { path: { measureId } }, signal })))

export const updateMeasure = (measureId: string, patch: BodyOf<'updateMeasure'>, version: number) =>
  asMeasure(dataOf(api.PATCH('/measures/{measureId}', { params: { path: { measureId }, header: writeHeaders({ version }) }, body: patch })))

export const transitionMeasure = (measureId: string, body: BodyOf<'transitionMeasure'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  asMeasure(dataOf(api.POST('/measures/{measureId}/transitions', { params: { path: { measureId }, header: writeHeaders({ version, idempotencyKey }) }, body })))

export const extendMeasure = (measureId: string, body: BodyOf<'extendMeasure'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  asMeasure(dataOf(api.POST('/measures/{measureId}/extensions', { params: { path: { measureId }, header: writeHeaders({ version, idempotencyKey }) }, body })))

// ---- attendance
export const readMeasureAttendance = (measureId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/measures/{measureId}/attendance', { params: { path: { measureId } }, signal }))

/** Records a month; a month already recorded is sent with its version (If-Match). */
export const recordMeasureAttendance = (measureId: string, month: string, body: BodyOf<'recordMeasureAttendance'>, version: number | null) =>
  dataOf(api.PUT('/measures/{measureId}/attendance/{month}', { params: { path: { measureId, month }, header: writeHeaders(version === null ? {} : { version }) }, body }))

// ---- documents
/** The monthly attendance sheet the intern and the host tutor sign (PDF), or its XLSX. */
export const downloadMeasureAttendanceSheet = (measureId: string, month: string, format: 'pdf' | 'xlsx') =>
  fileOf(api.GET('/measures/{measureId}/attendance-sheet', { params: { path: { measureId }, query: { month, format } }, parseAs: 'blob' }))

/** The individual training project (Progetto Formativo Individuale) as a PDF. */
export const downloadTrainingProject = (measureId: string) => fileOf(api.GET('/measures/{measureId}/training-project.pdf', { params: { path: { measureId } }, parseAs: 'blob' }))

// ---- tutoring sessions, payments, follow-ups
export const listTutoringSessions = (measureId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/measures/{measureId}/tutoring-sessions', { params: { path: { measureId } }, signal }))

export const createTutoringSession = (measureId: string, body: BodyOf<'createTutoringSession'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/measures/{measureId}/tutoring-sessions', { params: { path: { measureId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const listWorkGrantPayments = (measureId: string, signal?: AbortSignal) => dataOf(api.GET('/measures/{measureId}/payments', { params: { path: { measureId } }, signal }))

export const createWorkGrantPayment = (measureId: string, body: BodyOf<'createWorkGrantPayment'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/measures/{measureId}/payments', { params: { path: { measureId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const recordFollowUp = (measureId: string, followUpId: string, body: BodyOf<'recordFollowUp'>, version: number) =>
  dataOf(api.PUT('/measures/{measureId}/follow-ups/{followUpId}', { params: { path: { measureId, followUpId }, header: writeHeaders({ version }) }, body }))

export const listDueFollowUps = (query: QueryOf<'listDueFollowUps'> = {}, signal?: AbortSignal) => dataOf(api.GET('/follow-ups/due', { params: { query }, signal }))
