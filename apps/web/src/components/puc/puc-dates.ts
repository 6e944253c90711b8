/** Calendar helpers of the PUC pages: ISO weeks, months and quarters as the API names them, and saving a downloaded file. */

const DAY_MS = 86_400_000
const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`)
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export const addDays = (date: string, days: number) => fromUtc(toUtc(date) + days * DAY_MS)

/** Today's date in Italy, YYYY-MM-DD. */
export const todayInItaly = (now: Date = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(now)

/** The ISO week of a date, e.g. `2026-W41`. */
export function isoWeekOf(date: string): string {
  const ms = toUtc(date)
  const weekday = (new Date(ms).getUTCDay() + 6) % 7
  const thursday = new Date(ms + (3 - weekday) * DAY_MS)
  const year = thursday.getUTCFullYear()
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The Monday of the week of a date. */
export const mondayOf = (date: string) => addDays(date, -((new Date(toUtc(date)).getUTCDay() + 6) % 7))

/** The quarter of a date, e.g. `2026Q3`. */
export const quarterOf = (date: string) => `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`

/** The quarter before a quarter. */
export function previousQuarter(quarter: string): string {
  const year = Number(quarter.slice(0, 4))
  const q = Number(quarter.slice(5))
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`
}

/** Offers a downloaded file to the user under `name`. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
