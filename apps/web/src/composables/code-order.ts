/**
 * Compares two identifiers by their code units, the order of `<` on strings: for ids and file
 * names, where no reader's language is involved. Not `localeCompare`: on a phone its first call
 * loads the ICU collator (tens of milliseconds of blocked page at start-up, docs/decisions/0029).
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
