/** Matches (candidature): a vacancy's pipeline, proposing a person, a case's candidacies, moving a match along the pipeline. */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listVacancyMatches = (vacancyId: string, query: QueryOf<'listVacancyMatches'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/vacancies/{vacancyId}/matches', { params: { path: { vacancyId }, query }, signal }))

export const createMatch = (vacancyId: string, body: BodyOf<'createMatch'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/vacancies/{vacancyId}/matches', { params: { path: { vacancyId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const listCaseMatches = (caseId: string, query: QueryOf<'listCaseMatches'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/cases/{caseId}/matches', { params: { path: { caseId }, query }, signal }))

/** Moves the version read along the pipeline (If-Match); `hired` creates the job placement, `trial` may create the internship. */
export const transitionMatch = (matchId: string, body: BodyOf<'transitionMatch'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/matches/{matchId}/transitions', { params: { path: { matchId }, header: writeHeaders({ version, idempotencyKey }) }, body }))
