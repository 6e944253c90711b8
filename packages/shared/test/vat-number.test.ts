import { describe, expect, it } from 'vitest'
import { checkCompanyTaxCode, checkVatNumber, completeVatNumber, computeTaxCode, isValidVatNumber, normaliseVatNumber, vatNumberCheckDigit } from '../src/index.js'

describe('partita IVA', () => {
  it('accepts numbers whose check digit is right', () => {
    // Real, published numbers: Agenzia delle Entrate's example and two large companies.
    for (const vat of ['12345678903', '00488410010', '00905811006', '01234567897']) expect(checkVatNumber(vat), vat).toEqual([])
  })

  it('computes the check digit with even positions doubled and 9 taken off above 9', () => {
    expect(vatNumberCheckDigit('1234567890')).toBe(3)
    expect(vatNumberCheckDigit('0048841001')).toBe(0)
    expect(completeVatNumber('0123456789')).toBe('01234567897')
  })

  it('refuses a number with a wrong check digit', () => {
    expect(checkVatNumber('12345678901')).toEqual(['check_digit'])
    expect(checkVatNumber('00488410011')).toEqual(['check_digit'])
  })

  it('refuses anything but 11 digits, and all zeros', () => {
    for (const vat of ['1234567890', '123456789012', '1234567890A', '00000000000', '']) expect(checkVatNumber(vat), vat).toEqual(['format'])
  })

  it('ignores spaces and an IT prefix', () => {
    expect(normaliseVatNumber('IT 123 456 789 03')).toBe('12345678903')
    expect(isValidVatNumber('IT12345678903')).toBe(true)
  })

  it('catches every single-digit typo', () => {
    const valid = '00488410010'
    for (let i = 0; i < 11; i++) {
      for (let d = 0; d <= 9; d++) {
        const typo = `${valid.slice(0, i)}${d}${valid.slice(i + 1)}`
        if (typo !== valid) expect(isValidVatNumber(typo), typo).toBe(false)
      }
    }
  })
})

describe('company codice fiscale', () => {
  it('checks 11 digits like a partita IVA', () => {
    expect(checkCompanyTaxCode('00488410010')).toEqual([])
    expect(checkCompanyTaxCode('00488410011')).toEqual(['check_digit'])
  })

  it('accepts a sole trader\'s personal code and checks its check character', () => {
    const code = computeTaxCode({ givenName: 'Mario', familyName: 'Rossi', birthDate: '1970-05-12', sex: 'M', birthPlaceCode: 'E507' })
    expect(checkCompanyTaxCode(code.toLowerCase())).toEqual([])
    const wrong = `${code.slice(0, 15)}${code[15] === 'A' ? 'B' : 'A'}`
    expect(checkCompanyTaxCode(wrong)).toEqual(['check_digit'])
  })

  it('refuses other lengths and shapes', () => {
    for (const code of ['123', 'RSSMRA70E12E50', 'ABCDEFGHIJKLMNOPQ']) expect(checkCompanyTaxCode(code), code).toEqual(['format'])
  })
})
