/**
 * Demo work measures (DOMAIN.md §3), on the demo cases and at the demo companies of mediation:
 * internships in every status — Ioana Popescu's in the spare-parts store of Carpenteria Bonacina
 * (the trial of her candidacy; attendance under 80% last month, this month's still to record),
 * which with Paola Negri's signed one fills that small host's two intern seats; Antonella
 * Castelnuovo's suspended one under 70% overall — two job placements (Giuseppe Fumagalli hired
 * within Officine Lario's L. 68 quota after his internship, the hire of his candidacy; Davide
 * Anghileri in the type-B cooperative Verde Lario), Ioana's tutoring with its sessions, Paola's
 * work grant with its payments, and follow-ups due and overdue. Dates count from today.
 */
import { addDays, addMonths, FOLLOW_UP_MONTHS, LOMBARDY_RULE_SET, type MeasureKind, type MeasureStatus } from '@ponte/shared'
import { and, eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../client.js'
import {
  cases,
  companies,
  companyContacts,
  companySites,
  matches,
  measureAttendance,
  measureFollowUps,
  measurePayments,
  measures,
  measureStatusChanges,
  measureTutoringSessions,
  persons,
  vacancies,
  type MeasureFollowUpRow,
} from '../schema/index.js'
import { todayInItaly } from '../../lib/dates.js'
import { registerDemoSeeder, type DemoContext } from './demo.js'

const today = () => todayInItaly()
const daysAgo = (days: number) => addDays(today(), -days)
/** The first day of the month `months` from the current one. */
const monthStart = (months: number) => addMonths(`${today().slice(0, 7)}-01`, months)
const at = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, '0')}:30:00+01:00`)
/** The end of a period of `months` from `start` (the day before the same day `months` later). */
const after = (start: string, months: number) => addDays(addMonths(start, months), -1)

type Who = 'operator' | 'casemanager' | 'coordinator'
const ACCOUNTS: Record<Who, string> = { operator: 'operator@cooplavoro.demo', casemanager: 'casemanager@valmadrera.demo', coordinator: 'coordinator@valmadrera.demo' }

interface DemoMeasure {
  key: string
  person: string
  kind: MeasureKind
  /** The cooperative the case is (or was) referred to, or the municipality. */
  promoter: 'cooperative' | 'valmadrera'
  tutor: Who
  company?: string
  /** The host tutor: the company's contact at this index. */
  hostTutor?: number
  startDate: string
  plannedEndDate?: string
  endDate?: string
  /** Every status with its date (and reason), the first being the creation. */
  changes: [MeasureStatus, string, string?][]
  values: Partial<typeof measures.$inferInsert>
  /** Attendance by month: [month, planned hours, attended hours, note?]. */
  attendance?: [string, number, number, string?][]
  /** Follow-ups recorded: months after → [status, contract?, note]. */
  followUpsRecorded?: Record<number, [NonNullable<MeasureFollowUpRow['employmentStatus']>, MeasureFollowUpRow['contractType'], string]>
  sessions?: [number, number, string][]
  payments?: [string, number][]
  /** The candidacy (vacancy title, status) whose trial or hire created the measure. */
  match?: { vacancyTitle: string; link: 'internship' | 'placement' }
}

const internship = (values: { profileCode: string; profileTitle: string; eqfLevel: number; daily: number; weekly: number; allowanceCents: number; targetGroup?: 'unemployed' | 'disadvantaged_l381' | 'disabled_l68' | 'other'; objectives: string; mealVouchers?: boolean }) => ({
  profileCode: values.profileCode,
  profileTitle: values.profileTitle,
  eqfLevel: values.eqfLevel,
  dailyMinutes: values.daily * 60,
  weeklyMinutes: values.weekly * 60,
  monthlyAmountCents: values.allowanceCents,
  mealVouchers: values.mealVouchers ?? false,
  targetGroup: values.targetGroup ?? 'unemployed',
  ruleSetCode: LOMBARDY_RULE_SET.code,
  trainingObjectives: values.objectives,
  inailPolicy: 'INAIL gestione per conto dello Stato',
  liabilityPolicy: 'RC 2026/LC/0457',
})

function demoMeasures(): DemoMeasure[] {
  const giuseppeHired = daysAgo(21)
  const giuseppeStart = addMonths(giuseppeHired, -3)
  const ioanaStart = monthStart(-1)
  const ioanaEarlier = daysAgo(130)
  const antonellaStart = monthStart(-3)
  const mamadouStart = daysAgo(300)
  const davideStart = daysAgo(100)
  const paolaGrant = monthStart(-3)
  return [
    {
      key: 'giuseppe-internship', person: 'Giuseppe Fumagalli', kind: 'internship_reintegration', promoter: 'cooperative', tutor: 'operator', company: 'Officine Lario S.p.A.', hostTutor: 1,
      startDate: giuseppeStart, plannedEndDate: addDays(giuseppeHired, -1), endDate: addDays(giuseppeHired, -1),
      changes: [['draft', addDays(giuseppeStart, -20)], ['proposed', addDays(giuseppeStart, -15)], ['agreement_signed', addDays(giuseppeStart, -6)], ['active', giuseppeStart], ['completed', addDays(giuseppeHired, -1)]],
      values: { ...internship({ profileCode: '7.2.1.1.0', profileTitle: 'Operatore di macchine CNC', eqfLevel: 3, daily: 6, weekly: 30, allowanceCents: 60_000, targetGroup: 'disabled_l68', objectives: 'Conduzione di centri di lavoro CNC, attrezzaggio, controllo dimensionale dei pezzi; sicurezza in officina.' }), outcome: 'hired_by_host', outcomeContractType: 'permanent', outcomeNote: 'Assunto a tempo indeterminato in quota L. 68.', mandatoryCommunicationRef: 'CO-LC-2026-004511' },
      attendance: [0, 1, 2].map((n) => [addMonths(giuseppeStart, n).slice(0, 7), 126, 118]),
      match: { vacancyTitle: 'Operatore di macchine CNC', link: 'internship' },
    },
    {
      key: 'giuseppe-placement', person: 'Giuseppe Fumagalli', kind: 'job_placement', promoter: 'cooperative', tutor: 'operator', company: 'Officine Lario S.p.A.',
      startDate: giuseppeHired, changes: [['active', giuseppeHired]],
      values: { jobTitle: 'Operatore di macchine CNC', profileCode: '7.2.1.1.0', contractType: 'permanent', l68Quota: true, article14Convention: false, employerIsTypeBCooperative: false },
      match: { vacancyTitle: 'Operatore di macchine CNC', link: 'placement' },
    },
    {
      key: 'ioana-internship', person: 'Ioana Popescu', kind: 'internship_orientation', promoter: 'cooperative', tutor: 'operator', company: 'Carpenteria Metallica Bonacina S.r.l.', hostTutor: 0,
      startDate: ioanaStart, plannedEndDate: after(ioanaStart, 6),
      changes: [['draft', addDays(ioanaStart, -25)], ['proposed', addDays(ioanaStart, -18)], ['agreement_signed', addDays(ioanaStart, -5)], ['active', ioanaStart]],
      values: internship({ profileCode: '4.1.1.2.0', profileTitle: 'Addetta alla segreteria e al magazzino ricambi', eqfLevel: 3, daily: 6, weekly: 30, allowanceCents: 50_000, objectives: 'Gestione degli ordini dei ricambi, carico e scarico di magazzino con il gestionale, accoglienza dei clienti al banco.' }),
      attendance: [[ioanaStart.slice(0, 7), 126, 90.5, 'Assenze per la malattia del figlio']],
      match: { vacancyTitle: 'Addetta/o alla segreteria e al magazzino ricambi', link: 'internship' },
    },
    {
      key: 'ioana-earlier', person: 'Ioana Popescu', kind: 'internship_orientation', promoter: 'cooperative', tutor: 'operator', company: 'Supermercati del Lario S.p.A.', hostTutor: 0,
      startDate: ioanaEarlier, plannedEndDate: after(ioanaEarlier, 3), endDate: addDays(ioanaEarlier, 24),
      changes: [['draft', addDays(ioanaEarlier, -20)], ['proposed', addDays(ioanaEarlier, -14)], ['agreement_signed', addDays(ioanaEarlier, -7)], ['active', ioanaEarlier], ['interrupted', addDays(ioanaEarlier, 24), 'Turni serali incompatibili con la cura dei figli']],
      values: { ...internship({ profileCode: '5.1.2.2.0', profileTitle: 'Addetta al reparto ortofrutta', eqfLevel: 2, daily: 6, weekly: 30, allowanceCents: 50_000, objectives: 'Allestimento del reparto, rotazione della merce, servizio al cliente.' }), outcome: 'interrupted', outcomeNote: 'Turni serali incompatibili con la cura dei figli' },
      followUpsRecorded: { 1: ['unemployed', null, 'In attesa di un tirocinio con orari diurni.'] },
    },
    {
      key: 'ioana-tutoring', person: 'Ioana Popescu', kind: 'tutoring', promoter: 'cooperative', tutor: 'operator',
      startDate: daysAgo(100), changes: [['active', daysAgo(100)]],
      values: { goals: 'Accompagnare la ricerca attiva del lavoro e la conciliazione tra lavoro e cura dei figli.' },
      sessions: [[95, 60, 'Colloquio di avvio: bilancio delle esperienze'], [60, 45, 'Preparazione al colloquio in carpenteria'], [12, 60, 'Verifica del primo mese di tirocinio']],
    },
    {
      key: 'paola-internship', person: 'Paola Negri', kind: 'internship_reintegration', promoter: 'valmadrera', tutor: 'coordinator', company: 'Carpenteria Metallica Bonacina S.r.l.', hostTutor: 0,
      startDate: monthStart(1), plannedEndDate: after(monthStart(1), 4),
      changes: [['draft', daysAgo(30)], ['proposed', daysAgo(20)], ['agreement_signed', daysAgo(6)]],
      values: internship({ profileCode: '8.1.4.3.0', profileTitle: 'Addetta alle pulizie e al riordino dell\'officina', eqfLevel: 2, daily: 4, weekly: 20, allowanceCents: 50_000, targetGroup: 'disadvantaged_l381', objectives: 'Pulizia e riordino delle aree di lavoro, gestione dei rifiuti speciali, uso in sicurezza dei prodotti.' }),
    },
    {
      key: 'paola-grant', person: 'Paola Negri', kind: 'work_grant', promoter: 'valmadrera', tutor: 'coordinator', company: 'Comune di Malgrate',
      startDate: paolaGrant, plannedEndDate: addDays(monthStart(1), -1), changes: [['active', paolaGrant]],
      values: { funder: 'Comune di Valmadrera — fondo per l\'inclusione sociale', monthlyAmountCents: 35_000, weeklyMinutes: 15 * 60 },
      payments: [[paolaGrant.slice(0, 7), 35_000], [monthStart(-2).slice(0, 7), 35_000], [monthStart(-1).slice(0, 7), 35_000]],
    },
    {
      key: 'antonella-internship', person: 'Antonella Castelnuovo', kind: 'internship_orientation', promoter: 'valmadrera', tutor: 'casemanager', company: 'Panificio Fratelli Sala S.n.c.', hostTutor: 0,
      startDate: antonellaStart, plannedEndDate: after(antonellaStart, 6),
      changes: [['draft', addDays(antonellaStart, -21)], ['proposed', addDays(antonellaStart, -14)], ['agreement_signed', addDays(antonellaStart, -4)], ['active', antonellaStart], ['suspended', daysAgo(20), 'Sospensione per motivi di salute, documentata']],
      values: internship({ profileCode: '6.5.1.1.0', profileTitle: 'Aiuto panettiera', eqfLevel: 2, daily: 5, weekly: 25, allowanceCents: 50_000, objectives: 'Preparazione degli impasti, cottura e confezionamento; igiene degli alimenti (HACCP).' }),
      attendance: [[monthStart(-3).slice(0, 7), 105, 70], [monthStart(-2).slice(0, 7), 100, 66, 'Assenze per visite mediche']],
    },
    {
      key: 'elisa-internship', person: 'Elisa Longhi', kind: 'internship_orientation', promoter: 'valmadrera', tutor: 'coordinator', company: 'Ristorante Il Barcaiolo', hostTutor: 0,
      startDate: monthStart(1), plannedEndDate: after(monthStart(1), 3), changes: [['draft', daysAgo(3)]],
      values: internship({ profileCode: '5.2.2.1.0', profileTitle: 'Aiuto cuoca', eqfLevel: 3, daily: 6, weekly: 24, allowanceCents: 50_000, mealVouchers: true, objectives: 'Preparazione della linea, cotture di base, igiene e sicurezza in cucina.' }),
    },
    {
      key: 'youssef-internship', person: 'Youssef El Amrani', kind: 'internship_orientation', promoter: 'valmadrera', tutor: 'casemanager', company: 'RSA Villa Serena', hostTutor: 0,
      startDate: monthStart(1), plannedEndDate: after(monthStart(1), 4), changes: [['draft', daysAgo(15)], ['proposed', daysAgo(9)]],
      values: internship({ profileCode: '5.3.1.1.0', profileTitle: 'Ausiliario dei servizi assistenziali', eqfLevel: 2, daily: 6, weekly: 30, allowanceCents: 50_000, mealVouchers: true, objectives: 'Supporto agli operatori nei servizi alla persona, riordino degli ambienti, accompagnamento degli ospiti.' }),
    },
    {
      key: 'mamadou-internship', person: 'Mamadou Diop', kind: 'internship_reintegration', promoter: 'cooperative', tutor: 'operator', company: 'Logistica Brianza S.r.l.', hostTutor: 0,
      startDate: mamadouStart, plannedEndDate: after(mamadouStart, 6), endDate: after(mamadouStart, 6),
      changes: [['draft', addDays(mamadouStart, -30)], ['proposed', addDays(mamadouStart, -20)], ['agreement_signed', addDays(mamadouStart, -8)], ['active', mamadouStart], ['completed', after(mamadouStart, 6)]],
      values: { ...internship({ profileCode: '8.1.3.1.0', profileTitle: 'Magazziniere', eqfLevel: 2, daily: 6, weekly: 30, allowanceCents: 50_000, objectives: 'Ricevimento merci, inventario, preparazione degli ordini.' }), outcome: 'hired_elsewhere', outcomeContractType: 'temporary_agency', outcomeNote: 'Assunto in somministrazione da un magazzino di Oggiono.' },
      attendance: [0, 1, 2, 3, 4, 5].map((n) => [addMonths(mamadouStart, n).slice(0, 7), 126, 120]),
      followUpsRecorded: { 1: ['employed_elsewhere', 'temporary_agency', 'In somministrazione come magazziniere.'] },
    },
    {
      key: 'davide-placement', person: 'Davide Anghileri', kind: 'job_placement', promoter: 'valmadrera', tutor: 'casemanager', company: 'Verde Lario Società Cooperativa Sociale',
      startDate: davideStart, changes: [['active', davideStart]],
      values: { jobTitle: 'Operaio addetto alla manutenzione del verde', profileCode: '6.4.1.3.0', contractType: 'fixed_term', fixedTermMonths: 12, partTimeWeeklyMinutes: 25 * 60, l68Quota: false, article14Convention: true, employerIsTypeBCooperative: true },
      followUpsRecorded: { 1: ['employed_same_employer', 'fixed_term', 'Inserimento nella squadra di Valmadrera; buona tenuta.'] },
    },
  ]
}

export async function seedMeasures(db: Db, { orgs, users }: DemoContext): Promise<void> {
  const userOf = (who: Who) => users[ACCOUNTS[who]]!
  const created = new Map<string, string>()
  for (const demo of demoMeasures()) {
    const [givenName, ...family] = demo.person.split(' ')
    const [found] = await db
      .select({ caseId: cases.id, personId: persons.id })
      .from(cases)
      .innerJoin(persons, eq(persons.id, cases.personId))
      .where(and(eq(persons.givenName, givenName!), eq(persons.familyName, family.join(' ')), eq(cases.municipalityId, orgs.valmadrera)))
      .orderBy(cases.openedOn)
    if (!found) continue
    let host: { companyId: string; siteId: string | null; tutorId: string | null; ateco: string | null } | null = null
    if (demo.company) {
      const [company] = await db.select().from(companies).where(eq(companies.name, demo.company))
      const [site] = await db.select().from(companySites).where(and(eq(companySites.companyId, company!.id), eq(companySites.isHeadquarters, true)))
      const contacts = await db.select().from(companyContacts).where(eq(companyContacts.companyId, company!.id)).orderBy(companyContacts.createdAt, companyContacts.id)
      host = { companyId: company!.id, siteId: site?.id ?? null, tutorId: demo.hostTutor === undefined ? null : (contacts[demo.hostTutor]?.id ?? null), ateco: company!.atecoCode }
    }
    const tutorId = userOf(demo.tutor)
    const [first] = demo.changes
    const last = demo.changes.at(-1)!
    const id = uuidv7()
    await db.insert(measures).values({
      id,
      caseId: found.caseId,
      personId: found.personId,
      municipalityId: orgs.valmadrera,
      promoterOrganisationId: orgs[demo.promoter],
      kind: demo.kind,
      status: last[0],
      statusReason: last[2] ?? null,
      startDate: demo.startDate,
      plannedEndDate: demo.plannedEndDate ?? null,
      endDate: demo.endDate ?? null,
      hostCompanyId: host?.companyId ?? null,
      hostSiteId: host?.siteId ?? null,
      hostTutorId: host?.tutorId ?? null,
      promoterTutorId: demo.kind === 'job_placement' || demo.kind === 'work_grant' ? null : tutorId,
      atecoCode: host?.ateco ?? null,
      ...demo.values,
      createdBy: tutorId,
      version: demo.changes.length,
      createdAt: at(first![1], 9),
      updatedAt: at(last[1], 16),
    })
    created.set(demo.key, id)
    for (const [i, [status, date, reason]] of demo.changes.entries()) {
      await db.insert(measureStatusChanges).values({ measureId: id, fromStatus: i === 0 ? null : demo.changes[i - 1]![0], toStatus: status, reason: reason ?? null, byUserId: tutorId, at: at(date, 9 + i) })
    }
    for (const [month, planned, attended, note] of demo.attendance ?? []) {
      const recordedOn = addDays(`${addMonths(`${month}-01`, 1).slice(0, 7)}-01`, 2)
      await db.insert(measureAttendance).values({ measureId: id, month, plannedMinutes: planned * 60, attendedMinutes: Math.round(attended * 60), note: note ?? null, recordedBy: tutorId, createdAt: at(recordedOn), updatedAt: at(recordedOn) })
    }
    for (const [ago, minutes, topic] of demo.sessions ?? []) {
      await db.insert(measureTutoringSessions).values({ measureId: id, heldOn: daysAgo(ago), durationMinutes: minutes, topic, operatorId: tutorId, createdAt: at(daysAgo(ago), 17) })
    }
    for (const [month, cents] of demo.payments ?? []) {
      const paidOn = addDays(`${addMonths(`${month}-01`, 1).slice(0, 7)}-01`, 9)
      await db.insert(measurePayments).values({ measureId: id, month, amountCents: cents, paidOn, reference: `Mandato ${month.replace('-', '/')}`, recordedBy: tutorId, createdAt: at(paidOn, 15) })
    }
    // Follow-ups: a placement's from its start, another measure's from its end (as the service schedules them).
    const from = demo.kind === 'job_placement' ? demo.startDate : demo.endDate
    if (from) {
      for (const months of FOLLOW_UP_MONTHS) {
        const dueOn = addMonths(from, months)
        const recorded = demo.followUpsRecorded?.[months]
        await db.insert(measureFollowUps).values({
          measureId: id,
          monthsAfter: months,
          dueOn,
          employmentStatus: recorded?.[0] ?? null,
          contractType: recorded?.[1] ?? null,
          note: recorded?.[2] ?? null,
          recordedAt: recorded ? at(addDays(dueOn, 2), 11) : null,
          recordedBy: recorded ? tutorId : null,
          version: recorded ? 2 : 1,
        })
      }
    }
    // The candidacy whose trial or hire created the measure links it.
    if (demo.match) {
      const [vacancy] = await db.select({ id: vacancies.id }).from(vacancies).where(eq(vacancies.title, demo.match.vacancyTitle))
      if (vacancy) {
        const link = demo.match.link === 'internship' ? { internshipMeasureId: id } : { placementMeasureId: id }
        await db.update(matches).set(link).where(and(eq(matches.vacancyId, vacancy.id), eq(matches.caseId, found.caseId)))
      }
    }
  }
}

registerDemoSeeder(seedMeasures)
