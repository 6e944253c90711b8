/**
 * The kanban of a vacancy: one column per open stage, then the hires and those out of the running
 * (rejected or withdrawn together). Which moves need more than a click: leaving the pipeline asks
 * why, a hire the job placement's details, a trial the optional internship.
 */
import { OPEN_MATCH_STATUSES, type Match, type MatchStatus } from '@ponte/shared'

export const PIPELINE_COLUMNS = [...OPEN_MATCH_STATUSES, 'hired', 'out'] as const
export type PipelineColumn = (typeof PIPELINE_COLUMNS)[number]

export const columnOf = (status: MatchStatus): PipelineColumn => (status === 'rejected' || status === 'withdrawn' ? 'out' : status)

/** The matches of each column, in the order the API gave them (oldest proposal first). */
export function groupByColumn(matches: readonly Match[]): Record<PipelineColumn, Match[]> {
  const groups = Object.fromEntries(PIPELINE_COLUMNS.map((c) => [c, [] as Match[]])) as Record<PipelineColumn, Match[]>
  for (const match of matches) groups[columnOf(match.status)].push(match)
  return groups
}

/** Moves made with one click; the others open a short form first. */
export const needsForm = (to: MatchStatus) => to === 'trial' || to === 'hired' || to === 'rejected' || to === 'withdrawn'

export const personName = (match: Pick<Match, 'person'>) => `${match.person.givenName} ${match.person.familyName}`

/** The page of a measure a trial or a hire created (the measures area's route `/measures/:measureId`). */
export const measurePath = (measureId: string) => `/measures/${measureId}`
