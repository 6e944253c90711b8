/**
 * API errors follow Accept-Language: Italian by default, English when the caller prefers it. The
 * platform's problems (titles, and the details of authentication, validation, limits, versions,
 * idempotency, media types and the database) are translated here, in the one place every problem
 * leaves through (plugins/errors.ts sendProblem); a domain rule's detail stays Italian.
 */

export type ProblemLanguage = 'it' | 'en'

/** The preferred of Italian and English in an Accept-Language header (RFC 9110 §12.5.4); Italian when neither or a tie. */
export function problemLanguage(acceptLanguage: string | string[] | undefined): ProblemLanguage {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '')
  let it = -1
  let en = -1
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (!Number.isFinite(q) || q <= 0) continue
    const primary = tag.split('-')[0]
    if (primary === 'it') it = Math.max(it, q)
    if (primary === 'en') en = Math.max(en, q)
  }
  return en > it ? 'en' : 'it'
}

const TITLES: Record<string, string> = {
  'Richiesta non valida': 'Bad request',
  'Dati non validi': 'Invalid data',
  'Non autenticato': 'Not authenticated',
  'Operazione non consentita': 'Operation not allowed',
  'Ambito non concesso': 'Scope not granted',
  'Non trovato': 'Not found',
  Conflitto: 'Conflict',
  'Versione non aggiornata': 'Version out of date',
  'If-Match obbligatorio': 'If-Match required',
  'Regola violata': 'Rule violated',
  'Dati non accettabili': 'Unacceptable data',
  'Troppe richieste': 'Too many requests',
  'Passaggio di stato non consentito': 'Transition not allowed',
  'Richiesta in corso': 'Request in progress',
  'Servizio non disponibile': 'Service unavailable',
  'Tipo di contenuto non supportato': 'Unsupported media type',
  'Errore interno': 'Internal error',
  'JSON non valido': 'Malformed JSON',
  'Richiesta troppo grande': 'Payload too large',
  'Riferimento non valido': 'Reference not found',
  'Richiesta scaduta': 'Request timeout',
  'Intestazioni troppo grandi': 'Request header fields too large',
  'Indirizzo troppo lungo': 'URI too long',
}

const DETAILS: Record<string, string> = {
  'Alcuni campi non rispettano le regole.': 'Some fields break the rules.',
  'Alcuni campi non sono validi.': 'Some fields are not valid.',
  'Credenziali mancanti, scadute o non valide.': 'Credentials missing, expired or invalid.',
  'Il tuo ruolo non consente questa operazione.': 'Your role does not allow this operation.',
  'La richiesta viola una o più regole.': 'The request breaks one or more rules.',
  'Troppi tentativi: riprova più tardi.': 'Too many attempts: try again later.',
  'Troppi tentativi di accesso per questo account: riprova più tardi.': 'Too many sign-in attempts for this account: try again later.',
  'Troppi tentativi di accesso da questo indirizzo: riprova più tardi.': 'Too many sign-in attempts from this address: try again later.',
  'Content-Length non corrisponde al corpo.': 'Content-Length does not match the body.',
  'Esiste già una risorsa con gli stessi dati univoci.': 'A resource with the same unique data already exists.',
  'Il corpo della richiesta non è JSON valido.': 'The request body is not valid JSON.',
  'Il corpo della richiesta supera la dimensione massima.': 'The request body exceeds the maximum size.',
  'Il corpo della richiesta è vuoto.': 'The request body is empty.',
  'Il database non è raggiungibile: riprova tra poco.': 'The database cannot be reached: try again shortly.',
  'Il database è occupato: riprova tra poco.': 'The database is busy: try again shortly.',
  "L'operazione sul database ha superato il tempo massimo: riprova tra poco.": 'The database operation took too long: try again shortly.',
  'La richiesta non è stata registrata: riprova con la stessa Idempotency-Key.': 'The request was not recorded: retry with the same Idempotency-Key.',
  "Le modifiche richiedono l'intestazione If-Match con la versione (ETag) letta.": 'Changes need the If-Match header with the version (ETag) you read.',
  'PATCH accetta solo application/merge-patch+json (RFC 7396).': 'PATCH accepts only application/merge-patch+json (RFC 7396).',
  'Qualcun altro ha modificato la risorsa: ricaricala e riprova. (If-Match does not match the current version.)': 'Someone else changed the resource: reload it and try again. (If-Match does not match the current version.)',
  "Si è verificato un errore imprevisto. Cita l'identificativo della richiesta al supporto.": 'An unexpected error occurred. Quote the request id to support.',
  'Una richiesta con la stessa Idempotency-Key è ancora in corso: riprova tra poco.': 'A request with the same Idempotency-Key is still in progress: try again shortly.',
  'Idempotency-Key già usata per una richiesta diversa.': 'Idempotency-Key already used for a different request.',
  'Una risorsa indicata non esiste.': 'A referenced resource does not exist.',
  'Email o password non corretti.': 'Wrong email or password.',
  'Il client applicativo è revocato, scaduto o non autorizzato da questo indirizzo.': 'The API client is revoked, expired or not allowed from this address.',
  'Il token di accesso non è valido o è scaduto.': 'The access token is invalid or expired.',
  "Il tuo account non ha accessi attivi in nessun ente: rivolgiti all'amministratore del tuo ente.": "Your account has no active access in any organisation: ask your organisation's administrator.",
  'Il tuo account non è attivo in nessun ente: rivolgiti al tuo amministratore.': 'Your account is not active in any organisation: ask your administrator.',
  'La sessione è terminata: accedi di nuovo.': 'The session has ended: sign in again.',
  'La sessione non è valida: accedi di nuovo.': 'The session is not valid: sign in again.',
  'La sessione è scaduta: accedi di nuovo.': 'The session has expired: sign in again.',
  "Manca l'intestazione Authorization: Bearer <token>.": 'The Authorization: Bearer <token> header is missing.',
  'Nessuna sessione da rinnovare: accedi.': 'No session to refresh: sign in.',
  'Il token di rinnovo è già stato usato: per sicurezza la sessione è stata chiusa.': 'The refresh token was already used: the session was closed for safety.',
  "L'account non è attivo.": 'The account is not active.',
  'La richiesta non è arrivata per intero entro il tempo massimo: la connessione è chiusa.': 'The request did not arrive in full within the time allowed: the connection is closed.',
  "Le intestazioni (o l'indirizzo) della richiesta superano la dimensione massima.": 'The request headers (or its address) exceed the maximum size.',
  "L'indirizzo della richiesta supera la lunghezza massima.": 'The request address exceeds the maximum length.',
  'Un parametro del percorso supera la lunghezza massima.': 'A path parameter exceeds the maximum length.',
  'Il percorso della richiesta non è una codifica URL valida.': 'The request path is not valid URL encoding.',
  'La richiesta HTTP non è ben formata.': 'The HTTP request is malformed.',
}

const PATTERNS: [RegExp, (...groups: string[]) => string][] = [
  [/^Nessuna risorsa a (\S+) (.*)\.$/, (method, path) => `No resource at ${method} ${path}.`],
  [/^Limite di (\d+) richieste superato: riprova tra (\d+) secondi\.$/, (max, seconds) => `Limit of ${max} requests exceeded: try again in ${seconds} seconds.`],
  [/^Il client applicativo non ha gli ambiti \(scope\) necessari: (.*)\.$/, (scopes) => `The API client lacks the required scopes: ${scopes}.`],
  [/^Non è possibile passare da "(.*)" a "(.*)"\.$/, (from, to) => `Cannot move from "${from}" to "${to}".`],
  [/^Content-Type "(.*)" non è accettato da questa operazione\.$/, (type) => `Content-Type "${type}" is not accepted by this operation.`],
  [/^(.*) non esiste o non è visibile\.$/, () => 'The resource does not exist or is not visible to you.'],
]

/** The problem's title and detail in `language` (Italian is the source: unchanged). */
export function translateProblem<P extends { title: string; detail?: string }>(problem: P, language: ProblemLanguage): P {
  if (language === 'it') return problem
  const title = TITLES[problem.title] ?? problem.title
  let detail = problem.detail
  if (detail !== undefined) {
    const exact = DETAILS[detail]
    if (exact) detail = exact
    else {
      for (const [pattern, render] of PATTERNS) {
        const match = pattern.exec(detail)
        if (match) {
          detail = render(...match.slice(1))
          break
        }
      }
    }
  }
  return { ...problem, title, ...(detail !== undefined ? { detail } : {}) }
}
