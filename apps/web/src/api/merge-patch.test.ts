import { describe, expect, it } from 'vitest'
import { mergePatch } from './merge-patch'

describe('mergePatch', () => {
  it('keeps only the fields that changed, comparing arrays and objects by value, and keeps nulls that clear a field', () => {
    const before = { name: 'Chiara', skills: ['saldatura'], availability: { days: ['mon'] }, notes: 'x' as string | null }
    expect(mergePatch(before, { ...before, skills: ['saldatura'], availability: { days: ['mon'] } })).toEqual({})
    expect(mergePatch(before, { ...before, skills: ['saldatura', 'magazzino'], notes: null })).toEqual({ skills: ['saldatura', 'magazzino'], notes: null })
  })
})
