/**
 * Demo company mediation: thirty companies around Lecco with ATECO codes and plausible sizes, in
 * every relationship status, with their sites and contacts, the cooperative job developer's
 * activities (next actions overdue, due and done), vacancies open, filled and closed, and
 * candidates at every stage of the pipeline — Ioana Popescu hired (a job placement created) and
 * Giuseppe Fumagalli on trial (an internship created). Dates count back from today.
 */
import { completeVatNumber, type CompanyRelationshipStatus, type MatchStatus } from '@ponte/shared'
import { and, eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../client.js'
import { cases, companies, companyActivities, companyContacts, companySites, companyStatusChanges, matches, matchSteps, persons, vacancies, type CompanyRow } from '../schema/index.js'
import { todayInItaly } from '../../lib/dates.js'
import { registerDemoSeeder, type DemoContext } from './demo.js'

const DAY = 86_400_000
const daysAgo = (days: number) => new Date(Date.parse(`${todayInItaly()}T12:00:00Z`) - days * DAY).toISOString().slice(0, 10)
const instantDaysAgo = (days: number, hour = 10) => new Date(`${daysAgo(days)}T${String(hour).padStart(2, '0')}:15:00+01:00`)

interface DemoCompany {
  name: string
  /** The first ten digits of its partita IVA (the check digit is computed). */
  vat: string
  ateco: string
  employees: number
  street: string
  postalCode: string
  municipality: string
  status: CompanyRelationshipStatus
  owner?: 'cooperative' | 'valmadrera'
  isPublicAdministration?: boolean
  isTypeBCooperative?: boolean
  phone?: string
  website?: string
  contacts: { givenName: string; familyName: string; role: string; phone?: string; email?: string }[]
  otherSite?: { name: string; street: string; postalCode: string; municipality: string }
}

const LC = { province: 'LC', region: 'lombardia' as const }

export const DEMO_COMPANIES: DemoCompany[] = [
  { name: 'Officine Lario S.p.A.', vat: '0088421013', ateco: '28.41.00', employees: 62, street: 'Corso Carlo Alberto 112', postalCode: '23900', municipality: 'Lecco', status: 'partner', phone: '+39 0341 581 200', website: 'https://www.officinelario.example.it',
    contacts: [{ givenName: 'Alberto', familyName: 'Butti', role: 'Responsabile del personale', phone: '+39 0341 581 201', email: 'personale@officinelario.example.it' }, { givenName: 'Chiara', familyName: 'Ripamonti', role: 'Capo reparto macchine utensili' }] },
  { name: 'Carpenteria Metallica Bonacina S.r.l.', vat: '0281457013', ateco: '25.11.00', employees: 8, street: 'Via Rio Torto 21', postalCode: '23868', municipality: 'Valmadrera', status: 'partner', phone: '+39 0341 200 410',
    contacts: [{ givenName: 'Renato', familyName: 'Bonacina', role: 'Titolare', phone: '+39 335 610 2244', email: 'renato@carpenteriabonacina.example.it' }] },
  { name: 'Supermercati del Lario S.p.A.', vat: '0193366013', ateco: '47.11.20', employees: 140, street: 'Via Bovara 50', postalCode: '23868', municipality: 'Valmadrera', status: 'partner', website: 'https://www.supermercatidellario.example.it',
    contacts: [{ givenName: 'Laura', familyName: 'Invernizzi', role: 'HR business partner', phone: '+39 0341 360 900', email: 'selezione@supermercatidellario.example.it' }] },
  { name: 'Logistica Brianza S.r.l.', vat: '0327018013', ateco: '52.10.20', employees: 35, street: 'Via per Dolzago 8', postalCode: '23848', municipality: 'Oggiono', status: 'available',
    contacts: [{ givenName: 'Matteo', familyName: 'Cattaneo', role: 'Responsabile magazzino', phone: '+39 0341 579 330' }] },
  { name: 'Trattoria del Moregallo', vat: '0361992013', ateco: '56.10.11', employees: 4, street: 'Via Parè 3', postalCode: '23868', municipality: 'Valmadrera', status: 'contacted',
    contacts: [{ givenName: 'Rosa', familyName: 'Gerosa', role: 'Titolare', phone: '+39 0341 550 118' }] },
  { name: 'Pulizie Industriali Adda Società Cooperativa Sociale', vat: '0245566706', ateco: '81.21.00', employees: 45, street: 'Via Besonda 11', postalCode: '23900', municipality: 'Lecco', status: 'partner', isTypeBCooperative: true,
    contacts: [{ givenName: 'Silvia', familyName: 'Bonfanti', role: 'Coordinatrice inserimenti', phone: '+39 0341 287 550', email: 'inserimenti@pulizieadda.example.it' }] },
  { name: 'Serramenti Monte Barro S.r.l.', vat: '0333445507', ateco: '16.23.10', employees: 22, street: 'Via Como 70', postalCode: '23851', municipality: 'Galbiate', status: 'contacted',
    contacts: [{ givenName: 'Gianni', familyName: 'Losa', role: 'Amministratore' }] },
  { name: 'Tessitura Manzoni S.p.A.', vat: '0122334408', ateco: '13.20.00', employees: 88, street: 'Via Bovara 60', postalCode: '23868', municipality: 'Valmadrera', status: 'prospect', contacts: [] },
  { name: 'RSA Villa Serena', vat: '0299887709', ateco: '87.10.00', employees: 64, street: 'Via Agudio 9', postalCode: '23864', municipality: 'Malgrate', status: 'available',
    contacts: [{ givenName: 'Angela', familyName: 'Corti', role: 'Coordinatrice dei servizi', phone: '+39 0341 203 677', email: 'coordinamento@villaserena.example.it' }] },
  { name: 'Comune di Malgrate', vat: '0075380013', ateco: '84.11.10', employees: 25, street: 'Piazza Martiri della Libertà 2', postalCode: '23864', municipality: 'Malgrate', status: 'contacted', isPublicAdministration: true, owner: 'valmadrera',
    contacts: [{ givenName: 'Michele', familyName: 'Pozzi', role: 'Responsabile ufficio tecnico', phone: '+39 0341 202 011' }] },
  { name: 'Autofficina Rusconi di Rusconi Luca', vat: '0341122311', ateco: '45.20.10', employees: 4, street: 'Via Fatebenefratelli 50', postalCode: '23868', municipality: 'Valmadrera', status: 'available',
    contacts: [{ givenName: 'Luca', familyName: 'Rusconi', role: 'Titolare', phone: '+39 339 441 8820' }] },
  { name: 'Panificio Fratelli Sala S.n.c.', vat: '0290011212', ateco: '10.71.10', employees: 9, street: 'Via Roma 12', postalCode: '23862', municipality: 'Civate', status: 'partner',
    contacts: [{ givenName: 'Enrico', familyName: 'Sala', role: 'Socio', phone: '+39 0341 550 903' }] },
  { name: 'Minuterie Metalliche Valsecchi S.r.l.', vat: '0315566713', ateco: '25.94.00', employees: 17, street: 'Via Roma 101', postalCode: '23855', municipality: 'Pescate', status: 'prospect', contacts: [] },
  { name: 'Verde Lario Società Cooperativa Sociale', vat: '0267788914', ateco: '81.30.00', employees: 26, street: 'Via San Martino 5', postalCode: '23868', municipality: 'Valmadrera', status: 'partner', isTypeBCooperative: true,
    contacts: [{ givenName: 'Marco', familyName: 'Tentori', role: 'Responsabile squadre manutenzione verde', phone: '+39 346 200 1187', email: 'marco.tentori@verdelario.example.it' }] },
  { name: 'Hotel Promessi Sposi', vat: '0308899015', ateco: '55.10.00', employees: 19, street: 'Lungolago Manzoni 4', postalCode: '23864', municipality: 'Malgrate', status: 'contacted',
    contacts: [{ givenName: 'Beatrice', familyName: 'Lanfranchi', role: 'Direttrice', email: 'direzione@hotelpromessisposi.example.it' }] },
  { name: 'Farmacia Centrale Valmadrera', vat: '0277001116', ateco: '47.73.10', employees: 7, street: 'Piazza Mons. Citterio 1', postalCode: '23868', municipality: 'Valmadrera', status: 'inactive', contacts: [] },
  { name: 'Stampaggio Plastiche Brianza S.p.A.', vat: '0199001217', ateco: '22.29.09', employees: 140, street: 'Via Provinciale 40', postalCode: '23841', municipality: 'Annone di Brianza', status: 'available',
    contacts: [{ givenName: 'Federica', familyName: 'Nava', role: 'Responsabile risorse umane', phone: '+39 0341 260 300', email: 'hr@stampaggiobrianza.example.it' }],
    otherSite: { name: 'Magazzino prodotti finiti', street: 'Via Artigianato 2', postalCode: '23848', municipality: 'Oggiono' } },
  { name: 'Elettroimpianti Colombo S.r.l.', vat: '0322110018', ateco: '43.21.01', employees: 14, street: 'Via Lecco 25', postalCode: '23848', municipality: 'Oggiono', status: 'contacted',
    contacts: [{ givenName: 'Piero', familyName: 'Colombo', role: 'Titolare' }] },
  { name: 'Lavanderia Industriale Lecchese S.r.l.', vat: '0254433219', ateco: '96.01.10', employees: 33, street: 'Via Ghislanzoni 70', postalCode: '23900', municipality: 'Lecco', status: 'partner',
    contacts: [{ givenName: 'Nadia', familyName: 'Frigerio', role: 'Responsabile produzione', phone: '+39 0341 499 210' }] },
  { name: 'Agriturismo Corna Bianca', vat: '0338877620', ateco: '55.20.52', employees: 5, street: 'Località San Tomaso', postalCode: '23868', municipality: 'Valmadrera', status: 'prospect', contacts: [] },
  { name: 'Fonderia di Pescate S.p.A.', vat: '0111223321', ateco: '24.51.00', employees: 210, street: 'Via Alzaia 1', postalCode: '23855', municipality: 'Pescate', status: 'inactive',
    contacts: [{ givenName: 'Roberto', familyName: 'Mainetti', role: 'Ufficio personale (fino al 2025)' }] },
  { name: 'Cartotecnica Lariana S.r.l.', vat: '0285566722', ateco: '17.21.00', employees: 41, street: 'Corso Europa 12', postalCode: '23801', municipality: 'Calolziocorte', status: 'prospect', contacts: [] },
  { name: 'Ristorante Il Barcaiolo', vat: '0329900123', ateco: '56.10.11', employees: 11, street: 'Via Nazario Sauro 8', postalCode: '23900', municipality: 'Lecco', status: 'available',
    contacts: [{ givenName: 'Ivan', familyName: 'Castelli', role: 'Chef e titolare', phone: '+39 0341 363 119' }] },
  { name: 'Magazzini Generali Bione S.r.l.', vat: '0263344524', ateco: '52.10.20', employees: 60, street: 'Via Bione 20', postalCode: '23900', municipality: 'Lecco', status: 'contacted',
    contacts: [{ givenName: 'Sergio', familyName: 'Bolis', role: 'Capo turno' }] },
  { name: 'Studio Dentistico Airoldi', vat: '0344556625', ateco: '86.23.00', employees: 5, street: 'Via Manzoni 8', postalCode: '23868', municipality: 'Valmadrera', status: 'prospect', owner: 'valmadrera', contacts: [] },
  { name: 'Edilizia Panzeri S.r.l.', vat: '0306677826', ateco: '41.20.00', employees: 27, street: 'Via per Suello 12', postalCode: '23862', municipality: 'Civate', status: 'inactive', contacts: [] },
  { name: 'Bar Pasticceria Mauri', vat: '0347788927', ateco: '56.30.00', employees: 8, street: 'Via Roma 40', postalCode: '23868', municipality: 'Valmadrera', status: 'available', owner: 'valmadrera',
    contacts: [{ givenName: 'Giovanna', familyName: 'Mauri', role: 'Titolare', phone: '+39 0341 581 045' }] },
  { name: 'Cooperativa Sociale Il Castello', vat: '0245719013', ateco: '81.29.10', employees: 24, street: 'Via Ghislanzoni 30', postalCode: '23900', municipality: 'Lecco', status: 'partner', isTypeBCooperative: true,
    contacts: [{ givenName: 'Paolo', familyName: 'Ghezzi', role: 'Responsabile inserimenti lavorativi', phone: '+39 0341 576 800', email: 'inserimenti@ilcastello.example.it' }] },
  { name: 'Ferramenta Spreafico', vat: '0349900129', ateco: '47.52.10', employees: 6, street: 'Via Statale 7', postalCode: '23851', municipality: 'Galbiate', status: 'contacted', contacts: [] },
  { name: 'Ascensori Galbiati S.r.l.', vat: '0291234530', ateco: '43.29.01', employees: 35, street: 'Via Mazzucconi 19', postalCode: '23900', municipality: 'Lecco', status: 'prospect', contacts: [] },
]

/** The relationship statuses a company went through to reach `status`, from its registration. */
function pathTo(status: CompanyRelationshipStatus): CompanyRelationshipStatus[] {
  const forward: CompanyRelationshipStatus[] = ['prospect', 'contacted', 'available', 'partner']
  if (status === 'inactive') return ['prospect', 'contacted', 'available', 'inactive']
  return forward.slice(0, forward.indexOf(status) + 1)
}

export interface SeededCompany {
  row: CompanyRow
  siteIds: string[]
  contactIds: string[]
}

/** Seeds the companies with their sites, contacts and status history; returns them by name. */
export async function seedCompanies(db: Db, { orgs, users }: DemoContext): Promise<Map<string, SeededCompany>> {
  const operatorId = users['operator@cooplavoro.demo']!
  const coordinatorId = users['coordinator@valmadrera.demo']!
  const seeded = new Map<string, SeededCompany>()
  async function recordHistory(row: CompanyRow, by: string, registeredDaysAgo: number) {
    const path = pathTo(row.relationshipStatus)
    for (const [step, status] of path.entries()) {
      await db.insert(companyStatusChanges).values({
        companyId: row.id,
        fromStatus: step === 0 ? null : path[step - 1]!,
        toStatus: status,
        reason: status === 'inactive' ? 'Nessuna disponibilità ad accogliere tirocini o assunzioni nei prossimi mesi' : null,
        changedBy: by,
        changedAt: instantDaysAgo(registeredDaysAgo - step * 20),
      })
    }
  }
  for (const [i, demo] of DEMO_COMPANIES.entries()) {
    const owner = demo.owner ?? 'cooperative'
    const by = owner === 'cooperative' ? operatorId : coordinatorId
    const registeredDaysAgo = 400 - i * 11
    const vatNumber = completeVatNumber(demo.vat)
    // A host the measures' demo data registered already: the book takes it over with its history.
    const [registered] = await db.select().from(companies).where(eq(companies.vatNumber, vatNumber))
    if (registered) {
      const [row] = await db.update(companies).set({ relationshipStatus: demo.status, ownerUserId: by, createdBy: by, phone: demo.phone ?? null, website: demo.website ?? null, version: pathTo(demo.status).length }).where(eq(companies.id, registered.id)).returning()
      await recordHistory(row!, by, registeredDaysAgo)
      const sites = await db.select({ id: companySites.id }).from(companySites).where(eq(companySites.companyId, row!.id)).orderBy(companySites.createdAt)
      const contacts = await db.select({ id: companyContacts.id }).from(companyContacts).where(eq(companyContacts.companyId, row!.id)).orderBy(companyContacts.createdAt)
      seeded.set(demo.name, { row: row!, siteIds: sites.map((x) => x.id), contactIds: contacts.map((x) => x.id) })
      continue
    }
    const [row] = await db
      .insert(companies)
      .values({
        ownerOrganisationId: orgs[owner],
        name: demo.name,
        vatNumber,
        taxCode: vatNumber,
        atecoCode: demo.ateco,
        employees: demo.employees,
        isPublicAdministration: demo.isPublicAdministration ?? false,
        isTypeBCooperative: demo.isTypeBCooperative ?? false,
        street: demo.street,
        postalCode: demo.postalCode,
        municipality: demo.municipality,
        ...LC,
        phone: demo.phone ?? null,
        website: demo.website ?? null,
        relationshipStatus: demo.status,
        ownerUserId: by,
        createdBy: by,
        createdAt: instantDaysAgo(registeredDaysAgo),
        updatedAt: instantDaysAgo(Math.max(1, registeredDaysAgo - 60)),
        version: pathTo(demo.status).length,
      })
      .returning()
    await recordHistory(row!, by, registeredDaysAgo)
    const siteIds: string[] = []
    const [hq] = await db
      .insert(companySites)
      .values({ companyId: row!.id, name: 'Sede', street: demo.street, postalCode: demo.postalCode, municipality: demo.municipality, ...LC, isHeadquarters: true, createdAt: instantDaysAgo(registeredDaysAgo) })
      .returning({ id: companySites.id })
    siteIds.push(hq!.id)
    if (demo.otherSite) {
      const [other] = await db.insert(companySites).values({ companyId: row!.id, ...demo.otherSite, ...LC, createdAt: instantDaysAgo(registeredDaysAgo) }).returning({ id: companySites.id })
      siteIds.push(other!.id)
    }
    const contactIds: string[] = []
    for (const contact of demo.contacts) {
      const [c] = await db
        .insert(companyContacts)
        .values({ companyId: row!.id, givenName: contact.givenName, familyName: contact.familyName, role: contact.role, phone: contact.phone ?? null, email: contact.email ?? null, createdAt: instantDaysAgo(registeredDaysAgo) })
        .returning({ id: companyContacts.id })
      contactIds.push(c!.id)
    }
    seeded.set(demo.name, { row: row!, siteIds, contactIds })
  }
  return seeded
}

interface DemoActivity {
  company: string
  kind: 'call' | 'visit' | 'email' | 'meeting'
  daysAgo: number
  summary: string
  outcome?: string
  next?: { description: string; dueInDays: number; done?: boolean }
  by?: 'operator' | 'coordinator'
}

const DEMO_ACTIVITIES: DemoActivity[] = [
  { company: 'Officine Lario S.p.A.', kind: 'visit', daysAgo: 120, summary: 'Visita al reparto torneria con il responsabile del personale: presentato il servizio di inserimento lavorativo.', outcome: 'Disponibili a valutare tirocini di reinserimento.' },
  { company: 'Officine Lario S.p.A.', kind: 'call', daysAgo: 21, summary: 'Telefonata per l\'assunzione di Giuseppe Fumagalli al termine del tirocinio.', outcome: 'Assunzione a tempo indeterminato in quota L. 68 confermata.', next: { description: 'Verifica del primo mese di lavoro con il responsabile', dueInDays: -5 } },
  { company: 'Carpenteria Metallica Bonacina S.r.l.', kind: 'visit', daysAgo: 45, summary: 'Sopralluogo in officina per il tirocinio in magazzino ricambi: verificate sicurezza e postazione.', outcome: 'Pronti ad accogliere un tirocinante dal mese prossimo.' },
  { company: 'Carpenteria Metallica Bonacina S.r.l.', kind: 'meeting', daysAgo: 10, summary: 'Incontro con il titolare per il progetto formativo del tirocinio.', outcome: 'Progetto formativo condiviso.', next: { description: 'Verifica intermedia del tirocinio con il tutor aziendale', dueInDays: 20 } },
  { company: 'Supermercati del Lario S.p.A.', kind: 'meeting', daysAgo: 70, summary: 'Incontro con l\'HR per le assunzioni della stagione estiva.', outcome: 'Aperta una posizione nel punto vendita di Valmadrera.' },
  { company: 'Supermercati del Lario S.p.A.', kind: 'email', daysAgo: 14, summary: 'Inviata la conferma dell\'assunzione e la documentazione per l\'inserimento.', next: { description: 'Follow-up con la direttrice dopo il primo mese', dueInDays: 3 } },
  { company: 'Logistica Brianza S.r.l.', kind: 'call', daysAgo: 30, summary: 'Chiamata al responsabile di magazzino per il fabbisogno di carrellisti.', outcome: 'Serve il patentino del muletto.', next: { description: 'Inviare i profili con patentino del carrello elevatore', dueInDays: -2 } },
  { company: 'Trattoria del Moregallo', kind: 'call', daysAgo: 8, summary: 'Primo contatto telefonico con la titolare.', outcome: 'Interessata per la stagione primaverile.', next: { description: 'Visita in trattoria', dueInDays: 1 } },
  { company: 'Pulizie Industriali Adda Società Cooperativa Sociale', kind: 'meeting', daysAgo: 60, summary: 'Incontro di coordinamento sugli inserimenti in cooperativa di tipo B.', outcome: 'Due posti per addetti alle pulizie.', next: { description: 'Inviare i curricula selezionati', dueInDays: -20, done: true } },
  { company: 'Serramenti Monte Barro S.r.l.', kind: 'email', daysAgo: 35, summary: 'Inviata la presentazione del servizio e delle agevolazioni per le assunzioni.', next: { description: 'Richiamare l\'amministratore', dueInDays: 6 } },
  { company: 'RSA Villa Serena', kind: 'visit', daysAgo: 25, summary: 'Visita alla struttura con la coordinatrice dei servizi.', outcome: 'Possibili tirocini come ausiliari.' },
  { company: 'Comune di Malgrate', kind: 'meeting', daysAgo: 50, summary: 'Incontro con l\'ufficio tecnico sui progetti di manutenzione del verde.', by: 'coordinator' },
  { company: 'Hotel Promessi Sposi', kind: 'call', daysAgo: 12, summary: 'Telefonata alla direttrice per il personale ai piani.', outcome: 'Richiamare a febbraio.', next: { description: 'Richiamare per la stagione', dueInDays: 40 } },
  { company: 'Stampaggio Plastiche Brianza S.p.A.', kind: 'visit', daysAgo: 40, summary: 'Visita al reparto stampaggio: presentati i profili disponibili.', outcome: 'Disponibili per operatori di linea su tre turni.' },
  { company: 'Ristorante Il Barcaiolo', kind: 'call', daysAgo: 5, summary: 'Lo chef cerca un aiuto cuoco per il fine settimana.', next: { description: 'Organizzare il colloquio di Elisa Longhi', dueInDays: 0 } },
  { company: 'Bar Pasticceria Mauri', kind: 'visit', daysAgo: 18, summary: 'Visita alla pasticceria con la titolare.', outcome: 'Cercano una persona per il banco al mattino.', by: 'coordinator' },
  { company: 'Fonderia di Pescate S.p.A.', kind: 'call', daysAgo: 200, summary: 'Telefonata all\'ufficio personale.', outcome: 'Stabilimento in cassa integrazione: nessuna disponibilità.' },
]

export async function seedActivities(db: Db, { users }: DemoContext, seeded: Map<string, SeededCompany>, organisationOf: (by: 'operator' | 'coordinator') => string) {
  for (const activity of DEMO_ACTIVITIES) {
    const company = seeded.get(activity.company)!
    const by = activity.by ?? 'operator'
    const operatorId = users[by === 'operator' ? 'operator@cooplavoro.demo' : 'coordinator@valmadrera.demo']!
    const dueOn = activity.next ? new Date(Date.parse(`${todayInItaly()}T12:00:00Z`) + activity.next.dueInDays * DAY).toISOString().slice(0, 10) : null
    await db.insert(companyActivities).values({
      id: uuidv7(),
      companyId: company.row.id,
      organisationId: organisationOf(by),
      kind: activity.kind,
      occurredOn: daysAgo(activity.daysAgo),
      operatorId,
      contactId: company.contactIds[0] ?? null,
      summary: activity.summary,
      outcome: activity.outcome ?? null,
      nextAction: activity.next?.description ?? null,
      nextActionDueOn: dueOn,
      nextActionDoneAt: activity.next?.done ? instantDaysAgo(activity.daysAgo - 3) : null,
      nextActionDoneBy: activity.next?.done ? operatorId : null,
      createdAt: instantDaysAgo(activity.daysAgo, 17),
      updatedAt: instantDaysAgo(activity.daysAgo, 17),
    })
  }
}

interface DemoVacancy {
  key: string
  company: string
  /** The company's second site rather than its headquarters. */
  atOtherSite?: boolean
  title: string
  profileCode: string
  contractType: 'permanent' | 'fixed_term' | 'apprenticeship' | 'temporary_agency' | 'other'
  contractMonths?: number
  weeklyHours?: number
  positions: number
  requirements: string
  daysAgo: number
  deadlineInDays: number
  status: 'open' | 'filled' | 'closed'
  statusReason?: string
}

const DEMO_VACANCIES: DemoVacancy[] = [
  { key: 'cnc', company: 'Officine Lario S.p.A.', title: 'Operatore di macchine CNC', profileCode: '7.2.1.1.0', contractType: 'permanent', weeklyHours: 40, positions: 1,
    requirements: 'Conduzione di centri di lavoro CNC; lettura del disegno tecnico; assunzione in quota L. 68/1999.', daysAgo: 70, deadlineInDays: -20, status: 'filled' },
  { key: 'ricambi', company: 'Carpenteria Metallica Bonacina S.r.l.', title: 'Addetta/o alla segreteria e al magazzino ricambi', profileCode: '4.1.1.2.0', contractType: 'fixed_term', contractMonths: 12, positions: 1,
    requirements: 'Uso del computer; ordine e precisione; patente B.', daysAgo: 75, deadlineInDays: 15, status: 'open' },
  { key: 'ortofrutta', company: 'Supermercati del Lario S.p.A.', title: 'Addetta/o al reparto ortofrutta', profileCode: '5.1.2.2.0', contractType: 'fixed_term', contractMonths: 12, weeklyHours: 30, positions: 2,
    requirements: 'Disponibilità su turni, anche il sabato; esperienza nella vendita gradita.', daysAgo: 40, deadlineInDays: 25, status: 'open' },
  { key: 'pulizie', company: 'Pulizie Industriali Adda Società Cooperativa Sociale', title: 'Addetta/o alle pulizie industriali', profileCode: '8.1.4.3.0', contractType: 'fixed_term', contractMonths: 12, weeklyHours: 25, positions: 2,
    requirements: 'Inserimento in cooperativa di tipo B; disponibilità al mattino presto.', daysAgo: 55, deadlineInDays: 30, status: 'open' },
  { key: 'aiuto-cuoco', company: 'Ristorante Il Barcaiolo', title: 'Aiuto cuoca/o nei fine settimana', profileCode: '5.2.2.1.0', contractType: 'other', weeklyHours: 16, positions: 1,
    requirements: 'Attestato HACCP o disponibilità a conseguirlo.', daysAgo: 5, deadlineInDays: 20, status: 'open' },
  { key: 'magazziniere', company: 'Logistica Brianza S.r.l.', title: 'Magazziniere carrellista', profileCode: '8.1.3.1.0', contractType: 'temporary_agency', positions: 3,
    requirements: 'Patentino del carrello elevatore; turni notturni.', daysAgo: 28, deadlineInDays: 40, status: 'open' },
  { key: 'piani', company: 'Hotel Promessi Sposi', title: 'Cameriera/e ai piani', profileCode: '5.4.3.1.0', contractType: 'fixed_term', contractMonths: 4, positions: 2,
    requirements: 'Stagione estiva.', daysAgo: 150, deadlineInDays: -90, status: 'closed', statusReason: 'Stagione conclusa: posizioni coperte dall\'hotel' },
  { key: 'linea', company: 'Stampaggio Plastiche Brianza S.p.A.', title: 'Operatrice/operatore di linea', profileCode: '7.2.6.1.0', contractType: 'temporary_agency', positions: 4,
    requirements: 'Tre turni a rotazione.', daysAgo: 90, deadlineInDays: -30, status: 'closed', statusReason: 'Ricerca sospesa per calo degli ordini' },
]

interface DemoMatch {
  vacancy: string
  person: string
  by: 'operator' | 'casemanager' | 'coordinator'
  path: MatchStatus[]
  daysAgo: number
  note?: string
  reason?: string
}

/** Candidates at every stage; the trial and the hire are created with their measures by the measures' seeder. */
export const DEMO_MATCHES: DemoMatch[] = [
  { vacancy: 'cnc', person: 'Giuseppe Fumagalli', by: 'operator', path: ['proposed', 'cv_sent', 'interview', 'trial', 'hired'], daysAgo: 70, note: 'Vent\'anni in officina meccanica; iscritto al collocamento mirato.' },
  { vacancy: 'ricambi', person: 'Ioana Popescu', by: 'operator', path: ['proposed', 'cv_sent', 'interview', 'trial'], daysAgo: 75, note: 'Ordinata e precisa; esperienza di cassa e magazzino.' },
  { vacancy: 'ortofrutta', person: 'Giuseppe Fumagalli', by: 'operator', path: ['proposed', 'rejected'], daysAgo: 38, reason: 'Ha accettato il posto alle Officine Lario' },
  { vacancy: 'ortofrutta', person: 'Davide Anghileri', by: 'casemanager', path: ['proposed', 'cv_sent'], daysAgo: 12, note: 'Disponibile su turni.' },
  { vacancy: 'pulizie', person: 'Paola Negri', by: 'coordinator', path: ['proposed'], daysAgo: 4, note: 'Cerca un lavoro al mattino.' },
  { vacancy: 'pulizie', person: 'Ioana Popescu', by: 'operator', path: ['proposed', 'withdrawn'], daysAgo: 50, reason: 'Ha iniziato il tirocinio in carpenteria' },
  { vacancy: 'aiuto-cuoco', person: 'Elisa Longhi', by: 'coordinator', path: ['proposed', 'cv_sent', 'interview'], daysAgo: 4, note: 'Diploma alberghiero.' },
]

export interface SeededMatch {
  id: string
  status: MatchStatus
  caseId: string
  vacancyId: string
  companyId: string
}

export async function seedVacanciesAndMatches(db: Db, { orgs, users }: DemoContext, seeded: Map<string, SeededCompany>): Promise<SeededMatch[]> {
  const operatorId = users['operator@cooplavoro.demo']!
  const vacancyIds = new Map<string, { id: string; companyId: string }>()
  for (const demo of DEMO_VACANCIES) {
    const company = seeded.get(demo.company)!
    const [row] = await db
      .insert(vacancies)
      .values({
        companyId: company.row.id,
        siteId: (demo.atOtherSite ? company.siteIds[1] : undefined) ?? company.siteIds[0] ?? null,
        ownerOrganisationId: company.row.ownerOrganisationId,
        title: demo.title,
        profileCode: demo.profileCode,
        location: company.row.municipality,
        contractType: demo.contractType,
        contractMonths: demo.contractMonths ?? null,
        weeklyHours: demo.weeklyHours ?? null,
        positions: demo.positions,
        requirements: demo.requirements,
        deadline: daysAgo(-demo.deadlineInDays),
        status: demo.status,
        statusReason: demo.statusReason ?? null,
        createdBy: operatorId,
        createdAt: instantDaysAgo(demo.daysAgo),
        updatedAt: instantDaysAgo(Math.max(1, demo.daysAgo - 10)),
      })
      .returning({ id: vacancies.id })
    vacancyIds.set(demo.key, { id: row!.id, companyId: company.row.id })
  }
  const byWho = { operator: operatorId, casemanager: users['casemanager@valmadrera.demo']!, coordinator: users['coordinator@valmadrera.demo']! }
  const result: SeededMatch[] = []
  for (const demo of DEMO_MATCHES) {
    const [givenName, ...family] = demo.person.split(' ')
    const [found] = await db
      .select({ caseId: cases.id, personId: persons.id, municipalityId: cases.municipalityId })
      .from(cases)
      .innerJoin(persons, eq(persons.id, cases.personId))
      .where(and(eq(persons.givenName, givenName!), eq(persons.familyName, family.join(' ')), eq(cases.municipalityId, orgs.valmadrera)))
      .orderBy(cases.openedOn)
    if (!found) continue
    const vacancy = vacancyIds.get(demo.vacancy)!
    const by = byWho[demo.by]
    const status = demo.path.at(-1)!
    const id = uuidv7()
    await db.insert(matches).values({
      id,
      vacancyId: vacancy.id,
      caseId: found.caseId,
      personId: found.personId,
      municipalityId: found.municipalityId,
      proposedByOrganisationId: demo.by === 'operator' ? orgs.cooperative : orgs.valmadrera,
      proposedBy: by,
      note: demo.note ?? null,
      status,
      version: demo.path.length,
      createdAt: instantDaysAgo(demo.daysAgo),
      updatedAt: instantDaysAgo(Math.max(1, demo.daysAgo - (demo.path.length - 1) * 6)),
    })
    for (const [i, to] of demo.path.entries()) {
      await db.insert(matchSteps).values({
        matchId: id,
        fromStatus: i === 0 ? null : demo.path[i - 1]!,
        toStatus: to,
        reason: i === demo.path.length - 1 ? (demo.reason ?? null) : null,
        byUserId: by,
        at: instantDaysAgo(Math.max(1, demo.daysAgo - i * 6), 11 + i),
      })
    }
    result.push({ id, status, caseId: found.caseId, vacancyId: vacancy.id, companyId: vacancy.companyId })
  }
  return result
}

export async function seedMediation(db: Db, context: DemoContext): Promise<void> {
  const seeded = await seedCompanies(db, context)
  await seedActivities(db, context, seeded, (by) => (by === 'operator' ? context.orgs.cooperative : context.orgs.valmadrera))
  await seedVacanciesAndMatches(db, context, seeded)
}

registerDemoSeeder(seedMediation)
