/**
 * Words for a timeline event: its sentence (by dotted type, e.g. `cases.timeline.events.case.opened`)
 * with the names, statuses and dates its data carries, and the reason, outcome or note below it.
 * The event is the contract's union (`CaseEvent`, discriminated by `type`): each type's data is read
 * as its schema says, and a type added to the contract fails the build here until it has its words.
 */
import type { CaseEvent } from '@ponte/shared'

type Translate = (key: string, params?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

export interface EventText {
  title: string
  details: string[]
}

export function describeCaseEvent(event: CaseEvent, t: Translate, te: Exists, formatDay: (date: string) => string, formatCents: (cents: number) => string): EventText {
  const type: string = event.type
  const label = (prefix: string, value: string) => (te(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : value)
  const nameOf = (person: { name?: string | null } | null | undefined) => person?.name ?? ''
  const amount = (cents: number | null | undefined) => (typeof cents === 'number' ? formatCents(cents) : '')
  const details: string[] = []
  const reason = (text: string | undefined) => {
    if (text) details.push(t('cases.timeline.reason', { text }))
  }
  let params: Record<string, unknown> = {}

  switch (event.type) {
    case 'case.opened':
      params = { episode: event.data.episode, caseManager: nameOf(event.data.caseManager) }
      break
    case 'case.reopened':
      params = { episode: event.data.episode, caseManager: nameOf(event.data.caseManager) }
      reason(event.data.reason)
      break
    case 'case.status_changed':
      params = { from: label('cases.status', event.data.from), to: label('cases.status', event.data.to) }
      if (event.data.outcome) details.push(t('cases.timeline.outcome', { text: label('cases.outcomes', event.data.outcome) }))
      reason(event.data.reason)
      if (event.data.note) details.push(t('cases.timeline.note', { text: event.data.note }))
      break
    case 'case.reassigned':
      params = { from: nameOf(event.data.from), to: nameOf(event.data.to) }
      reason(event.data.reason)
      break
    case 'case.member_added':
    case 'case.member_removed':
      params = { member: nameOf(event.data.member) }
      break
    case 'case.updated':
    case 'person.updated':
    case 'economic_support.updated':
    case 'commitment.updated':
    case 'commitment.status_changed':
    case 'commitment.progress_noted':
      break
    case 'referral.requested':
      params = { partner: nameOf(event.data.partnerOrganisation) }
      break
    case 'referral.accepted':
    case 'referral.rejected':
    case 'referral.completed':
    case 'referral.revoked':
      params = { partner: nameOf(event.data.partnerOrganisation), from: label('referrals.status', event.data.from), to: label('referrals.status', event.data.to) }
      reason(event.data.reason)
      break
    case 'assessment.created':
    case 'assessment.updated':
    case 'assessment.signed':
      params = { kind: label('cases.timeline.assessmentKinds', event.data.kind), date: formatDay(event.data.assessedOn) }
      break
    case 'plan.returned':
      params = { versionNumber: event.data.versionNumber }
      reason(event.data.reason)
      break
    case 'plan.created':
    case 'plan.updated':
    case 'plan.submitted':
    case 'plan.approved':
    case 'plan.signed':
    case 'plan.superseded':
    case 'plan.revised':
      params = { versionNumber: event.data.versionNumber }
      break
    case 'commitment.created':
      params = { date: formatDay(event.data.dueDate) }
      break
    case 'meeting.planned':
    case 'meeting.updated':
    case 'meeting.rescheduled':
    case 'meeting.held':
    case 'meeting.missed':
    case 'meeting.cancelled':
      params = { date: formatDay(event.data.date), time: event.data.startTime }
      break
    case 'diary_note.created':
    case 'diary_note.updated':
      params = { date: formatDay(event.data.notedOn) }
      break
    case 'economic_support.requested':
    case 'economic_support.rejected':
      params = { amount: amount(event.data.amountCents) }
      break
    case 'economic_support.approved':
      params = { amount: amount(event.data.approvedAmountCents ?? event.data.amountCents) }
      break
    case 'economic_support.paid':
      params = { amount: amount(event.data.amountCents) }
      break
    default: {
      // Every type of the contract is handled above; a newer API's type gets the generic sentence.
      const exhaustive: never = event
      void exhaustive
    }
  }
  const key = `cases.timeline.events.${type}`
  const title = te(key) ? t(key, params) : t('cases.timeline.unknown', { type })
  return { title, details }
}
