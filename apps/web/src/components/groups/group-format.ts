/** What several group components share: how a problem reads, a session's name, a rate as a percentage. */
import type { GroupSession, GroupSessionRef } from '@ponte/shared'
import { useI18n } from 'vue-i18n'
import type { ApiError } from '../../api/http'
import { problemMessage, useMessages } from '../../composables/messages'
import { formatDate } from '../cases/record-format'

/** A problem as one sentence: the general message, then what each field or rule says. */
export function useProblemText() {
  const translate = useMessages()
  return (problem: ApiError | null): string | null => {
    if (!problem) return null
    const parts = [translate(problemMessage(problem)), ...problem.errors.map((e) => e.detail), ...problem.violations.map((v) => v.detail)]
    return [...new Set(parts.filter(Boolean))].join(' ')
  }
}

/** "Incontro 3 di 16" or "Incontro tematico: CV e lettera di presentazione". */
export function useSessionName() {
  const { t } = useI18n()
  return (session: Pick<GroupSession, 'kind' | 'number'> & { topic?: GroupSession['topic'] }) =>
    session.kind === 'talk' ? t('groups.calendar.talk', { number: session.number }) : t('groups.calendar.thematic', { topic: session.topic ? t(`groups.topic.${session.topic}`) : '' })
}

/** "martedì 3 marzo 2026, ore 17:30". */
export function useSessionWhen() {
  const { t, locale } = useI18n()
  return (session: Pick<GroupSessionRef, 'date' | 'startTime'>) => {
    const weekday = new Intl.DateTimeFormat(locale.value, { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${session.date}T12:00:00Z`))
    return t('groups.calendar.time', { date: `${weekday} ${formatDate(session.date, locale.value)}`, time: session.startTime })
  }
}

export const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? null : Math.round(rate * 100))
