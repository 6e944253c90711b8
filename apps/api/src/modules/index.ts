/**
 * The API's modules under /api/v1, in two scopes: public (sign-in) and authenticated. Protection
 * is membership of the authenticated scope, never a check on the URL.
 */
import type { Config } from '../config.js'
import type { App } from '../lib/fastify.js'
import idempotencyPlugin, { type IdempotencyFaults } from '../plugins/idempotency.js'
import authRoutes from './auth/auth.routes.js'
import organisationRoutes from './organisations/organisations.routes.js'
import userRoutes from './users/users.routes.js'
import caseRoutes from './cases/cases.routes.js'
import referralRoutes from './referrals/referrals.routes.js'
import personRoutes from './persons/persons.routes.js'
import assessmentRoutes from './assessments/assessments.routes.js'
import planRoutes from './plans/plans.routes.js'
import partnerCommitmentRoutes from './partner-commitments/partner-commitments.routes.js'
import meetingRoutes from './meetings/meetings.routes.js'
import diaryNoteRoutes from './diary-notes/diary-notes.routes.js'
import economicSupportRoutes from './economic-supports/economic-supports.routes.js'
import auditRoutes from './audit/audit.routes.js'
import companyRoutes from './companies/companies.routes.js'
import activityRoutes from './activities/activities.routes.js'
import vacancyRoutes from './vacancies/vacancies.routes.js'
import matchRoutes from './matches/matches.routes.js'
import pucRoutes from './puc/puc.routes.js'
import groupRoutes from './groups/groups.routes.js'
import oauthRoutes from './oauth/oauth.routes.js'
import apiClientRoutes from './api-clients/api-clients.routes.js'
import changeRoutes from './changes/changes.routes.js'
import webhookRoutes from './webhooks/webhooks.routes.js'
import personImportRoutes from './persons/persons-import.routes.js'
import jobRoutes from './jobs/jobs.routes.js'
import measureRoutes from './measures/measures.routes.js'

export async function registerModules(api: App, config: Config, idempotencyFaults?: IdempotencyFaults) {
  await api.register(authRoutes, { config })
  await api.register(oauthRoutes, { config })

  await api.register(async (authenticated: App) => {
    // preParsing, not onRequest: the rate limiter (an onRequest hook) counts and answers its headers
    // first, even for a request whose credentials then fail; the body is parsed only once authenticated.
    authenticated.addHook('preParsing', async (request) => authenticated.authenticate(request))
    await authenticated.register(idempotencyPlugin, { secret: config.jwtSecret, ...(idempotencyFaults ? { faults: idempotencyFaults } : {}) })
    await authenticated.register(organisationRoutes)
    await authenticated.register(userRoutes)
    await authenticated.register(caseRoutes)
    await authenticated.register(referralRoutes)
    await authenticated.register(personRoutes)
    await authenticated.register(assessmentRoutes)
    await authenticated.register(planRoutes)
    await authenticated.register(partnerCommitmentRoutes)
    await authenticated.register(meetingRoutes)
    await authenticated.register(diaryNoteRoutes)
    await authenticated.register(economicSupportRoutes)
    await authenticated.register(auditRoutes, { config })
    await authenticated.register(companyRoutes)
    await authenticated.register(activityRoutes)
    await authenticated.register(vacancyRoutes)
    await authenticated.register(matchRoutes)
    await authenticated.register(pucRoutes)
    await authenticated.register(groupRoutes, { config })
    await authenticated.register(apiClientRoutes)
    await authenticated.register(changeRoutes)
    await authenticated.register(webhookRoutes, { config })
    await authenticated.register(personImportRoutes)
    await authenticated.register(jobRoutes)
    await authenticated.register(measureRoutes)
  })
}
