/**
 * Demo persons and cases: fourteen people of the Lecco area who lost their jobs, with working
 * profiles and valid tax codes, taken in charge by Valmadrera (a case in every status, a suspended
 * one, a closed one reopened as a new episode, referrals to the cooperative in each state) and by
 * Civate. Dates count back from today so the demo always looks current; the timeline tells each
 * case's story. The persons' names are fixed: later seeders find these cases through them.
 */
import { computeTaxCode } from '@ponte/shared'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../client.js'
import {
  caseAssignments,
  caseEvents,
  caseMembers,
  cases,
  personSensitive,
  persons,
  referrals,
  type Availability,
  type CaseStatus,
  type LanguageSkill,
} from '../schema/index.js'
import { caseEventRow } from '../../modules/cases/case-events.js'
import { DEMO_ACCOUNTS, registerDemoSeeder, type DemoContext } from './demo.js'
import { todayInItaly } from '../../lib/dates.js'

const DAY = 86_400_000
/** The date `days` before today. */
const daysAgo = (days: number) => new Date(Date.parse(`${todayInItaly()}T12:00:00Z`) - days * DAY).toISOString().slice(0, 10)
/** An instant on the date `days` before today, in office hours (Italian time). */
const instantDaysAgo = (days: number, hour = 10) => new Date(`${daysAgo(days)}T${String(hour).padStart(2, '0')}:30:00+01:00`)

interface DemoPerson {
  givenName: string
  familyName: string
  sex: 'F' | 'M'
  birthDate: string
  birthPlace: string
  /** Cadastral code of the birth municipality, or Z + country code. */
  birthPlaceCode: string
  citizenship: string
  residence: { municipality: string; address: string }
  phone: string
  email: string | null
  educationLevel: number
  educationNotes: string
  languages: LanguageSkill[]
  drivingLicences: string[]
  skills: string[]
  availability: Availability
  /** Months without work when the case was opened. */
  unemployedMonths: number
  didRegistered: boolean
  sensitive?: Omit<typeof personSensitive.$inferInsert, 'personId'>
}

type Municipality = 'valmadrera' | 'civate'
type Assignee = 'casemanager' | 'coordinator' | 'civate'

interface DemoCase {
  person: DemoPerson
  municipality: Municipality
  caseManager: Assignee
  /** Where the story ends; the path from intake follows the diagram. */
  status: CaseStatus
  /** The status left before the suspension. */
  suspendedFrom?: Exclude<CaseStatus, 'suspended' | 'closed'>
  openedDaysAgo: number
  source: (typeof cases.$inferInsert)['source']
  sourceNotes: string
  closing?: { outcome: NonNullable<(typeof cases.$inferInsert)['outcome']>; note: string; reason: string }
  suspension?: string
  referral?: { status: 'requested' | 'accepted' | 'completed'; purpose: string }
  /** The closed case is reopened as episode 2, in intake. */
  reopen?: { daysAgo: number; reason: string }
  /** The demo case manager is added to a case assigned to the coordinator. */
  withMember?: boolean
}

const it = (level: LanguageSkill['level'] = 'native'): LanguageSkill => ({ language: 'it', level })

const DEMO_CASES: DemoCase[] = [
  {
    person: {
      givenName: 'Giuseppe', familyName: 'Fumagalli', sex: 'M', birthDate: '1971-03-14', birthPlace: 'Lecco (LC)', birthPlaceCode: 'E507', citizenship: 'italiana',
      residence: { municipality: 'Valmadrera', address: 'Via Roma 18' }, phone: '+39 347 512 3340', email: 'g.fumagalli71@example.it',
      educationLevel: 3, educationNotes: 'Qualifica professionale di operatore meccanico (CFP di Lecco)',
      languages: [it()], drivingLicences: ['B', 'C'], skills: ['saldatura a filo (MIG/MAG)', 'carpenteria metallica', 'lettura del disegno tecnico', 'carrello elevatore'],
      availability: { hoursPerWeek: 40, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], mobility: ['car'], notes: 'Disponibile anche su turni' },
      unemployedMonths: 14, didRegistered: true,
      sensitive: { disadvantageCategories: ['physical_disability'], l68Registered: true, invalidityPercent: 46, healthNotes: 'Esiti di infortunio alla spalla destra: evitare sollevamento di carichi oltre 15 kg.' },
    },
    municipality: 'valmadrera', caseManager: 'casemanager', status: 'active', openedDaysAgo: 150, source: 'employment_centre',
    sourceNotes: 'Segnalato dal Centro per l\'impiego di Lecco dopo la chiusura dell\'officina in cui lavorava da 18 anni.',
    referral: { status: 'accepted', purpose: 'Tirocinio di reinserimento in carpenteria metallica e accompagnamento alla ricerca attiva' },
  },
  {
    person: {
      givenName: 'Roberta', familyName: 'Spreafico', sex: 'F', birthDate: '1979-07-22', birthPlace: 'Valmadrera (LC)', birthPlaceCode: 'L581', citizenship: 'italiana',
      residence: { municipality: 'Valmadrera', address: 'Via San Dionigi 7' }, phone: '+39 333 908 1275', email: 'roberta.spreafico@example.it',
      educationLevel: 4, educationNotes: 'Diploma di ragioneria',
      languages: [it(), { language: 'en', level: 'A2' }], drivingLicences: ['B'], skills: ['contabilità di base', 'segreteria', 'pacchetto Office'],
      availability: { hoursPerWeek: 25, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], mobility: ['car', 'public_transport'], notes: 'Solo mattina: due figli alla scuola primaria' },
      unemployedMonths: 5, didRegistered: true,
    },
    municipality: 'valmadrera', caseManager: 'casemanager', status: 'intake', openedDaysAgo: 6, source: 'spontaneous',
    sourceNotes: 'Si è presentata allo sportello sociale chiedendo un contributo per le utenze.',
  },
  {
    person: {
      givenName: 'Youssef', familyName: 'El Amrani', sex: 'M', birthDate: '1985-11-02', birthPlace: 'Casablanca (Marocco)', birthPlaceCode: 'Z330', citizenship: 'marocchina',
      residence: { municipality: 'Valmadrera', address: 'Via Fatebenefratelli 31' }, phone: '+39 320 441 0092', email: null,
      educationLevel: 2, educationNotes: 'Licenza media conseguita al CPIA di Lecco',
      languages: [{ language: 'ar', level: 'native' }, { language: 'fr', level: 'B2' }, it('B1')], drivingLicences: ['B'], skills: ['pulizie industriali', 'aiuto cuoco', 'magazzino'],
      availability: { hoursPerWeek: 40, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'], mobility: ['bicycle', 'public_transport'], notes: null },
      unemployedMonths: 16, didRegistered: true,
    },
    municipality: 'valmadrera', caseManager: 'casemanager', status: 'assessment', openedDaysAgo: 40, source: 'other_service',
    sourceNotes: 'Inviato dallo sportello stranieri dell\'Ambito.',
    referral: { status: 'requested', purpose: 'Orientamento, bilancio delle competenze e ricerca di un tirocinio nella ristorazione' },
  },
  {
    person: {
      givenName: 'Ioana', familyName: 'Popescu', sex: 'F', birthDate: '1990-05-18', birthPlace: 'Iași (Romania)', birthPlaceCode: 'Z129', citizenship: 'rumena',
      residence: { municipality: 'Valmadrera', address: 'Via Casnedi 4' }, phone: '+39 351 220 6718', email: 'ioana.popescu90@example.com',
      educationLevel: 4, educationNotes: 'Diploma di liceo economico (Romania), riconosciuto',
      languages: [{ language: 'ro', level: 'native' }, it('B2'), { language: 'en', level: 'B1' }], drivingLicences: ['B'], skills: ['assistenza familiare', 'cassa', 'rifornimento scaffali'],
      availability: { hoursPerWeek: 30, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'], mobility: ['car'], notes: null },
      unemployedMonths: 9, didRegistered: true,
    },
    municipality: 'valmadrera', caseManager: 'casemanager', status: 'active', openedDaysAgo: 110, source: 'spontaneous',
    sourceNotes: 'Contratto nella grande distribuzione non rinnovato.',
    referral: { status: 'accepted', purpose: 'Accompagnamento al lavoro nella grande distribuzione e mediazione con le aziende del territorio' },
  },
  {
    person: {
      givenName: 'Mamadou', familyName: 'Diop', sex: 'M', birthDate: '1988-09-09', birthPlace: 'Thiès (Senegal)', birthPlaceCode: 'Z335', citizenship: 'senegalese',
      residence: { municipality: 'Valmadrera', address: 'Via Promessi Sposi 12' }, phone: '+39 328 774 5510', email: null,
      educationLevel: 3, educationNotes: 'Corso di formazione per magazziniere con patentino del carrello',
      languages: [{ language: 'wo', level: 'native' }, { language: 'fr', level: 'C1' }, it('B1')], drivingLicences: ['B'], skills: ['magazzino e logistica', 'carrello elevatore', 'gestionale di magazzino'],
      availability: { hoursPerWeek: 40, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], mobility: ['public_transport', 'bicycle'], notes: 'Disponibile su turni' },
      unemployedMonths: 2, didRegistered: true,
    },
    municipality: 'valmadrera', caseManager: 'casemanager', status: 'monitoring', openedDaysAgo: 260, source: 'employment_centre',
    sourceNotes: 'Segnalato dal CPI dopo la fine di un contratto a termine nella logistica.',
    referral: { status: 'completed', purpose: 'Tirocinio di inserimento come magazziniere' },
  },
  {
    person: {
      givenName: 'Antonella', familyName: 'Castelnuovo', sex: 'F', birthDate: '1968-01-30', birthPlace: 'Valmadrera (LC)', birthPlaceCode: 'L581', citizenship: 'italiana',
      residence: { municipality: 'Valmadrera', address: 'Via Manzoni 40' }, phone: '+39 0341 580 332', email: null,
      educationLevel: 2, educationNotes: 'Licenza media',
      languages: [it()], drivingLicences: [], skills: ['confezionamento', 'cucito industriale', 'pulizie'],
      availability: { hoursPerWeek: 20, days: ['monday', 'wednesday', 'friday'], mobility: ['on_foot', 'public_transport'], notes: 'Da rivalutare dopo le cure' },
      unemployedMonths: 30, didRegistered: false,
      sensitive: { disadvantageCategories: [], l68Registered: false, invalidityPercent: null, healthNotes: 'Ciclo di cure in corso presso l\'ospedale di Lecco; idoneità al lavoro da rivalutare.' },
    },
    municipality: 'valmadrera', caseManager: 'casemanager', status: 'suspended', suspendedFrom: 'active', openedDaysAgo: 200, source: 'spontaneous',
    sourceNotes: 'Richiesta di contributo economico dopo la chiusura del maglificio.',
    suspension: 'Percorso sospeso su richiesta della persona per un periodo di cure.',
  },
  {
    person: {
      givenName: 'Walter', familyName: 'Bonacina', sex: 'M', birthDate: '1963-12-05', birthPlace: 'Oggiono (LC)', birthPlaceCode: 'G009', citizenship: 'italiana',
      residence: { municipality: 'Valmadrera', address: 'Via Bovara 22' }, phone: '+39 339 115 7462', email: 'walter.bonacina@example.it',
      educationLevel: 3, educationNotes: 'Qualifica di falegname',
      languages: [it()], drivingLicences: ['B'], skills: ['falegnameria', 'montaggio mobili', 'manutenzione del verde'],
      availability: { hoursPerWeek: 36, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], mobility: ['car'], notes: null },
      unemployedMonths: 3, didRegistered: true,
    },
    municipality: 'valmadrera', caseManager: 'casemanager', status: 'closed', openedDaysAgo: 420, source: 'employment_centre',
    sourceNotes: 'Licenziato dal mobilificio; segnalato dal CPI.',
    closing: { outcome: 'employed', note: 'Assunto a tempo determinato (12 mesi) da una falegnameria di Oggiono dopo il tirocinio.', reason: 'Obiettivi del progetto raggiunti' },
    reopen: { daysAgo: 12, reason: 'Il contratto non è stato rinnovato: chiede di nuovo sostegno.' },
  },
  {
    person: {
      givenName: 'Paola', familyName: 'Negri', sex: 'F', birthDate: '1975-04-11', birthPlace: 'Malgrate (LC)', birthPlaceCode: 'E879', citizenship: 'italiana',
      residence: { municipality: 'Valmadrera', address: 'Via Fiume 3' }, phone: '+39 348 660 2291', email: 'paola.negri75@example.it',
      educationLevel: 5, educationNotes: 'Diploma tecnico superiore in amministrazione',
      languages: [it(), { language: 'en', level: 'B1' }, { language: 'de', level: 'A2' }], drivingLicences: ['B'], skills: ['amministrazione del personale', 'paghe e contributi', 'gestionali ERP'],
      availability: { hoursPerWeek: 38, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], mobility: ['car', 'public_transport'], notes: null },
      unemployedMonths: 11, didRegistered: true,
    },
    municipality: 'valmadrera', caseManager: 'coordinator', status: 'active', openedDaysAgo: 95, source: 'other_service',
    sourceNotes: 'Presa in carico congiunta con il consultorio familiare.', withMember: true,
  },
  {
    person: {
      givenName: 'Stefano', familyName: 'Crippa', sex: 'M', birthDate: '1982-08-27', birthPlace: 'Galbiate (LC)', birthPlaceCode: 'D865', citizenship: 'italiana',
      residence: { municipality: 'Valmadrera', address: 'Via Molini 9' }, phone: '+39 345 300 8814', email: null,
      educationLevel: 3, educationNotes: 'Qualifica di elettricista',
      languages: [it()], drivingLicences: ['B'], skills: ['impianti elettrici civili', 'manutenzione'],
      availability: { hoursPerWeek: 40, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], mobility: ['motorbike'], notes: null },
      unemployedMonths: 20, didRegistered: false,
    },
    municipality: 'valmadrera', caseManager: 'casemanager', status: 'closed', openedDaysAgo: 330, source: 'spontaneous',
    sourceNotes: 'Richiesta di aiuto per la ricerca di lavoro.',
    closing: { outcome: 'dropped_out', note: 'Non si è più presentato agli incontri dopo tre convocazioni.', reason: 'Interruzione del percorso da parte della persona' },
  },
  {
    person: {
      givenName: 'Elisa', familyName: 'Longhi', sex: 'F', birthDate: '1995-02-14', birthPlace: 'Lecco (LC)', birthPlaceCode: 'E507', citizenship: 'italiana',
      residence: { municipality: 'Valmadrera', address: 'Via Vassena 15' }, phone: '+39 371 442 9087', email: 'elisa.longhi95@example.it',
      educationLevel: 4, educationNotes: 'Diploma di istituto alberghiero',
      languages: [it(), { language: 'en', level: 'B2' }], drivingLicences: ['B'], skills: ['sala e bar', 'accoglienza clienti', 'cassa'],
      availability: { hoursPerWeek: 40, days: ['tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], mobility: ['car'], notes: 'Disponibile nei fine settimana' },
      unemployedMonths: 7, didRegistered: true,
    },
    municipality: 'valmadrera', caseManager: 'coordinator', status: 'assessment', openedDaysAgo: 25, source: 'school',
    sourceNotes: 'Segnalata dall\'istituto alberghiero per il progetto di transizione al lavoro.',
  },
  {
    person: {
      givenName: 'Davide', familyName: 'Anghileri', sex: 'M', birthDate: '1977-10-03', birthPlace: 'Valmadrera (LC)', birthPlaceCode: 'L581', citizenship: 'italiana',
      residence: { municipality: 'Valmadrera', address: 'Via Preguda 2' }, phone: '+39 340 887 1203', email: null,
      educationLevel: 2, educationNotes: 'Licenza media',
      languages: [it()], drivingLicences: ['B'], skills: ['manutenzione del verde', 'piccola edilizia', 'guida furgoni'],
      availability: { hoursPerWeek: 30, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], mobility: ['car'], notes: null },
      unemployedMonths: 26, didRegistered: true,
      sensitive: { disadvantageCategories: ['alcoholism'], l68Registered: false, invalidityPercent: null, healthNotes: 'Percorso in corso con il servizio dipendenze; colloqui regolari.' },
    },
    municipality: 'valmadrera', caseManager: 'casemanager', status: 'monitoring', openedDaysAgo: 300, source: 'health_service',
    sourceNotes: 'Segnalato dal servizio per le dipendenze per un percorso di inclusione lavorativa.',
  },
  {
    person: {
      givenName: 'Luigi', familyName: 'Castagna', sex: 'M', birthDate: '1966-06-21', birthPlace: 'Civate (LC)', birthPlaceCode: 'C752', citizenship: 'italiana',
      residence: { municipality: 'Civate', address: 'Via Abate Longoni 6' }, phone: '+39 0341 551 908', email: null,
      educationLevel: 3, educationNotes: 'Qualifica di tornitore',
      languages: [it()], drivingLicences: ['B'], skills: ['tornio a controllo numerico', 'controllo qualità'],
      availability: { hoursPerWeek: 40, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], mobility: ['car'], notes: null },
      unemployedMonths: 18, didRegistered: true,
    },
    municipality: 'civate', caseManager: 'civate', status: 'active', openedDaysAgo: 130, source: 'employment_centre',
    sourceNotes: 'Over 55 in cerca di ricollocazione dopo la crisi del settore meccanico.',
  },
  {
    person: {
      givenName: 'Fatima', familyName: 'Benali', sex: 'F', birthDate: '1992-03-08', birthPlace: 'Fès (Marocco)', birthPlaceCode: 'Z330', citizenship: 'marocchina',
      residence: { municipality: 'Civate', address: 'Via Roma 51' }, phone: '+39 329 774 1120', email: null,
      educationLevel: 3, educationNotes: 'Diploma (Marocco), corso OSA in corso di riconoscimento',
      languages: [{ language: 'ar', level: 'native' }, it('A2'), { language: 'fr', level: 'B1' }], drivingLicences: [], skills: ['assistenza anziani', 'cucina'],
      availability: { hoursPerWeek: 20, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], mobility: ['public_transport', 'on_foot'], notes: 'Disponibile mentre i figli sono a scuola' },
      unemployedMonths: 10, didRegistered: false,
    },
    municipality: 'civate', caseManager: 'civate', status: 'intake', openedDaysAgo: 9, source: 'spontaneous',
    sourceNotes: 'Accesso allo sportello per informazioni sul lavoro di cura.',
  },
  {
    person: {
      givenName: 'Marta', familyName: 'Redaelli', sex: 'F', birthDate: '1980-11-19', birthPlace: 'Civate (LC)', birthPlaceCode: 'C752', citizenship: 'italiana',
      residence: { municipality: 'Civate', address: 'Via del Pozzo 14' }, phone: '+39 338 410 6652', email: 'marta.redaelli@example.it',
      educationLevel: 4, educationNotes: 'Diploma di perito tessile',
      languages: [it(), { language: 'en', level: 'A2' }], drivingLicences: ['B'], skills: ['controllo qualità tessile', 'magazzino', 'pacchetto Office'],
      availability: { hoursPerWeek: 30, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], mobility: ['car'], notes: null },
      unemployedMonths: 8, didRegistered: true,
    },
    municipality: 'civate', caseManager: 'civate', status: 'assessment', openedDaysAgo: 35, source: 'other_service',
    sourceNotes: 'Segnalata dai servizi sociali dell\'Ambito dopo un periodo di cassa integrazione.',
  },
]

/** The path of a case from intake to `status` along the diagram, and the reason of each step. */
function statusPath(demo: DemoCase): { to: CaseStatus; reason: string }[] {
  const forward: { to: CaseStatus; reason: string }[] = [
    { to: 'assessment', reason: 'Primo colloquio svolto: avviata la valutazione.' },
    { to: 'active', reason: 'Progetto personalizzato condiviso e sottoscritto.' },
    { to: 'monitoring', reason: 'Inserimento avviato: si passa al monitoraggio.' },
  ]
  const target = demo.status === 'suspended' ? demo.suspendedFrom! : demo.status === 'closed' ? 'monitoring' : demo.status
  const steps = forward.slice(0, ['intake', 'assessment', 'active', 'monitoring'].indexOf(target))
  if (demo.status === 'suspended') steps.push({ to: 'suspended', reason: demo.suspension ?? 'Percorso sospeso.' })
  if (demo.status === 'closed') steps.push({ to: 'closed', reason: demo.closing!.reason })
  return steps
}

async function seedCases(db: Db, { orgs, users }: DemoContext) {
  const municipalities: Record<Municipality, string> = { valmadrera: orgs.valmadrera, civate: orgs.civate }
  const staff: Record<Assignee, string | undefined> = {
    casemanager: users['casemanager@valmadrera.demo'],
    coordinator: users['coordinator@valmadrera.demo'],
    civate: users['coordinator@civate.demo'],
  }
  const operatorId = users['operator@cooplavoro.demo'] ?? null
  const nameOf = (id: string) => {
    const account = DEMO_ACCOUNTS.find((a) => users[a.email] === id)
    return { id, name: account ? `${account.givenName} ${account.familyName}` : '' }
  }

  for (const demo of DEMO_CASES) {
    const municipalityId = municipalities[demo.municipality]
    const caseManagerId = staff[demo.caseManager]
    if (!caseManagerId) continue
    const p = demo.person
    const openedAt = instantDaysAgo(demo.openedDaysAgo, 9)
    const [person] = await db
      .insert(persons)
      .values({
        municipalityId,
        givenName: p.givenName,
        familyName: p.familyName,
        taxCode: computeTaxCode({ givenName: p.givenName, familyName: p.familyName, birthDate: p.birthDate, sex: p.sex, birthPlaceCode: p.birthPlaceCode }),
        birthDate: p.birthDate,
        sex: p.sex,
        birthPlace: p.birthPlace,
        citizenship: p.citizenship,
        residenceMunicipality: p.residence.municipality,
        residenceAddress: p.residence.address,
        phone: p.phone,
        email: p.email,
        educationLevel: p.educationLevel,
        educationNotes: p.educationNotes,
        languages: p.languages,
        drivingLicences: p.drivingLicences,
        skills: p.skills,
        availability: p.availability,
        employmentStatus: 'unemployed',
        unemployedSince: daysAgo(demo.openedDaysAgo + p.unemployedMonths * 30),
        didRegistered: p.didRegistered,
        didDate: p.didRegistered ? daysAgo(demo.openedDaysAgo + 20) : null,
        createdBy: caseManagerId,
        createdAt: openedAt,
        updatedAt: openedAt,
      })
      .returning()
    if (p.sensitive) await db.insert(personSensitive).values({ personId: person!.id, ...p.sensitive, updatedBy: caseManagerId, createdAt: openedAt, updatedAt: openedAt })

    const caseId = uuidv7()
    const path = statusPath(demo)
    // Steps spread over the time since opening, the last one a few days ago.
    // A case reopened later closed well before its new episode began.
    const endDaysAgo = demo.reopen ? demo.reopen.daysAgo + 30 : 3
    const stepDaysAgo = path.map((_, i) => Math.round(demo.openedDaysAgo - ((i + 1) * (demo.openedDaysAgo - endDaysAgo)) / (path.length + 1)))
    const lastChange = path.length > 0 ? instantDaysAgo(stepDaysAgo.at(-1)!, 15) : openedAt
    const closed = demo.status === 'closed'
    await db.insert(cases).values({
      id: caseId,
      municipalityId,
      personId: person!.id,
      status: demo.status,
      suspendedFrom: demo.status === 'suspended' ? demo.suspendedFrom! : null,
      source: demo.source,
      sourceNotes: demo.sourceNotes,
      caseManagerId,
      openedOn: daysAgo(demo.openedDaysAgo),
      closedOn: closed ? daysAgo(stepDaysAgo.at(-1)!) : null,
      outcome: closed ? demo.closing!.outcome : null,
      closingNote: closed ? demo.closing!.note : null,
      createdBy: caseManagerId,
      version: 1 + path.length + (demo.withMember ? 1 : 0),
      createdAt: openedAt,
      updatedAt: lastChange,
    })
    await db.insert(caseAssignments).values({ caseId, caseManagerId, assignedBy: caseManagerId, startedAt: openedAt })
    if (demo.withMember && staff.casemanager) {
      await db.insert(caseMembers).values({ caseId, userId: staff.casemanager, addedBy: caseManagerId, createdAt: instantDaysAgo(demo.openedDaysAgo - 1) })
    }

    const events: Parameters<typeof caseEventRow>[0][] = [
      { caseId, type: 'case.opened', audience: 'case', actorUserId: caseManagerId, resourceType: 'case', resourceId: caseId, data: { episode: 1, caseManager: nameOf(caseManagerId) }, occurredAt: openedAt },
    ]
    if (demo.withMember && staff.casemanager) {
      events.push({ caseId, type: 'case.member_added', audience: 'municipality', actorUserId: caseManagerId, resourceType: 'case', resourceId: caseId, data: { member: nameOf(staff.casemanager) }, occurredAt: instantDaysAgo(demo.openedDaysAgo - 1) })
    }
    let from: CaseStatus = 'intake'
    path.forEach((step, i) => {
      const data = { from, to: step.to, reason: step.reason, ...(step.to === 'closed' ? { outcome: demo.closing!.outcome, note: demo.closing!.note } : {}) }
      events.push({ caseId, type: 'case.status_changed', audience: 'municipality', actorUserId: caseManagerId, resourceType: 'case', resourceId: caseId, data, occurredAt: instantDaysAgo(stepDaysAgo[i]!, 15) })
      from = step.to
    })

    if (demo.referral && demo.municipality === 'valmadrera') {
      const referralId = uuidv7()
      const requestedDaysAgo = Math.max(2, Math.round(demo.openedDaysAgo / 2))
      const requestedAt = instantDaysAgo(requestedDaysAgo, 11)
      const acceptedAt = instantDaysAgo(Math.max(1, requestedDaysAgo - 4), 9)
      const completedAt = instantDaysAgo(Math.max(1, Math.round(requestedDaysAgo / 3)), 12)
      const status = demo.referral.status
      const partner = { id: orgs.cooperative, name: 'Cooperativa Sociale Lavoro e Comunità' }
      await db.insert(referrals).values({
        id: referralId,
        caseId,
        municipalityId,
        partnerOrganisationId: orgs.cooperative,
        purpose: demo.referral.purpose,
        consentDate: daysAgo(requestedDaysAgo + 1),
        consentScope: 'Condivisione del profilo lavorativo (anagrafica, contatti, istruzione, competenze, disponibilità) con il servizio lavoro della cooperativa',
        status,
        requestedBy: caseManagerId,
        decidedBy: status === 'requested' ? null : operatorId,
        decidedAt: status === 'requested' ? null : acceptedAt,
        closedBy: status === 'completed' ? operatorId : null,
        closedAt: status === 'completed' ? completedAt : null,
        statusReason: status === 'completed' ? 'Tirocinio concluso con esito positivo' : null,
        version: status === 'requested' ? 1 : status === 'accepted' ? 2 : 3,
        createdAt: requestedAt,
        updatedAt: status === 'requested' ? requestedAt : status === 'accepted' ? acceptedAt : completedAt,
      })
      events.push({ caseId, type: 'referral.requested', audience: 'case', actorUserId: caseManagerId, resourceType: 'referral', resourceId: referralId, data: { partnerOrganisation: partner }, occurredAt: requestedAt })
      if (status !== 'requested') {
        events.push({ caseId, type: 'referral.accepted', audience: 'case', actorUserId: operatorId, resourceType: 'referral', resourceId: referralId, data: { partnerOrganisation: partner, from: 'requested', to: 'accepted' }, occurredAt: acceptedAt })
      }
      if (status === 'completed') {
        events.push({ caseId, type: 'referral.completed', audience: 'case', actorUserId: operatorId, resourceType: 'referral', resourceId: referralId, data: { partnerOrganisation: partner, from: 'accepted', to: 'completed', reason: 'Tirocinio concluso con esito positivo' }, occurredAt: completedAt })
      }
    }
    await db.insert(caseEvents).values(events.map(caseEventRow))

    if (demo.reopen) {
      const reopenedId = uuidv7()
      const reopenedAt = instantDaysAgo(demo.reopen.daysAgo, 10)
      await db.insert(cases).values({
        id: reopenedId,
        municipalityId,
        personId: person!.id,
        episode: 2,
        previousCaseId: caseId,
        status: 'intake',
        source: demo.source,
        sourceNotes: demo.sourceNotes,
        caseManagerId,
        openedOn: daysAgo(demo.reopen.daysAgo),
        createdBy: caseManagerId,
        createdAt: reopenedAt,
        updatedAt: reopenedAt,
      })
      await db.insert(caseAssignments).values({ caseId: reopenedId, caseManagerId, assignedBy: caseManagerId, reason: demo.reopen.reason, startedAt: reopenedAt })
      await db.insert(caseEvents).values(caseEventRow({
        caseId: reopenedId,
        type: 'case.reopened',
        audience: 'municipality',
        actorUserId: caseManagerId,
        resourceType: 'case',
        resourceId: reopenedId,
        data: { episode: 2, previousCaseId: caseId, caseManager: nameOf(caseManagerId), reason: demo.reopen.reason },
        occurredAt: reopenedAt,
      }))
    }
  }
}

/** The names of the demo persons, for seeders and tests that look the demo cases up. */
export const DEMO_CASE_PERSONS = DEMO_CASES.map((d) => ({ givenName: d.person.givenName, familyName: d.person.familyName, municipality: d.municipality, status: d.status }))

registerDemoSeeder(seedCases)
