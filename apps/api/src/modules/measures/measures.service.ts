/**
 * Work-measure rules (DOMAIN.md §3): measures of a case created by whoever works it (the
 * municipality's staff, the partner it is referred to), internships checked against the regional
 * rule set of the host site's region — every violation listed in one 422, the seats of a host and
 * of a host tutor counted under their advisory locks, a coordinator's justified override recorded
 * and audited — the status diagram with the outcome at the end and the follow-ups it schedules,
 * extensions, and the sub-resources (attendance, tutoring sessions, payments, follow-ups).
 * Every read of a measure is audited (it names a person); every write is audited and announced.
 */
import {
  FOLLOW_UP_MONTHS,
  addMonths,
  cumulativeAttendance,
  internshipRuleSetFor,
  internshipViolations,
  INTERNSHIP_RULE_SETS,
  isInternshipKind,
  isMeasureEnded,
  isMeasureTransitionAllowed,
  LOMBARDY_RULE_SET,
  minutesOf,
  monthAllowance,
  type FollowUpDuePage,
  type FollowUpDueQuery,
  type FollowUpRecord,
  type InternshipDetails,
  type InternshipInput,
  type InternshipRuleSet,
  type Measure,
  type MeasureAttendance,
  type MeasureAttendanceMonth,
  type MeasureAttendanceMonthResult,
  type MeasureAttendanceUpdate,
  type MeasureCreate,
  type MeasureExtensionRequest,
  type MeasureFollowUp,
  type MeasureKind,
  type MeasureList,
  type MeasureListQuery,
  type MeasurePatch,
  type MeasureStatus,
  type MeasureSummaryPage,
  type MeasureTransitionRequest,
  type ProblemFieldError,
  type ProblemViolation,
  type TutoringSession,
  type TutoringSessionCreate,
  type WorkGrantPayment,
  type WorkGrantPaymentCreate,
} from '@ponte/shared'
import { and, eq, sql } from 'drizzle-orm'
import type { Database, Db } from '../../db/client.js'
import { companyContacts, companySites, measures as measuresTable, planCommitments, plans, referrals, type MeasureFollowUpRow, type MeasureRow, type RuleOverrideValue } from '../../db/schema/index.js'
import { recordAudit } from '../../lib/audit.js'
import { todayInItaly } from '../../lib/dates.js'
import { AppError, conflict, fieldUnprocessable, notFound, preconditionRequired, transitionNotAllowed, unprocessable } from '../../lib/errors.js'
import { recordDomainEvent } from '../../lib/events.js'
import { assertVersion, decodeCursor, encodeCursor } from '../../lib/http.js'
import { isUniqueViolation } from '../../lib/pg-errors.js'
import { assertCaseOpen, lockCaseScope, type CaseScope, type VisibleCase } from '../cases/cases.policy.js'
import type { Caller } from '../../lib/caller.js'
import { canReadCompany, loadCompanyCircle } from '../companies/companies.policy.js'
import * as companies from '../companies/companies.repository.js'
import {
  allowedMeasureTransitions,
  assertCanOverrideRules,
  loadMeasureAccess,
  measurePermissions,
  referredPartnerOrganisations,
  visibleMeasuresCondition,
  type MeasureScope,
} from './measures.policy.js'
import * as repo from './measures.repository.js'

const hoursOf = (minutes: number | null) => (minutes === null ? 0 : minutes / 60)
const nameOf = (given: string | null, family: string | null) => `${given ?? ''} ${family ?? ''}`.trim()
const FOLLOW_UP_HORIZON_DAYS = 14

/** The rule set a measure was checked against; Lombardy's thresholds when none (a measure saved by override in a region without one). */
export const ruleSetOf = (row: Pick<MeasureRow, 'ruleSetCode'>): InternshipRuleSet => INTERNSHIP_RULE_SETS.find((s) => s.code === row.ruleSetCode) ?? LOMBARDY_RULE_SET

// ---------------------------------------------------------------------------------------------
// Responses

interface MeasureExtras {
  statusChanges: Awaited<ReturnType<typeof repo.listStatusChanges>>
  extensions: Awaited<ReturnType<typeof repo.listExtensions>>
  followUps: repo.FollowUpView[]
  sessions: Map<string, { count: number; minutes: number }>
  paid: Map<string, number>
}

async function loadExtras(db: Db, ids: string[]): Promise<MeasureExtras> {
  return {
    statusChanges: await repo.listStatusChanges(db, ids),
    extensions: await repo.listExtensions(db, ids),
    followUps: await repo.listFollowUps(db, ids),
    sessions: await repo.sessionTotals(db, ids),
    paid: await repo.paidTotals(db, ids),
  }
}

export const toFollowUp = (f: repo.FollowUpView): MeasureFollowUp => ({
  id: f.row.id,
  measureId: f.row.measureId,
  monthsAfter: f.row.monthsAfter as MeasureFollowUp['monthsAfter'],
  dueOn: f.row.dueOn,
  employmentStatus: f.row.employmentStatus,
  contractType: f.row.contractType,
  note: f.row.note,
  recordedAt: f.row.recordedAt?.toISOString() ?? null,
  recordedBy: f.row.recordedBy && f.byName ? { id: f.row.recordedBy, name: f.byName } : null,
  version: f.row.version,
})

function toMeasure(view: repo.MeasureView, extras: MeasureExtras, scope: Pick<MeasureScope, 'access' | 'asMunicipalStaff'>, overrideByName: string | null): Measure {
  const row = view.row
  const site = row.hostSiteId && view.siteName ? { id: row.hostSiteId, name: view.siteName, municipality: view.siteMunicipality ?? '', region: view.siteRegion ?? '' } : null
  const host = row.hostCompanyId && view.hostName ? { id: row.hostCompanyId, name: view.hostName } : null
  const common = {
    id: row.id,
    caseId: row.caseId,
    person: { id: row.personId, givenName: view.personGivenName, familyName: view.personFamilyName },
    municipality: { id: row.municipalityId, name: view.municipalityName },
    promoterOrganisation: { id: row.promoterOrganisationId, name: view.promoterName },
    status: row.status,
    statusReason: row.statusReason,
    planId: row.planId,
    planCommitmentId: row.planCommitmentId,
    startDate: row.startDate,
    plannedEndDate: row.plannedEndDate,
    endDate: row.endDate,
    statusChanges: extras.statusChanges
      .filter((c) => c.row.measureId === row.id)
      .map((c) => ({ from: c.row.fromStatus, to: c.row.toStatus, reason: c.row.reason, by: c.row.byUserId && c.byName ? { id: c.row.byUserId, name: c.byName } : null, at: c.row.at.toISOString() })),
    ruleOverride: row.ruleOverride
      ? { justification: row.ruleOverride.justification, by: overrideByName ? { id: row.ruleOverride.byUserId, name: overrideByName } : null, at: row.ruleOverride.at, violations: row.ruleOverride.violations }
      : null,
    followUps: extras.followUps.filter((f) => f.row.measureId === row.id).map(toFollowUp),
    allowedTransitions: allowedMeasureTransitions(row),
    // The scope may carry the row as it was read before a change: the permissions follow the row answered.
    permissions: measurePermissions({ ...scope, row }),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
  if (isInternshipKind(row.kind)) {
    const ruleSet = INTERNSHIP_RULE_SETS.find((s) => s.code === row.ruleSetCode)
    const internship: InternshipDetails = {
      hostCompany: host!,
      hostSite: site!,
      hostTutor: row.hostTutorId ? { id: row.hostTutorId, name: nameOf(view.tutorGivenName, view.tutorFamilyName), role: view.tutorRole } : null,
      promoterTutor: row.promoterTutorId && view.promoterTutorName ? { id: row.promoterTutorId, name: view.promoterTutorName } : null,
      atecoCode: row.atecoCode,
      profileCode: row.profileCode,
      profileTitle: row.profileTitle,
      eqfLevel: row.eqfLevel ?? 1,
      dailyHours: hoursOf(row.dailyMinutes),
      weeklyHours: hoursOf(row.weeklyMinutes),
      monthlyAllowanceCents: row.monthlyAmountCents ?? 0,
      mealVouchers: row.mealVouchers ?? false,
      targetGroup: row.targetGroup ?? 'unemployed',
      trainingObjectives: row.trainingObjectives,
      inailPolicy: row.inailPolicy,
      liabilityPolicy: row.liabilityPolicy,
      mandatoryCommunicationRef: row.mandatoryCommunicationRef,
      ruleSet: ruleSet ? { code: ruleSet.code, name: ruleSet.name } : null,
      extensions: extras.extensions
        .filter((e) => e.row.measureId === row.id)
        .map((e) => ({ previousEndDate: e.row.previousEndDate, newEndDate: e.row.newEndDate, reason: e.row.reason, by: e.row.byUserId && e.byName ? { id: e.row.byUserId, name: e.byName } : null, at: e.row.at.toISOString() })),
      outcome: row.outcome,
      outcomeContractType: row.outcomeContractType,
      outcomeNote: row.outcomeNote,
    }
    return { kind: row.kind, ...common, internship } as Measure
  }
  if (row.kind === 'job_placement') {
    return {
      kind: 'job_placement',
      ...common,
      jobPlacement: {
        employer: host!,
        employerSite: site,
        jobTitle: row.jobTitle,
        profileCode: row.profileCode,
        contractType: row.contractType ?? 'other',
        fixedTermMonths: row.fixedTermMonths,
        partTimeWeeklyHours: row.partTimeWeeklyMinutes === null ? null : hoursOf(row.partTimeWeeklyMinutes),
        l68Quota: row.l68Quota ?? false,
        article14Convention: row.article14Convention ?? false,
        employerIsTypeBCooperative: row.employerIsTypeBCooperative ?? false,
      },
    }
  }
  if (row.kind === 'work_grant') {
    return {
      kind: 'work_grant',
      ...common,
      workGrant: { hostCompany: host!, hostSite: site, funder: row.funder ?? '', monthlyAmountCents: row.monthlyAmountCents ?? 0, weeklyHours: hoursOf(row.weeklyMinutes), paidTotalCents: extras.paid.get(row.id) ?? 0 },
    }
  }
  const totals = extras.sessions.get(row.id) ?? { count: 0, minutes: 0 }
  return {
    kind: 'tutoring',
    ...common,
    tutoring: { tutor: row.promoterTutorId && view.promoterTutorName ? { id: row.promoterTutorId, name: view.promoterTutorName } : null, goals: row.goals, sessionsCount: totals.count, sessionsMinutes: totals.minutes },
  }
}

async function overrideAuthorName(db: Db, row: MeasureRow): Promise<string | null> {
  if (!row.ruleOverride) return null
  const rows = await db.execute<{ name: string }>(sql`select given_name || ' ' || family_name as name from users where id = ${row.ruleOverride.byUserId}::uuid`)
  return rows.rows[0]?.name ?? null
}

/** The measure as the caller sees it; the read is audited. */
async function measureResponse(db: Db, caller: Caller, scope: Pick<MeasureScope, 'access' | 'asMunicipalStaff'>, id: string, auditAction?: string): Promise<Measure> {
  const view = await repo.findMeasureView(db, id)
  if (!view) throw notFound('La misura')
  const extras = await loadExtras(db, [id])
  caller.auditRead('measure', id, view.row.municipalityId, auditAction)
  return toMeasure(view, extras, scope, await overrideAuthorName(db, view.row))
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function readMeasure(db: Database, caller: Caller, id: string): Promise<Measure> {
  const scope = await loadMeasureAccess(db, caller.principal, id)
  return measureResponse(db, caller, scope, id)
}

export async function listCaseMeasures(db: Database, caller: Caller, caseScope: CaseScope): Promise<MeasureList> {
  const { caseId } = caseScope
  const views = await repo.findMeasureViews(db, and(eq(measuresTable.caseId, caseId), visibleMeasuresCondition(caller.principal))!)
  const extras = await loadExtras(db, views.map((v) => v.row.id))
  const items: Measure[] = []
  for (const view of views) {
    caller.auditRead('measure', view.row.id, view.row.municipalityId, 'list')
    items.push(toMeasure(view, extras, { access: caseScope.access, asMunicipalStaff: caseScope.access !== 'partner' }, await overrideAuthorName(db, view.row)))
  }
  return { items, nextCursor: null }
}

const currentMonth = () => todayInItaly().slice(0, 7)
const daysFromToday = (days: number) => {
  const ms = Date.parse(`${todayInItaly()}T00:00:00Z`) + days * 86_400_000
  return new Date(ms).toISOString().slice(0, 10)
}

export async function listMeasures(db: Database, caller: Caller, query: MeasureListQuery): Promise<MeasureSummaryPage> {
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, ['uuid'])
  const month = currentMonth()
  const rows = await repo.listMeasures(db, {
    visible: visibleMeasuresCondition(caller.principal),
    ...(query.kind ? { kinds: query.kind } : {}),
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.hostCompanyId ? { hostCompanyId: query.hostCompanyId } : {}),
    ...(query.promoterTutorId ? { promoterTutorId: query.promoterTutorId } : {}),
    ...(query.endingBefore ? { endingBefore: query.endingBefore } : {}),
    ...(query.attendanceMissing ? { attendanceMissingMonth: month } : {}),
    after: cursor ? String(cursor[0]) : null,
    limit,
    currentMonth: month,
    followUpHorizon: daysFromToday(FOLLOW_UP_HORIZON_DAYS),
  })
  const page = rows.slice(0, limit)
  for (const r of page) caller.auditRead('measure', r.row.id, r.row.municipalityId, 'list')
  return {
    items: page.map((r) => ({
      id: r.row.id,
      kind: r.row.kind,
      caseId: r.row.caseId,
      person: { id: r.row.personId, givenName: r.personGivenName, familyName: r.personFamilyName },
      municipality: { id: r.row.municipalityId, name: r.municipalityName },
      promoterOrganisation: { id: r.row.promoterOrganisationId, name: r.promoterName },
      status: r.row.status,
      host: r.row.hostCompanyId && r.hostName ? { id: r.row.hostCompanyId, name: r.hostName } : null,
      promoterTutor: r.row.promoterTutorId && r.promoterTutorName ? { id: r.row.promoterTutorId, name: r.promoterTutorName } : null,
      startDate: r.row.startDate,
      plannedEndDate: r.row.plannedEndDate,
      endDate: r.row.endDate,
      attendanceThisMonth:
        isInternshipKind(r.row.kind) && (r.row.status === 'active' || r.row.status === 'suspended') && r.row.startDate.slice(0, 7) <= month ? (r.attendanceRecorded ? 'recorded' : 'missing') : null,
      followUpsDue: r.followUpsDue,
      version: r.row.version,
    })),
    nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.row.id]) : null,
  }
}

// ---------------------------------------------------------------------------------------------
// The regional rules of an internship

interface InternshipValues {
  startDate: string
  plannedEndDate: string
  hostCompanyId: string
  hostSiteId: string
  hostTutorId: string | null
  eqfLevel: number
  targetGroup: NonNullable<MeasureRow['targetGroup']>
  dailyMinutes: number
  monthlyAllowanceCents: number
  mealVouchers: boolean
}

/**
 * Every rule the internship breaks at this moment, under the seats' advisory locks (taken here and
 * held until the transaction ends), and the rule set of the host site's region.
 */
async function checkInternship(tx: Db, values: InternshipValues, excludeId: string | null): Promise<{ violations: ProblemViolation[]; ruleSet: InternshipRuleSet | null }> {
  const company = (await companies.findCompany(tx, values.hostCompanyId))!
  const site = (await companies.findSite(tx, values.hostSiteId))!
  const ruleSet = internshipRuleSetFor(site.region)
  if (!ruleSet) {
    return {
      ruleSet: null,
      violations: [{ rule: 'internship_rule_set_missing', value: site.region, limit: INTERNSHIP_RULE_SETS.flatMap((s) => s.regions), detail: 'Per la regione della sede ospitante non ci sono ancora regole dei tirocini configurate.' }],
    }
  }
  await repo.lockSeats(tx, values.hostCompanyId, values.hostTutorId)
  const period = { start: values.startDate, end: values.plannedEndDate, excludeId }
  const otherInternsAtHost = await repo.countOverlappingInternships(tx, { hostCompanyId: values.hostCompanyId, ...period })
  const otherInternsOfTutor = values.hostTutorId ? await repo.countOverlappingInternships(tx, { hostTutorId: values.hostTutorId, ...period }) : null
  const violations = internshipViolations(ruleSet, {
    startDate: values.startDate,
    plannedEndDate: values.plannedEndDate,
    eqfLevel: values.eqfLevel,
    targetGroup: values.targetGroup,
    dailyHours: values.dailyMinutes / 60,
    monthlyAllowanceCents: values.monthlyAllowanceCents,
    mealVouchers: values.mealVouchers,
    host: { isPublicAdministration: company.isPublicAdministration, employees: company.employees },
    otherInternsAtHost,
    otherInternsOfTutor,
  })
  return { violations, ruleSet }
}

/**
 * Applies the outcome of the check: no violation passes; violations with a coordinator's
 * justification are recorded as the override; violations already overridden (the same rules) pass
 * an update that does not touch them; anything else is a 422 listing every violation.
 */
function resolveViolations(caller: Caller, access: VisibleCase['access'], violations: ProblemViolation[], override: { justification: string } | undefined, existing: RuleOverrideValue | null): RuleOverrideValue | null | 'keep' {
  if (violations.length === 0) return null
  if (override) {
    assertCanOverrideRules(access)
    return { justification: override.justification.trim(), byUserId: caller.principal.userId, at: new Date().toISOString(), violations }
  }
  if (existing) {
    const overridden = new Set(existing.violations.map((v) => v.rule))
    if (violations.every((v) => overridden.has(v.rule))) return 'keep'
  }
  throw unprocessable(violations, 'Il tirocinio non rispetta le regole regionali: correggi i valori indicati (o un coordinatore registri una deroga motivata).')
}

// ---------------------------------------------------------------------------------------------
// Creating

const field = (pointer: string, code: string, detail: string): ProblemFieldError => ({ pointer, code, detail })

/** The promoter organisation of a new measure: the caller's partner organisation with an accepted referral, or the municipality (or a partner it referred the case to). */
async function promoterOf(tx: Db, caller: Caller, scope: VisibleCase, asked: string | undefined): Promise<string> {
  if (scope.access === 'partner') {
    const mine = await referredPartnerOrganisations(tx, caller.principal, scope.row.id)
    if (asked && !mine.includes(asked)) throw fieldUnprocessable([field('/promoterOrganisationId', 'promoter_not_allowed', 'Puoi promuovere misure solo per il tuo ente, a cui il caso è inviato.')])
    return asked ?? mine[0]!
  }
  if (!asked || asked === scope.row.municipalityId) return scope.row.municipalityId
  const [referral] = await tx
    .select({ id: referrals.id })
    .from(referrals)
    .where(and(eq(referrals.caseId, scope.row.id), eq(referrals.partnerOrganisationId, asked), eq(referrals.status, 'accepted')))
  if (!referral) throw fieldUnprocessable([field('/promoterOrganisationId', 'promoter_not_allowed', 'Il soggetto promotore è il comune o un ente a cui il caso è inviato (invio accettato).')])
  return asked
}

async function checkPlan(tx: Db, caseId: string, kind: MeasureKind, planId: string | null | undefined, commitmentId: string | null | undefined): Promise<void> {
  const errors: ProblemFieldError[] = []
  let plan = null
  if (planId) {
    ;[plan] = await tx.select().from(plans).where(and(eq(plans.id, planId), eq(plans.caseId, caseId)))
    if (!plan) errors.push(field('/planId', 'plan_not_of_case', 'Il progetto indicato non è di questo caso.'))
  }
  if (kind === 'internship_inclusion' && (!plan || plan.status !== 'signed')) {
    if (errors.length === 0) errors.push(field('/planId', 'signed_plan_required', 'Un tirocinio di inclusione sociale va collegato al progetto personalizzato firmato.'))
  }
  if (commitmentId) {
    const [commitment] = await tx.select().from(planCommitments).where(eq(planCommitments.id, commitmentId))
    if (!commitment || commitment.caseId !== caseId || (planId && commitment.planId !== planId)) errors.push(field('/planCommitmentId', 'commitment_not_of_plan', 'L\'impegno indicato non è del progetto di questo caso.'))
  }
  if (errors.length > 0) throw fieldUnprocessable(errors)
}

/** Host company (in the caller's book), its site and tutor: 422 naming the field otherwise. */
async function checkHost(tx: Db, caller: Caller, prefix: string, companyField: string, companyId: string, siteField: string, siteId: string | null | undefined, tutorField: string | null, tutorId: string | null | undefined) {
  const circle = await loadCompanyCircle(tx, caller.principal)
  const company = await companies.findCompany(tx, companyId)
  if (!company || !canReadCompany(circle, company.ownerOrganisationId)) throw fieldUnprocessable([field(`${prefix}/${companyField}`, 'company_not_found', 'L\'azienda non esiste o non è nel tuo elenco.')])
  const errors: ProblemFieldError[] = []
  if (siteId) {
    const [site] = await tx.select().from(companySites).where(and(eq(companySites.id, siteId), eq(companySites.companyId, companyId)))
    if (!site || !site.isActive) errors.push(field(`${prefix}/${siteField}`, 'site_not_of_company', 'La sede non è una sede attiva dell\'azienda.'))
  }
  if (tutorField && tutorId) {
    const [contact] = await tx.select().from(companyContacts).where(and(eq(companyContacts.id, tutorId), eq(companyContacts.companyId, companyId)))
    if (!contact || !contact.isActive) errors.push(field(`${prefix}/${tutorField}`, 'tutor_not_of_company', 'Il tutor aziendale è un referente attivo dell\'azienda.'))
  }
  if (errors.length > 0) throw fieldUnprocessable(errors)
  return company
}

/** A tutor or operator of the promoter organisation (or the municipality): the caller by default when they belong to it. */
async function tutorOf(tx: Db, caller: Caller, pointer: string, asked: string | null | undefined, organisations: string[]): Promise<string | null> {
  if (asked === null) return null
  if (asked) {
    if (!(await companies.findMemberName(tx, asked, organisations))) throw fieldUnprocessable([field(pointer, 'tutor_not_of_promoter', 'Il tutor è un operatore del soggetto promotore.')])
    return asked
  }
  return (await companies.findMemberName(tx, caller.principal.userId, organisations)) ? caller.principal.userId : null
}

const text = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : value.trim() || null)

function internshipColumns(input: Partial<InternshipInput>): repo.MeasureChanges {
  const values: repo.MeasureChanges = {}
  if (input.hostCompanyId !== undefined) values.hostCompanyId = input.hostCompanyId
  if (input.hostSiteId !== undefined) values.hostSiteId = input.hostSiteId
  if (input.hostTutorId !== undefined) values.hostTutorId = input.hostTutorId
  if (input.atecoCode !== undefined) values.atecoCode = text(input.atecoCode)
  if (input.profileCode !== undefined) values.profileCode = text(input.profileCode)
  if (input.profileTitle !== undefined) values.profileTitle = text(input.profileTitle)
  if (input.eqfLevel !== undefined) values.eqfLevel = input.eqfLevel
  if (input.dailyHours !== undefined) values.dailyMinutes = minutesOf(input.dailyHours)
  if (input.weeklyHours !== undefined) values.weeklyMinutes = minutesOf(input.weeklyHours)
  if (input.monthlyAllowanceCents !== undefined) values.monthlyAmountCents = input.monthlyAllowanceCents
  if (input.mealVouchers !== undefined) values.mealVouchers = input.mealVouchers
  if (input.targetGroup !== undefined) values.targetGroup = input.targetGroup
  if (input.trainingObjectives !== undefined) values.trainingObjectives = text(input.trainingObjectives)
  if (input.inailPolicy !== undefined) values.inailPolicy = text(input.inailPolicy)
  if (input.liabilityPolicy !== undefined) values.liabilityPolicy = text(input.liabilityPolicy)
  if (input.mandatoryCommunicationRef !== undefined) values.mandatoryCommunicationRef = text(input.mandatoryCommunicationRef)
  return values
}

const internshipValuesOf = (row: repo.MeasureChanges & Pick<MeasureRow, 'startDate'>): InternshipValues => ({
  startDate: row.startDate,
  plannedEndDate: row.plannedEndDate!,
  hostCompanyId: row.hostCompanyId!,
  hostSiteId: row.hostSiteId!,
  hostTutorId: row.hostTutorId ?? null,
  eqfLevel: row.eqfLevel!,
  targetGroup: row.targetGroup!,
  dailyMinutes: row.dailyMinutes!,
  monthlyAllowanceCents: row.monthlyAmountCents!,
  mealVouchers: row.mealVouchers ?? false,
})

/** Follow-ups at 1, 3, 6 and 12 months after `from`. */
function followUpsFrom(measureId: string, from: string) {
  return FOLLOW_UP_MONTHS.map((months) => ({ measureId, monthsAfter: months, dueOn: addMonths(from, months) }))
}

const partnerOf = (row: Pick<MeasureRow, 'promoterOrganisationId' | 'municipalityId'>) => (row.promoterOrganisationId === row.municipalityId ? null : row.promoterOrganisationId)

/**
 * Creates a measure of a case the caller works, inside the caller's transaction (the case locked by
 * `lockCaseScope` or `loadCaseAccess(…, { forUpdate: true })`): used by the API and by the match moves of mediation.
 */
export async function createMeasureInTransaction(tx: Db, caller: Caller, scope: VisibleCase, input: MeasureCreate): Promise<MeasureRow> {
  assertCaseOpen(scope.row, 'Il caso è chiuso: riaprilo come nuovo episodio per avviare una misura.')
  const promoterOrganisationId = await promoterOf(tx, caller, scope, input.promoterOrganisationId)
  await checkPlan(tx, scope.row.id, input.kind, input.planId, input.planCommitmentId)
  const plannedEndDate = input.plannedEndDate ?? null
  if (plannedEndDate && plannedEndDate < input.startDate && !isInternshipKind(input.kind)) throw fieldUnprocessable([field('/plannedEndDate', 'end_before_start', 'La fine prevista è precedente all\'inizio.')])
  const tutorOrganisations = [...new Set([promoterOrganisationId, scope.row.municipalityId])]
  const base = {
    caseId: scope.row.id,
    personId: scope.row.personId,
    municipalityId: scope.row.municipalityId,
    promoterOrganisationId,
    kind: input.kind,
    planId: input.planId ?? null,
    planCommitmentId: input.planCommitmentId ?? null,
    startDate: input.startDate,
    plannedEndDate,
    createdBy: caller.principal.userId,
  }
  let values: repo.MeasureInsert
  let ruleOverride: RuleOverrideValue | null = null
  if (input.kind === 'internship_orientation' || input.kind === 'internship_reintegration' || input.kind === 'internship_inclusion') {
    const i = input.internship
    if (!plannedEndDate) throw fieldUnprocessable([field('/plannedEndDate', 'required', 'Indica la fine prevista del tirocinio.')])
    const company = await checkHost(tx, caller, '/internship', 'hostCompanyId', i.hostCompanyId, 'hostSiteId', i.hostSiteId, 'hostTutorId', i.hostTutorId)
    const promoterTutorId = await tutorOf(tx, caller, '/internship/promoterTutorId', i.promoterTutorId, tutorOrganisations)
    values = { ...base, status: 'draft', ...internshipColumns(i), promoterTutorId, atecoCode: text(i.atecoCode) ?? company.atecoCode, mealVouchers: i.mealVouchers ?? false }
    const { violations, ruleSet } = await checkInternship(tx, internshipValuesOf(values as repo.MeasureChanges & { startDate: string }), null)
    values.ruleSetCode = ruleSet?.code ?? null
    const resolved = resolveViolations(caller, scope.access, violations, input.ruleOverride, null)
    ruleOverride = resolved === 'keep' ? null : resolved
    values.ruleOverride = ruleOverride
  } else if (input.kind === 'job_placement') {
    const p = input.jobPlacement
    const company = await checkHost(tx, caller, '/jobPlacement', 'employerId', p.employerId, 'employerSiteId', p.employerSiteId, null, null)
    if (p.contractType === 'fixed_term' && !p.fixedTermMonths) throw fieldUnprocessable([field('/jobPlacement/fixedTermMonths', 'required', 'Indica i mesi del contratto a tempo determinato.')])
    values = {
      ...base,
      status: 'active',
      hostCompanyId: p.employerId,
      hostSiteId: p.employerSiteId ?? null,
      jobTitle: text(p.jobTitle) ?? null,
      profileCode: text(p.profileCode) ?? null,
      contractType: p.contractType,
      fixedTermMonths: p.contractType === 'fixed_term' ? (p.fixedTermMonths ?? null) : null,
      partTimeWeeklyMinutes: p.partTimeWeeklyHours == null ? null : minutesOf(p.partTimeWeeklyHours),
      l68Quota: p.l68Quota ?? false,
      article14Convention: p.article14Convention ?? false,
      employerIsTypeBCooperative: company.isTypeBCooperative,
      atecoCode: company.atecoCode,
    }
  } else if (input.kind === 'work_grant') {
    const g = input.workGrant
    if (!plannedEndDate) throw fieldUnprocessable([field('/plannedEndDate', 'required', 'Indica la fine prevista della borsa lavoro.')])
    await checkHost(tx, caller, '/workGrant', 'hostCompanyId', g.hostCompanyId, 'hostSiteId', g.hostSiteId, null, null)
    values = { ...base, status: 'active', hostCompanyId: g.hostCompanyId, hostSiteId: g.hostSiteId ?? null, funder: g.funder.trim(), monthlyAmountCents: g.monthlyAmountCents, weeklyMinutes: minutesOf(g.weeklyHours) }
  } else {
    const t = input.tutoring
    const tutorId = await tutorOf(tx, caller, '/tutoring/tutorId', t.tutorId, tutorOrganisations)
    values = { ...base, status: 'active', promoterTutorId: tutorId, goals: text(t.goals) ?? null }
  }
  const row = await repo.insertMeasure(tx, values)
  await repo.insertStatusChange(tx, { measureId: row.id, fromStatus: null, toStatus: row.status, byUserId: caller.principal.userId })
  if (row.kind === 'job_placement') await repo.insertFollowUps(tx, followUpsFrom(row.id, row.startDate))
  await recordAudit(tx, caller.actor, [
    { action: 'create', resourceType: 'measure', resourceId: row.id, organisationId: row.municipalityId, changedFields: Object.keys(values).filter((k) => (values as Record<string, unknown>)[k] !== null && (values as Record<string, unknown>)[k] !== undefined) },
    ...(ruleOverride ? [{ action: 'rule_override', resourceType: 'measure', resourceId: row.id, organisationId: row.municipalityId, changedFields: ruleOverride.violations.map((v) => v.rule) }] : []),
  ])
  await recordDomainEvent(tx, caller.actor, {
    type: 'measure.created',
    resourceType: 'measure',
    resourceId: row.id,
    caseId: row.caseId,
    ownerOrganisationId: row.municipalityId,
    partnerOrganisationId: partnerOf(row),
    data: { kind: row.kind, status: row.status, ...(ruleOverride ? { ruleOverride: ruleOverride.violations.map((v) => v.rule) } : {}) },
  })
  return row
}

export async function createMeasure(db: Database, caller: Caller, caseScope: CaseScope, input: MeasureCreate): Promise<Measure> {
  return db.transaction(async (tx) => {
    const scope = await lockCaseScope(tx, caseScope)
    const row = await createMeasureInTransaction(tx, caller, scope, input)
    return measureResponse(tx, caller, { access: scope.access, asMunicipalStaff: scope.access !== 'partner' }, row.id)
  })
}

// ---------------------------------------------------------------------------------------------
// Updating, extending, moving

const KIND_PARTS = { internship: 'internship', job_placement: 'jobPlacement', work_grant: 'workGrant', tutoring: 'tutoring' } as const
const partOf = (kind: MeasureKind) => (isInternshipKind(kind) ? KIND_PARTS.internship : KIND_PARTS[kind])
const NOT_STARTED: readonly MeasureStatus[] = ['draft', 'proposed', 'agreement_signed']

export async function updateMeasure(db: Database, caller: Caller, id: string, expectedVersion: number, patch: MeasurePatch): Promise<Measure> {
  return db.transaction(async (tx) => {
    const scope = await loadMeasureAccess(tx, caller.principal, id, { forUpdate: true })
    const row = scope.row
    assertVersion(row.version, expectedVersion)
    if (isMeasureEnded(row.status)) throw conflict('measure-ended', 'La misura è conclusa: non si modifica più.')
    const own = partOf(row.kind)
    const foreign = (['internship', 'jobPlacement', 'workGrant', 'tutoring'] as const).filter((p) => p !== own && patch[p] !== undefined)
    if (foreign.length > 0) throw fieldUnprocessable(foreign.map((p) => field(`/${p}`, 'not_of_kind', `Questa misura è di tipo ${row.kind}: "${p}" non si applica.`)))
    if (patch.ruleOverride && !isInternshipKind(row.kind)) throw fieldUnprocessable([field('/ruleOverride', 'not_of_kind', 'Le deroghe riguardano solo i tirocini.')])
    if (isInternshipKind(row.kind) && !NOT_STARTED.includes(row.status) && (patch.startDate !== undefined || patch.plannedEndDate !== undefined)) {
      throw fieldUnprocessable([field(patch.startDate !== undefined ? '/startDate' : '/plannedEndDate', 'use_extension', 'Il tirocinio è avviato: le date non si modificano più (per spostare la fine usa una proroga).')])
    }
    const changes: repo.MeasureChanges = {}
    if (patch.startDate !== undefined) changes.startDate = patch.startDate
    if (patch.plannedEndDate !== undefined) changes.plannedEndDate = patch.plannedEndDate
    if (patch.planId !== undefined) changes.planId = patch.planId
    if (patch.planCommitmentId !== undefined) changes.planCommitmentId = patch.planCommitmentId
    if (patch.planId !== undefined || patch.planCommitmentId !== undefined || row.kind === 'internship_inclusion') {
      await checkPlan(tx, row.caseId, row.kind, changes.planId !== undefined ? changes.planId : row.planId, changes.planCommitmentId !== undefined ? changes.planCommitmentId : row.planCommitmentId)
    }
    const tutorOrganisations = [...new Set([row.promoterOrganisationId, row.municipalityId])]
    const merged = { ...row, ...changes }
    if (isInternshipKind(row.kind)) {
      const i = patch.internship ?? {}
      Object.assign(changes, internshipColumns(i))
      if (i.promoterTutorId !== undefined) changes.promoterTutorId = await tutorOf(tx, caller, '/internship/promoterTutorId', i.promoterTutorId, tutorOrganisations)
      Object.assign(merged, changes)
      if (!merged.plannedEndDate) throw fieldUnprocessable([field('/plannedEndDate', 'required', 'Indica la fine prevista del tirocinio.')])
      if (i.hostCompanyId !== undefined || i.hostSiteId !== undefined || i.hostTutorId !== undefined) {
        await checkHost(tx, caller, '/internship', 'hostCompanyId', merged.hostCompanyId!, 'hostSiteId', merged.hostSiteId, 'hostTutorId', merged.hostTutorId)
      }
      const { violations, ruleSet } = await checkInternship(tx, internshipValuesOf(merged), row.id)
      changes.ruleSetCode = ruleSet?.code ?? null
      const resolved = resolveViolations(caller, scope.access, violations, patch.ruleOverride, row.ruleOverride)
      if (resolved !== 'keep') changes.ruleOverride = resolved
    } else if (row.kind === 'job_placement' && patch.jobPlacement) {
      const p = patch.jobPlacement
      if (p.employerId !== undefined || p.employerSiteId !== undefined) {
        const company = await checkHost(tx, caller, '/jobPlacement', 'employerId', p.employerId ?? row.hostCompanyId!, 'employerSiteId', p.employerSiteId !== undefined ? p.employerSiteId : row.hostSiteId, null, null)
        changes.hostCompanyId = company.id
        changes.employerIsTypeBCooperative = company.isTypeBCooperative
        if (p.employerSiteId !== undefined) changes.hostSiteId = p.employerSiteId
      }
      if (p.jobTitle !== undefined) changes.jobTitle = text(p.jobTitle)
      if (p.profileCode !== undefined) changes.profileCode = text(p.profileCode)
      if (p.contractType !== undefined) changes.contractType = p.contractType
      if (p.fixedTermMonths !== undefined) changes.fixedTermMonths = p.fixedTermMonths
      if (p.partTimeWeeklyHours !== undefined) changes.partTimeWeeklyMinutes = p.partTimeWeeklyHours === null ? null : minutesOf(p.partTimeWeeklyHours)
      if (p.l68Quota !== undefined) changes.l68Quota = p.l68Quota
      if (p.article14Convention !== undefined) changes.article14Convention = p.article14Convention
      const contract = changes.contractType ?? row.contractType
      if (contract === 'fixed_term' && !(changes.fixedTermMonths !== undefined ? changes.fixedTermMonths : row.fixedTermMonths)) throw fieldUnprocessable([field('/jobPlacement/fixedTermMonths', 'required', 'Indica i mesi del contratto a tempo determinato.')])
      if (contract !== 'fixed_term') changes.fixedTermMonths = null
    } else if (row.kind === 'work_grant' && patch.workGrant) {
      const g = patch.workGrant
      if (g.hostCompanyId !== undefined || g.hostSiteId !== undefined) {
        await checkHost(tx, caller, '/workGrant', 'hostCompanyId', g.hostCompanyId ?? row.hostCompanyId!, 'hostSiteId', g.hostSiteId !== undefined ? g.hostSiteId : row.hostSiteId, null, null)
        if (g.hostCompanyId !== undefined) changes.hostCompanyId = g.hostCompanyId
        if (g.hostSiteId !== undefined) changes.hostSiteId = g.hostSiteId
      }
      if (g.funder !== undefined) changes.funder = g.funder.trim()
      if (g.monthlyAmountCents !== undefined) changes.monthlyAmountCents = g.monthlyAmountCents
      if (g.weeklyHours !== undefined) changes.weeklyMinutes = minutesOf(g.weeklyHours)
    } else if (row.kind === 'tutoring' && patch.tutoring) {
      const t = patch.tutoring
      if (t.tutorId !== undefined) changes.promoterTutorId = await tutorOf(tx, caller, '/tutoring/tutorId', t.tutorId, tutorOrganisations)
      if (t.goals !== undefined) changes.goals = text(t.goals)
    }
    const end = changes.plannedEndDate !== undefined ? changes.plannedEndDate : row.plannedEndDate
    const start = changes.startDate ?? row.startDate
    if (end && end < start) throw fieldUnprocessable([field('/plannedEndDate', 'end_before_start', 'La fine prevista è precedente all\'inizio.')])
    if ((row.kind === 'work_grant') && !end) throw fieldUnprocessable([field('/plannedEndDate', 'required', 'Indica la fine prevista della borsa lavoro.')])
    const changed = Object.keys(changes).filter((k) => JSON.stringify((changes as Record<string, unknown>)[k]) !== JSON.stringify((row as Record<string, unknown>)[k]))
    await repo.updateMeasure(tx, id, changes)
    const overrode = changes.ruleOverride && changes.ruleOverride !== row.ruleOverride
    await recordAudit(tx, caller.actor, [
      { action: 'update', resourceType: 'measure', resourceId: id, organisationId: row.municipalityId, changedFields: changed },
      ...(overrode ? [{ action: 'rule_override', resourceType: 'measure', resourceId: id, organisationId: row.municipalityId, changedFields: changes.ruleOverride!.violations.map((v) => v.rule) }] : []),
    ])
    await recordDomainEvent(tx, caller.actor, { type: 'measure.updated', resourceType: 'measure', resourceId: id, caseId: row.caseId, ownerOrganisationId: row.municipalityId, partnerOrganisationId: partnerOf(row), data: { changedFields: changed } })
    return measureResponse(tx, caller, scope, id)
  })
}

export async function extendMeasure(db: Database, caller: Caller, id: string, expectedVersion: number, input: MeasureExtensionRequest): Promise<Measure> {
  return db.transaction(async (tx) => {
    const scope = await loadMeasureAccess(tx, caller.principal, id, { forUpdate: true })
    const row = scope.row
    assertVersion(row.version, expectedVersion)
    if (!isInternshipKind(row.kind)) throw fieldUnprocessable([field('/newEndDate', 'not_an_internship', 'Le proroghe riguardano i tirocini; per le altre misure modifica la fine prevista.')])
    if (isMeasureEnded(row.status)) throw conflict('measure-ended', 'Il tirocinio è concluso: non si proroga più.')
    if (!row.plannedEndDate || input.newEndDate <= row.plannedEndDate) throw fieldUnprocessable([field('/newEndDate', 'not_later', 'La proroga sposta la fine prevista in avanti.')])
    const merged = { ...row, plannedEndDate: input.newEndDate }
    const { violations } = await checkInternship(tx, internshipValuesOf(merged), row.id)
    const resolved = resolveViolations(caller, scope.access, violations, input.ruleOverride, row.ruleOverride)
    await repo.updateMeasure(tx, id, { plannedEndDate: input.newEndDate, ...(resolved !== 'keep' ? { ruleOverride: resolved } : {}) })
    await repo.insertExtension(tx, { measureId: id, previousEndDate: row.plannedEndDate, newEndDate: input.newEndDate, reason: input.reason.trim(), byUserId: caller.principal.userId })
    await recordAudit(tx, caller.actor, [
      { action: 'extend', resourceType: 'measure', resourceId: id, organisationId: row.municipalityId, changedFields: ['plannedEndDate'] },
      ...(resolved && resolved !== 'keep' ? [{ action: 'rule_override', resourceType: 'measure', resourceId: id, organisationId: row.municipalityId, changedFields: resolved.violations.map((v) => v.rule) }] : []),
    ])
    await recordDomainEvent(tx, caller.actor, { type: 'measure.extended', resourceType: 'measure', resourceId: id, caseId: row.caseId, ownerOrganisationId: row.municipalityId, partnerOrganisationId: partnerOf(row), data: { from: row.plannedEndDate, to: input.newEndDate } })
    return measureResponse(tx, caller, scope, id)
  })
}

const REASON_REQUIRED: readonly MeasureStatus[] = ['suspended', 'interrupted']

export async function transitionMeasure(db: Database, caller: Caller, id: string, expectedVersion: number, input: MeasureTransitionRequest): Promise<Measure> {
  return db.transaction(async (tx) => {
    const scope = await loadMeasureAccess(tx, caller.principal, id, { forUpdate: true })
    const row = scope.row
    assertVersion(row.version, expectedVersion)
    if (!isMeasureTransitionAllowed(row.kind, row.status, input.to)) throw transitionNotAllowed(row.status, input.to)
    const reason = input.reason?.trim() || null
    const errors: ProblemFieldError[] = []
    if (REASON_REQUIRED.includes(input.to) && !reason) errors.push(field('/reason', 'reason_required', 'Indica il motivo.'))
    const internship = isInternshipKind(row.kind)
    if ((input.outcome || input.outcomeContractType) && !(internship && input.to === 'completed')) errors.push(field('/outcome', 'only_when_completing', 'L\'esito si indica alla conclusione del tirocinio.'))
    if (internship && input.to === 'completed') {
      if (!input.outcome) errors.push(field('/outcome', 'outcome_required', 'Indica l\'esito del tirocinio.'))
      else if (input.outcome === 'interrupted') errors.push(field('/outcome', 'use_interrupted', 'Un tirocinio interrotto si chiude con il passaggio a "interrotto".'))
      else if (input.outcome === 'hired_by_host' && !input.outcomeContractType) errors.push(field('/outcomeContractType', 'contract_required', 'Indica il contratto con cui l\'azienda ospitante ha assunto.'))
    }
    if (input.to === 'active' && row.status === 'agreement_signed' && row.startDate > todayInItaly()) errors.push(field('/to', 'not_started_yet', `Il tirocinio inizia il ${row.startDate}: si avvia da quel giorno.`))
    const ending = input.to === 'completed' || input.to === 'interrupted'
    // An internship interrupted before it started never ran: no end date, no follow-ups.
    const ran = ending && !NOT_STARTED.includes(row.status)
    const endDate = ran ? (input.endDate ?? todayInItaly()) : null
    if (input.endDate && !ran) errors.push(field('/endDate', 'only_when_ending', 'La data di fine si indica alla conclusione o all\'interruzione di una misura avviata.'))
    if (endDate && endDate < row.startDate) errors.push(field('/endDate', 'end_before_start', 'La fine è precedente all\'inizio.'))
    if (errors.length > 0) throw fieldUnprocessable(errors)
    const changes: repo.MeasureChanges = { status: input.to, statusReason: reason }
    if (ran) changes.endDate = endDate
    if (internship && input.to === 'completed') {
      changes.outcome = input.outcome!
      changes.outcomeContractType = input.outcome === 'hired_by_host' ? input.outcomeContractType! : null
      changes.outcomeNote = input.outcomeNote?.trim() ?? null
    }
    if (internship && input.to === 'interrupted') {
      changes.outcome = 'interrupted'
      changes.outcomeNote = reason
    }
    await repo.updateMeasure(tx, id, changes)
    await repo.insertStatusChange(tx, { measureId: id, fromStatus: row.status, toStatus: input.to, reason, byUserId: caller.principal.userId })
    // Follow-ups count from the end; a placement's were scheduled from its start, when the person was hired.
    if (ran && row.kind !== 'job_placement') await repo.insertFollowUps(tx, followUpsFrom(id, endDate!))
    await recordAudit(tx, caller.actor, [{ action: 'transition', resourceType: 'measure', resourceId: id, organisationId: row.municipalityId, changedFields: Object.keys(changes) }])
    await recordDomainEvent(tx, caller.actor, {
      type: 'measure.transitioned',
      resourceType: 'measure',
      resourceId: id,
      caseId: row.caseId,
      ownerOrganisationId: row.municipalityId,
      partnerOrganisationId: partnerOf(row),
      data: { from: row.status, to: input.to, ...(changes.outcome ? { outcome: changes.outcome } : {}) },
    })
    return measureResponse(tx, caller, scope, id)
  })
}

// ---------------------------------------------------------------------------------------------
// Attendance

const monthEnd = (month: string) => addMonths(`${month}-01`, 1).slice(0, 7)
/** Every month from `from` to `to` (both `YYYY-MM`). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = []
  for (let m = from; m <= to && months.length < 60; m = monthEnd(m)) months.push(m)
  return months
}

function toAttendanceMonth(view: repo.AttendanceView, ruleSet: InternshipRuleSet, monthlyCents: number): MeasureAttendanceMonth {
  const allowance = monthAllowance(ruleSet, monthlyCents, view.row.plannedMinutes, view.row.attendedMinutes)
  return {
    month: view.row.month,
    plannedHours: view.row.plannedMinutes / 60,
    attendedHours: view.row.attendedMinutes / 60,
    attendancePercent: allowance.attendancePercent,
    allowanceBasis: allowance.basis,
    allowanceDueCents: allowance.allowanceDueCents,
    note: view.row.note,
    recordedBy: view.row.recordedBy && view.byName ? { id: view.row.recordedBy, name: view.byName } : null,
    version: view.row.version,
    updatedAt: view.row.updatedAt.toISOString(),
  }
}

function attendanceTotals(ruleSet: InternshipRuleSet, months: MeasureAttendanceMonth[], rows: repo.AttendanceView[]) {
  const cumulative = cumulativeAttendance(ruleSet, rows.map((r) => r.row))
  return {
    plannedHours: cumulative.plannedMinutes / 60,
    attendedHours: cumulative.attendedMinutes / 60,
    attendancePercent: cumulative.attendancePercent,
    allowanceDueCents: months.reduce((sum, m) => sum + m.allowanceDueCents, 0),
    finalAttestationDue: cumulative.finalAttestationDue,
    fullAllowanceAttendancePercent: ruleSet.fullAllowanceAttendancePercent,
    finalAttestationAttendancePercent: ruleSet.finalAttestationAttendancePercent,
  }
}

/** The internship's months from its start to its end (or the current month, if earlier). */
function periodMonths(row: MeasureRow): string[] {
  const last = [row.endDate ?? row.plannedEndDate ?? row.startDate, todayInItaly()].sort()[0]!.slice(0, 7)
  return monthsBetween(row.startDate.slice(0, 7), last)
}

export interface AttendanceData {
  row: MeasureRow
  ruleSet: InternshipRuleSet
  rows: repo.AttendanceView[]
  attendance: MeasureAttendance
}

export async function attendanceData(db: Db, row: MeasureRow): Promise<AttendanceData> {
  const ruleSet = ruleSetOf(row)
  const rows = await repo.listAttendance(db, row.id)
  const months = rows.map((r) => toAttendanceMonth(r, ruleSet, row.monthlyAmountCents ?? 0))
  return { row, ruleSet, rows, attendance: { measureId: row.id, months, expectedMonths: periodMonths(row), totals: attendanceTotals(ruleSet, months, rows) } }
}

function assertInternship(row: MeasureRow, what: string) {
  if (!isInternshipKind(row.kind)) throw new AppError(404, 'not-found', 'Non trovato', { detail: `${what} riguarda solo i tirocini.` })
}

export async function readAttendance(db: Database, caller: Caller, id: string): Promise<MeasureAttendance> {
  const scope = await loadMeasureAccess(db, caller.principal, id)
  assertInternship(scope.row, 'Il registro presenze')
  caller.auditRead('measure', id, scope.row.municipalityId, 'attendance')
  return (await attendanceData(db, scope.row)).attendance
}

export async function recordAttendance(db: Database, caller: Caller, id: string, month: string, expectedVersion: number | null, input: MeasureAttendanceUpdate): Promise<MeasureAttendanceMonthResult> {
  return db.transaction(async (tx) => {
    const scope = await loadMeasureAccess(tx, caller.principal, id, { forUpdate: true })
    const row = scope.row
    assertInternship(row, 'Il registro presenze')
    if (NOT_STARTED.includes(row.status)) throw conflict('measure-not-started', 'Il tirocinio non è ancora avviato: le presenze si registrano da quando è in corso.')
    const violations: ProblemViolation[] = []
    const first = row.startDate.slice(0, 7)
    const last = (row.endDate ?? row.plannedEndDate ?? row.startDate).slice(0, 7)
    if (month < first || month > last) violations.push({ rule: 'attendance_outside_internship', value: month, limit: { from: first, to: last }, detail: `Il mese ${month} è fuori dal periodo del tirocinio.` })
    if (month > todayInItaly().slice(0, 7)) violations.push({ rule: 'attendance_in_future', value: month, limit: todayInItaly().slice(0, 7), detail: 'Non si registrano presenze di mesi futuri.' })
    const plannedMinutes = minutesOf(input.plannedHours)
    const attendedMinutes = minutesOf(input.attendedHours)
    if (attendedMinutes > plannedMinutes) violations.push({ rule: 'attendance_above_planned', value: input.attendedHours, limit: input.plannedHours, detail: 'Le ore svolte superano le ore previste del mese.' })
    if (violations.length > 0) throw unprocessable(violations, 'Le presenze del mese non sono accettabili.')
    const existing = await repo.findAttendanceMonth(tx, id, month)
    const note = input.note === undefined ? undefined : input.note?.trim() || null
    if (existing) {
      if (expectedVersion === null) throw preconditionRequired()
      assertVersion(existing.version, expectedVersion)
      await repo.updateAttendance(tx, existing.id, { plannedMinutes, attendedMinutes, ...(note !== undefined ? { note } : {}), recordedBy: caller.principal.userId })
    } else {
      await repo.insertAttendance(tx, { measureId: id, month, plannedMinutes, attendedMinutes, note: note ?? null, recordedBy: caller.principal.userId })
    }
    await recordAudit(tx, caller.actor, [{ action: existing ? 'update' : 'create', resourceType: 'measure_attendance', resourceId: id, organisationId: row.municipalityId, changedFields: ['plannedHours', 'attendedHours', ...(note !== undefined ? ['note'] : [])] }])
    await recordDomainEvent(tx, caller.actor, { type: 'measure.attendance_recorded', resourceType: 'measure', resourceId: id, caseId: row.caseId, ownerOrganisationId: row.municipalityId, partnerOrganisationId: partnerOf(row), data: { month } })
    const data = await attendanceData(tx, row)
    caller.auditRead('measure', id, row.municipalityId, 'attendance')
    return { month: data.attendance.months.find((m) => m.month === month)!, totals: data.attendance.totals }
  })
}

// ---------------------------------------------------------------------------------------------
// Tutoring sessions, payments

const toSession = (s: Awaited<ReturnType<typeof repo.listSessions>>[number]): TutoringSession => ({
  id: s.row.id,
  measureId: s.row.measureId,
  heldOn: s.row.heldOn,
  durationMinutes: s.row.durationMinutes,
  topic: s.row.topic,
  note: s.row.note,
  operator: s.row.operatorId && s.operatorName ? { id: s.row.operatorId, name: s.operatorName } : null,
  createdAt: s.row.createdAt.toISOString(),
})

export async function listSessions(db: Database, caller: Caller, id: string) {
  const scope = await loadMeasureAccess(db, caller.principal, id)
  caller.auditRead('measure', id, scope.row.municipalityId, 'tutoring_sessions')
  return { items: (await repo.listSessions(db, id)).map(toSession), nextCursor: null }
}

export async function createSession(db: Database, caller: Caller, id: string, input: TutoringSessionCreate): Promise<TutoringSession> {
  return db.transaction(async (tx) => {
    const scope = await loadMeasureAccess(tx, caller.principal, id, { forUpdate: true })
    const row = scope.row
    if (row.status === 'draft') throw conflict('measure-not-started', 'La misura è in bozza: gli incontri si registrano quando è proposta o avviata.')
    const errors: ProblemFieldError[] = []
    if (input.heldOn > todayInItaly()) errors.push(field('/heldOn', 'in_future', 'Si registrano gli incontri svolti, non quelli futuri.'))
    if (input.heldOn < row.startDate) errors.push(field('/heldOn', 'before_start', 'L\'incontro è precedente all\'inizio della misura.'))
    if (errors.length > 0) throw fieldUnprocessable(errors)
    const operatorId = (await tutorOf(tx, caller, '/operatorId', input.operatorId, [...new Set([row.promoterOrganisationId, row.municipalityId])])) ?? caller.principal.userId
    const session = await repo.insertSession(tx, { measureId: id, heldOn: input.heldOn, durationMinutes: input.durationMinutes, topic: input.topic.trim(), note: input.note?.trim() || null, operatorId })
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'tutoring_session', resourceId: session.id, organisationId: row.municipalityId, changedFields: ['heldOn', 'durationMinutes', 'topic', ...(input.note ? ['note'] : [])] }])
    await recordDomainEvent(tx, caller.actor, { type: 'measure.session_recorded', resourceType: 'measure', resourceId: id, caseId: row.caseId, ownerOrganisationId: row.municipalityId, partnerOrganisationId: partnerOf(row), data: { sessionId: session.id } })
    const [view] = (await repo.listSessions(tx, id)).filter((s) => s.row.id === session.id)
    return toSession(view!)
  })
}

const toPayment = (p: Awaited<ReturnType<typeof repo.listPayments>>[number]): WorkGrantPayment => ({
  id: p.row.id,
  measureId: p.row.measureId,
  month: p.row.month,
  amountCents: p.row.amountCents,
  paidOn: p.row.paidOn,
  reference: p.row.reference,
  recordedBy: p.row.recordedBy && p.byName ? { id: p.row.recordedBy, name: p.byName } : null,
  createdAt: p.row.createdAt.toISOString(),
})

function assertWorkGrant(row: MeasureRow) {
  if (row.kind !== 'work_grant') throw new AppError(404, 'not-found', 'Non trovato', { detail: 'I pagamenti riguardano solo le borse lavoro.' })
}

export async function listPayments(db: Database, caller: Caller, id: string) {
  const scope = await loadMeasureAccess(db, caller.principal, id)
  assertWorkGrant(scope.row)
  caller.auditRead('measure', id, scope.row.municipalityId, 'payments')
  return { items: (await repo.listPayments(db, id)).map(toPayment), nextCursor: null }
}

export async function createPayment(db: Database, caller: Caller, id: string, input: WorkGrantPaymentCreate): Promise<WorkGrantPayment> {
  try {
    return await db.transaction(async (tx) => {
      const scope = await loadMeasureAccess(tx, caller.principal, id, { forUpdate: true })
      const row = scope.row
      assertWorkGrant(row)
      const violations: ProblemViolation[] = []
      const first = row.startDate.slice(0, 7)
      const last = (row.endDate ?? row.plannedEndDate ?? row.startDate).slice(0, 7)
      if (input.month < first || input.month > last) violations.push({ rule: 'payment_outside_grant', value: input.month, limit: { from: first, to: last }, detail: `Il mese ${input.month} è fuori dal periodo della borsa lavoro.` })
      if (input.amountCents > (row.monthlyAmountCents ?? 0)) violations.push({ rule: 'payment_above_monthly_amount', value: input.amountCents, limit: row.monthlyAmountCents, detail: 'Il pagamento supera l\'importo mensile della borsa.' })
      if (violations.length > 0) throw unprocessable(violations, 'Il pagamento non è accettabile.')
      const payment = await repo.insertPayment(tx, { measureId: id, month: input.month, amountCents: input.amountCents, paidOn: input.paidOn, reference: input.reference?.trim() || null, recordedBy: caller.principal.userId })
      await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'work_grant_payment', resourceId: payment.id, organisationId: row.municipalityId, changedFields: ['month', 'amountCents', 'paidOn'] }])
      await recordDomainEvent(tx, caller.actor, { type: 'measure.payment_recorded', resourceType: 'measure', resourceId: id, caseId: row.caseId, ownerOrganisationId: row.municipalityId, partnerOrganisationId: partnerOf(row), data: { month: input.month } })
      const [view] = (await repo.listPayments(tx, id)).filter((p) => p.row.id === payment.id)
      return toPayment(view!)
    })
  } catch (error) {
    if (isUniqueViolation(error, 'measure_payments_month_key')) throw conflict('payment-already-recorded', `Il pagamento di ${input.month} è già registrato.`)
    throw error
  }
}

// ---------------------------------------------------------------------------------------------
// Follow-ups

export async function recordFollowUp(db: Database, caller: Caller, measureId: string, followUpId: string, expectedVersion: number, input: FollowUpRecord): Promise<MeasureFollowUp> {
  return db.transaction(async (tx) => {
    const scope = await loadMeasureAccess(tx, caller.principal, measureId)
    const found: MeasureFollowUpRow | null = await repo.lockFollowUp(tx, measureId, followUpId)
    if (!found) throw notFound('La verifica')
    assertVersion(found.version, expectedVersion)
    const horizon = daysFromToday(FOLLOW_UP_HORIZON_DAYS)
    if (found.dueOn > horizon) throw unprocessable([{ rule: 'follow_up_not_due', value: todayInItaly(), limit: found.dueOn, detail: `La verifica a ${found.monthsAfter} mesi è prevista per il ${found.dueOn}: si registra dalle due settimane prima.` }])
    const changes = {
      employmentStatus: input.employmentStatus,
      contractType: input.employmentStatus === 'employed_same_employer' || input.employmentStatus === 'employed_elsewhere' ? (input.contractType ?? null) : null,
      note: input.note?.trim() || null,
      recordedAt: new Date(),
      recordedBy: caller.principal.userId,
    }
    await repo.updateFollowUp(tx, followUpId, changes)
    await recordAudit(tx, caller.actor, [{ action: found.recordedAt ? 'update' : 'create', resourceType: 'measure_follow_up', resourceId: followUpId, organisationId: scope.row.municipalityId, changedFields: ['employmentStatus', 'contractType', 'note'] }])
    await recordDomainEvent(tx, caller.actor, {
      type: 'measure.follow_up_recorded',
      resourceType: 'measure',
      resourceId: measureId,
      caseId: scope.row.caseId,
      ownerOrganisationId: scope.row.municipalityId,
      partnerOrganisationId: partnerOf(scope.row),
      data: { followUpId, monthsAfter: found.monthsAfter, employmentStatus: input.employmentStatus },
    })
    caller.auditRead('measure', measureId, scope.row.municipalityId, 'follow_up')
    const [view] = (await repo.listFollowUps(tx, [measureId])).filter((f) => f.row.id === followUpId)
    return toFollowUp(view!)
  })
}

export async function listDueFollowUps(db: Database, caller: Caller, query: FollowUpDueQuery): Promise<FollowUpDuePage> {
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, ['date', 'uuid'])
  const today = todayInItaly()
  const rows = await repo.listDueFollowUps(db, {
    visible: visibleMeasuresCondition(caller.principal),
    horizon: daysFromToday(query.withinDays ?? FOLLOW_UP_HORIZON_DAYS),
    after: cursor ? { dueOn: String(cursor[0]), id: String(cursor[1]) } : null,
    limit,
  })
  const page = rows.slice(0, limit)
  for (const r of page) caller.auditRead('measure', r.measure.id, r.measure.municipalityId, 'follow_ups_due')
  return {
    items: page.map((r) => ({
      followUp: toFollowUp({ row: r.followUp, byName: r.byName }),
      measure: {
        id: r.measure.id,
        kind: r.measure.kind,
        caseId: r.measure.caseId,
        person: { id: r.measure.personId, givenName: r.personGivenName, familyName: r.personFamilyName },
        host: r.measure.hostCompanyId && r.hostName ? { id: r.measure.hostCompanyId, name: r.hostName } : null,
        endDate: r.measure.endDate,
      },
      overdue: r.followUp.dueOn < today,
    })),
    nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.followUp.dueOn, page.at(-1)!.followUp.id]) : null,
  }
}

/** The measure with what its documents need, for a caller who may see it; the read is audited. */
export async function loadForDocument(db: Database, caller: Caller, id: string, what: string) {
  const scope = await loadMeasureAccess(db, caller.principal, id)
  assertInternship(scope.row, what)
  const measure = await measureResponse(db, caller, scope, id, 'document')
  return { scope, measure }
}
