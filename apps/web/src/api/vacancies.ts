/** Vacancies (opportunità) of companies: list, publish, read, update, close and reopen. */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listVacancies = (query: QueryOf<'listVacancies'> = {}, signal?: AbortSignal) => dataOf(api.GET('/vacancies', { params: { query }, signal }))

export const createVacancy = (body: BodyOf<'createVacancy'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/vacancies', { params: { header: writeHeaders({ idempotencyKey }) }, body }))

export const readVacancy = (vacancyId: string, signal?: AbortSignal) => dataOf(api.GET('/vacancies/{vacancyId}', { params: { path: { vacancyId } }, signal }))

export const updateVacancy = (vacancyId: string, patch: BodyOf<'updateVacancy'>, version: number) =>
  dataOf(api.PATCH('/vacancies/{vacancyId}', { params: { path: { vacancyId }, header: writeHeaders({ version }) }, body: patch }))

export const transitionVacancy = (vacancyId: string, body: BodyOf<'transitionVacancy'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/vacancies/{vacancyId}/transitions', { params: { path: { vacancyId }, header: writeHeaders({ version, idempotencyKey }) }, body }))
