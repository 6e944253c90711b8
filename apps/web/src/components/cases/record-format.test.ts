import { describe, expect, it } from 'vitest'
import en from '../../i18n/caseRecords.en.json'
import it_ from '../../i18n/caseRecords.it.json'
import { centsToEuroInput, formatCents, formatDate, isCommitmentOverdue, parseEuroToCents, todayInItaly } from './record-format'
import { fieldOfError, pathOfPointer } from '../../composables/useRecordFormErrors'

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

describe('euro and cents', () => {
  it('reads euro as people type them into exact integer cents', () => {
    expect(parseEuroToCents('0,29')).toBe(29)
    expect(parseEuroToCents('0.29')).toBe(29)
    expect(parseEuroToCents('1,1')).toBe(110)
    expect(parseEuroToCents('19,99')).toBe(1999)
    expect(parseEuroToCents('1.234,56')).toBe(123456)
    expect(parseEuroToCents('1.234.567,89')).toBe(123456789)
    expect(parseEuroToCents('1234,56')).toBe(123456)
    expect(parseEuroToCents('1.500')).toBe(150000)
    expect(parseEuroToCents(' € 250 ')).toBe(25000)
    expect(parseEuroToCents('0')).toBe(0)
    for (const wrong of ['', 'abc', '12,345', '1,2,3', '-5', '1.23.4', '12.5.00']) expect(parseEuroToCents(wrong)).toBeNull()
  })

  it('shows cents as euro in Italian, and back as the text of an input', () => {
    // Intl's Italian groups thousands from five digits on (CLDR minimum grouping digits).
    expect(plain(formatCents(123456))).toBe('1234,56 €')
    expect(plain(formatCents(1234567))).toBe('12.345,67 €')
    expect(plain(formatCents(100000000))).toBe('1.000.000,00 €')
    expect(plain(formatCents(29))).toBe('0,29 €')
    expect(plain(formatCents(30000))).toBe('300,00 €')
    expect(centsToEuroInput(123456)).toBe('1234,56')
    expect(centsToEuroInput(5)).toBe('0,05')
    expect(parseEuroToCents(centsToEuroInput(100010))).toBe(100010)
  })
})

describe('dates', () => {
  it('formats calendar dates without a time-zone shift and knows today in Italy', () => {
    expect(formatDate('2026-01-01')).toBe('01/01/2026')
    expect(todayInItaly(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01')
  })

  it('calls overdue a commitment still open (or rescheduled, by its new date) past its due date', () => {
    const today = '2026-03-10'
    expect(isCommitmentOverdue({ status: 'open', dueDate: '2026-03-09', rescheduledTo: null }, today)).toBe(true)
    expect(isCommitmentOverdue({ status: 'open', dueDate: '2026-03-10', rescheduledTo: null }, today)).toBe(false)
    expect(isCommitmentOverdue({ status: 'met', dueDate: '2026-01-01', rescheduledTo: null }, today)).toBe(false)
    expect(isCommitmentOverdue({ status: 'rescheduled', dueDate: '2026-01-01', rescheduledTo: '2026-04-01' }, today)).toBe(false)
    expect(isCommitmentOverdue({ status: 'rescheduled', dueDate: '2026-01-01', rescheduledTo: '2026-03-01' }, today)).toBe(true)
  })
})

describe('field errors of nested fields', () => {
  it('gives an error to the deepest field its pointer names', () => {
    expect(pathOfPointer('/objectives/0/title')).toBe('objectives.0.title')
    const fields = ['objectives', 'objectives.0', 'objectives.0.title', 'scores', 'scores.work']
    expect(fieldOfError({ pointer: '/objectives/0/title', detail: '' }, fields)).toBe('objectives.0.title')
    expect(fieldOfError({ pointer: '/objectives/0/id', detail: '' }, fields)).toBe('objectives.0')
    expect(fieldOfError({ pointer: '/scores/work', detail: '' }, fields)).toBe('scores.work')
    expect(fieldOfError({ pointer: '/scores', detail: '' }, fields)).toBe('scores')
    expect(fieldOfError({ pointer: '/querystring/limit', detail: '' }, fields)).toBeNull()
  })
})

describe('caseRecords messages', () => {
  const keysOf = (messages: object, prefix = ''): string[] =>
    Object.entries(messages).flatMap(([key, value]) => (typeof value === 'object' && value !== null ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]))

  it('has the same keys in Italian and English, under the one top-level key caseRecords', () => {
    expect(Object.keys(it_)).toEqual(['caseRecords'])
    expect(Object.keys(en)).toEqual(['caseRecords'])
    expect(keysOf(en).sort()).toEqual(keysOf(it_).sort())
  })
})
