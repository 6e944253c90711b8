/** Typed errors with stable codes; the error plugin turns each into RFC 9457 problem+json. */
import type { ProblemFieldError, ProblemViolation } from '@ponte/shared'

export interface ProblemInit {
  detail?: string
  errors?: ProblemFieldError[]
  violations?: ProblemViolation[]
  existingId?: string
  missingScopes?: string[]
  headers?: Record<string, string>
}

export class AppError extends Error {
  readonly status: number
  readonly code: string
  readonly title: string
  readonly init: ProblemInit
  constructor(status: number, code: string, title: string, init: ProblemInit = {}) {
    super(init.detail ?? title)
    this.status = status
    this.code = code
    this.title = title
    this.init = init
  }
}

export const problemType = (code: string) => `urn:ponte:problem:${code}`

export const badRequest = (detail: string, errors?: ProblemFieldError[]) => new AppError(400, 'bad-request', 'Richiesta non valida', { detail, ...(errors ? { errors } : {}) })
export const validationFailed = (errors: ProblemFieldError[], detail = 'Alcuni campi non sono validi.') => new AppError(400, 'validation-failed', 'Dati non validi', { detail, errors })
export const unauthorized = (detail = 'Credenziali mancanti, scadute o non valide.') => new AppError(401, 'unauthorized', 'Non autenticato', { detail })
export const forbidden = (detail = 'Il tuo ruolo non consente questa operazione.') => new AppError(403, 'forbidden', 'Operazione non consentita', { detail })
export const insufficientScope = (missingScopes: string[]) =>
  new AppError(403, 'insufficient-scope', 'Ambito non concesso', { detail: `Il client applicativo non ha gli ambiti (scope) necessari: ${missingScopes.join(', ')}.`, missingScopes })
export const notFound = (resource = 'La risorsa') => new AppError(404, 'not-found', 'Non trovato', { detail: `${resource} non esiste o non è visibile.` })
export const conflict = (code: string, detail: string, init: Omit<ProblemInit, 'detail'> = {}) => new AppError(409, code, 'Conflitto', { detail, ...init })
export const preconditionFailed = () =>
  new AppError(412, 'version-mismatch', 'Versione non aggiornata', { detail: 'Qualcun altro ha modificato la risorsa: ricaricala e riprova. (If-Match does not match the current version.)' })
export const preconditionRequired = () =>
  new AppError(428, 'if-match-required', 'If-Match obbligatorio', { detail: 'Le modifiche richiedono l\'intestazione If-Match con la versione (ETag) letta.' })
export const unprocessable = (violations: ProblemViolation[], detail = 'La richiesta viola una o più regole.') =>
  new AppError(422, 'rule-violated', 'Regola violata', { detail, violations })
export const fieldUnprocessable = (errors: ProblemFieldError[], detail = 'Alcuni campi non rispettano le regole.') =>
  new AppError(422, 'invalid-field', 'Dati non accettabili', { detail, errors })
export const tooManyRequests = (retryAfterSeconds: number, detail = 'Troppi tentativi: riprova più tardi.') =>
  new AppError(429, 'too-many-requests', 'Troppe richieste', { detail, headers: { 'retry-after': String(retryAfterSeconds) } })
export const transitionNotAllowed = (from: string, to: string) =>
  new AppError(409, 'transition-not-allowed', 'Passaggio di stato non consentito', { detail: `Non è possibile passare da "${from}" a "${to}".` })
