/** Recognises PostgreSQL errors through Drizzle's wrapper (DrizzleQueryError keeps the driver's error in `cause`). */

/** True for a unique violation (23505) of one of `constraints`. */
export function isUniqueViolation(error: unknown, ...constraints: string[]): boolean {
  for (let e = error as { code?: string; constraint?: string; cause?: unknown } | undefined; e && typeof e === 'object'; e = e.cause as typeof e) {
    if (e.code === '23505') return e.constraint !== undefined && constraints.includes(e.constraint)
  }
  return false
}
