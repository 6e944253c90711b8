/**
 * Writes the case timeline: every service records its events here, in the transaction of the
 * change — and, from the same call, the domain event of the outbox (lib/events.ts) that the change
 * feed and the webhooks deliver: addressed to the municipality, to the partner of a referral, and,
 * for what partners may see (the case, the person's working profile, referrals), to the partners
 * holding an accepted referral of the case at that moment. Restricted events stay off the outbox.
 * The domain event carries ids and `{ from, to }` only: never names, reasons or notes.
 */
import { Compile, type Validator } from 'typebox/compile'
import { CASE_EVENT_DATA_SCHEMAS, type CaseEventPayload, type CaseEventType } from '@ponte/shared'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../db/client.js'
import { pgClientOf } from '../../db/statements.js'
import type { caseEvents, CASE_EVENT_AUDIENCES } from '../../db/schema/index.js'

/**
 * An event to record: its dotted type with exactly the data of that type (`CaseEvent` of
 * @ponte/shared, e.g. `case.opened`, `plan.approved`, `referral.accepted`) — what a reader of the
 * timeline needs: from/to statuses, reasons, names. Never sensitive data.
 */
export type CaseEventInput = CaseEventPayload & {
  caseId: string
  /** `case`: partners with an accepted referral see it too; `municipality`: municipal staff; `restricted`: author and coordinators. */
  audience: (typeof CASE_EVENT_AUDIENCES)[number]
  actorUserId: string | null
  resourceType?: string
  resourceId?: string
}

const validators = new Map<string, Validator>()

/** The compiled check of a type's data, or null for a type the contract does not know. */
export function caseEventDataValidator(type: string): Validator | null {
  const cached = validators.get(type)
  if (cached) return cached
  const schema = (CASE_EVENT_DATA_SCHEMAS as Record<string, (typeof CASE_EVENT_DATA_SCHEMAS)[CaseEventType] | undefined>)[type]
  if (!schema) return null
  const validator = Compile(schema)
  validators.set(type, validator)
  return validator
}

/** Throws when the data does not match its type's schema: a writer never stores what the timeline cannot serve. Names fields, never values. */
export function assertCaseEventData(type: string, data: unknown): void {
  const validator = caseEventDataValidator(type)
  if (!validator) throw new Error(`Case event type ${type} has no schema in @ponte/shared (timeline.ts)`)
  if (!validator.Check(data)) {
    const problems = [...validator.Errors(data)].map((e) => `${e.instancePath || '/'} ${e.message}`)
    throw new Error(`Case event ${type}: data does not match its schema (${problems.join('; ')})`)
  }
}

/** Records of a case a partner with an accepted referral may see (DOMAIN.md §1 rule 3). */
const PARTNER_VISIBLE_RESOURCES = new Set(['case', 'person', 'referral'])
/** Records addressed to one partner (`data.partnerOrganisation.id`): a referral, a commitment its service takes on and its progress notes. */
const ONE_PARTNER_RESOURCES = new Set(['referral', 'plan_commitment', 'commitment_progress_note'])

/** The stored row of an event, its data checked against its type (the demo seeders write their past events with it). */
export function caseEventRow(event: CaseEventInput & { occurredAt?: Date }): typeof caseEvents.$inferInsert {
  assertCaseEventData(event.type, event.data)
  return {
    caseId: event.caseId,
    type: event.type,
    audience: event.audience,
    actorUserId: event.actorUserId,
    resourceType: event.resourceType ?? null,
    resourceId: event.resourceId ?? null,
    data: event.data,
    ...(event.occurredAt ? { occurredAt: event.occurredAt } : {}),
  }
}

/**
 * The timeline row and its domain event as two data-modifying CTEs (`case_event`, `case_outbox`),
 * their 15 parameters (`caseEventValues`) numbered from `$${first}`: the timeline row, then — unless
 * the 9th parameter is false (a restricted event) — the outbox row, addressed from the case as it is
 * in the transaction. A write whose own rows are inserted by one statement puts these beside them
 * (the diary note's `diary_note_create`); alone, they are `case_event_record`.
 */
export function caseEventCtes(first: number): string {
  const $ = (n: number) => `$${first + n - 1}`
  return `case_event as (
    insert into case_events (id, case_id, type, audience, actor_user_id, resource_type, resource_id, data)
    values (${$(1)}::uuid, ${$(2)}::uuid, ${$(3)}::text, ${$(4)}::text, ${$(5)}::uuid, ${$(6)}::text, ${$(7)}::uuid, ${$(8)}::jsonb)
  ), case_outbox as (
    insert into domain_events (id, type, resource_type, resource_id, case_id, owner_organisation_id, partner_organisation_id, audience, data, actor_user_id, actor_client_id)
    select ${$(10)}::uuid, ${$(3)}::text, ${$(11)}::text, ${$(12)}::uuid, c.id, c.municipality_id, ${$(13)}::uuid,
      array(
        select distinct o from unnest(
          array[c.municipality_id, ${$(13)}::uuid]
          || case when ${$(14)}::boolean then array(select r.partner_organisation_id from referrals r where r.case_id = c.id and r.status = 'accepted') else '{}'::uuid[] end
        ) as o where o is not null
      ),
      ${$(15)}::jsonb, ${$(5)}::uuid,
      (select a.id from api_clients a where a.service_user_id = ${$(5)}::uuid)
    from cases c where c.id = ${$(2)}::uuid and ${$(9)}::boolean
  )`
}

/** The event and its domain event in one statement, prepared under a name: every case write that has no statement of its own to carry them runs it. */
const RECORD_CASE_EVENT = {
  name: 'case_event_record',
  text: `with ${caseEventCtes(1)} select 1`,
}

/** The 15 values of an event's CTEs (`caseEventCtes`), in order, its data checked against its type's schema. */
export function caseEventValues(event: CaseEventInput): unknown[] {
  const row = caseEventRow(event)
  const resourceType = event.resourceType ?? 'case'
  const resourceId = event.resourceId ?? event.caseId
  const data: Record<string, unknown> = event.data
  const partner = 'partnerOrganisation' in event.data ? event.data.partnerOrganisation : undefined
  const referralPartner = ONE_PARTNER_RESOURCES.has(resourceType) && partner ? partner.id : null
  const summary: Record<string, unknown> = {}
  for (const key of ['from', 'to'] as const) if (typeof data[key] === 'string') summary[key] = data[key]
  return [
    uuidv7(), row.caseId, row.type, row.audience, row.actorUserId ?? null, row.resourceType ?? null, row.resourceId ?? null, JSON.stringify(row.data),
    // Restricted events stay off the outbox.
    event.audience !== 'restricted',
    uuidv7(), resourceType, resourceId, referralPartner, PARTNER_VISIBLE_RESOURCES.has(resourceType), JSON.stringify(summary),
  ]
}

export async function recordCaseEvent(db: Db, event: CaseEventInput): Promise<void> {
  await pgClientOf(db).query({ ...RECORD_CASE_EVENT, values: caseEventValues(event) })
}
