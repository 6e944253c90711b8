/** Mediation activities (attività di mediazione): a company's log, recording and editing one, the caller's next actions due. */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listCompanyActivities = (companyId: string, query: QueryOf<'listCompanyActivities'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/companies/{companyId}/activities', { params: { path: { companyId }, query }, signal }))

export const createCompanyActivity = (companyId: string, body: BodyOf<'createCompanyActivity'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/companies/{companyId}/activities', { params: { path: { companyId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const updateActivity = (activityId: string, patch: BodyOf<'updateActivity'>, version: number) =>
  dataOf(api.PATCH('/activities/{activityId}', { params: { path: { activityId }, header: writeHeaders({ version }) }, body: patch }))

/** The caller's open next actions, overdue or due within `withinDays`, soonest first. */
export const listDueActivities = (query: QueryOf<'listDueActivities'> = {}, signal?: AbortSignal) => dataOf(api.GET('/activities/due', { params: { query }, signal }))
