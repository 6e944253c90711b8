/**
 * Demo socially useful work of Valmadrera (issue 11): three projects — green areas with the Public
 * Works office (run by the cooperative), the civic library (run by the Comune itself) and a social
 * one with the cooperative — with sites, seats, assignments of the demo cases in every status, two
 * months of attendance, and INAIL communications sent, due and overdue. Dates count from today.
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../client.js'
import { cases, persons, pucAssignments, pucAttendance, pucInsuranceCommunications, pucProjects, pucSites } from '../schema/index.js'
import { registerDemoSeeder, type DemoContext } from './demo.js'
import { todayInItaly } from '../../lib/dates.js'
import { addDays, quarterlyCommunicationDue, quarterOf, quarterRange } from '../../modules/puc/puc.rules.js'

type AssignmentStatus = (typeof pucAssignments.$inferInsert)['status']

interface DemoAssignment {
  familyName: string
  site: number
  category: (typeof pucAssignments.$inferInsert)['category']
  weeklyHours: number
  status: NonNullable<AssignmentStatus>
  start: number
  end: number
  endedOn?: number
  reason?: string
  /** ISO weekdays worked (1 = Monday); hours split evenly. */
  days?: number[]
  /** Days (from today) the INAIL start / end communications were sent; absent = not sent. */
  startSent?: number
  endSent?: number
}

interface DemoProject {
  title: string
  area: (typeof pucProjects.$inferInsert)['area']
  implementer: 'valmadrera' | 'cooperative'
  description: string
  schedule: { weekday: number; from: string; to: string }[]
  seats: [number, number, number]
  sites: { name: string; address: string; supervisorName: string; supervisorPhone: string }[]
  assignments: DemoAssignment[]
}

const PROJECTS: DemoProject[] = [
  {
    title: 'Valmadrera più verde: parchi, sentieri e arredo urbano',
    area: 'environmental',
    implementer: 'cooperative',
    description:
      'Con l\'Ufficio Lavori pubblici: pulizia di parchi e aiuole, cura dei sentieri verso San Tomaso e il Corno Rat, piccola manutenzione di panchine e staccionate. Le attività affiancano la squadra comunale, non la sostituiscono.',
    schedule: [
      { weekday: 1, from: '08:00', to: '12:00' },
      { weekday: 3, from: '08:00', to: '12:00' },
      { weekday: 5, from: '08:00', to: '12:00' },
    ],
    seats: [4, 2, 1],
    sites: [
      { name: 'Parco del Rio Torto', address: 'Via Rio Torto, Valmadrera', supervisorName: 'Angelo Butti (Ufficio Lavori pubblici)', supervisorPhone: '0341 205 231' },
      { name: 'Sentiero per San Tomaso', address: 'Località San Tomaso, Valmadrera', supervisorName: 'Pietro Rusconi', supervisorPhone: '0341 205 232' },
    ],
    assignments: [
      { familyName: 'Fumagalli', site: 0, category: 'municipality_beneficiaries', weeklyHours: 12, status: 'active', start: -56, end: 70, days: [1, 3, 5], startSent: -58 },
      { familyName: 'Diop', site: 1, category: 'employment_centre_beneficiaries', weeklyHours: 16, status: 'completed', start: -120, end: -20, endedOn: -20, days: [1, 2, 3, 4], startSent: -122 },
      { familyName: 'Anghileri', site: 0, category: 'municipality_beneficiaries', weeklyHours: 8, status: 'proposed', start: 2, end: 120 },
    ],
  },
  {
    title: 'Biblioteca aperta: riordino, prestito e letture',
    area: 'cultural',
    implementer: 'valmadrera',
    description: 'Nella biblioteca civica: riordino degli scaffali, supporto al prestito, preparazione delle letture per i bambini del sabato mattina.',
    schedule: [
      { weekday: 2, from: '14:30', to: '18:30' },
      { weekday: 4, from: '14:30', to: '18:30' },
      { weekday: 6, from: '09:00', to: '11:00' },
    ],
    seats: [2, 1, 2],
    sites: [{ name: 'Biblioteca civica', address: 'Via Fatebenefratelli 6, Valmadrera', supervisorName: 'Chiara Dell\'Oro', supervisorPhone: '0341 202 123' }],
    assignments: [
      { familyName: 'Popescu', site: 0, category: 'municipality_beneficiaries', weeklyHours: 10, status: 'active', start: -50, end: 40, days: [2, 4] },
      { familyName: 'El Amrani', site: 0, category: 'municipality_beneficiaries', weeklyHours: 8, status: 'to_assign', start: 14, end: 104 },
    ],
  },
  {
    title: 'Spesa solidale e compagnia agli anziani',
    area: 'social',
    implementer: 'cooperative',
    description: 'Con l\'emporio solidale e il centro anziani: preparazione dei pacchi alimentari, consegne a domicilio, accompagnamento alle visite e compagnia.',
    schedule: [
      { weekday: 2, from: '09:00', to: '13:00' },
      { weekday: 4, from: '09:00', to: '13:00' },
    ],
    seats: [3, 1, 2],
    sites: [
      { name: 'Emporio solidale', address: 'Via Roma 2, Valmadrera', supervisorName: 'Giovanna Valsecchi', supervisorPhone: '0341 581 442' },
      { name: 'Centro anziani "Il Melograno"', address: 'Via Manzoni 15, Valmadrera', supervisorName: 'Franco Mauri', supervisorPhone: '0341 581 447' },
    ],
    assignments: [
      { familyName: 'Negri', site: 0, category: 'municipality_beneficiaries', weeklyHours: 8, status: 'active', start: -58, end: 30, days: [2, 4], startSent: -60 },
      { familyName: 'Castelnuovo', site: 1, category: 'municipality_beneficiaries', weeklyHours: 8, status: 'interrupted', start: -90, end: 30, endedOn: -30, reason: 'Percorso sospeso dal servizio sociale', days: [2, 4], startSent: -91, endSent: -29 },
      { familyName: 'Longhi', site: 1, category: 'volunteers', weeklyHours: 8, status: 'withdrawn', start: 10, end: 100, reason: 'Ha iniziato un corso di formazione professionale' },
    ],
  },
]

/** Weekday of a date, ISO (1 Monday … 7 Sunday). */
const isoWeekday = (date: string) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1

async function seedPuc(db: Db, { orgs, users }: DemoContext) {
  const today = todayInItaly()
  const day = (offset: number) => addDays(today, offset)
  const manager = users['puc@valmadrera.demo']!
  const operator = users['operator@cooplavoro.demo']!
  const valmadreraCases = await db
    .select({ caseId: cases.id, personId: persons.id, familyName: persons.familyName })
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .where(and(eq(cases.municipalityId, orgs.valmadrera), inArray(cases.status, ['intake', 'assessment', 'active', 'monitoring', 'suspended'])))
  const caseOf = (familyName: string) => valmadreraCases.find((c) => c.familyName === familyName)

  let quarterWorked = false
  for (const p of PROJECTS) {
    const [project] = await db
      .insert(pucProjects)
      .values({
        ownerMunicipalityId: orgs.valmadrera,
        implementingOrganisationId: p.implementer === 'valmadrera' ? orgs.valmadrera : orgs.cooperative,
        title: p.title,
        area: p.area,
        description: p.description,
        periodStart: day(-150),
        periodEnd: day(215),
        weeklySchedule: p.schedule,
        seatsMunicipality: p.seats[0],
        seatsEmploymentCentre: p.seats[1],
        seatsVolunteers: p.seats[2],
        createdBy: manager,
      })
      .returning()
    const sites = await db
      .insert(pucSites)
      .values(p.sites.map((s) => ({ ...s, projectId: project!.id })))
      .returning()
    for (const a of p.assignments) {
      const found = caseOf(a.familyName)
      if (!found) continue
      const [assignment] = await db
        .insert(pucAssignments)
        .values({
          projectId: project!.id,
          siteId: sites[a.site]!.id,
          caseId: found.caseId,
          personId: found.personId,
          category: a.category,
          weeklyHours: a.weeklyHours,
          startDate: day(a.start),
          endDate: day(a.end),
          endedOn: a.endedOn === undefined ? null : day(a.endedOn),
          status: a.status,
          statusReason: a.reason ?? null,
          createdBy: manager,
        })
        .returning()
      // Attendance on the weekdays worked, from the start to yesterday (or the last day), the last two months at most.
      if (a.days) {
        const last = Math.min(a.endedOn ?? a.end, -1)
        const hours = a.weeklyHours / a.days.length
        const rows: (typeof pucAttendance.$inferInsert)[] = []
        for (let offset = Math.max(a.start, -62); offset <= last; offset++) {
          const date = day(offset)
          if (!a.days.includes(isoWeekday(date))) continue
          // Now and then an absence: every ninth working day justified, every seventeenth not.
          const n = rows.length + 1
          const status = n % 17 === 0 ? 'absent_unjustified' : n % 9 === 0 ? 'absent_justified' : 'present'
          rows.push({
            assignmentId: assignment!.id,
            date,
            status,
            minutes: status === 'present' ? Math.round(hours * 60) : 0,
            note: status === 'absent_justified' ? 'Visita medica' : null,
            recordedBy: p.implementer === 'cooperative' ? operator : manager,
          })
        }
        if (rows.length > 0) {
          await db.insert(pucAttendance).values(rows)
          quarterWorked ||= rows.some((r) => quarterOf(r.date) !== quarterOf(today))
        }
      }
      const sent: (typeof pucInsuranceCommunications.$inferInsert)[] = []
      if (a.startSent !== undefined) sent.push({ municipalityId: orgs.valmadrera, kind: 'start', assignmentId: assignment!.id, sentOn: day(a.startSent), reference: `INAIL-PUC-${day(a.startSent).replace(/-/g, '')}-${a.familyName.slice(0, 3).toUpperCase()}`, sentBy: manager })
      if (a.endSent !== undefined) sent.push({ municipalityId: orgs.valmadrera, kind: 'end', assignmentId: assignment!.id, sentOn: day(a.endSent), reference: `INAIL-PUC-${day(a.endSent).replace(/-/g, '')}-${a.familyName.slice(0, 3).toUpperCase()}F`, sentBy: manager })
      if (sent.length > 0) await db.insert(pucInsuranceCommunications).values(sent)
    }
  }
  // The previous quarter's days worked were communicated (when its deadline has passed).
  const previous = quarterOf(addDays(quarterRange(quarterOf(today))!.from, -1))
  const due = quarterlyCommunicationDue(previous)
  if (quarterWorked && due < today) {
    await db.insert(pucInsuranceCommunications).values({ municipalityId: orgs.valmadrera, kind: 'quarterly', quarter: previous, sentOn: addDays(due, -3), reference: `INAIL-PUC-TRIM-${previous}`, sentBy: manager })
  }
}

registerDemoSeeder(seedPuc)
