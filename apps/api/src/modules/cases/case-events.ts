/**
 * Writes the case timeline: every service records its events here, in the transaction of the
 * change — and, from the same call, the domain event of the outbox (lib/events.ts) that the change
 * feed and the webhooks deliver: addressed to the municipality, to the partner of a referral, and,
 * for what partners may see (the case, the person's working profile, referrals), to the partners
 * holding an accepted referral of the case at that moment. Restricted events stay off the outbox.
 * The domain event carries ids and `{ from, to }` only: never names, reasons or notes.
 */
import { sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../db/client.js'
import { caseEvents, type CASE_EVENT_AUDIENCES } from '../../db/schema/index.js'

export interface CaseEventInput {
  caseId: string
  /** Dotted event type, e.g. `case.opened`, `case.status_changed`, `plan.approved`, `referral.accepted`. */
  type: string
  /** `case`: partners with an accepted referral see it too; `municipality`: municipal staff; `restricted`: author and coordinators. */
  audience: (typeof CASE_EVENT_AUDIENCES)[number]
  actorUserId: string | null
  resourceType?: string
  resourceId?: string
  /** What a reader of the timeline needs: from/to statuses, reasons, titles. Never sensitive data. */
  data?: Record<string, unknown>
}

/** Records of a case a partner with an accepted referral may see (DOMAIN.md §1 rule 3). */
const PARTNER_VISIBLE_RESOURCES = new Set(['case', 'person', 'referral'])
/** Records addressed to one partner (`data.partnerOrganisation.id`): a referral, a commitment its service takes on and its progress notes. */
const ONE_PARTNER_RESOURCES = new Set(['referral', 'plan_commitment', 'commitment_progress_note'])

export async function recordCaseEvent(db: Db, event: CaseEventInput): Promise<void> {
  await db.insert(caseEvents).values({
    caseId: event.caseId,
    type: event.type,
    audience: event.audience,
    actorUserId: event.actorUserId,
    resourceType: event.resourceType ?? null,
    resourceId: event.resourceId ?? null,
    data: event.data ?? {},
  })
  if (event.audience !== 'restricted') await recordCaseDomainEvent(db, event)
}

async function recordCaseDomainEvent(db: Db, event: CaseEventInput): Promise<void> {
  const resourceType = event.resourceType ?? 'case'
  const resourceId = event.resourceId ?? event.caseId
  const partner = event.data?.partnerOrganisation as { id?: unknown } | undefined
  const referralPartner = ONE_PARTNER_RESOURCES.has(resourceType) && typeof partner?.id === 'string' ? partner.id : null
  const partnersToo = PARTNER_VISIBLE_RESOURCES.has(resourceType)
  const summary: Record<string, unknown> = {}
  for (const key of ['from', 'to'] as const) if (typeof event.data?.[key] === 'string') summary[key] = event.data[key]
  await db.execute(sql`
    insert into domain_events (id, type, resource_type, resource_id, case_id, owner_organisation_id, partner_organisation_id, audience, data, actor_user_id, actor_client_id)
    select ${uuidv7()}::uuid, ${event.type}, ${resourceType}, ${resourceId}::uuid, c.id, c.municipality_id, ${referralPartner}::uuid,
      array(
        select distinct o from unnest(
          array[c.municipality_id, ${referralPartner}::uuid]
          || case when ${partnersToo} then array(select r.partner_organisation_id from referrals r where r.case_id = c.id and r.status = 'accepted') else '{}'::uuid[] end
        ) as o where o is not null
      ),
      ${JSON.stringify(summary)}::jsonb, ${event.actorUserId}::uuid,
      (select a.id from api_clients a where a.service_user_id = ${event.actorUserId}::uuid)
    from cases c where c.id = ${event.caseId}::uuid`)
}
