/**
 * Demo mutual self-help groups of Valmadrera (issue 12): the Valoriamo-style programme covering
 * Valmadrera and Lecco, run with the cooperative and the consortium — 25 applications in every
 * status (two of them persons the social services follow), an information meeting, a group of 14
 * mid-way with attendance (one member already in alert, one a session away from it, the last past
 * session still to record) and a second group planned; and last year's edition with a finished
 * group, its outcomes and follow-ups recorded and due. Dates count from today.
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../client.js'
import {
  cases,
  groupApplications,
  groupAttendance,
  groupFacilitators,
  groupInformationMeetingAttendance,
  groupInformationMeetings,
  groupMemberFollowUps,
  groupMemberOutcomes,
  groupMembers,
  groupProgrammePartners,
  groupProgrammes,
  groups,
  groupSessions,
  memberships,
  persons,
  users,
  type GroupApplicationRow,
} from '../schema/index.js'
import { todayInItaly } from '../../lib/dates.js'
import { addDays, addMonths, italianHolidayOn } from '../../lib/holidays.js'
import { hashPassword } from '../../lib/passwords.js'
import { firstWeekdayFrom, localClosureOn, planTalkSessions } from '../../modules/groups/groups.rules.js'
import { DEMO_PASSWORD, registerDemoSeeder, type DemoContext } from './demo.js'

type Status = GroupApplicationRow['status']
type Attendance = (typeof groupAttendance.$inferInsert)['status']

const CLOSURES = [{ date: '12-06', name: 'San Nicolò, patrono di Lecco' }]
const isClosed = (date: string) => italianHolidayOn(date) !== null || localClosureOn(date, CLOSURES) !== null

/** Applicants of this year's edition: [given, family, residence, employment status, referral source]. */
const APPLICANTS: [string, string, string, (typeof groupApplications.$inferInsert)['employmentStatus'], (typeof groupApplications.$inferInsert)['referralSource']][] = [
  ['Marco', 'Airoldi', 'Valmadrera', 'unemployed', 'social_services'],
  ['Simona', 'Bartesaghi', 'Lecco', 'unemployed', 'employment_centre'],
  ['Claudio', 'Rusconi', 'Valmadrera', 'unemployed', 'self'],
  ['Laura', 'Valsecchi', 'Lecco', 'unemployed', 'social_services'],
  ['Fabio', 'Gerosa', 'Valmadrera', 'unemployed', 'self'],
  ['Monica', 'Ripamonti', 'Valmadrera', 'unemployed', 'employment_centre'],
  ['Roberto', 'Bonfanti', 'Lecco', 'unemployed', 'other'],
  ['Daniela', 'Mauri', 'Valmadrera', 'unemployed', 'self'],
  ['Ahmed', 'Benali', 'Lecco', 'unemployed', 'social_services'],
  ['Cristina', 'Invernizzi', 'Valmadrera', 'unemployed', 'employment_centre'],
  ['Giorgio', 'Tentori', 'Lecco', 'unemployed', 'self'],
  ['Silvia', 'Corti', 'Valmadrera', 'unemployed', 'social_services'],
  ['Nicola', 'Panzeri', 'Valmadrera', 'unemployed', 'self'],
  ['Alessia', 'Frigerio', 'Lecco', 'unemployed', 'employment_centre'],
  // The second group's members.
  ['Enrico', 'Milani', 'Valmadrera', 'unemployed', 'self'],
  ['Barbara', 'Gilardi', 'Lecco', 'unemployed', 'social_services'],
  ['Ivan', 'Cattaneo', 'Valmadrera', 'unemployed', 'employment_centre'],
  ['Teresa', 'Sala', 'Lecco', 'unemployed', 'self'],
  // Still being screened, or not taken.
  ['Matteo', 'Pozzi', 'Valmadrera', 'unemployed', 'self'],
  ['Giovanna', 'Rota', 'Lecco', 'underemployed', 'employment_centre'],
  ['Franco', 'Colombo', 'Valmadrera', 'unemployed', 'social_services'],
  ['Lucia', 'Magni', 'Lecco', 'unemployed', 'self'],
  ['Samuele', 'Villa', 'Valmadrera', 'unemployed', 'other'],
  ['Paola', 'Sironi', 'Civate', 'unemployed', 'self'],
  ['Andrea', 'Zappa', 'Valmadrera', 'unemployed', 'self'],
]
/** The status of each applicant above, in order: 18 admitted, then one or more of every other status. */
const STATUSES: Status[] = [...(Array(18).fill('admitted') as Status[]), 'received', 'received', 'interview_scheduled', 'interview_scheduled', 'waiting_list', 'not_admitted', 'withdrawn']
/** Persons the social services follow who applied: linked to their application. */
const LINKED = { 0: 'Spreafico', 3: 'Negri' } as Record<number, string>

/** Last year's group: 8 members, one left when she found a job. */
const LAST_YEAR: [string, string, string][] = [
  ['Rosa', 'Butti', 'Valmadrera'],
  ['Pietro', 'Dell\'Oro', 'Lecco'],
  ['Angela', 'Conti', 'Valmadrera'],
  ['Luca', 'Riva', 'Lecco'],
  ['Emanuela', 'Perego', 'Valmadrera'],
  ['Gianni', 'Maggi', 'Valmadrera'],
  ['Irene', 'Locatelli', 'Lecco'],
  ['Vittorio', 'Brivio', 'Valmadrera'],
]

async function seedGroups(db: Db, { orgs, users: demoUsers }: DemoContext) {
  const today = todayInItaly()
  const day = (offset: number) => addDays(today, offset)
  const coordinator = demoUsers['coordinator@valmadrera.demo']!
  const facilitator = demoUsers['facilitator@cooplavoro.demo']!

  // A co-facilitator of the consortium: facilitators of different organisations lead the groups together.
  const [coFacilitator] = await db
    .insert(users)
    .values({ email: 'facilitatrice@consolida.demo', passwordHash: await hashPassword(DEMO_PASSWORD), givenName: 'Elena', familyName: 'Fumagalli' })
    .returning({ id: users.id })
  await db.insert(memberships).values({ userId: coFacilitator!.id, organisationId: orgs.consortium, roles: ['facilitator'] })

  const followed = await db
    .select({ personId: persons.id, familyName: persons.familyName, givenName: persons.givenName, phone: persons.phone, email: persons.email })
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .where(and(eq(cases.municipalityId, orgs.valmadrera), inArray(cases.status, ['intake', 'assessment', 'active', 'monitoring'])))

  // -------------------------------------------------------------------------------------------
  // This year's edition

  const [programme] = await db
    .insert(groupProgrammes)
    .values({
      ownerMunicipalityId: orgs.valmadrera,
      name: 'Valoriamo — sportello di auto mutuo aiuto lavoro',
      coveredMunicipalities: ['Valmadrera', 'Lecco'],
      funder: 'Fondazione Comunitaria del Lecchese e Comune di Valmadrera',
      periodStart: day(-150),
      periodEnd: day(180),
      localClosures: CLOSURES,
      createdBy: coordinator,
    })
    .returning()
  await db.insert(groupProgrammePartners).values([
    { programmeId: programme!.id, organisationId: orgs.cooperative },
    { programmeId: programme!.id, organisationId: orgs.consortium },
  ])

  const applications: GroupApplicationRow[] = []
  for (const [i, [givenName, familyName, residence, employmentStatus, referralSource]] of APPLICANTS.entries()) {
    const person = LINKED[i] ? followed.find((p) => p.familyName === LINKED[i]) : undefined
    const status = STATUSES[i]!
    const screened = status !== 'received'
    const [row] = await db
      .insert(groupApplications)
      .values({
        programmeId: programme!.id,
        personId: person?.personId ?? null,
        givenName: person?.givenName ?? givenName,
        familyName: person?.familyName ?? familyName,
        phone: person?.phone ?? `333 ${String(4100000 + i * 7919).slice(0, 7)}`,
        email: person?.email ?? `${givenName.toLowerCase()}.${familyName.toLowerCase().replace(/[^a-z]/g, '')}@esempio.demo`,
        residenceMunicipality: residence,
        employmentStatus,
        referralSource: person ? 'social_services' : referralSource,
        consentDate: day(-140 + i),
        status,
        interviewDate: screened && status !== 'not_admitted' && status !== 'withdrawn' ? day(status === 'interview_scheduled' ? 3 + i : -125 + i) : null,
        reason: status === 'not_admitted' ? 'not_resident' : status === 'withdrawn' ? 'found_job' : null,
        decidedOn: ['admitted', 'waiting_list', 'not_admitted'].includes(status) ? day(-120 + Math.min(i, 10)) : null,
        createdBy: person ? demoUsers['casemanager@valmadrera.demo']! : facilitator,
      })
      .returning()
    applications.push(row!)
  }

  const [meeting] = await db.insert(groupInformationMeetings).values({ programmeId: programme!.id, date: day(-130), startTime: '18:00', place: 'Sala civica, Via Roma 15, Valmadrera' }).returning()
  await db.insert(groupInformationMeetingAttendance).values(applications.slice(0, 22).map((a, i) => ({ meetingId: meeting!.id, applicationId: a.id, attended: i % 7 !== 6 })))
  await db.insert(groupInformationMeetings).values({ programmeId: programme!.id, date: day(12), startTime: '18:00', place: 'Biblioteca civica, Via Fatebenefratelli 6, Valmadrera' })

  // The group mid-way: sessions on Tuesdays since fifteen weeks ago.
  const [running] = await db
    .insert(groups)
    .values({ programmeId: programme!.id, name: 'Gruppo del martedì', capacity: 16, cohort: 'closed', status: 'running', requestedTopics: ['cv_and_cover_letter', 'job_interview', 'online_job_search'], createdBy: coordinator })
    .returning()
  await db.insert(groupFacilitators).values([
    { groupId: running!.id, userId: facilitator, organisationId: orgs.cooperative, lead: true },
    { groupId: running!.id, userId: coFacilitator!.id, organisationId: orgs.consortium, lead: false },
  ])
  const start = firstWeekdayFrom(day(-105), 2)
  const members = await db
    .insert(groupMembers)
    .values(applications.slice(0, 14).map((a) => ({ groupId: running!.id, applicationId: a.id, joinedOn: addDays(start, -7) })))
    .returning()
  const plan = planTalkSessions(start, 2, CLOSURES)
  const sessions = await db
    .insert(groupSessions)
    .values(plan.sessions.map((s) => ({ groupId: running!.id, kind: 'talk' as const, number: s.number, date: s.date, startTime: '17:30', durationMinutes: 120, place: 'Sala civica, Via Roma 15, Valmadrera', status: 'planned' as const })))
    .returning()
  sessions.sort((a, b) => a.number! - b.number!)
  const past = sessions.filter((s) => s.date < today)
  // The last past session waits for its attendance: the facilitator records it.
  const recorded = past.slice(0, -1)
  const dropOutAt = recorded.length - 3
  const rows: (typeof groupAttendance.$inferInsert)[] = []
  recorded.forEach((session, si) => {
    members.forEach((member, mi) => {
      if (mi === 13 && si > dropOutAt) return
      let status: Attendance = (si + mi) % 11 === 0 ? 'absent_justified' : 'present'
      // In alert: three unjustified absences in a row, the last three sessions recorded.
      if (mi === 4 && si >= recorded.length - 3) status = 'absent_unjustified'
      // One session away from the alert: unjustified, justified (stepped over), unjustified.
      if (mi === 7 && si >= recorded.length - 3) status = si === recorded.length - 2 ? 'absent_justified' : 'absent_unjustified'
      rows.push({ sessionId: session.id, memberId: member.id, status, recordedBy: facilitator })
    })
  })
  if (rows.length > 0) await db.insert(groupAttendance).values(rows)
  for (const [si, session] of recorded.entries()) {
    await db
      .update(groupSessions)
      .set({ status: 'held', themes: si % 2 === 0 ? ['job_search_strategies', 'mutual_support'] : ['skills_and_strengths', 'motivation_and_confidence'] })
      .where(eq(groupSessions.id, session.id))
  }
  if (recorded.length > 3) {
    await db.update(groupMembers).set({ status: 'dropped_out', dropOutReason: 'found_job', droppedOutOn: addDays(recorded[dropOutAt]!.date, 1) }).where(eq(groupMembers.id, members[13]!.id))
  }
  // A session moved for the room, and a thematic session on CVs ahead.
  const future = sessions.filter((s) => s.date > today)
  if (future[1]) {
    let moved = addDays(future[1].date, 1)
    while (isClosed(moved)) moved = addDays(moved, 1)
    await db.update(groupSessions).set({ date: moved, movedFrom: future[1].date, changeReason: 'venue_unavailable' }).where(eq(groupSessions.id, future[1].id))
  }
  let thematic = day(9)
  while (isClosed(thematic) || sessions.some((s) => s.date === thematic)) thematic = addDays(thematic, 1)
  await db.insert(groupSessions).values({ groupId: running!.id, kind: 'thematic', topic: 'cv_and_cover_letter', date: thematic, startTime: '17:30', durationMinutes: 120, place: 'Aula informatica, Biblioteca civica' })
  await db.insert(groupMemberOutcomes).values(members.map((m, i) => ({ memberId: m.id, wellbeingEntry: 3 + (i % 5), selfEfficacyEntry: 4 + (i % 4) })))

  // The second group: members admitted, its sessions still to plan.
  const [planned] = await db
    .insert(groups)
    .values({ programmeId: programme!.id, name: 'Gruppo del giovedì', capacity: 16, cohort: 'open', status: 'planned', requestedTopics: ['digital_skills', 'contracts_and_labour_rights'], createdBy: coordinator })
    .returning()
  await db.insert(groupFacilitators).values([
    { groupId: planned!.id, userId: facilitator, organisationId: orgs.cooperative, lead: true },
    { groupId: planned!.id, userId: coFacilitator!.id, organisationId: orgs.consortium, lead: false },
  ])
  await db.insert(groupMembers).values(applications.slice(14, 18).map((a) => ({ groupId: planned!.id, applicationId: a.id, joinedOn: day(-20) })))

  // -------------------------------------------------------------------------------------------
  // Last year's edition, finished: outcomes and follow-ups

  const [previous] = await db
    .insert(groupProgrammes)
    .values({
      ownerMunicipalityId: orgs.valmadrera,
      name: 'Valoriamo — edizione precedente',
      coveredMunicipalities: ['Valmadrera', 'Lecco'],
      funder: 'Fondazione Comunitaria del Lecchese',
      periodStart: day(-620),
      periodEnd: day(-200),
      localClosures: CLOSURES,
      createdBy: coordinator,
    })
    .returning()
  await db.insert(groupProgrammePartners).values({ programmeId: previous!.id, organisationId: orgs.cooperative })
  const oldApplications = await db
    .insert(groupApplications)
    .values(
      LAST_YEAR.map(([givenName, familyName, residence], i) => ({
        programmeId: previous!.id,
        givenName,
        familyName,
        phone: `347 ${String(5200000 + i * 3571).slice(0, 7)}`,
        residenceMunicipality: residence,
        employmentStatus: 'unemployed' as const,
        referralSource: i % 2 === 0 ? ('self' as const) : ('social_services' as const),
        consentDate: day(-600),
        status: 'admitted' as const,
        interviewDate: day(-590),
        decidedOn: day(-585),
        createdBy: facilitator,
      })),
    )
    .returning()
  const [finished] = await db
    .insert(groups)
    .values({ programmeId: previous!.id, name: 'Gruppo del mercoledì', capacity: 16, cohort: 'closed', status: 'completed', requestedTopics: ['cv_and_cover_letter', 'self_employment'], createdBy: coordinator })
    .returning()
  await db.insert(groupFacilitators).values({ groupId: finished!.id, userId: facilitator, organisationId: orgs.cooperative, lead: true })
  const oldStart = firstWeekdayFrom(day(-560), 3)
  const oldMembers = await db
    .insert(groupMembers)
    .values(oldApplications.map((a, i) => ({ groupId: finished!.id, applicationId: a.id, joinedOn: addDays(oldStart, -7), status: i === 7 ? ('dropped_out' as const) : ('completed' as const), ...(i === 7 ? { dropOutReason: 'found_job' as const, droppedOutOn: addDays(oldStart, 70) } : {}) })))
    .returning()
  const oldSessions = await db
    .insert(groupSessions)
    .values(planTalkSessions(oldStart, 3, CLOSURES).sessions.map((s) => ({ groupId: finished!.id, kind: 'talk' as const, number: s.number, date: s.date, startTime: '18:00', durationMinutes: 120, place: 'Sala civica, Via Roma 15, Valmadrera', status: 'held' as const, themes: ['job_search_strategies'] })))
    .returning()
  const oldRows: (typeof groupAttendance.$inferInsert)[] = []
  for (const [si, session] of oldSessions.entries()) {
    for (const [mi, member] of oldMembers.entries()) {
      if (mi === 7 && session.date > addDays(oldStart, 70)) continue
      oldRows.push({ sessionId: session.id, memberId: member.id, status: (si * 3 + mi) % 13 === 0 ? 'absent_unjustified' : (si + mi) % 9 === 0 ? 'absent_justified' : 'present', recordedBy: facilitator })
    }
  }
  await db.insert(groupAttendance).values(oldRows)
  const last = oldSessions.map((s) => s.date).sort().at(-1)!
  await db.insert(groupMemberOutcomes).values(
    oldMembers.map((m, i) => ({
      memberId: m.id,
      wellbeingEntry: 3 + (i % 3),
      selfEfficacyEntry: 3 + (i % 4),
      wellbeingEnd: i === 7 ? null : 6 + (i % 4),
      selfEfficacyEnd: i === 7 ? null : 6 + (i % 3),
      jobSearchActions: i % 2 === 0 ? ['cv_updated', 'applications_sent', 'job_interviews'] : ['cv_updated', 'employment_centre_registration'],
      referrals: i % 3 === 0 ? ['internship'] : i % 3 === 1 ? ['company_mediation'] : [],
    })),
  )
  // The 3-month follow-up done for everyone; the 6-month one for some, due for the others.
  const completed = oldMembers.filter((m) => m.status === 'completed')
  const followUpStatuses = ['employed', 'unemployed', 'in_training', 'employed', 'self_employed', 'unemployed', 'employed'] as const
  const followUps: (typeof groupMemberFollowUps.$inferInsert)[] = []
  const threeMonths = addMonths(last, 3)
  const sixMonths = addMonths(last, 6)
  completed.forEach((m, i) => {
    if (threeMonths <= today) followUps.push({ memberId: m.id, months: 3, status: followUpStatuses[i % followUpStatuses.length]!, recordedOn: threeMonths, recordedBy: facilitator })
    if (i < 3 && sixMonths <= today) followUps.push({ memberId: m.id, months: 6, status: 'employed', recordedOn: sixMonths, recordedBy: facilitator })
  })
  if (followUps.length > 0) await db.insert(groupMemberFollowUps).values(followUps)
}

registerDemoSeeder(seedGroups)
