/**
 * The audit trail's exports for the auditor: CSV for Italian spreadsheets (UTF-8 with BOM, `;`)
 * and XLSX, one row per entry with the action and the kind of record in words.
 */
import type { AuditAction, AuditEntry } from '@ponte/shared'
import ExcelJS from 'exceljs'

/** Every action in Italian words (the compiler asks for a new action's words). */
export const AUDIT_ACTION_WORDS: Record<AuditAction, string> = {
  read: 'Lettura',
  list: 'Consultazione elenco',
  search: 'Ricerca',
  duplicate_check: 'Controllo duplicati',
  read_timeline: 'Lettura della cronologia del caso',
  read_assignments: 'Lettura delle assegnazioni del caso',
  read_revisions: 'Lettura delle versioni precedenti',
  attendance: 'Lettura delle presenze',
  register: 'Registro presenze',
  deadlines: 'Lettura delle scadenze',
  outcomes: 'Lettura degli esiti',
  tutoring_sessions: 'Lettura degli incontri di tutoraggio',
  payments: 'Lettura dei pagamenti',
  follow_up: 'Follow-up',
  follow_ups_due: 'Follow-up da fare',
  document: 'Documento',
  puc_quarterly_report: 'Report trimestrale PUC',
  audit_view: 'Nome mostrato nel registro degli accessi',
  export: 'Esportazione',
  create: 'Creazione',
  update: 'Modifica',
  delete: 'Eliminazione',
  transition: 'Cambio di stato',
  sign: 'Firma',
  reassign: 'Riassegnazione',
  reopen: 'Riapertura',
  add_member: 'Aggiunta al caso',
  remove_member: 'Rimozione dal caso',
  add_membership: 'Aggiunta all\'ente',
  reset_password: 'Reimpostazione password',
  extend: 'Proroga',
  rule_override: 'Deroga a una regola',
  revoke: 'Revoca',
  rotate_secret: 'Rinnovo del segreto',
  disable: 'Disattivazione',
  redeliver: 'Nuovo invio',
  login: 'Accesso',
  login_failed: 'Accesso non riuscito',
  login_refused_no_membership: 'Accesso rifiutato (nessun ente)',
  logout: 'Uscita',
  refresh_token_reuse: 'Riuso di una sessione revocata',
  token_issued: 'Token rilasciato a un\'applicazione',
}

const actionWords = (action: string) => (AUDIT_ACTION_WORDS as Record<string, string>)[action] ?? action

const HEADER = ['N.', 'Quando (UTC)', 'Chi', 'Canale', 'Azione', 'Codice azione', 'Tipo di dato', 'Id del dato', 'Persona', 'Caso (episodio)', 'Campi modificati', 'Richiesta']
const CHANNEL_WORDS: Record<string, string> = { staff: 'operatore', client: 'applicazione esterna', system: 'sistema' }

function rowOf(entry: AuditEntry): (string | number)[] {
  return [
    entry.id,
    entry.at,
    entry.actor?.name ?? CHANNEL_WORDS[entry.channel] ?? entry.channel,
    CHANNEL_WORDS[entry.channel] ?? entry.channel,
    actionWords(entry.action),
    entry.action,
    entry.resourceType,
    entry.resourceId ?? '',
    entry.subject?.person.name ?? '',
    entry.subject?.case ? `${entry.subject.case.episode} (aperto il ${entry.subject.case.openedOn})` : '',
    entry.changedFields?.join(', ') ?? '',
    entry.requestId ?? '',
  ]
}

/** A cell of the CSV: quoted when needed; a leading formula character is neutralised (CSV injection). */
function csvCell(value: string | number): string {
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function auditCsv(entries: AuditEntry[]): string {
  const lines = [HEADER, ...entries.map(rowOf)].map((cells) => cells.map(csvCell).join(';'))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

export async function auditXlsx(entries: AuditEntry[], title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Ponte'
  const sheet = workbook.addWorksheet('Registro accessi')
  sheet.addRow([title]).font = { bold: true }
  sheet.addRow([])
  sheet.addRow(HEADER).font = { bold: true }
  for (const entry of entries) sheet.addRow(rowOf(entry))
  sheet.columns.forEach((column, i) => {
    column.width = [8, 26, 24, 18, 30, 18, 18, 38, 26, 22, 30, 24][i] ?? 14
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
