/**
 * What a company's size obliges or allows (DOMAIN.md §3–§4), computed from its number of
 * employees and shown on the company: how many interns it may host at once (Lombardy, DGR X/7763
 * of 2018, the same figures as the national guidelines of 2017) and its L. 68/1999 quota of
 * disabled workers. Shared so the API and the web app compute them the same way.
 */

/** Interns a host may have at once: 0–5 employees → 1; 6–20 → 2; more than 20 → 10% (rounded down). */
export function internsHostableAtOnce(employees: number): number {
  if (employees <= 5) return 1
  if (employees <= 20) return 2
  return Math.floor(employees / 10)
}

/**
 * The L. 68/1999 art. 3 quota of disabled workers: none below 15 employees; 15–35 → 1; 36–50 → 2;
 * more than 50 → 7% of the employees, a fraction above one half counting as a unit (art. 3 c. 1,
 * with the rounding of DPR 333/2000). Computed in integers so no float rounding leaks.
 */
export function disabledWorkersQuota(employees: number): number {
  if (employees < 15) return 0
  if (employees <= 35) return 1
  if (employees <= 50) return 2
  const hundredths = employees * 7
  return Math.floor(hundredths / 100) + (hundredths % 100 > 50 ? 1 : 0)
}

/** The size band of the L. 68 quota, for labels: `none`, `one`, `two`, `seven_percent`. */
export type DisabledQuotaBand = 'none' | 'one' | 'two' | 'seven_percent'
export function disabledQuotaBand(employees: number): DisabledQuotaBand {
  if (employees < 15) return 'none'
  if (employees <= 35) return 'one'
  if (employees <= 50) return 'two'
  return 'seven_percent'
}
