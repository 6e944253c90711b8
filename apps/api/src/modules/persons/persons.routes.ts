/** HTTP of persons (assistiti): registration, duplicate warning, search, reads, updates and the sensitive section. */
import { Type } from 'typebox'
import { Person, PersonCreate, PersonDuplicateCheck, PersonDuplicateList, PersonPatch, PersonSearch, PersonSearchPage, PersonSensitive, PersonSensitiveReplace, Ref } from '@ponte/shared'
import type { FastifyRequest } from 'fastify'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { conditionalIfMatchHeaders, described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './persons.service.js'

const PersonParams = Type.Object({ personId: UuidParam })
const SensitiveIfMatchHeaders = conditionalIfMatchHeaders('The ETag (version) of the sensitive section as read; required to replace a section that exists (428 without, 412 when stale), absent to create it')

const VISIBILITY =
  'A person is visible to the coordinators of the owning municipality, to the case manager who registered them, to whoever sees one of their cases ' +
  '(assigned case manager, colleagues added to the case) and to the operators of a partner organisation while a referral of one of their cases to it is accepted; ' +
  'to anyone else the person does not exist (404).'

const TAX_CODE_RULES =
  'The tax code is normalised (spaces removed, upper case) and checked: format, check character, birth date and sex — each problem answers 422 with an error on `/taxCode` (codes `tax_code_format`, `tax_code_check_character`, `tax_code_birth_date`, `tax_code_sex`). ' +
  'A tax code already registered in the same municipality, omocodia variants included, answers 409 `duplicate-tax-code` with `existingId`.'

/** Hands the service's audited reads to the request's read log (written before the response leaves). */
function auditReads(request: FastifyRequest, reads: service.AuditedRead[]) {
  for (const r of reads) request.auditRead(r.resourceType, r.resourceId, r.organisationId, r.action)
}

export default async function personRoutes(app: App) {
  app.post(
    '/persons',
    {
      config: { access: { org: 'staff', outsiders: 403 } },
      schema: {
        operationId: 'createPerson',
        tags: ['persons'],
        summary: 'Register a person',
        description:
          'Coordinators and case managers register persons in their municipality (403 for anyone else). `municipalityId` is needed only by those who work in more than one municipality (400 without it); otherwise it is theirs. ' +
          `${TAX_CODE_RULES} Call \`checkPersonDuplicates\` first to warn about near-duplicates (same names and birth date). Answers 201 with ETag and Location.`,
        headers: IdempotencyHeaders,
        body: Ref(PersonCreate),
        response: { 201: described(Ref(Person), 'The person registered'), ...problems(400, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const person = await service.createPerson(app.db, request.requirePrincipal(), request.auditActor(), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/persons/${person.id}`)
      return withEtag(reply, person)
    },
  )

  app.post(
    '/persons/duplicates',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'checkPersonDuplicates',
        tags: ['persons'],
        summary: 'Find possible duplicates of a person about to be registered',
        description:
          'The near-duplicate warning shown before saving a new person: persons of the same municipality with the same tax code (omocodia variants included: registering would answer 409), ' +
          'a tax code equal but for the place-of-birth code, the same birth date and names (accents, case, spaces and apostrophes ignored; given and family name in either order), ' +
          'or the same birth date (and sex, when given) and a name a letter or two off ("Brambila" for "Brambilla"). Each with the id of the person\'s open case, if any. Same callers as `createPerson` (403 otherwise). ' +
          'Only existence is revealed — ids, names and birth date, even of persons the caller could not otherwise read (opening them is still checked) — because the registering staff need it to avoid registering someone twice; ' +
          'every match is written to the audit trail. Creates nothing.',
        body: Ref(PersonDuplicateCheck),
        response: { 200: described(Ref(PersonDuplicateList), 'Possible duplicates (empty when none)'), ...problems(400, 403, 415) },
      },
    },
    async (request) => {
      const { list, reads } = await service.checkPersonDuplicates(app.db, request.requirePrincipal(), request.body)
      auditReads(request, reads)
      return list
    },
  )

  app.post(
    '/persons/search',
    {
      config: { access: { signedIn: true } },
      schema: {
        operationId: 'searchPersons',
        tags: ['persons'],
        summary: 'Search persons by tax code or by name',
        description:
          'Tax codes are personal data, so searches travel in the body, never in the URL. Send `taxCode` alone (omocodia variants find each other), or `name` (given and family name in any order; accents, case and small typos do not matter) with an optional `birthDate`, or `birthDate` alone. ' +
          'Paging is in the body as well: `limit` (1–200, default 50) and the opaque `cursor` of the previous page. Results are best match first, the most recently registered first among equal matches, and only among the persons the caller may see; each names in `case` the person\'s case the caller sees (the open one first, else the latest episode), or null — a partner sees only the cases referred to it. ' +
          `${VISIBILITY} Every result is written to the audit trail. Creates nothing.`,
        body: Ref(PersonSearch),
        response: { 200: described(Ref(PersonSearchPage), 'A page of results'), ...problems(400, 415) },
      },
    },
    async (request) => {
      const { page, reads } = await service.searchPersons(app.db, request.requirePrincipal(), request.body)
      auditReads(request, reads)
      return page
    },
  )

  app.get(
    '/persons/:personId',
    {
      config: { access: { resource: 'person', right: 'read' } },
      schema: {
        operationId: 'readPerson',
        tags: ['persons'],
        summary: 'Read a person',
        description:
          `${VISIBILITY} Municipality staff get the full record; a partner operator gets the working profile (identity, contacts, education, languages, skills, availability, employment status), with \`residence\` and \`createdBy\` null and \`view\` = \`working_profile\`. ` +
          'The sensitive section is never included (see `readPersonSensitive`). Every read is written to the audit trail. The ETag is the version.',
        params: PersonParams,
        response: { 200: described(Ref(Person), 'The person'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const person = await service.readPerson(app.db, request.requirePrincipal(), request.params.personId)
      request.auditRead('person', person.id, person.municipalityId)
      return withEtag(reply, person)
    },
  )

  app.get(
    '/cases/:caseId/person',
    {
      config: { access: { case: 'read' } },
      schema: {
        operationId: 'readCasePerson',
        tags: ['persons'],
        summary: 'Read the person of a case',
        description:
          'The person whose case it is, exactly as `readPerson` answers it (municipality staff the full record, a partner operator the working profile; never the sensitive section), ' +
          'for whoever sees the case (404 otherwise, as for a case that does not exist). A client showing a case reads it together with `readCase`, without waiting for the case to learn the person. ' +
          'Every read is written to the audit trail as a read of the person. The ETag is the person\'s version.',
        params: Type.Object({ caseId: UuidParam }),
        response: { 200: described(Ref(Person), 'The person of the case'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const person = await service.readPerson(app.db, request.requirePrincipal(), requireCaseScope(request).row.personId)
      request.auditRead('person', person.id, person.municipalityId)
      return withEtag(reply, person)
    },
  )

  app.patch(
    '/persons/:personId',
    {
      config: { access: { resource: 'person', right: 'write' } },
      schema: {
        operationId: 'updatePerson',
        tags: ['persons'],
        summary: 'Update a person',
        description:
          `JSON Merge Patch with If-Match (428 without, 412 when stale). Municipality staff who see the person may update it; a partner operator answers 403, anyone else 404. ${TAX_CODE_RULES} ` +
          'The tax code is judged again whenever it, the birth date or the sex changes. The changed fields are audited and noted on the timeline of the person\'s open cases.',
        params: PersonParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(PersonPatch)),
        response: { 200: described(Ref(Person), 'The person updated'), ...problems(400, 403, 404, 409, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const person = await service.updatePerson(app.db, request.requirePrincipal(), request.auditActor(), request.params.personId, expectedVersion, request.body as PersonPatch)
      return withEtag(reply, person)
    },
  )

  app.get(
    '/persons/:personId/sensitive',
    {
      config: { access: { resource: 'person', right: 'sensitive' } },
      schema: {
        operationId: 'readPersonSensitive',
        tags: ['persons'],
        summary: 'Read the sensitive section of a person',
        description:
          'Special categories (GDPR art. 9): disadvantage under L. 381/1991 art. 4, L. 68/1999 registration, invalidity percentage, health, addiction and judicial notes. ' +
          'Readable only by the coordinators of the owning municipality and the assigned case manager of one of the person\'s cases (see `permissions.canReadSensitive` on the person); ' +
          'for everyone else — partners and colleagues included — it does not exist (404). 404 also while it has not been filled in. Every read is audited. The ETag is the version.',
        params: PersonParams,
        response: { 200: described(Ref(PersonSensitive), 'The sensitive section'), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { section, municipalityId } = await service.readPersonSensitive(app.db, request.requirePrincipal(), request.params.personId)
      request.auditRead('person_sensitive', section.personId, municipalityId)
      return withEtag(reply, section)
    },
  )

  app.put(
    '/persons/:personId/sensitive',
    {
      config: { access: { resource: 'person', right: 'sensitive' }, ifMatch: 'conditional' },
      schema: {
        operationId: 'replacePersonSensitive',
        tags: ['persons'],
        summary: 'Create or replace the sensitive section of a person',
        description:
          'Same callers as `readPersonSensitive` (404 for anyone else). The first PUT creates the section (201, without If-Match; If-Match on a section that does not exist yet is 412); ' +
          'later ones replace it whole and need If-Match with its version (428 without, 412 when stale). The changed fields (never their values) are audited.',
        params: PersonParams,
        headers: SensitiveIfMatchHeaders,
        body: Ref(PersonSensitiveReplace),
        response: {
          200: described(Ref(PersonSensitive), 'The sensitive section replaced'),
          201: described(Ref(PersonSensitive), 'The sensitive section created'),
          ...problems(400, 404, 412, 415, 428),
        },
      },
    },
    async (request, reply) => {
      const expectedVersion = request.headers['if-match'] === undefined ? null : requireIfMatch(request)
      const { section, created } = await service.replacePersonSensitive(app.db, request.requirePrincipal(), request.auditActor(), request.params.personId, expectedVersion, request.body)
      if (created) void reply.code(201).header('location', `${API_PREFIX}/persons/${section.personId}/sensitive`)
      return withEtag(reply, section)
    },
  )
}
