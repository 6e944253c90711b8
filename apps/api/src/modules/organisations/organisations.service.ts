/** Organisation rules: the hierarchy between kinds, unique tax codes, versioned updates, audited in the same transaction. */
import type { Organisation, OrganisationCreate, OrganisationKind, OrganisationListQuery, OrganisationPage, OrganisationPatch, ProblemFieldError } from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import type { OrganisationRow } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { badRequest, conflict, fieldUnprocessable, notFound, unprocessable } from '../../lib/errors.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import { hasRole, type Principal } from '../../lib/principal.js'
import { assertCanManageOrganisations } from './organisations.policy.js'
import * as repo from './organisations.repository.js'

/** The kinds an organisation of each kind may hang under (DOMAIN.md §1): a cooperative under a consortium, a consortium or municipality under a district. */
export const ALLOWED_PARENT_KINDS: Record<OrganisationKind, readonly OrganisationKind[]> = {
  cooperative: ['consortium'],
  consortium: ['district'],
  municipality: ['district'],
  district: [],
  employment_agency: [],
  other: [],
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const KIND_LABELS: Record<OrganisationKind, string> = {
  municipality: 'un comune',
  district: 'un ambito territoriale',
  consortium: 'un consorzio',
  cooperative: 'una cooperativa',
  employment_agency: 'un\'agenzia per il lavoro',
  other: 'un altro ente',
}

export function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    taxCode: row.taxCode,
    parentId: row.parentId,
    cooperativeType: row.cooperativeType,
    email: row.email,
    isActive: row.isActive,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export async function listOrganisations(db: Database, query: OrganisationListQuery): Promise<OrganisationPage> {
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 2)
  if (cursor && (typeof cursor[0] !== 'string' || !UUID.test(String(cursor[1])))) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  const after = cursor ? { name: String(cursor[0]), id: String(cursor[1]) } : null
  const rows = await repo.listOrganisations(db, { kind: query.kind, q: query.q, isActive: query.isActive, after, limit })
  return toPage(rows, limit, toOrganisation, (row) => [row.name, row.id])
}

export async function readOrganisation(db: Database, id: string): Promise<Organisation> {
  const row = await repo.findOrganisation(db, id)
  if (!row) throw notFound('L\'ente')
  return toOrganisation(row)
}

/** Every broken hierarchy rule of the organisation as it would be after the write, each naming its field. */
async function hierarchyErrors(db: Db, organisation: { id?: string; kind: OrganisationKind; parentId: string | null; cooperativeType: string | null }, checkParent: boolean) {
  const errors: ProblemFieldError[] = []
  if (organisation.cooperativeType !== null && organisation.kind !== 'cooperative') {
    errors.push({ pointer: '/cooperativeType', code: 'cooperative_type_only_for_cooperatives', detail: 'Il tipo (A o B) si indica solo per le cooperative sociali.' })
  }
  if (checkParent && organisation.parentId !== null) {
    const parent = await repo.findOrganisation(db, organisation.parentId)
    const allowed = ALLOWED_PARENT_KINDS[organisation.kind]
    if (!parent) {
      errors.push({ pointer: '/parentId', code: 'parent_not_found', detail: 'L\'ente di appartenenza indicato non esiste.' })
    } else if (!allowed.includes(parent.kind)) {
      const detail =
        allowed.length === 0
          ? `${capitalise(KIND_LABELS[organisation.kind])} non può appartenere ad altri enti.`
          : `${capitalise(KIND_LABELS[organisation.kind])} può appartenere solo a ${allowed.map((k) => KIND_LABELS[k]).join(' o ')}, non a ${KIND_LABELS[parent.kind]}.`
      errors.push({ pointer: '/parentId', code: 'parent_kind_not_allowed', detail })
    } else if (organisation.id !== undefined && (await repo.ancestorIds(db, parent.id)).includes(organisation.id)) {
      errors.push({ pointer: '/parentId', code: 'hierarchy_cycle', detail: 'Un ente non può appartenere a se stesso né a un ente che gli appartiene.' })
    }
  }
  return errors
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

async function assertTaxCodeFree(db: Db, taxCode: string | null | undefined, exceptId?: string) {
  if (!taxCode) return
  const existing = await repo.findOrganisationByTaxCode(db, taxCode)
  if (existing && existing.id !== exceptId) throw conflict('duplicate-tax-code', 'Esiste già un ente con questo codice fiscale / partita IVA.', { existingId: existing.id })
}

export async function createOrganisation(db: Database, principal: Principal, actor: AuditActor, input: OrganisationCreate): Promise<Organisation> {
  assertCanManageOrganisations(principal)
  return db.transaction(async (tx) => {
    const values = {
      kind: input.kind,
      name: input.name.trim(),
      taxCode: input.taxCode ?? null,
      parentId: input.parentId ?? null,
      cooperativeType: input.cooperativeType ?? null,
      email: input.email ?? null,
    }
    const errors = await hierarchyErrors(tx, values, true)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'L\'ente non rispetta le regole della gerarchia.')
    await assertTaxCodeFree(tx, values.taxCode)
    const row = await repo.insertOrganisation(tx, values)
    await recordAudit(tx, actor, [
      { action: 'create', resourceType: 'organisation', resourceId: row.id, organisationId: row.id, changedFields: Object.keys(values).filter((k) => values[k as keyof typeof values] !== null) },
    ])
    return toOrganisation(row)
  })
}

export async function updateOrganisation(db: Database, principal: Principal, actor: AuditActor, id: string, expectedVersion: number, patch: OrganisationPatch): Promise<Organisation> {
  assertCanManageOrganisations(principal)
  return db.transaction(async (tx) => {
    const current = await repo.findOrganisationForUpdate(tx, id)
    if (!current) throw notFound('L\'ente')
    assertVersion(current.version, expectedVersion)
    const changes: repo.OrganisationChanges = {}
    if (patch.name !== undefined) changes.name = patch.name.trim()
    if (patch.taxCode !== undefined) changes.taxCode = patch.taxCode
    if (patch.parentId !== undefined) changes.parentId = patch.parentId
    if (patch.cooperativeType !== undefined) changes.cooperativeType = patch.cooperativeType
    if (patch.email !== undefined) changes.email = patch.email
    if (patch.isActive !== undefined) changes.isActive = patch.isActive
    const changed = changedFields(current, changes)
    if (changed.length === 0) return toOrganisation(current)

    if (changed.includes('isActive') && changes.isActive === false && hasRole(principal, 'platform_admin', id)) {
      throw unprocessable(
        [{ rule: 'cannot_deactivate_own_platform_organisation', value: false, detail: 'Non puoi disattivare l\'ente da cui amministri la piattaforma: resteresti senza accesso.' }],
        'La modifica lascerebbe la piattaforma senza il suo amministratore.',
      )
    }
    const next = { ...current, ...changes }
    const errors = await hierarchyErrors(tx, next, changed.includes('parentId'))
    if (errors.length > 0) throw fieldUnprocessable(errors, 'L\'ente non rispetta le regole della gerarchia.')
    if (changed.includes('taxCode')) await assertTaxCodeFree(tx, next.taxCode, id)
    const row = await repo.updateOrganisation(tx, id, Object.fromEntries(changed.map((k) => [k, changes[k as keyof repo.OrganisationChanges]])))
    await recordAudit(tx, actor, [{ action: 'update', resourceType: 'organisation', resourceId: id, organisationId: id, changedFields: changed }])
    return toOrganisation(row)
  })
}
