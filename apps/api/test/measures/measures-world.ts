/**
 * The cast of a measures test: the mediation world (two municipalities, two cooperatives, the first
 * pair working together through an accepted referral), hosts registered through the API with a site
 * in Lombardy and a tutor, and helpers to start internships and move them.
 */
import { addDays, addMonths } from '@ponte/shared'
import type { Db } from '../../src/db/client.js'
import { todayInItaly } from '../../src/lib/dates.js'
import type { App } from '../../src/lib/fastify.js'
import { ifMatch } from '../cases/case-world.js'
import { createMediationWorld, registerCompany, type MediationWorld } from '../companies/mediation-world.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import type { TestUser } from '../helpers/factories.js'

export type MeasuresWorld = MediationWorld

export async function createMeasuresWorld(app: App, db: Db): Promise<MeasuresWorld> {
  return createMediationWorld(app, db)
}

export interface Host {
  companyId: string
  siteId: string
  tutorIds: string[]
}

/** A company with `employees`, a site in `region` and `tutors` contacts, registered by `user`. */
export async function createHost(app: App, user: TestUser, options: { employees?: number | null; region?: string; tutors?: number; isPublicAdministration?: boolean; isTypeBCooperative?: boolean } = {}): Promise<Host> {
  const company = await registerCompany(app, user, {
    employees: options.employees === undefined ? 40 : options.employees,
    isPublicAdministration: options.isPublicAdministration ?? false,
    isTypeBCooperative: options.isTypeBCooperative ?? false,
  })
  const site = await app.inject({ method: 'POST', url: `/api/v1/companies/${company.id}/sites`, headers: user.headers, payload: { name: 'Stabilimento', municipality: 'Valmadrera', province: 'LC', region: options.region ?? 'lombardia' } })
  if (site.statusCode !== 201) throw new Error(`site: ${site.statusCode} ${site.body}`)
  const tutorIds: string[] = []
  for (let n = 0; n < (options.tutors ?? 1); n++) {
    const contact = await app.inject({ method: 'POST', url: `/api/v1/companies/${company.id}/contacts`, headers: user.headers, payload: { givenName: 'Renato', familyName: `Bonacina ${n}`, role: 'Capo reparto' } })
    if (contact.statusCode !== 201) throw new Error(`contact: ${contact.statusCode} ${contact.body}`)
    tutorIds.push(contact.json().id)
  }
  return { companyId: company.id, siteId: site.json().id, tutorIds }
}

/** A case of the world's municipality referred (accepted) to its cooperative. */
export async function referredCase(db: Db, world: MeasuresWorld, referred = true) {
  const row = await createCase(db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'active' })
  if (referred) await createReferral(db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative })
  return row
}

export const today = () => todayInItaly()
/** The first day of the month `months` from now. */
export const monthStart = (months: number) => `${addMonths(`${today().slice(0, 7)}-01`, months)}`
export { addDays, addMonths }

/** A valid orientation internship body at `host` (3 months from the first of next month, 30 h/week, € 500). */
export function internshipBody(host: Host, overrides: Record<string, unknown> = {}, internship: Record<string, unknown> = {}) {
  const start = monthStart(1)
  return {
    kind: 'internship_orientation',
    startDate: start,
    plannedEndDate: addDays(addMonths(start, 3), -1),
    internship: {
      hostCompanyId: host.companyId,
      hostSiteId: host.siteId,
      hostTutorId: host.tutorIds[0] ?? null,
      profileCode: '7.2.7.1.0',
      profileTitle: 'Addetto alle macchine utensili',
      eqfLevel: 3,
      dailyHours: 6,
      weeklyHours: 30,
      monthlyAllowanceCents: 50_000,
      targetGroup: 'unemployed',
      trainingObjectives: 'Conduzione di torni e frese; lettura del disegno tecnico.',
      ...internship,
    },
    ...overrides,
  }
}

export function createInternship(app: App, user: TestUser, caseId: string, body: object, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/measures`, headers: { ...user.headers, ...headers }, payload: body })
}

export const moveMeasure = (app: App, user: TestUser, measure: { id: string; version: number }, to: string, extra: object = {}) =>
  app.inject({ method: 'POST', url: `/api/v1/measures/${measure.id}/transitions`, headers: ifMatch(user, measure.version), payload: { to, ...extra } })

/** Moves a measure through `steps`, answering the last state. */
export async function walkMeasure(app: App, user: TestUser, measure: { id: string; version: number }, steps: (string | [string, object])[]) {
  let current = measure
  for (const step of steps) {
    const [to, extra] = Array.isArray(step) ? step : [step, {}]
    const response = await moveMeasure(app, user, current, to, extra)
    if (response.statusCode !== 200) throw new Error(`${to}: ${response.statusCode} ${response.body}`)
    current = response.json()
  }
  return current as { id: string; version: number; status: string } & Record<string, unknown>
}
