/** HTTP of companies: the shared book (list, register, read, update, relationship status), their sites and contacts. */
import { Type } from 'typebox'
import {
  Company,
  CompanyContact,
  CompanyContactCreate,
  CompanyContactList,
  CompanyContactPatch,
  CompanyCreate,
  CompanyImportRequest,
  CompanyImportResult,
  CompanyListQuery,
  CompanyPage,
  CompanyPatch,
  CompanySite,
  CompanySiteCreate,
  CompanySiteList,
  CompanySitePatch,
  CompanyTransitionRequest,
  Ref,
  type ProblemFieldError,
} from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import { callerOf } from '../../lib/caller.js'
import * as service from './companies.service.js'
import { csvRows, importCompanies, type RowValidator } from './company-import.js'

/** Room for 1,000 CSV rows of long names and addresses. */
const IMPORT_BODY_LIMIT = 4 * 1024 * 1024
/** One schema object, so the validator compiled for it is reused. */
const CompanyCreateRef = Ref(CompanyCreate)
/** The same schema as a distinct object: Fastify caches compiled validators per schema object, and JSON items are validated without coercion. */
const CompanyCreateJsonRef = Ref(CompanyCreate)

const CompanyParams = Type.Object({ companyId: UuidParam })
const ImportQuery = Type.Object({
  ownerOrganisationId: Type.Optional(Type.String({ format: 'uuid', description: 'The organisation registering the companies, when the caller works for several (a CSV body cannot say it; in a JSON body `ownerOrganisationId` wins)' })),
})
const SiteParams = Type.Object({ companyId: UuidParam, siteId: UuidParam })
const ContactParams = Type.Object({ companyId: UuidParam, contactId: UuidParam })
const IfMatchAndIdempotencyHeaders = Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties })

const WHO_SEES =
  'Companies are shared between an organisation and those it works with (an accepted referral between them, or a consortium and its cooperatives): their operators, coordinators and case managers read them; ' +
  'operators and coordinators change them (403 for case managers). Anyone else gets 404.'

export default async function companyRoutes(app: App) {
  // Company imports may come as CSV (this plugin's routes only).
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body))

  app.get(
    '/companies',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'listCompanies',
        tags: ['companies'],
        summary: 'List companies',
        description:
          `The companies of the caller's circle, by name. ${WHO_SEES} Filters: \`q\` (words of the name, accent and case insensitive), \`vatNumber\` (exact), \`atecoCode\` (code or prefix), ` +
          '`relationshipStatus` (repeatable), `municipality` (of the company or of one of its active sites). Each company carries its derived `obligations`. Cursor pagination.',
        querystring: CompanyListQuery,
        response: { 200: described(Ref(CompanyPage), 'A page of companies'), ...problems(400) },
      },
    },
    async (request) => service.listCompanies(app.db, callerOf(request), request.query),
  )

  app.post(
    '/companies',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'createCompany',
        tags: ['companies'],
        summary: 'Register a company',
        description:
          'Operators and coordinators register companies for their organisation (`ownerOrganisationId` when they work for several; 403 otherwise). The partita IVA must have 11 digits and a valid check digit, ' +
          'the codice fiscale 11 digits (checked the same way) or 16 characters for a sole trader: 422 naming the field. A partita IVA already registered answers 409 `company-duplicate-vat-number` with `existingId`. ' +
          'The company starts as `prospect`. Answers 201 with ETag and Location.',
        headers: IdempotencyHeaders,
        body: Ref(CompanyCreate),
        response: { 201: described(Ref(Company), 'The company registered'), ...problems(400, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.createCompany(app.db, callerOf(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/companies/${created.id}`)
      return withEtag(reply, created)
    },
  )

  app.post(
    '/companies/import',
    {
      config: { access: { signedIn: true } },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        operationId: 'importCompanies',
        tags: ['companies'],
        summary: 'Import companies in bulk',
        description:
          'Up to 1,000 companies, as JSON (`items`, each as in `createCompany`) or as `text/csv` (a header row with the same field names, or their Italian names such as `Ragione sociale`, `Partita IVA`, `Codice ATECO`, `Dipendenti`, `Comune`; commas or semicolons). ' +
          'Each row is checked on its own and answered by its index: `created` with its `id`, `duplicate` with the `existingId` of the company with the same partita IVA (registered before or earlier in the file), ' +
          '`invalid` with every problem naming its field. Operators and coordinators only (403). More than 1,000 rows answers 400. ' +
          'The companies are registered for `ownerOrganisationId` (in the JSON body or the query) when the caller edits companies there (403 otherwise), else for the first organisation where they do.',
        querystring: ImportQuery,
        headers: IdempotencyHeaders,
        body: { content: { 'application/json': { schema: Ref(CompanyImportRequest) }, 'text/csv': { schema: Type.String({ minLength: 1, description: 'CSV with a header row' }) } } },
        response: { 200: described(Ref(CompanyImportResult), 'The result of each row'), ...problems(400, 403, 413, 415) },
      },
    },
    async (request) => {
      const body = request.body as string | CompanyImportRequest
      const rows = typeof body === 'string' ? csvRows(body) : (body.items as Record<string, unknown>[])
      // CSV cells are text and coerced to the field's type; JSON items are validated as sent.
      const check = typeof body === 'string' ? request.compileValidationSchema(CompanyCreateRef) : request.compileValidationSchema(CompanyCreateJsonRef, 'body')
      // One problem per field (a nullable field's two branches would otherwise each report).
      const validate: RowValidator = (row) => {
        if (check(row)) return []
        const byField = new Map<string, ProblemFieldError>()
        for (const e of check.errors ?? []) {
          const params = e.params as { missingProperty?: string; additionalProperty?: string }
          const field = params.missingProperty ?? params.additionalProperty
          const pointer = field ? `/${field}` : e.instancePath || '/'
          if (!byField.has(pointer)) byField.set(pointer, { pointer, code: 'schema', detail: e.message ?? 'Valore non valido' })
        }
        return [...byField.values()]
      }
      const owner = (typeof body === 'string' ? undefined : body.ownerOrganisationId) ?? request.query.ownerOrganisationId
      return importCompanies(app.db, callerOf(request), rows, validate, owner)
    },
  )

  app.get(
    '/companies/:companyId',
    {
      config: { access: { resource: 'company', right: 'read' } },
      schema: {
        operationId: 'readCompany',
        tags: ['companies'],
        summary: 'Read a company',
        description:
          `${WHO_SEES} With its sites, contacts (each read audited: they are people), relationship status history, derived obligations (interns it may host at once; L. 68 quota), ` +
          'the transitions and actions the caller may take now. The ETag is its version.',
        params: CompanyParams,
        response: { 200: described(Ref(Company), 'The company'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readCompany(app.db, callerOf(request), request.params.companyId)),
  )

  app.patch(
    '/companies/:companyId',
    {
      config: { access: { resource: 'company', right: 'write' } },
      schema: {
        operationId: 'updateCompany',
        tags: ['companies'],
        summary: 'Update a company',
        description: `${WHO_SEES} JSON Merge Patch with If-Match (428 without, 412 when stale). The same checks as registration (422, 409 with \`existingId\`). The relationship status changes only through transitions.`,
        params: CompanyParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(CompanyPatch)),
        response: { 200: described(Ref(Company), 'The company updated'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.updateCompany(app.db, callerOf(request), request.params.companyId, expectedVersion, request.body as CompanyPatch))
    },
  )

  app.post(
    '/companies/:companyId/transitions',
    {
      config: { access: { resource: 'company', right: 'write' } },
      schema: {
        operationId: 'transitionCompany',
        tags: ['companies'],
        summary: 'Change the relationship status of a company',
        description:
          `${WHO_SEES} One step forward along prospect → contacted → available → partner; \`inactive\` from any status (with \`reason\`, else 422); inactive → contacted; partner → available. ` +
          'Any other move answers 409 `transition-not-allowed`. With If-Match (428 without, 412 when stale). Every change is kept in `statusHistory` with who, when and why.',
        params: CompanyParams,
        headers: IfMatchAndIdempotencyHeaders,
        body: Ref(CompanyTransitionRequest),
        response: { 200: described(Ref(Company), 'The company in its new status'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      return withEtag(reply, await service.transitionCompany(app.db, callerOf(request), request.params.companyId, expectedVersion, request.body))
    },
  )

  app.get(
    '/companies/:companyId/sites',
    {
      config: { access: { resource: 'company', right: 'read' } },
      schema: {
        operationId: 'listCompanySites',
        tags: ['companies'],
        summary: 'The sites of a company',
        description: `${WHO_SEES} Every site, headquarters first; a site's region selects the internship rule set.`,
        params: CompanyParams,
        response: { 200: described(Ref(CompanySiteList), 'The sites'), ...problems(400, 404) },
      },
    },
    async (request) => ({ items: await service.listSites(app.db, callerOf(request), request.params.companyId), nextCursor: null }),
  )

  app.post(
    '/companies/:companyId/sites',
    {
      config: { access: { resource: 'company', right: 'write' } },
      schema: {
        operationId: 'createCompanySite',
        tags: ['companies'],
        summary: 'Add a site to a company',
        description: `${WHO_SEES} A new headquarters takes the flag from the previous one. Answers 201 with ETag and Location.`,
        params: CompanyParams,
        headers: IdempotencyHeaders,
        body: Ref(CompanySiteCreate),
        response: { 201: described(Ref(CompanySite), 'The site added'), ...problems(400, 403, 404, 415) },
      },
    },
    async (request, reply) => {
      const site = await service.createSite(app.db, callerOf(request), request.params.companyId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/companies/${site.companyId}/sites/${site.id}`)
      return withEtag(reply, site)
    },
  )

  app.patch(
    '/companies/:companyId/sites/:siteId',
    {
      config: { access: { resource: 'company', right: 'write' } },
      schema: {
        operationId: 'updateCompanySite',
        tags: ['companies'],
        summary: 'Update a site',
        description: `${WHO_SEES} JSON Merge Patch with If-Match (428 without, 412 when stale); \`isActive: false\` retires it (sites are never deleted: measures point at them).`,
        params: SiteParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(CompanySitePatch)),
        response: { 200: described(Ref(CompanySite), 'The site updated'), ...problems(400, 403, 404, 412, 415, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const { companyId, siteId } = request.params
      return withEtag(reply, await service.updateSite(app.db, callerOf(request), companyId, siteId, expectedVersion, request.body as CompanySitePatch))
    },
  )

  app.get(
    '/companies/:companyId/contacts',
    {
      config: { access: { resource: 'company', right: 'read' } },
      schema: {
        operationId: 'listCompanyContacts',
        tags: ['companies'],
        summary: 'The contacts of a company',
        description: `${WHO_SEES} Every contact, active first; each read is audited (contacts are people: name, phone, email).`,
        params: CompanyParams,
        response: { 200: described(Ref(CompanyContactList), 'The contacts'), ...problems(400, 404) },
      },
    },
    async (request) => ({ items: await service.listContacts(app.db, callerOf(request), request.params.companyId), nextCursor: null }),
  )

  app.post(
    '/companies/:companyId/contacts',
    {
      config: { access: { resource: 'company', right: 'write' } },
      schema: {
        operationId: 'createCompanyContact',
        tags: ['companies'],
        summary: 'Add a contact to a company',
        description: `${WHO_SEES} A contact may work at one of the company's sites (422 naming \`/siteId\` otherwise); a contact may be the host tutor of internships. Answers 201 with ETag and Location.`,
        params: CompanyParams,
        headers: IdempotencyHeaders,
        body: Ref(CompanyContactCreate),
        response: { 201: described(Ref(CompanyContact), 'The contact added'), ...problems(400, 403, 404, 415, 422) },
      },
    },
    async (request, reply) => {
      const contact = await service.createContact(app.db, callerOf(request), request.params.companyId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/companies/${contact.companyId}/contacts/${contact.id}`)
      return withEtag(reply, contact)
    },
  )

  app.patch(
    '/companies/:companyId/contacts/:contactId',
    {
      config: { access: { resource: 'company', right: 'write' } },
      schema: {
        operationId: 'updateCompanyContact',
        tags: ['companies'],
        summary: 'Update a contact',
        description: `${WHO_SEES} JSON Merge Patch with If-Match (428 without, 412 when stale); \`isActive: false\` when the person leaves the company (contacts are never deleted).`,
        params: ContactParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(CompanyContactPatch)),
        response: { 200: described(Ref(CompanyContact), 'The contact updated'), ...problems(400, 403, 404, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const { companyId, contactId } = request.params
      return withEtag(reply, await service.updateContact(app.db, callerOf(request), companyId, contactId, expectedVersion, request.body as CompanyContactPatch))
    },
  )
}
