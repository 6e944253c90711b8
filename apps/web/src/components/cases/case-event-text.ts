/**
 * Words for a timeline event: its sentence (by dotted type, e.g. `cases.timeline.events.case.opened`)
 * with the names, statuses and dates its data carries, and the reason, outcome or note below it.
 */
import type { CaseEvent } from '@ponte/shared'

type Translate = (key: string, params?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

export interface EventText {
  title: string
  details: string[]
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const nameOf = (value: unknown) => (isObject(value) && typeof value.name === 'string' ? value.name : typeof value === 'string' ? value : '')
const text = (value: unknown) => (typeof value === 'string' ? value : '')

/** Status labels of the records whose events carry `from`/`to`. */
const STATUS_KEYS: Record<string, string> = { case: 'cases.status', referral: 'referrals.status' }

export function describeCaseEvent(event: CaseEvent, t: Translate, te: Exists, formatDay: (date: string) => string, formatCents: (cents: number) => string): EventText {
  const data = event.data as Record<string, unknown>
  const [prefix = ''] = event.type.split('.')
  const statusLabel = (value: unknown) => {
    const key = STATUS_KEYS[prefix]
    if (typeof value !== 'string') return nameOf(value)
    return key && te(`${key}.${value}`) ? t(`${key}.${value}`) : value
  }
  const date = text(data.date) || text(data.assessedOn) || text(data.notedOn) || text(data.dueDate) || text(data.signedOn)
  const amount = typeof data.approvedAmountCents === 'number' ? data.approvedAmountCents : typeof data.amountCents === 'number' ? data.amountCents : null
  const kind = text(data.kind)
  const params: Record<string, unknown> = {
    episode: data.episode ?? '',
    caseManager: nameOf(data.caseManager),
    member: nameOf(data.member),
    partner: nameOf(data.partnerOrganisation),
    from: statusLabel(data.from),
    to: statusLabel(data.to),
    versionNumber: data.versionNumber ?? '',
    date: date ? formatDay(date) : '',
    time: text(data.startTime),
    amount: amount !== null ? formatCents(amount) : '',
    kind: kind && te(`cases.timeline.assessmentKinds.${kind}`) ? t(`cases.timeline.assessmentKinds.${kind}`) : kind,
  }
  const key = `cases.timeline.events.${event.type}`
  const title = te(key) ? t(key, params) : t('cases.timeline.unknown', { type: event.type })
  const details: string[] = []
  if (typeof data.outcome === 'string' && prefix === 'case') details.push(t('cases.timeline.outcome', { text: te(`cases.outcomes.${data.outcome}`) ? t(`cases.outcomes.${data.outcome}`) : data.outcome }))
  if (text(data.reason)) details.push(t('cases.timeline.reason', { text: text(data.reason) }))
  if (text(data.note) && prefix === 'case') details.push(t('cases.timeline.note', { text: text(data.note) }))
  return { title, details }
}
