/**
 * Server state of socially useful work (PUC): projects (paged list, one project), the assignments of
 * a project and of a case, the people the office may assign, a week of attendance, the INAIL
 * deadlines; mutations invalidate what they changed. Keys: `['puc-projects', …]`,
 * `['puc-assignments', …]`, `['puc-attendance', projectId, week]`, `['puc-deadlines', …]`.
 */
import type {
  PucAssignment,
  PucAssignmentCreate,
  PucAssignmentPage,
  PucAssignmentPatch,
  PucAssignmentStatus,
  PucAssignmentTransitionRequest,
  PucAttendanceWeekUpdate,
  PucDeadlinePage,
  PucDeadlineState,
  PucInsuranceCommunicationCreate,
  PucInsuranceCommunicationPatch,
  PucInsuranceDeadline,
  PucInsuranceKind,
  PucArea,
  PucProjectCreate,
  PucProjectPage,
  PucProjectPatch,
  PucProjectSummary,
  PucSiteCreate,
  PucSitePatch,
} from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import {
  createPucAssignment,
  createPucProject,
  createPucSite,
  deletePucAttendanceDay,
  listCasePucAssignments,
  listPucDeadlines,
  listPucProjectAssignments,
  listPucProjects,
  readPucAssignment,
  readPucAttendanceWeek,
  readPucProject,
  recordPucAttendanceWeek,
  recordPucCommunication,
  searchPucCandidates,
  transitionPucAssignment,
  updatePucAssignment,
  updatePucCommunication,
  updatePucProject,
  updatePucSite,
} from '../api/puc'

export const PUC_PAGE_SIZE = 25
const ASSIGNMENT_PAGE_SIZE = 100
const DEADLINE_PAGE_SIZE = 50

export interface PucProjectFilters {
  q?: string | undefined
  area?: PucArea | undefined
  current?: boolean | undefined
}

export interface PucDeadlineFilters {
  state?: PucDeadlineState[] | undefined
  kind?: PucInsuranceKind | undefined
  dueBy?: string | undefined
}

export const pucKeys = {
  projects: ['puc-projects'] as const,
  projectList: (filters: PucProjectFilters) => ['puc-projects', 'list', { q: filters.q ?? null, area: filters.area ?? null, current: filters.current ?? null }] as const,
  project: (projectId: string) => ['puc-projects', 'detail', projectId] as const,
  assignments: ['puc-assignments'] as const,
  projectAssignments: (projectId: string, status: readonly PucAssignmentStatus[]) => ['puc-assignments', 'project', projectId, [...status]] as const,
  caseAssignments: (caseId: string) => ['puc-assignments', 'case', caseId] as const,
  candidates: (q: string) => ['puc-candidates', q] as const,
  attendance: (projectId: string) => ['puc-attendance', projectId] as const,
  attendanceWeek: (projectId: string, week: string) => ['puc-attendance', projectId, week] as const,
  deadlines: ['puc-deadlines'] as const,
  deadlineList: (filters: PucDeadlineFilters) => ['puc-deadlines', 'list', { state: filters.state ?? null, kind: filters.kind ?? null, dueBy: filters.dueBy ?? null }] as const,
}

// ---- projects

/** The projects the user sees, newest first, one page at a time. */
export function usePucProjectList(filters: MaybeRefOrGetter<PucProjectFilters>, enabled: MaybeRefOrGetter<boolean> = true) {
  const query = useInfiniteQuery<PucProjectPage, ApiError, string | null>({
    key: () => pucKeys.projectList(toValue(filters)),
    query: ({ pageParam, signal }) => {
      const f = toValue(filters)
      return listPucProjects(
        { ...(f.q ? { q: f.q } : {}), ...(f.area ? { area: f.area } : {}), ...(f.current ? { current: true } : {}), limit: PUC_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      )
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: PucProjectPage) => last.nextCursor,
    enabled: () => toValue(enabled),
  })
  const projects = computed<PucProjectSummary[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, projects }
}

export function usePucProject(projectId: MaybeRefOrGetter<string | null>) {
  return useQuery({
    key: () => pucKeys.project(toValue(projectId) ?? ''),
    query: ({ signal }) => readPucProject(toValue(projectId) ?? '', signal),
    enabled: () => Boolean(toValue(projectId)),
  })
}

/** Reads a project again (after a 412) and puts it in the cache. */
export function useFetchPucProject() {
  const cache = useQueryCache()
  return async (projectId: string) => {
    const project = await readPucProject(projectId)
    cache.setQueryData(pucKeys.project(projectId), project)
    return project
  }
}

export function useCreatePucProject() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ body, idempotencyKey }: { body: PucProjectCreate; idempotencyKey: string }) => createPucProject(body, idempotencyKey),
    onSettled: () => cache.invalidateQueries({ key: pucKeys.projects }),
  })
}

export function useUpdatePucProject() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ projectId, patch, version }: { projectId: string; patch: PucProjectPatch; version: number }) => updatePucProject(projectId, patch, version),
    onSuccess: (project) => cache.setQueryData(pucKeys.project(project.id), project),
    onSettled: () => cache.invalidateQueries({ key: pucKeys.projects }),
  })
}

export function useCreatePucSite() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ projectId, body, idempotencyKey }: { projectId: string; body: PucSiteCreate; idempotencyKey: string }) => createPucSite(projectId, body, idempotencyKey),
    onSettled: () => cache.invalidateQueries({ key: pucKeys.projects }),
  })
}

export function useUpdatePucSite() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ projectId, siteId, patch, version }: { projectId: string; siteId: string; patch: PucSitePatch; version: number }) => updatePucSite(projectId, siteId, patch, version),
    onSettled: () => {
      void cache.invalidateQueries({ key: pucKeys.projects })
      void cache.invalidateQueries({ key: pucKeys.assignments })
    },
  })
}

// ---- assignments

/** Every assignment of a project (up to 100 a page, "load more" beyond), newest first. */
export function usePucProjectAssignments(projectId: MaybeRefOrGetter<string>, status: MaybeRefOrGetter<readonly PucAssignmentStatus[]> = []) {
  const query = useInfiniteQuery<PucAssignmentPage, ApiError, string | null>({
    key: () => pucKeys.projectAssignments(toValue(projectId), toValue(status)),
    query: ({ pageParam, signal }) =>
      listPucProjectAssignments(toValue(projectId), { ...(toValue(status).length > 0 ? { status: [...toValue(status)] } : {}), limit: ASSIGNMENT_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: PucAssignmentPage) => last.nextCursor,
  })
  const assignments = computed<PucAssignment[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, assignments }
}

/** The PUC assignments of a case (the municipality staff working it). */
export function useCasePucAssignments(caseId: MaybeRefOrGetter<string>) {
  const query = useInfiniteQuery<PucAssignmentPage, ApiError, string | null>({
    key: () => pucKeys.caseAssignments(toValue(caseId)),
    query: ({ pageParam, signal }) => listCasePucAssignments(toValue(caseId), { limit: ASSIGNMENT_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: PucAssignmentPage) => last.nextCursor,
  })
  const assignments = computed<PucAssignment[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, assignments }
}

/** Open cases the PUC office may assign whose person's name contains `q` (2 characters at least). */
export function usePucCandidates(q: MaybeRefOrGetter<string>) {
  return useQuery({
    key: () => pucKeys.candidates(toValue(q)),
    query: ({ signal }) => searchPucCandidates({ q: toValue(q), limit: 20 }, signal),
    enabled: () => toValue(q).trim().length >= 2,
  })
}

/** An assignment changes its project's seats, its case's list, the weeks and the deadlines. */
function invalidateAfterAssignment(cache: ReturnType<typeof useQueryCache>) {
  void cache.invalidateQueries({ key: pucKeys.assignments })
  void cache.invalidateQueries({ key: pucKeys.projects })
  void cache.invalidateQueries({ key: ['puc-attendance'] })
  void cache.invalidateQueries({ key: pucKeys.deadlines })
}

/** Reads an assignment again (after a 412). */
export const useFetchPucAssignment = () => (assignmentId: string) => readPucAssignment(assignmentId)

export function useCreatePucAssignment() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ projectId, body, idempotencyKey }: { projectId: string; body: PucAssignmentCreate; idempotencyKey: string }) => createPucAssignment(projectId, body, idempotencyKey),
    onSettled: () => invalidateAfterAssignment(cache),
  })
}

export function useUpdatePucAssignment() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ assignmentId, patch, version }: { assignmentId: string; patch: PucAssignmentPatch; version: number }) => updatePucAssignment(assignmentId, patch, version),
    onSettled: () => invalidateAfterAssignment(cache),
  })
}

export function useTransitionPucAssignment() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ assignmentId, body, version, idempotencyKey }: { assignmentId: string; body: PucAssignmentTransitionRequest; version: number; idempotencyKey: string }) =>
      transitionPucAssignment(assignmentId, body, version, idempotencyKey),
    onSettled: () => invalidateAfterAssignment(cache),
  })
}

// ---- attendance

export function usePucAttendanceWeek(projectId: MaybeRefOrGetter<string>, week: MaybeRefOrGetter<string>) {
  return useQuery({
    key: () => pucKeys.attendanceWeek(toValue(projectId), toValue(week)),
    query: ({ signal }) => readPucAttendanceWeek(toValue(projectId), toValue(week), signal),
  })
}

/** Saves a week (the changed and new days) and removes the days cleared, then reads the week again. */
export function useSavePucAttendanceWeek() {
  const cache = useQueryCache()
  return useMutation({
    mutation: async ({ projectId, week, body, removals }: { projectId: string; week: string; body: PucAttendanceWeekUpdate | null; removals: { assignmentId: string; date: string; version: number }[] }) => {
      for (const r of removals) await deletePucAttendanceDay(r.assignmentId, r.date, r.version)
      return body ? recordPucAttendanceWeek(projectId, week, body) : readPucAttendanceWeek(projectId, week)
    },
    onSuccess: (saved, { projectId, week }) => cache.setQueryData(pucKeys.attendanceWeek(projectId, week), saved),
    onSettled: (_data, _error, { projectId }) => {
      void cache.invalidateQueries({ key: pucKeys.attendance(projectId) })
      void cache.invalidateQueries({ key: pucKeys.assignments })
      void cache.invalidateQueries({ key: pucKeys.deadlines })
    },
  })
}

// ---- INAIL deadlines

/** The INAIL deadlines (overdue first, then by due date), one page at a time. */
export function usePucDeadlines(filters: MaybeRefOrGetter<PucDeadlineFilters>, enabled: MaybeRefOrGetter<boolean> = true) {
  const query = useInfiniteQuery<PucDeadlinePage, ApiError, string | null>({
    key: () => pucKeys.deadlineList(toValue(filters)),
    query: ({ pageParam, signal }) => {
      const f = toValue(filters)
      return listPucDeadlines(
        { ...(f.state && f.state.length > 0 ? { state: f.state } : {}), ...(f.kind ? { kind: f.kind } : {}), ...(f.dueBy ? { dueBy: f.dueBy } : {}), limit: DEADLINE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      )
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: PucDeadlinePage) => last.nextCursor,
    enabled: () => toValue(enabled),
  })
  const deadlines = computed<PucInsuranceDeadline[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, deadlines }
}

export function useRecordPucCommunication() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ body, idempotencyKey }: { body: PucInsuranceCommunicationCreate; idempotencyKey: string }) => recordPucCommunication(body, idempotencyKey),
    onSettled: () => cache.invalidateQueries({ key: pucKeys.deadlines }),
  })
}

export function useUpdatePucCommunication() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ communicationId, patch, version }: { communicationId: string; patch: PucInsuranceCommunicationPatch; version: number }) => updatePucCommunication(communicationId, patch, version),
    onSettled: () => cache.invalidateQueries({ key: pucKeys.deadlines }),
  })
}
