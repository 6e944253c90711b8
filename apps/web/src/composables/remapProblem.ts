/** A problem with its field errors moved onto a form's own fields (e.g. `/consent/date` → `/consentDate`), for useFormErrors. */
import type { ProblemFieldError } from '@ponte/shared'
import { ApiError } from '../api/http'

export function remapProblem(problem: ApiError | null | undefined, remap: (error: ProblemFieldError) => ProblemFieldError): ApiError | null {
  if (!problem) return null
  return new ApiError(
    {
      type: problem.type,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      instance: problem.instance,
      existingId: problem.existingId,
      errors: problem.errors.map(remap),
      violations: problem.violations,
    },
    problem.retryAfterSeconds,
  )
}
