import { describe, expect, it } from 'vitest'
import { checkTaxCode, computeTaxCode, decodeTaxCode, omocodiaVariant, taxCodeBase } from '../src/tax-code.js'

describe('codice fiscale', () => {
  it('computes the well-known code of Mario Rossi born in Rome on 1 January 1980', () => {
    expect(computeTaxCode({ givenName: 'Mario', familyName: 'Rossi', birthDate: '1980-01-01', sex: 'M', birthPlaceCode: 'H501' })).toBe('RSSMRA80A01H501U')
  })

  it('accepts a valid code and checks it against birth date and sex', () => {
    expect(checkTaxCode('RSSMRA80A01H501U', { birthDate: '1980-01-01', sex: 'M' })).toEqual([])
    expect(checkTaxCode('rssmra80a01h501u')).toEqual([])
    expect(checkTaxCode('RSSMRA80A01H501U', { birthDate: '1980-01-02', sex: 'F' })).toEqual(['birth_date', 'sex'])
  })

  it('rejects a malformed code and a wrong check character', () => {
    expect(checkTaxCode('RSSMRA80A01H501')).toEqual(['format'])
    expect(checkTaxCode('RSSMRA80Z01H501U')).toEqual(['format'])
    expect(checkTaxCode('RSSMRA80A01H501A')).toEqual(['check_character'])
  })

  it('adds 40 to the day of birth of women', () => {
    const code = computeTaxCode({ givenName: 'Giulia', familyName: 'Bianchi', birthDate: '1975-06-15', sex: 'F', birthPlaceCode: 'E507' })
    expect(code.slice(9, 11)).toBe('55')
    expect(decodeTaxCode(code)).toMatchObject({ year2: 75, month: 6, day: 15, sex: 'F', birthPlaceCode: 'E507' })
  })

  it('takes the first, third and fourth consonant of a given name with four or more', () => {
    expect(computeTaxCode({ givenName: 'Francesco', familyName: 'Re', birthDate: '1990-03-10', sex: 'M', birthPlaceCode: 'L581' }).slice(0, 6)).toBe('REXFNC')
  })

  it('accepts omocodia variants and maps them back to the base code', () => {
    const base = 'RSSMRA80A01H501U'
    for (let n = 1; n <= 7; n++) {
      const variant = omocodiaVariant(base, n)
      expect(checkTaxCode(variant, { birthDate: '1980-01-01', sex: 'M' })).toEqual([])
      expect(taxCodeBase(variant)).toBe(base)
    }
    expect(omocodiaVariant(base, 1).slice(0, 15)).toBe('RSSMRA80A01H50M')
  })
})
