/**
 * The case page's two first reads, the case and its person: the case route starts them as soon as
 * the session is known (queries/case-detail.ts), so they live in a module of their own, in the
 * start-up code, without the rest of the cases' and persons' calls.
 */
import { api, dataOf } from './http'

export const readCase = (caseId: string, signal?: AbortSignal) => dataOf(api.GET('/cases/{caseId}', { params: { path: { caseId } }, signal }))

/** The person of a case, the same answer as readPerson, asked by the case's id (so it needs not wait for the case). */
export const readCasePerson = (caseId: string, signal?: AbortSignal) => dataOf(api.GET('/cases/{caseId}/person', { params: { path: { caseId } }, signal }))
