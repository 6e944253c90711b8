/**
 * Demo assessments and individual plans for the Valmadrera cases the cases seeder created: a
 * preliminary assessment for every case past intake, in-depth ones for some, and plans in each
 * state — a draft, one awaiting the coordinator's approval, signed ones with commitments met,
 * rescheduled and overdue, and a case whose plan was revised. Dates follow each case's opening
 * date and today, so overdue commitments stay overdue whenever the demo is loaded.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../client.js'
import { assessments, caseEvents, cases, commitmentProgressNotes, planCommitments, plans, referrals, type CaseRow, type PlanObjectiveValue, type PlanSupportValue } from '../schema/index.js'
import type { CaseEventPayload } from '@ponte/shared'
import { caseEventRow } from '../../modules/cases/case-events.js'
import { registerDemoSeeder, type DemoContext } from './demo.js'
import { todayInItaly } from '../../lib/dates.js'

const DAY = 86_400_000
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10)
/** `date` kept between the case's opening day and today. */
const within = (date: string, from: string, to: string) => (date < from ? from : date > to ? to : date)
const at = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+01:00`)

type AssessmentProfile = Omit<typeof assessments.$inferInsert, 'caseId' | 'kind' | 'assessedOn' | 'authorId'>

/** Preliminary analyses, in rotation: people who lost their jobs, each with their own situation. */
const PRELIMINARY: AssessmentProfile[] = [
  {
    scoreWork: 2, scoreEducation: 2, scoreHealth: 3, scoreHousing: 2, scoreFamily: 3, scoreEconomic: 1, scoreSocialNetwork: 3,
    strengths: 'Diciotto anni come operaio metalmeccanico; buona manualità; patente B e auto propria; molto motivato.',
    needs: 'Licenziato per la chiusura dell\'azienda; affitto arretrato di due mesi; competenze digitali di base assenti.',
    employabilityLevel: 'medium',
    notes: 'Arrivato allo sportello per chiedere un contributo economico. Disponibile a tirocini anche fuori comune.',
  },
  {
    scoreWork: 2, scoreEducation: 3, scoreHealth: 4, scoreHousing: 3, scoreFamily: 2, scoreEconomic: 2, scoreSocialNetwork: 2,
    strengths: 'Diploma di ragioneria; esperienza in contabilità e segreteria; disponibile al part-time.',
    needs: 'Madre sola con due figli minori: va conciliato l\'orario di lavoro con la scuola; utenze arretrate.',
    employabilityLevel: 'high',
    notes: 'Cerca un impiego d\'ufficio a tempo parziale; interessata al gruppo di auto mutuo aiuto.',
  },
  {
    scoreWork: 1, scoreEducation: 1, scoreHealth: 3, scoreHousing: 2, scoreFamily: 2, scoreEconomic: 1, scoreSocialNetwork: 1,
    strengths: 'Puntuale e disponibile; esperienza nelle pulizie industriali e nella ristorazione.',
    needs: 'Italiano scritto da rafforzare; nessuna rete familiare sul territorio; disoccupato da oltre un anno.',
    employabilityLevel: 'low',
    notes: 'Da valutare un corso di italiano per adulti al CPIA prima del tirocinio.',
  },
  {
    scoreWork: 2, scoreEducation: 2, scoreHealth: 3, scoreHousing: 3, scoreFamily: 3, scoreEconomic: 2, scoreSocialNetwork: 2,
    strengths: 'Esperienza come magazziniere e carrellista; conosce i gestionali di magazzino.',
    needs: 'Patentino del carrello elevatore scaduto; si è isolato dopo la perdita del lavoro.',
    employabilityLevel: 'medium',
    notes: 'Le aziende della logistica della zona cercano carrellisti: priorità al rinnovo del patentino.',
  },
  {
    scoreWork: 1, scoreEducation: 2, scoreHealth: 2, scoreHousing: 1, scoreFamily: 2, scoreEconomic: 1, scoreSocialNetwork: 1,
    strengths: 'Competenze artigianali nella lavorazione del legno; desiderio di rimettersi in gioco.',
    needs: 'Disoccupato da oltre 24 mesi; sfratto per morosità in corso; sfiducia verso i servizi.',
    employabilityLevel: 'very_low',
    notes: 'Situazione abitativa urgente: coinvolto l\'Ufficio casa. Un PUC potrebbe essere il primo passo.',
  },
]

const IN_DEPTH_NOTES =
  'Quadro approfondito dopo tre colloqui, la visita domiciliare e il confronto con l\'operatore della cooperativa. Confermate le risorse emerse nell\'analisi preliminare.'

const OBJECTIVES: Omit<PlanObjectiveValue, 'id'>[] = [
  { title: 'Aggiornare il curriculum e iscriversi al Centro per l\'Impiego', expectedResult: 'CV aggiornato e DID rilasciata entro un mese' },
  { title: 'Svolgere un tirocinio di reinserimento in un\'azienda del territorio', expectedResult: 'Tirocinio di sei mesi avviato, con frequenza almeno dell\'80%' },
  { title: 'Partecipare al gruppo di auto mutuo aiuto lavoro', expectedResult: 'Almeno 12 incontri frequentati su 16' },
  { title: 'Migliorare le competenze digitali di base', expectedResult: 'Corso di informatica di base completato: email, portali del lavoro, SPID' },
  { title: 'Stabilizzare la situazione abitativa', expectedResult: 'Rientro dalla morosità con il piano concordato con il proprietario' },
]

const SUPPORTS: PlanSupportValue[] = [
  { kind: 'service', description: 'Servizio lavoro della Cooperativa Sociale Lavoro e Comunità: orientamento e tutoring', reference: null },
  { kind: 'economic_support', description: 'Contributo economico per l\'affitto (tre mensilità)', reference: null },
  { kind: 'service', description: 'Centro per l\'Impiego di Lecco: patto di servizio personalizzato', reference: null },
]

interface CommitmentSeed {
  who: 'person' | 'case_manager' | 'partner' | 'other'
  responsibleName?: string
  what: string
  /** Days from today. */
  due: number
  status?: 'open' | 'met' | 'missed' | 'rescheduled'
  /** Days from today, for `rescheduled`. */
  rescheduledTo?: number
  /** What the cooperative's operator wrote about it, when the case is referred to the cooperative. */
  progressNote?: string
}

const COOPERATIVE = 'Cooperativa Sociale Lavoro e Comunità'

/** The commitments of a signed plan in force: some met, one missed, one rescheduled, some overdue, some ahead. */
const SIGNED_COMMITMENTS: CommitmentSeed[] = [
  { who: 'person', what: 'Portare all\'assistente sociale il curriculum aggiornato', due: -45, status: 'met' },
  { who: 'person', what: 'Iscriversi al Centro per l\'Impiego e rilasciare la DID', due: -30, status: 'met' },
  { who: 'case_manager', what: 'Fissare il colloquio di orientamento con la cooperativa', due: -25, status: 'met' },
  {
    who: 'partner',
    responsibleName: COOPERATIVE,
    what: 'Proporre almeno due aziende ospitanti per il tirocinio',
    due: -12,
    progressNote: 'Contattate tre aziende della zona industriale: una disponibile a un colloquio la prossima settimana, le altre due rispondono entro fine mese.',
  },
  { who: 'partner', responsibleName: COOPERATIVE, what: 'Accompagnare la persona al colloquio con l\'azienda ospitante', due: 9 },
  { who: 'person', what: 'Presentare l\'ISEE aggiornato allo sportello', due: -5 },
  { who: 'person', what: 'Partecipare al primo incontro del gruppo di auto mutuo aiuto', due: -20, status: 'missed' },
  { who: 'person', what: 'Iscriversi al corso di informatica di base', due: -8, status: 'rescheduled', rescheduledTo: 14 },
  { who: 'other', responsibleName: 'Ufficio casa del Comune', what: 'Verificare la graduatoria per l\'alloggio a canone sociale', due: 21 },
]

const DRAFT_COMMITMENTS: CommitmentSeed[] = [
  { who: 'person', what: 'Portare all\'assistente sociale il curriculum aggiornato', due: 14 },
  { who: 'case_manager', what: 'Contattare il servizio lavoro della cooperativa per il colloquio di orientamento', due: 10 },
]

const SUBMITTED_COMMITMENTS: CommitmentSeed[] = [
  { who: 'person', what: 'Iscriversi al Centro per l\'Impiego e rilasciare la DID', due: 15 },
  { who: 'partner', responsibleName: COOPERATIVE, what: 'Svolgere il bilancio delle competenze', due: 30 },
  { who: 'person', what: 'Partecipare agli incontri del gruppo di auto mutuo aiuto', due: 60 },
]

export async function seedAssessmentsAndPlans(db: Db, { orgs, users }: DemoContext): Promise<void> {
  const valmadreraCases = await db.select().from(cases).where(eq(cases.municipalityId, orgs.valmadrera)).orderBy(asc(cases.openedOn), asc(cases.id))
  if (valmadreraCases.length === 0) return
  const coordinatorId = users['coordinator@valmadrera.demo'] ?? null
  const operatorId = users['operator@cooplavoro.demo'] ?? null
  // The partner commitments of a case referred to the cooperative (requested or accepted) are its service's.
  const referredToCooperative = new Set(
    (
      await db
        .select({ caseId: referrals.caseId })
        .from(referrals)
        .where(and(eq(referrals.partnerOrganisationId, orgs.cooperative), inArray(referrals.status, ['requested', 'accepted'])))
    ).map((r) => r.caseId),
  )
  const today = todayInItaly()
  const byStatus = (status: CaseRow['status']) => valmadreraCases.filter((c) => c.status === status)

  const event = (c: CaseRow, payload: CaseEventPayload, date: string, actorUserId: string | null, resourceType: string, resourceId: string, hour = 10) =>
    db.insert(caseEvents).values(caseEventRow({ caseId: c.id, ...payload, audience: 'municipality', actorUserId, resourceType, resourceId, occurredAt: at(date, hour) }))

  // Each case keeps one person's profile: its in-depth assessment builds on its preliminary one.
  const profiles = new Map<string, AssessmentProfile>()
  const profileOf = (c: CaseRow) => profiles.get(c.id) ?? profiles.set(c.id, PRELIMINARY[profiles.size % PRELIMINARY.length]!).get(c.id)!
  async function assess(c: CaseRow, kind: 'preliminary' | 'in_depth', afterDays: number, signed: boolean) {
    const profile = profileOf(c)
    const assessedOn = within(addDays(c.openedOn, afterDays), c.openedOn, today)
    const id = uuidv7()
    const values = kind === 'preliminary' ? profile : { ...profile, notes: IN_DEPTH_NOTES, scoreSocialNetwork: Math.min(4, (profile.scoreSocialNetwork ?? 1) + 1) }
    await db.insert(assessments).values({
      ...values,
      id,
      caseId: c.id,
      kind,
      assessedOn,
      authorId: c.caseManagerId,
      signedAt: signed ? at(assessedOn, 17) : null,
      version: signed ? 2 : 1,
      createdAt: at(assessedOn),
      updatedAt: at(assessedOn, signed ? 17 : 10),
    })
    await event(c, { type: 'assessment.created', data: { kind, assessedOn } }, assessedOn, c.caseManagerId, 'assessment', id)
    if (signed) await event(c, { type: 'assessment.signed', data: { kind, assessedOn } }, assessedOn, c.caseManagerId, 'assessment', id, 17)
  }

  async function addCommitments(c: CaseRow, planId: string, seeds: CommitmentSeed[], createdOn: string, versionNumber: number) {
    for (const seed of seeds) {
      const id = uuidv7()
      const status = seed.status ?? 'open'
      const dueDate = addDays(today, seed.due)
      const rescheduledTo = seed.rescheduledTo !== undefined ? addDays(today, seed.rescheduledTo) : null
      const changedOn = within(addDays(today, Math.min(seed.due, 0) + 1), createdOn, today)
      const partnerOrganisationId = seed.who === 'partner' && referredToCooperative.has(c.id) ? orgs.cooperative : null
      await db.insert(planCommitments).values({
        id,
        planId,
        caseId: c.id,
        who: seed.who,
        responsibleName: seed.responsibleName ?? null,
        partnerOrganisationId,
        doneOn: status === 'met' ? changedOn : null,
        what: seed.what,
        dueDate,
        status,
        rescheduledTo,
        createdBy: c.caseManagerId,
        version: status === 'open' ? 1 : 2,
        createdAt: at(createdOn),
        updatedAt: at(status === 'open' ? createdOn : changedOn),
      })
      if (status !== 'open') {
        await event(c, { type: 'commitment.status_changed', data: { planId, versionNumber, from: 'open', to: status, ...(rescheduledTo ? { rescheduledTo } : {}) } }, changedOn, c.caseManagerId, 'plan_commitment', id, 11)
      }
      if (seed.progressNote && partnerOrganisationId) {
        const noteId = uuidv7()
        const notedOn = within(addDays(today, -2), createdOn, today)
        await db.insert(commitmentProgressNotes).values({ id: noteId, commitmentId: id, caseId: c.id, text: seed.progressNote, authorId: operatorId, authorOrganisationId: partnerOrganisationId, createdAt: at(notedOn, 15) })
        await event(c, { type: 'commitment.progress_noted', data: { commitmentId: id, planId, partnerOrganisation: { id: partnerOrganisationId } } }, notedOn, operatorId, 'commitment_progress_note', noteId, 15)
      }
    }
  }

  const objectivesFor = (count: number, offset = 0) => Array.from({ length: count }, (_, i) => ({ id: uuidv7(), ...OBJECTIVES[(i + offset) % OBJECTIVES.length]! }))

  async function draftPlan(c: CaseRow) {
    const createdOn = within(addDays(today, -3), c.openedOn, today)
    const id = uuidv7()
    await db.insert(plans).values({
      id, caseId: c.id, versionNumber: 1, status: 'draft', objectives: objectivesFor(2), supports: [SUPPORTS[0]!], reviewDate: addDays(today, 90),
      notes: 'Bozza da condividere con la persona al prossimo colloquio.', createdBy: c.caseManagerId, createdAt: at(createdOn), updatedAt: at(createdOn),
    })
    await event(c, { type: 'plan.created', data: { versionNumber: 1, status: 'draft' } }, createdOn, c.caseManagerId, 'plan', id)
    await addCommitments(c, id, DRAFT_COMMITMENTS, createdOn, 1)
  }

  async function submittedPlan(c: CaseRow) {
    const createdOn = within(addDays(today, -6), c.openedOn, today)
    const submittedOn = within(addDays(today, -2), createdOn, today)
    const id = uuidv7()
    await db.insert(plans).values({
      id, caseId: c.id, versionNumber: 1, status: 'submitted', objectives: objectivesFor(3, 1), supports: SUPPORTS.slice(0, 2), reviewDate: addDays(today, 120),
      notes: 'Concordato con la persona: in attesa dell\'approvazione della coordinatrice.', submittedAt: at(submittedOn, 16), submittedBy: c.caseManagerId,
      createdBy: c.caseManagerId, version: 2, createdAt: at(createdOn), updatedAt: at(submittedOn, 16),
    })
    await event(c, { type: 'plan.created', data: { versionNumber: 1, status: 'draft' } }, createdOn, c.caseManagerId, 'plan', id)
    await event(c, { type: 'plan.submitted', data: { versionNumber: 1, status: 'submitted', from: 'draft', to: 'submitted' } }, submittedOn, c.caseManagerId, 'plan', id, 16)
    await addCommitments(c, id, SUBMITTED_COMMITMENTS, createdOn, 1)
  }

  /** A plan version that went through submission, approval and the person's signature. */
  async function signedPlan(c: CaseRow, options: { versionNumber: number; createdOn: string; status: 'signed' | 'superseded'; revisedFromId?: string; supersededOn?: string; objectives: PlanObjectiveValue[]; commitments: CommitmentSeed[] }) {
    const { versionNumber, createdOn } = options
    const submittedOn = within(addDays(createdOn, 3), createdOn, today)
    const approvedOn = within(addDays(createdOn, 5), submittedOn, today)
    const signedOn = within(addDays(createdOn, 7), approvedOn, today)
    const id = uuidv7()
    await db.insert(plans).values({
      id, caseId: c.id, versionNumber, status: options.status, revisedFromId: options.revisedFromId ?? null, objectives: options.objectives, supports: SUPPORTS,
      reviewDate: addDays(signedOn, 180), submittedAt: at(submittedOn, 15), submittedBy: c.caseManagerId, approvedAt: at(approvedOn, 12), approvedBy: coordinatorId,
      signedOn, signedRecordedBy: c.caseManagerId, supersededAt: options.supersededOn ? at(options.supersededOn, 16) : null, createdBy: c.caseManagerId,
      version: options.status === 'superseded' ? 5 : 4, createdAt: at(createdOn), updatedAt: at(options.supersededOn ?? signedOn, 16),
    })
    await event(
      c,
      options.revisedFromId ? { type: 'plan.revised', data: { versionNumber, status: 'draft', revisedFromId: options.revisedFromId } } : { type: 'plan.created', data: { versionNumber, status: 'draft' } },
      createdOn,
      c.caseManagerId,
      'plan',
      id,
    )
    await event(c, { type: 'plan.submitted', data: { versionNumber, status: 'submitted', from: 'draft', to: 'submitted' } }, submittedOn, c.caseManagerId, 'plan', id, 15)
    await event(c, { type: 'plan.approved', data: { versionNumber, status: 'approved', from: 'submitted', to: 'approved' } }, approvedOn, coordinatorId, 'plan', id, 12)
    await event(c, { type: 'plan.signed', data: { versionNumber, status: 'signed', from: 'approved', to: 'signed', signedOn } }, signedOn, c.caseManagerId, 'plan', id, 16)
    await addCommitments(c, id, options.commitments, createdOn, versionNumber)
    return { id, signedOn }
  }

  const planStart = (c: CaseRow, days: number) => within(addDays(c.openedOn, days), c.openedOn, today)

  // Assessments: every case past intake has its preliminary analysis; some an in-depth one.
  for (const c of byStatus('assessment')) await assess(c, 'preliminary', 10, c !== byStatus('assessment')[0])
  for (const [i, c] of byStatus('active').entries()) {
    await assess(c, 'preliminary', 10, true)
    if (i % 2 === 1) await assess(c, 'in_depth', 35, i === 1)
  }
  for (const c of byStatus('monitoring')) {
    await assess(c, 'preliminary', 10, true)
    await assess(c, 'in_depth', 35, true)
  }
  for (const c of [...byStatus('suspended'), ...byStatus('closed')]) await assess(c, 'preliminary', 10, true)

  // Plans: a draft, one awaiting approval, signed ones in force, and a revised one.
  const assessing = byStatus('assessment')
  const active = byStatus('active')
  const monitoring = byStatus('monitoring')
  if (assessing[0]) await draftPlan(assessing[0])
  const awaitingApproval = active.length > 1 || monitoring.length > 0 ? active[0] : undefined
  if (awaitingApproval) await submittedPlan(awaitingApproval)
  for (const c of active.filter((c) => c !== awaitingApproval)) {
    await signedPlan(c, { versionNumber: 1, createdOn: planStart(c, 40), status: 'signed', objectives: objectivesFor(3), commitments: SIGNED_COMMITMENTS })
  }
  for (const [i, c] of monitoring.entries()) {
    if (i === 0) {
      // Revised after the review: version 1 superseded by version 2, which carried over its open commitment.
      const objectives = objectivesFor(3)
      const v1Start = planStart(c, 30)
      const v2Start = within(addDays(today, -50), addDays(v1Start, 8), today)
      const supersededOn = within(addDays(v2Start, 7), v2Start, today)
      const v1 = await signedPlan(c, { versionNumber: 1, createdOn: v1Start, status: 'superseded', supersededOn, objectives, commitments: SIGNED_COMMITMENTS.slice(0, 3) })
      await event(c, { type: 'plan.superseded', data: { versionNumber: 1, status: 'superseded', from: 'signed', to: 'superseded' } }, supersededOn, c.caseManagerId, 'plan', v1.id, 16)
      await signedPlan(c, {
        versionNumber: 2, createdOn: v2Start, status: 'signed', revisedFromId: v1.id, objectives: [...objectives.slice(0, 2), { id: uuidv7(), ...OBJECTIVES[3]! }],
        commitments: [
          { who: 'person', what: 'Completare il tirocinio di reinserimento presso l\'azienda ospitante', due: -3 },
          { who: 'partner', responsibleName: COOPERATIVE, what: 'Verifica intermedia del tirocinio con il tutor aziendale', due: -15, status: 'met' },
          { who: 'case_manager', what: 'Colloquio di monitoraggio con la persona', due: 10 },
        ],
      })
    } else {
      await signedPlan(c, { versionNumber: 1, createdOn: planStart(c, 30), status: 'signed', objectives: objectivesFor(2, 2), commitments: SIGNED_COMMITMENTS.slice(2) })
    }
  }
}

registerDemoSeeder(seedAssessmentsAndPlans)
