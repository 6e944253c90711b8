/**
 * The twenty Italian regions (and the two autonomous provinces that legislate on internships), as
 * stable lowercase codes. A company site's region selects the internship rule set (DOMAIN.md §3).
 */
export const ITALIAN_REGIONS = [
  'abruzzo',
  'basilicata',
  'calabria',
  'campania',
  'emilia_romagna',
  'friuli_venezia_giulia',
  'lazio',
  'liguria',
  'lombardia',
  'marche',
  'molise',
  'piemonte',
  'puglia',
  'sardegna',
  'sicilia',
  'toscana',
  'trentino_alto_adige_bolzano',
  'trentino_alto_adige_trento',
  'umbria',
  'valle_d_aosta',
  'veneto',
] as const
export type ItalianRegion = (typeof ITALIAN_REGIONS)[number]
