/**
 * The Italian partita IVA (11 digits: 7 of the taxpayer's number, 3 of the provincial office, one
 * check digit computed with the Luhn scheme) and a company's codice fiscale (the same 11 digits
 * for companies and bodies, or a person's 16-character code for a sole trader). Shared so the API
 * (authoritative) and the web app (as you type) judge a number the same way.
 */
import { checkTaxCode, normaliseTaxCode } from './tax-code.js'

export type VatNumberProblem = 'format' | 'check_digit'

/** Removes spaces and an `IT` prefix: how a VAT number is stored and compared. */
export const normaliseVatNumber = (value: string) => value.replace(/[\s.-]+/g, '').replace(/^IT/i, '')

/** The check digit of the first 10 digits (Luhn: even positions doubled, 9 taken off above 9). */
export function vatNumberCheckDigit(first10: string): number {
  let sum = 0
  for (let i = 0; i < 10; i++) {
    const digit = first10.charCodeAt(i) - 48
    if (i % 2 === 0) sum += digit
    else sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2
  }
  return (10 - (sum % 10)) % 10
}

/** The problems of a partita IVA (none when valid): 11 digits, not all zero, and its check digit. */
export function checkVatNumber(value: string): VatNumberProblem[] {
  const code = normaliseVatNumber(value)
  if (!/^\d{11}$/.test(code) || /^0{11}$/.test(code)) return ['format']
  return vatNumberCheckDigit(code.slice(0, 10)) === code.charCodeAt(10) - 48 ? [] : ['check_digit']
}

export const isValidVatNumber = (value: string) => checkVatNumber(value).length === 0

/** Completes 10 digits with their check digit (demo data and tests build valid numbers this way). */
export const completeVatNumber = (first10: string) => `${first10}${vatNumberCheckDigit(first10)}`

/** Normalises a company's codice fiscale: no spaces, upper case. */
export const normaliseCompanyTaxCode = (value: string) => normaliseTaxCode(value)

/**
 * The problems of a company's codice fiscale: 11 digits checked like a partita IVA (companies,
 * associations, public bodies), or a person's 16-character code (a sole trader), checked like any
 * person's code.
 */
export function checkCompanyTaxCode(value: string): VatNumberProblem[] {
  const code = normaliseTaxCode(value)
  if (/^\d+$/.test(code)) return checkVatNumber(code)
  if (code.length !== 16) return ['format']
  const problems = checkTaxCode(code)
  if (problems.includes('format')) return ['format']
  return problems.includes('check_character') ? ['check_digit'] : []
}

export const isValidCompanyTaxCode = (value: string) => checkCompanyTaxCode(value).length === 0
