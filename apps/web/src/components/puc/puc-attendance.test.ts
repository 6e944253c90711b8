import { describe, expect, it } from 'vitest'
import { cellText, parseCell, sameCell } from './puc-attendance'

describe('a cell of the weekly attendance grid', () => {
  it('reads hours with a comma or a point, in quarters of an hour', () => {
    expect(parseCell('4')).toEqual({ ok: true, value: { status: 'present', hours: 4 } })
    expect(parseCell(' 3,5 ')).toEqual({ ok: true, value: { status: 'present', hours: 3.5 } })
    expect(parseCell('3.75')).toEqual({ ok: true, value: { status: 'present', hours: 3.75 } })
    expect(parseCell('3,3')).toEqual({ ok: false })
    expect(parseCell('0')).toEqual({ ok: false })
    expect(parseCell('25')).toEqual({ ok: false })
    expect(parseCell('quattro')).toEqual({ ok: false })
  })

  it('reads AG and AI as absences with no hours, and nothing as no day', () => {
    expect(parseCell('ag')).toEqual({ ok: true, value: { status: 'absent_justified', hours: 0 } })
    expect(parseCell('AI')).toEqual({ ok: true, value: { status: 'absent_unjustified', hours: 0 } })
    expect(parseCell('')).toEqual({ ok: true, value: null })
  })

  it('prints a day as the text that records it again', () => {
    expect(cellText({ status: 'present', hours: 3.5 })).toBe('3,5')
    expect(cellText({ status: 'present', hours: 3.5 }, 'en')).toBe('3.5')
    expect(cellText({ status: 'absent_justified', hours: 0 })).toBe('AG')
    expect(cellText(null)).toBe('')
    expect(sameCell({ status: 'present', hours: 4 }, { status: 'present', hours: 4 })).toBe(true)
    expect(sameCell(null, { status: 'present', hours: 4 })).toBe(false)
  })
})
