/**
 * The `permissions` of a record (the actions the caller may take on it now) come from the very
 * checks its write endpoints make: each action has one `assertCan…` in the area's policy, which the
 * use case calls (and which throws the 403/404/409 the endpoint answers), and `permitted` lists the
 * actions whose check passes. One function per action, both places: the web app's buttons and the
 * API's answers cannot drift apart.
 */
import { AppError } from './errors.js'

/** The actions among `checks` whose check passes now (an `AppError` thrown means refused). */
export function permitted<A extends string>(checks: Record<A, () => void>): A[] {
  const allowed: A[] = []
  for (const action of Object.keys(checks) as A[]) {
    try {
      checks[action]()
      allowed.push(action)
    } catch (error) {
      if (!(error instanceof AppError)) throw error
    }
  }
  return allowed
}
