/**
 * The join of mediation and work measures: the internship a match's `trial` creates and the job
 * placement its hire creates, prefilled from the company, its site and the vacancy, through the
 * measures service (its rules, its seat locks, its audit and events) inside the match's
 * transaction: a violation answers 422 and, the transaction rolling back, leaves neither the move
 * nor the measure. The measure's promoter is the organisation that proposed the person (so the
 * cooperative that found the job keeps seeing the measure) while its referral is accepted, else the
 * municipality; the field pointers of a refusal name the match request's fields.
 */
import type { MatchInternshipInput, MatchPlacementInput, MeasureCreate, ProblemFieldError } from '@ponte/shared'
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { referrals, type CompanyRow, type MatchRow, type VacancyRow } from '../../db/schema/index.js'
import { todayInItaly } from '../../lib/dates.js'
import { AppError, fieldUnprocessable } from '../../lib/errors.js'
import type { VisibleCase } from '../cases/cases.policy.js'
import type { Caller } from '../../lib/caller.js'
import * as companies from '../companies/companies.repository.js'
import { referredPartnerOrganisations } from '../measures/measures.policy.js'
import { createMeasureInTransaction } from '../measures/measures.service.js'

export interface MatchMeasureContext<I> {
  match: MatchRow
  company: CompanyRow
  vacancy: VacancyRow
  input: I
}

/** The organisation that proposed the person runs the measure while the case is referred to it (accepted); otherwise the caller's default. */
async function promoterFor(tx: Db, caller: Caller, scope: VisibleCase, match: MatchRow): Promise<string | undefined> {
  if (scope.access === 'partner') return (await referredPartnerOrganisations(tx, caller.principal, scope.row.id)).includes(match.proposedByOrganisationId) ? match.proposedByOrganisationId : undefined
  if (match.proposedByOrganisationId === scope.row.municipalityId) return undefined
  const [accepted] = await tx
    .select({ id: referrals.id })
    .from(referrals)
    .where(and(eq(referrals.caseId, scope.row.id), eq(referrals.partnerOrganisationId, match.proposedByOrganisationId), eq(referrals.status, 'accepted')))
  return accepted ? match.proposedByOrganisationId : undefined
}

/** A measure refusal's field pointers, renamed to the fields of the match transition that carried the input. */
function renamePointers(error: unknown, rename: (pointer: string) => string): unknown {
  if (!(error instanceof AppError) || !error.init.errors) return error
  const errors: ProblemFieldError[] = error.init.errors.map((e) => ({ ...e, pointer: rename(e.pointer) }))
  return new AppError(error.status, error.code, error.title, { ...error.init, errors })
}

/** The host site: the one asked, else the vacancy's, else the company's headquarters (or its only active site). */
async function hostSiteOf(tx: Db, company: CompanyRow, vacancy: VacancyRow, asked: string | undefined): Promise<string> {
  if (asked) return asked
  if (vacancy.siteId) return vacancy.siteId
  const active = (await companies.listSites(tx, company.id)).filter((s) => s.isActive)
  const site = active.find((s) => s.isHeadquarters) ?? (active.length === 1 ? active[0] : undefined)
  if (!site) throw fieldUnprocessable([{ pointer: '/internship/hostSiteId', code: 'required', detail: 'L\'opportunità non indica la sede e l\'azienda non ha una sede legale attiva: indica la sede del tirocinio.' }])
  return site.id
}

export async function createInternshipForMatch(tx: Db, caller: Caller, scope: VisibleCase, context: MatchMeasureContext<MatchInternshipInput>): Promise<string> {
  const { company, vacancy, input, match } = context
  const hostSiteId = await hostSiteOf(tx, company, vacancy, input.hostSiteId)
  const promoterOrganisationId = await promoterFor(tx, caller, scope, match)
  const body = {
    kind: input.kind ?? 'internship_orientation',
    ...(promoterOrganisationId ? { promoterOrganisationId } : {}),
    planId: input.planId ?? null,
    startDate: input.startDate,
    plannedEndDate: input.plannedEndDate,
    internship: {
      hostCompanyId: company.id,
      hostSiteId,
      hostTutorId: input.hostTutorId ?? null,
      ...(input.promoterTutorId ? { promoterTutorId: input.promoterTutorId } : {}),
      atecoCode: company.atecoCode,
      profileCode: vacancy.profileCode,
      profileTitle: vacancy.title,
      eqfLevel: input.eqfLevel,
      dailyHours: input.dailyHours,
      weeklyHours: input.weeklyHours,
      monthlyAllowanceCents: input.monthlyAllowanceCents,
      mealVouchers: input.mealVouchers ?? false,
      targetGroup: input.targetGroup,
    },
    ...(input.ruleOverride ? { ruleOverride: input.ruleOverride } : {}),
  } as MeasureCreate
  try {
    return (await createMeasureInTransaction(tx, caller, scope, body)).id
  } catch (error) {
    // The measure's own fields are the transition's `internship` fields.
    throw renamePointers(error, (p) => (p.startsWith('/internship/') ? p : `/internship${p}`))
  }
}

export async function createPlacementForMatch(tx: Db, caller: Caller, scope: VisibleCase, context: MatchMeasureContext<MatchPlacementInput | null>): Promise<string> {
  const { company, vacancy, match } = context
  const input = context.input ?? {}
  const contractType = input.contractType ?? vacancy.contractType
  const promoterOrganisationId = await promoterFor(tx, caller, scope, match)
  const body: MeasureCreate = {
    kind: 'job_placement',
    ...(promoterOrganisationId ? { promoterOrganisationId } : {}),
    startDate: input.startDate ?? todayInItaly(),
    jobPlacement: {
      employerId: company.id,
      employerSiteId: vacancy.siteId,
      jobTitle: vacancy.title,
      profileCode: vacancy.profileCode,
      contractType,
      fixedTermMonths: contractType === 'fixed_term' ? (input.fixedTermMonths ?? vacancy.contractMonths) : null,
      partTimeWeeklyHours: input.weeklyHours ?? vacancy.weeklyHours ?? null,
      l68Quota: input.l68Quota ?? false,
    },
  }
  try {
    return (await createMeasureInTransaction(tx, caller, scope, body)).id
  } catch (error) {
    throw renamePointers(error, (p) => p.replace(/^\/jobPlacement\//, '/placement/'))
  }
}
