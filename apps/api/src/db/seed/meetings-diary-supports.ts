/**
 * Demo meetings, diary notes and economic supports for the Valmadrera demo cases (written by the
 * cases seeder, which runs before this one): what a case's history looks like at each status, with
 * upcoming and overdue meetings for casemanager@valmadrera.demo, a few restricted notes by the
 * coordinator, and supports in every status. Dates are relative to the day the demo is loaded.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../client.js'
import {
  caseEvents,
  cases,
  diaryNoteRevisions,
  diaryNotes,
  economicSupports,
  meetings,
  persons,
  referrals,
  users,
  type CaseStatus,
  type EconomicSupportStatus,
  type EconomicSupportType,
  type MeetingParticipantValue,
  type MeetingStatus,
} from '../schema/index.js'
import type { CaseEventPayload } from '@ponte/shared'
import { caseEventRow } from '../../modules/cases/case-events.js'
import { registerDemoSeeder, type DemoContext } from './demo.js'
import { todayInItaly } from '../../lib/dates.js'

const DAY = 86_400_000
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10)
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY)
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())
/** The date, or the nearest working day in `direction` (−1 earlier, +1 later). */
function workday(date: string, direction: -1 | 1) {
  let day = date
  while (isWeekend(day)) day = addDays(day, direction)
  return day
}
/** An instant on a date at an Italian local time (a fixed +01:00 offset is close enough for demo data). */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+01:00`)
const later = (a: string, b: string) => (a > b ? a : b)
const earlier = (a: string, b: string) => (a < b ? a : b)
/** The last day of the `months`-th month starting with the month of `from`. */
function monthEnd(from: string, months: number) {
  const day = new Date(`${from.slice(0, 7)}-01T12:00:00Z`)
  day.setUTCMonth(day.getUTCMonth() + months, 0)
  return day.toISOString().slice(0, 10)
}

interface DemoCase {
  id: string
  status: CaseStatus
  openedOn: string
  closedOn: string | null
  caseManagerId: string
  givenName: string
  familyName: string
  sex: 'F' | 'M'
}

interface MeetingPlan {
  status: MeetingStatus
  /** Position: a fraction (0–1) of the case's past, or days from today for planned meetings. */
  past?: number
  inDays?: number
  time: string
  duration?: number
  agenda: string
  location?: string
  outcome?: string
  evaluation?: number
  statusNote?: string
  withPartner?: boolean
}

interface NotePlan {
  past: number
  text: string
  byCoordinator?: boolean
  restricted?: boolean
  /** An earlier text the author corrected (kept as a revision). */
  previousText?: string
}

interface SupportPlan {
  past: number
  type: EconomicSupportType
  amountCents: number
  months: number
  purpose: string
  status: EconomicSupportStatus
  approvedAmountCents?: number
  decisionNote?: string
}

const OFFICE = 'Servizi Sociali, Comune di Valmadrera — via Roma 31'
const COOPERATIVE_OFFICE = 'Servizio lavoro della Cooperativa Lavoro e Comunità, Lecco'

/** How the person is named in the texts: `sig` mid-sentence, `Sig` at the start of one. */
interface Naming {
  sig: string
  Sig: string
}

/** The meetings of a case's history at each status; `withOverdue` adds one still to record. */
function meetingPlans(status: CaseStatus, { sig, Sig }: Naming, withOverdue: boolean): MeetingPlan[] {
  const overdue = (agenda: string): MeetingPlan[] => (withOverdue ? [{ status: 'planned', inDays: -3, time: '10:30', agenda }] : [])
  switch (status) {
    case 'intake':
      return [{ status: 'planned', inDays: 3, time: '09:30', agenda: 'Primo colloquio di conoscenza e raccolta del percorso lavorativo' }]
    case 'assessment':
      return [
        { status: 'held', past: 0.2, time: '09:30', agenda: 'Primo colloquio di conoscenza', evaluation: 4, outcome: `Ricostruito con ${sig} il percorso lavorativo: diversi anni nel settore metalmeccanico, poi il licenziamento per la chiusura del reparto. Consegnato l'elenco dei documenti per l'iscrizione al Centro per l'Impiego (DID).` },
        { status: 'missed', past: 0.55, time: '14:30', agenda: 'Compilazione della scheda di valutazione preliminare', statusNote: 'Assenza senza preavviso; ricontattata in giornata, la persona riferisce un imprevisto familiare. Incontro da rifissare.' },
        ...overdue('Visita domiciliare concordata'),
        { status: 'planned', inDays: 2, time: '11:00', agenda: 'Restituzione della valutazione preliminare e prime ipotesi di progetto' },
      ]
    case 'active':
      return [
        { status: 'held', past: 0.15, time: '09:00', agenda: 'Valutazione approfondita delle competenze', evaluation: 4, outcome: 'Emerse buone competenze manuali e la patente B; interesse per la logistica e la manutenzione del verde. Concordato l\'invio al servizio lavoro della cooperativa.' },
        { status: 'held', past: 0.45, time: '10:00', agenda: 'Sottoscrizione del progetto personalizzato', withPartner: true, location: COOPERATIVE_OFFICE, evaluation: 5, outcome: 'Firmato il patto: ricerca attiva con il servizio lavoro, corso sulla sicurezza di base, colloqui mensili di verifica.' },
        { status: 'cancelled', past: 0.75, time: '15:00', agenda: 'Colloquio di verifica mensile', statusNote: 'Annullato su richiesta della persona: nello stesso orario ha un colloquio di lavoro fissato tramite la cooperativa.' },
        ...overdue('Verifica dell\'avvio della ricerca attiva di lavoro'),
        { status: 'planned', inDays: 7, time: '09:30', agenda: 'Colloquio di verifica mensile', withPartner: true },
      ]
    case 'monitoring':
      return [
        { status: 'held', past: 0.2, time: '09:30', agenda: 'Verifica del progetto personalizzato', evaluation: 4, outcome: 'Obiettivi del primo trimestre raggiunti: completato il corso sulla sicurezza, avviato il tirocinio di inserimento.' },
        { status: 'missed', past: 0.5, time: '16:00', agenda: 'Colloquio di monitoraggio', statusNote: 'Non si è presentata la persona: il turno del tirocinio è stato spostato. Concordato di fissare i colloqui al mattino.' },
        { status: 'held', past: 0.8, time: '08:45', agenda: 'Colloquio di monitoraggio con il tutor del tirocinio', withPartner: true, evaluation: 5, outcome: 'Il tutor aziendale riferisce puntualità e buona autonomia; l\'azienda valuta un contratto a termine alla fine del tirocinio.' },
        { status: 'planned', inDays: 14, time: '09:00', agenda: 'Monitoraggio: andamento del tirocinio e prospettive di assunzione' },
      ]
    case 'suspended':
      return [
        { status: 'held', past: 0.2, time: '10:00', agenda: 'Primo colloquio di conoscenza', evaluation: 3, outcome: `${Sig} racconta la perdita del lavoro nel magazzino di un'azienda della zona, dopo undici anni; chiede aiuto per la ricerca di un nuovo impiego e per le spese di casa.` },
        { status: 'missed', past: 0.45, time: '09:30', agenda: 'Bilancio delle competenze', statusNote: 'Assenza senza preavviso.' },
        { status: 'missed', past: 0.6, time: '11:00', agenda: 'Bilancio delle competenze (recupero)', statusNote: 'Seconda assenza: la persona riferisce al telefono impegni di cura in famiglia.' },
        { status: 'cancelled', past: 0.85, time: '10:00', agenda: 'Colloquio di verifica', statusNote: 'Percorso sospeso su richiesta della persona: il colloquio sarà fissato alla ripresa.' },
      ]
    case 'closed':
      return [
        { status: 'held', past: 0.1, time: '09:30', agenda: 'Primo colloquio di conoscenza', evaluation: 4, outcome: 'Raccolta la storia lavorativa e le aspettative; disponibilità a lavorare su turni e a spostarsi in provincia.' },
        { status: 'held', past: 0.4, time: '10:00', agenda: 'Sottoscrizione del progetto personalizzato', withPartner: true, evaluation: 4, outcome: 'Concordati ricerca attiva, preparazione del curriculum e colloqui simulati con il servizio lavoro.' },
        { status: 'held', past: 0.95, time: '11:00', agenda: 'Colloquio di chiusura del percorso', evaluation: 5, outcome: 'Obiettivi del progetto raggiunti; la persona ringrazia il servizio. Chiusura concordata, con la possibilità di tornare in caso di bisogno.' },
      ]
  }
}

/** The diary of a case at each status; `withRestricted` adds a restricted note by the coordinator. */
function notePlans(status: CaseStatus, { sig, Sig }: Naming, withRestricted: boolean): NotePlan[] {
  const restricted = (text: string): NotePlan[] => (withRestricted ? [{ past: 0.5, text, byCoordinator: true, restricted: true }] : [])
  switch (status) {
    case 'intake':
      return [{ past: 0, text: `Primo contatto allo sportello: ${sig} chiede un appuntamento dopo la perdita del lavoro. Fissato il primo colloquio.` }]
    case 'assessment':
      return [
        { past: 0.1, text: `Telefonata con ${sig}: conferma il primo colloquio e chiede quali documenti portare.` },
        { past: 0.6, text: 'Verificata con il Centro per l\'Impiego di Lecco l\'iscrizione (DID) e la decorrenza della NASpI.', previousText: 'Verificata con il Centro per l\'Impiego l\'iscrizione (DID).' },
        ...restricted('Confronto con l\'assistente sociale: emergono debiti pregressi con una finanziaria. Si valuta l\'invio allo sportello di consulenza sul sovraindebitamento. Nota riservata su richiesta della persona.'),
      ]
    case 'active':
      return [
        { past: 0.2, text: 'Inviato il curriculum aggiornato al servizio lavoro della cooperativa, con il consenso della persona.' },
        { past: 0.6, text: `${Sig} riferisce di aver sostenuto due colloqui di lavoro nel settore della logistica; buona motivazione.` },
        ...restricted('Colloquio con la coordinatrice: tensioni in famiglia legate alla situazione economica. Concordato un sostegno mirato; i dettagli restano riservati.'),
      ]
    case 'monitoring':
      return [
        { past: 0.3, text: 'Avviato il tirocinio di inserimento presso un\'azienda di manutenzione del verde di Valmadrera.', previousText: 'Avviato il tirocinio di inserimento.' },
        { past: 0.85, text: 'Sentito il tutor aziendale: tirocinio regolare, presenze sopra l\'80%.' },
      ]
    case 'suspended':
      return [
        { past: 0.5, text: 'Due assenze consecutive ai colloqui; ricontattata la persona, che conferma l\'interesse per il percorso.' },
        { past: 0.85, text: 'Percorso sospeso su richiesta della persona; verifica della ripresa tra due mesi.' },
        ...restricted('Colloquio con la coordinatrice: la persona chiede di sospendere il percorso per assistere un familiare. Concordato di risentirsi tra due mesi.'),
      ]
    case 'closed':
      return [{ past: 0.9, text: `${Sig} comunica di aver firmato il contratto di lavoro. Il percorso si chiude con esito positivo.` }]
  }
}

/** The economic supports of a case at each status, together covering every status of a support. */
function supportPlans(status: CaseStatus): SupportPlan[] {
  switch (status) {
    case 'intake':
      return []
    case 'assessment':
      return [{ past: 0.3, type: 'emergency_grant', amountCents: 25_000, months: 1, status: 'requested', purpose: 'Contributo straordinario per spese alimentari e farmaci in attesa della prima mensilità della NASpI.' }]
    case 'active':
      return [
        { past: 0.2, type: 'rent', amountCents: 90_000, months: 3, status: 'paid', purpose: 'Contributo affitto di €300 al mese per tre mesi, per evitare la morosità.', decisionNote: 'Approvato secondo il regolamento comunale dei contributi economici.' },
        { past: 0.5, type: 'training_grant', amountCents: 35_000, months: 1, status: 'approved', purpose: 'Iscrizione al corso per conduttori di carrelli elevatori, richiesto dalle aziende della logistica.' },
        { past: 0.8, type: 'utilities', amountCents: 18_450, months: 2, status: 'requested', purpose: 'Bolletta del gas del bimestre, scaduta.' },
      ]
    case 'monitoring':
      return [
        { past: 0.1, type: 'rent', amountCents: 120_000, months: 4, status: 'rejected', purpose: 'Contributo affitto di €300 al mese per quattro mesi.', decisionNote: 'L\'ISEE presentato supera la soglia prevista dal regolamento comunale; indicata la domanda al Fondo affitti regionale.' },
        { past: 0.3, type: 'transport', amountCents: 29_400, months: 6, status: 'paid', purpose: 'Abbonamento ferroviario Valmadrera–Lecco per sei mesi (€49 al mese) per raggiungere il tirocinio.' },
        { past: 0.5, type: 'work_grant', amountCents: 150_000, months: 3, status: 'approved', approvedAmountCents: 120_000, purpose: 'Borsa lavoro di €500 al mese per tre mesi durante il tirocinio.', decisionNote: 'Approvata per €400 al mese: la restante quota è coperta dall\'indennità di tirocinio.' },
      ]
    case 'suspended':
      return [{ past: 0.4, type: 'utilities', amountCents: 21_000, months: 2, status: 'rejected', purpose: 'Bolletta dell\'energia elettrica del bimestre.', decisionNote: 'La bolletta risulta già ridotta dal bonus sociale per disagio economico; nessun contributo ulteriore previsto.' }]
    case 'closed':
      return [{ past: 0.2, type: 'emergency_grant', amountCents: 30_000, months: 1, status: 'paid', purpose: 'Contributo straordinario per le spese di casa nel mese senza reddito.', decisionNote: 'Approvato in via d\'urgenza.' }]
  }
}

async function seedMeetingsDiarySupports(db: Db, { orgs, users: demoUsers }: DemoContext) {
  const rows: DemoCase[] = await db
    .select({
      id: cases.id,
      status: cases.status,
      openedOn: cases.openedOn,
      closedOn: cases.closedOn,
      caseManagerId: cases.caseManagerId,
      givenName: persons.givenName,
      familyName: persons.familyName,
      sex: persons.sex,
    })
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .where(eq(cases.municipalityId, orgs.valmadrera))
    .orderBy(asc(cases.openedOn), asc(cases.id))
  if (rows.length === 0) return

  const coordinatorId = demoUsers['coordinator@valmadrera.demo'] ?? null
  const demoCaseManagerId = demoUsers['casemanager@valmadrera.demo'] ?? null
  const staff = await db.select({ id: users.id, givenName: users.givenName, familyName: users.familyName }).from(users).where(inArray(users.id, [...new Set(rows.map((r) => r.caseManagerId))]))
  const nameOf = new Map(staff.map((u) => [u.id, `${u.givenName} ${u.familyName}`]))
  const referred = new Set(
    (await db.select({ caseId: referrals.caseId }).from(referrals).where(and(inArray(referrals.caseId, rows.map((r) => r.id)), inArray(referrals.status, ['accepted', 'completed'])))).map((r) => r.caseId),
  )
  const today = todayInItaly()
  const yesterday = addDays(today, -1)
  let restrictedLeft = 3
  let overdueLeft = 2

  for (const c of rows) {
    const sig = `${c.sex === 'F' ? 'la sig.ra' : 'il sig.'} ${c.familyName}`
    const naming: Naming = { sig, Sig: sig.charAt(0).toUpperCase() + sig.slice(1) }
    const end = earlier(c.closedOn ?? yesterday, yesterday)
    const span = Math.max(0, daysBetween(c.openedOn, end))
    /** A working day at `fraction` of the case's past (opening → closing or yesterday). */
    const pastDay = (fraction: number) => {
      const day = workday(addDays(c.openedOn, Math.round(span * fraction)), -1)
      return day < c.openedOn ? c.openedOn : day
    }
    const isDemoCaseManager = c.caseManagerId === demoCaseManagerId
    const event = (payload: CaseEventPayload, resourceType: string, resourceId: string, occurredAt: Date, actorUserId: string | null, audience: 'municipality' | 'restricted' = 'municipality') =>
      db.insert(caseEvents).values(caseEventRow({ caseId: c.id, ...payload, audience, actorUserId, resourceType, resourceId, occurredAt }))

    // Meetings: the past of the case, then what is still planned (upcoming, and overdue for the demo case manager).
    const plans = meetingPlans(c.status, naming, isDemoCaseManager && overdueLeft > 0 && span >= 7)
    if (plans.some((m) => m.inDays !== undefined && m.inDays < 0)) overdueLeft--
    for (const plan of plans) {
      const date = plan.past !== undefined ? pastDay(plan.past) : workday(addDays(today, plan.inDays!), plan.inDays! < 0 ? -1 : 1)
      if (plan.status !== 'planned' && date >= today) continue
      const participants: MeetingParticipantValue[] = [
        { name: nameOf.get(c.caseManagerId) ?? 'Assistente sociale', role: 'assistente sociale' },
        { name: `${c.givenName} ${c.familyName}`, role: 'persona seguita' },
        ...(plan.withPartner && referred.has(c.id) ? [{ name: 'Sara Corti', role: 'operatrice del servizio lavoro (Cooperativa Lavoro e Comunità)' }] : []),
      ]
      const createdOn = later(c.openedOn, earlier(addDays(date, -7), today))
      const done = plan.status !== 'planned'
      const [meeting] = await db
        .insert(meetings)
        .values({
          caseId: c.id,
          date,
          startTime: plan.time,
          durationMinutes: plan.duration ?? 60,
          location: plan.location ?? OFFICE,
          participants,
          agenda: plan.agenda,
          status: plan.status,
          outcome: plan.outcome ?? null,
          evaluation: plan.evaluation ?? null,
          statusNote: plan.statusNote ?? null,
          statusChangedBy: done ? c.caseManagerId : null,
          statusChangedAt: done ? at(date, '17:30') : null,
          createdBy: c.caseManagerId,
          version: done ? 2 : 1,
          createdAt: at(createdOn, '09:00'),
          updatedAt: done ? at(date, '17:30') : at(createdOn, '09:00'),
        })
        .returning({ id: meetings.id })
      await event({ type: 'meeting.planned', data: { date, startTime: plan.time } }, 'meeting', meeting!.id, at(createdOn, '09:00'), c.caseManagerId)
      if (plan.status !== 'planned') {
        const data = { from: 'planned', to: plan.status, date, startTime: plan.time, ...(plan.evaluation ? { evaluation: plan.evaluation } : {}) } as const
        await event({ type: `meeting.${plan.status}`, data }, 'meeting', meeting!.id, at(date, '17:30'), c.caseManagerId)
      }
    }

    // Diary: the case manager's notes, one corrected (with its revision), and a few restricted notes by the coordinator.
    const withRestricted = coordinatorId !== null && restrictedLeft > 0 && ['assessment', 'active', 'suspended'].includes(c.status)
    for (const plan of notePlans(c.status, naming, withRestricted)) {
      const authorId = plan.byCoordinator ? coordinatorId : c.caseManagerId
      if (plan.restricted) restrictedLeft--
      const notedOn = pastDay(plan.past)
      const visibility = plan.restricted ? 'restricted' : 'normal'
      const writtenAt = at(notedOn, '12:15')
      const editedAt = at(notedOn, '16:40')
      const [note] = await db
        .insert(diaryNotes)
        .values({ caseId: c.id, notedOn, text: plan.text, visibility, authorId, version: plan.previousText ? 2 : 1, createdAt: writtenAt, updatedAt: plan.previousText ? editedAt : writtenAt })
        .returning({ id: diaryNotes.id })
      const audience = plan.restricted ? 'restricted' : 'municipality'
      await event({ type: 'diary_note.created', data: { notedOn, visibility } }, 'diary_note', note!.id, writtenAt, authorId, audience)
      if (plan.previousText) {
        await db.insert(diaryNoteRevisions).values({ noteId: note!.id, version: 1, notedOn, text: plan.previousText, visibility, editedBy: authorId, editedAt })
        await event({ type: 'diary_note.updated', data: { notedOn, visibility, changedFields: ['text'] } }, 'diary_note', note!.id, editedAt, authorId, audience)
      }
    }

    // Economic supports, requested by the case manager and decided (and paid) by the coordinator.
    for (const plan of supportPlans(c.status)) {
      const requestedOn = pastDay(plan.past)
      const decidedOn = earlier(workday(addDays(requestedOn, 7), 1), today)
      const paidOn = earlier(workday(addDays(decidedOn, 10), 1), today)
      const periodFrom = `${requestedOn.slice(0, 7)}-01`
      const periodTo = monthEnd(periodFrom, plan.months)
      const decided = plan.status !== 'requested'
      const approvedAmountCents = plan.status === 'approved' || plan.status === 'paid' ? (plan.approvedAmountCents ?? plan.amountCents) : null
      const [support] = await db
        .insert(economicSupports)
        .values({
          caseId: c.id,
          type: plan.type,
          amountCents: plan.amountCents,
          approvedAmountCents,
          periodFrom,
          periodTo,
          purpose: plan.purpose,
          status: plan.status,
          decisionNote: plan.decisionNote ?? null,
          requestedBy: c.caseManagerId,
          decidedBy: decided ? coordinatorId : null,
          decidedAt: decided ? at(decidedOn, '11:00') : null,
          paidOn: plan.status === 'paid' ? paidOn : null,
          paymentRecordedBy: plan.status === 'paid' ? coordinatorId : null,
          version: plan.status === 'requested' ? 1 : plan.status === 'paid' ? 3 : 2,
          createdAt: at(requestedOn, '10:00'),
          updatedAt: at(plan.status === 'paid' ? paidOn : decided ? decidedOn : requestedOn, '11:00'),
        })
        .returning({ id: economicSupports.id })
      const id = support!.id
      await event({ type: 'economic_support.requested', data: { supportType: plan.type, amountCents: plan.amountCents, periodFrom, periodTo } }, 'economic_support', id, at(requestedOn, '10:00'), c.caseManagerId)
      if (decided) {
        const to = plan.status === 'rejected' ? 'rejected' : 'approved'
        const data = { from: 'requested', to, supportType: plan.type, amountCents: plan.amountCents, ...(approvedAmountCents ? { approvedAmountCents } : {}) } as const
        await event({ type: `economic_support.${to}`, data }, 'economic_support', id, at(decidedOn, '11:00'), coordinatorId)
      }
      if (plan.status === 'paid') {
        await event({ type: 'economic_support.paid', data: { from: 'approved', to: 'paid', supportType: plan.type, paidOn, amountCents: approvedAmountCents } }, 'economic_support', id, at(paidOn, '11:30'), coordinatorId)
      }
    }
  }
}

registerDemoSeeder(seedMeetingsDiarySupports)
