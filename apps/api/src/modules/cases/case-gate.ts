/**
 * The case gate's statements (docs/decisions/0025): every request on a case resolves its scope
 * with one of them, so they are written once as SQL text and prepared under a name (PostgreSQL
 * parses and plans each once per connection; nothing is rebuilt per request). The caller's
 * visibility is the same condition as `visibleCasesCondition` (cases.policy.ts), with the
 * organisations of each role passed as arrays — one text whatever the principal's memberships.
 *
 * - `case_gate`: the case row and whether the caller was added to it;
 * - `case_read`: the same, with what reading the case shows (the person's, the municipality's and
 *   the case manager's names, the colleagues added to it) and, when asked, the audit entry of the
 *   read — one round trip for `GET /cases/{id}` instead of four.
 */
import type pg from 'pg'
import { cases, type CaseRow } from '../../db/schema/index.js'
import { tableColumns } from '../../db/statements.js'
import type { AuditActor } from '../../lib/audit.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'

const CASE = tableColumns(cases)
const caseColumns = CASE.list

/** `visibleCasesCondition` over `c`: $2 the user, $3 the coordinated municipalities, $4 those where they are case manager, $5 their partner organisations. */
const VISIBLE = `(c.municipality_id = any($3::uuid[])
  or (c.municipality_id = any($4::uuid[]) and (c.case_manager_id = $2::uuid or exists(select 1 from case_members m where m.case_id = c.id and m.user_id = $2::uuid)))
  or exists(select 1 from referrals r where r.case_id = c.id and r.status = 'accepted' and r.partner_organisation_id = any($5::uuid[])))`
const IS_MEMBER = 'exists(select 1 from case_members m where m.case_id = c.id and m.user_id = $2::uuid)'

const GATE = {
  name: 'case_gate',
  text: `select ${caseColumns('c')}, ${IS_MEMBER} from "cases" c where c.id = $1::uuid and ${VISIBLE}`,
}

const READ = {
  name: 'case_read',
  text: `with c as (
    select ${caseColumns('c')}, ${IS_MEMBER} as is_member from "cases" c where c.id = $1::uuid and ${VISIBLE}
  ), audited as (
    insert into audit_log (actor_user_id, actor_client_id, channel, request_id, organisation_id, action, resource_type, resource_id)
    select $6::uuid, $7::uuid, $8::text, $9::text, c.municipality_id, 'read', 'case', c.id::text from c where $10::boolean
  )
  select ${caseColumns('c')}, c.is_member, p.given_name, p.family_name, o.name, u.given_name || ' ' || u.family_name,
    coalesce((select json_agg(json_build_object('id', mu.id, 'name', mu.given_name || ' ' || mu.family_name) order by m.created_at, mu.id)
              from case_members m join users mu on mu.id = m.user_id where m.case_id = c.id), '[]')
  from c join persons p on p.id = c.person_id join organisations o on o.id = c.municipality_id join users u on u.id = c.case_manager_id`,
}

const visibility = (principal: Principal) => [
  principal.userId,
  organisationsWithRole(principal, 'coordinator'),
  organisationsWithRole(principal, 'case_manager'),
  organisationsWithRole(principal, 'operator'),
]

const caseRowOf = (values: unknown[]): CaseRow => CASE.decode(values)

export interface GatedCase {
  row: CaseRow
  isMember: boolean
}

/** The case if the principal sees it, or null. */
export async function gateCase(pool: pg.Pool, principal: Principal, caseId: string): Promise<GatedCase | null> {
  const result = await pool.query<unknown[]>({ ...GATE, rowMode: 'array', values: [caseId, ...visibility(principal)] })
  const values = result.rows[0]
  return values ? { row: caseRowOf(values), isMember: values[CASE.count] === true } : null
}

export interface CaseReadView {
  personGivenName: string
  personFamilyName: string
  municipalityName: string
  caseManagerName: string
  members: { id: string; name: string }[]
  /** Whether the read's audit entry was written with it. */
  audited: boolean
}

/** The case with what reading it shows, if the principal sees it, its read audited when `actor` is given; null otherwise. */
export async function gateCaseRead(pool: pg.Pool, principal: Principal, caseId: string, actor: AuditActor | null): Promise<(GatedCase & { view: CaseReadView }) | null> {
  const result = await pool.query<unknown[]>({
    ...READ,
    rowMode: 'array',
    values: [caseId, ...visibility(principal), actor?.actorUserId ?? null, actor?.actorClientId ?? null, actor?.channel ?? null, actor?.requestId ?? null, actor !== null],
  })
  const values = result.rows[0]
  if (!values) return null
  const n = CASE.count
  return {
    row: caseRowOf(values),
    isMember: values[n] === true,
    view: {
      personGivenName: values[n + 1] as string,
      personFamilyName: values[n + 2] as string,
      municipalityName: values[n + 3] as string,
      caseManagerName: values[n + 4] as string,
      members: values[n + 5] as { id: string; name: string }[],
      audited: actor !== null,
    },
  }
}
