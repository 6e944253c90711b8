/**
 * The join of mediation and work measures: the internship a match's `trial` creates and the job
 * placement its hire creates, prefilled from the company and the vacancy, inside the match's
 * transaction. (Stub until the measures service lands: creates nothing.)
 */
import type { MatchInternshipInput, MatchPlacementInput } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import type { CompanyRow, VacancyRow } from '../../db/schema/index.js'
import type { VisibleCase } from '../cases/cases.policy.js'
import type { Caller } from '../../lib/caller.js'

export interface MatchMeasureContext<I> {
  company: CompanyRow
  vacancy: VacancyRow
  input: I
}

export async function createInternshipForMatch(_tx: Db, _caller: Caller, _scope: VisibleCase, _context: MatchMeasureContext<MatchInternshipInput>): Promise<string | null> {
  return null
}

export async function createPlacementForMatch(_tx: Db, _caller: Caller, _scope: VisibleCase, _context: MatchMeasureContext<MatchPlacementInput | null>): Promise<string | null> {
  return null
}
