/**
 * Every route under /api/v1 declares who may call it (`config.access`, lib/access.ts): this hook
 * refuses to start the application otherwise, naming the method and URL, so a forgotten check
 * cannot ship. It sits beside the scopes hook (plugins/scopes.ts), which stamps what API clients
 * need on the same route config. The declarations are kept by method and URL for the route-access
 * test (`app.routeAccess`).
 *
 * A route declared on a case (`{ case: right }`) gets a `preValidation` hook that resolves the case
 * scope once (cases.policy.ts `resolveCaseScope`: 404 for whoever does not see the case, 403/404
 * for a missing right) into `request.caseScope`, before the body is validated: an outsider learns
 * nothing from the validation either.
 */
import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { accessProblem, type Access, type CaseRight } from '../lib/access.js'
import { API_PREFIX } from '../lib/api.js'
import { gateCaseReadScope, gateCaseScope, type CaseScope } from '../modules/cases/cases.policy.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The access declared by each /api/v1 route, keyed `METHOD /api/v1/path/:param`. */
    routeAccess: Map<string, Access>
  }
  interface FastifyRequest {
    /** The case of a route declared `{ case: right }`, resolved before validation; null elsewhere. */
    caseScope: CaseScope | null
  }
  interface FastifyContextConfig {
    /**
     * On a `{ case: 'read' }` route answering the case itself: the gate reads it with what the
     * answer shows and writes the read's audit entry in the same statement (modules/cases/case-gate.ts).
     */
    readsCase?: true
  }
}

export class AccessDeclarationError extends Error {
  override name = 'AccessDeclarationError'
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The case scope a use case of a `{ case: … }` route receives; resolved by the access hook. */
export function requireCaseScope(request: FastifyRequest): CaseScope {
  if (!request.caseScope) throw new Error(`${request.method} ${request.routeOptions.url} is not declared on a case`)
  return request.caseScope
}

/** Whether the route's validation of one part of the request passes (what Fastify checks after the gate). */
function validates(request: FastifyRequest, part: 'params' | 'querystring'): boolean {
  const validate = request.getValidationFunction(part)
  return !validate || validate(part === 'params' ? request.params : request.query) === true
}

export default fp(
  async function accessPlugin(app: FastifyInstance) {
    const declared = new Map<string, Access>()
    app.decorate('routeAccess', declared)
    app.decorateRequest('caseScope', null)

    const caseGate = (right: CaseRight, readsCase: boolean): preValidationHookHandler =>
      async function resolveCase(request) {
        const caseId = (request.params as { caseId?: string }).caseId
        // A malformed id is the validation's to answer (400).
        if (!caseId || !UUID.test(caseId)) return
        const principal = request.requirePrincipal()
        if (!readsCase) request.caseScope = await gateCaseScope(app.pool, principal, caseId, right)
        // The read is audited with it only when the request will be answered (its parameters and
        // query validate: the gate runs before validation); otherwise the handler's hook audits it.
        else request.caseScope = await gateCaseReadScope(app.pool, principal, caseId, validates(request, 'params') && validates(request, 'querystring') ? request.auditActor() : null)
      }

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith(API_PREFIX)) return
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD')
      const schema = route.schema as { security?: unknown[] } | undefined
      const isPublic = Array.isArray(schema?.security) && schema.security.length === 0
      const access = route.config?.access
      const problem = accessProblem(access, route.url, isPublic)
      if (problem) throw new AccessDeclarationError(`${methods.join(',')} ${route.url} ${problem}.`)
      for (const method of methods) declared.set(`${method} ${route.url}`, access!)
      if ('case' in access!) {
        const existing = route.preValidation ? (Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation]) : []
        const readsCase = route.config?.readsCase === true
        if (readsCase && access.case !== 'read') throw new AccessDeclarationError(`${methods.join(',')} ${route.url} declares readsCase on a right other than read.`)
        route.preValidation = [caseGate(access.case, readsCase), ...existing]
      }
    })
  },
  { name: 'access' },
)
