/**
 * JSON Merge Patch (RFC 7396) bodies, typed: the fields of `after` whose values differ from
 * `before` (compared as JSON, so arrays and nested objects count as changed only when they are).
 * The result is `Partial<T>`, which the compiler checks against the operation's PATCH body.
 */
export function mergePatch<T extends object>(before: T, after: T): Partial<T> {
  const patch: Partial<T> = {}
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) patch[key] = after[key]
  }
  return patch
}
