/**
 * The Italian codice fiscale of a person: format, check character, omocodia variants, and its
 * consistency with birth date and sex. Shared so the API (authoritative) and the web app (as you
 * type) judge a tax code the same way.
 */

const MONTHS = 'ABCDEHLMPRST'
/** Omocodia replaces digits, from the right, with these letters (0–9). */
const OMOCODIA = 'LMNPQRSTUV'
/** Positions (0-based) that hold digits in a code without omocodia. */
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14]
const ODD_VALUES: Record<string, number> = {
  0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
}
const FORMAT = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/

export type TaxCodeProblem = 'format' | 'check_character' | 'birth_date' | 'sex'

const evenValue = (c: string) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65)

/** The check character of the first 15 characters. */
export function taxCodeCheckCharacter(first15: string): string {
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const c = first15[i]!
    sum += i % 2 === 0 ? (ODD_VALUES[c] ?? 0) : evenValue(c)
  }
  return String.fromCharCode(65 + (sum % 26))
}

/** Upper-cases and removes spaces: how a tax code is stored and compared. */
export const normaliseTaxCode = (value: string) => value.replace(/\s+/g, '').toUpperCase()

/** The code with omocodia letters turned back into digits (the "base" code, check character recomputed). */
export function taxCodeBase(code: string): string {
  const chars = normaliseTaxCode(code).split('')
  for (const p of DIGIT_POSITIONS) {
    const i = OMOCODIA.indexOf(chars[p] ?? '')
    if (i >= 0) chars[p] = String(i)
  }
  const first15 = chars.slice(0, 15).join('')
  return first15 + taxCodeCheckCharacter(first15)
}

export interface DecodedTaxCode {
  /** Two-digit year, month (1–12), day (1–31). */
  year2: number
  month: number
  day: number
  sex: 'F' | 'M'
  birthPlaceCode: string
}

/** Decodes birth data from a well-formed code (omocodia allowed); null when malformed. */
export function decodeTaxCode(code: string): DecodedTaxCode | null {
  const value = normaliseTaxCode(code)
  if (!FORMAT.test(value)) return null
  const base = taxCodeBase(value)
  const dayField = Number(base.slice(9, 11))
  const month = MONTHS.indexOf(base[8]!) + 1
  const sex = dayField > 40 ? 'F' : 'M'
  const day = sex === 'F' ? dayField - 40 : dayField
  if (day < 1 || day > 31) return null
  return { year2: Number(base.slice(6, 8)), month, day, sex, birthPlaceCode: base.slice(11, 15) }
}

/**
 * Every problem of a tax code, optionally checked against the person's birth date (YYYY-MM-DD) and
 * sex. An empty list means valid.
 */
export function checkTaxCode(code: string, person: { birthDate?: string | null; sex?: 'F' | 'M' | null } = {}): TaxCodeProblem[] {
  const value = normaliseTaxCode(code)
  if (!FORMAT.test(value)) return ['format']
  if (taxCodeCheckCharacter(value.slice(0, 15)) !== value[15]) return ['check_character']
  const decoded = decodeTaxCode(value)
  if (!decoded) return ['format']
  const problems: TaxCodeProblem[] = []
  if (person.birthDate) {
    const [y, m, d] = person.birthDate.split('-').map(Number)
    if (y === undefined || y % 100 !== decoded.year2 || m !== decoded.month || d !== decoded.day) problems.push('birth_date')
  }
  if (person.sex && person.sex !== decoded.sex) problems.push('sex')
  return problems
}

const VOWELS = /[AEIOU]/
const lettersOf = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .split('')

function nameCode(name: string, isGivenName: boolean): string {
  const letters = lettersOf(name)
  const consonants = letters.filter((c) => !VOWELS.test(c))
  const vowels = letters.filter((c) => VOWELS.test(c))
  if (isGivenName && consonants.length >= 4) return consonants[0]! + consonants[2]! + consonants[3]!
  return (consonants.join('') + vowels.join('') + 'XXX').slice(0, 3)
}

/**
 * Computes the tax code of a person (without omocodia). `birthPlaceCode` is the cadastral code of
 * the birth municipality (e.g. L581 Valmadrera, E507 Lecco) or Z+3 for a foreign country.
 */
export function computeTaxCode(person: { givenName: string; familyName: string; birthDate: string; sex: 'F' | 'M'; birthPlaceCode: string }): string {
  const [y, m, d] = person.birthDate.split('-').map(Number) as [number, number, number]
  const day = person.sex === 'F' ? d + 40 : d
  const first15 =
    nameCode(person.familyName, false) +
    nameCode(person.givenName, true) +
    String(y % 100).padStart(2, '0') +
    MONTHS[m - 1]! +
    String(day).padStart(2, '0') +
    person.birthPlaceCode.toUpperCase()
  return first15 + taxCodeCheckCharacter(first15)
}

/** The omocodia variant of a code with its `n` rightmost digits replaced by letters (1–7). */
export function omocodiaVariant(code: string, n: number): string {
  const chars = normaliseTaxCode(code).split('')
  for (const p of DIGIT_POSITIONS.slice(-n)) chars[p] = OMOCODIA[Number(chars[p])] ?? chars[p]!
  const first15 = chars.slice(0, 15).join('')
  return first15 + taxCodeCheckCharacter(first15)
}
