/**
 * The values of the person form (strings, as the fields hold them) and their conversion to and from
 * the API's Person / PersonCreate / PersonPatch; also how the API's nested pointers map to fields.
 */
import type { DrivingLicence, EmploymentStatus, LanguageLevel, MobilityMode, Person, PersonCreate, PersonPatch, Sex, Weekday } from '@ponte/shared'
import { mergePatch } from '../../api/merge-patch'

export interface LanguageRow {
  key: number
  language: string
  level: LanguageLevel | ''
}

export interface PersonFormValues {
  municipalityId: string
  givenName: string
  familyName: string
  taxCode: string
  birthDate: string
  sex: Sex | ''
  birthPlace: string
  citizenship: string
  residenceMunicipality: string
  residenceAddress: string
  phone: string
  email: string
  educationLevel: string
  educationNotes: string
  languages: LanguageRow[]
  drivingLicences: DrivingLicence[]
  skills: string
  hoursPerWeek: string
  days: Weekday[]
  mobility: MobilityMode[]
  availabilityNotes: string
  employmentStatus: EmploymentStatus | ''
  unemployedSince: string
  didRegistered: boolean
  didDate: string
}

/** The fields of the form: the API's pointers land on these ids. */
export const PERSON_FIELDS = [
  'municipalityId',
  'givenName',
  'familyName',
  'taxCode',
  'birthDate',
  'sex',
  'birthPlace',
  'citizenship',
  'residenceMunicipality',
  'residenceAddress',
  'phone',
  'email',
  'educationLevel',
  'educationNotes',
  'languages',
  'drivingLicences',
  'skills',
  'hoursPerWeek',
  'days',
  'mobility',
  'availabilityNotes',
  'employmentStatus',
  'unemployedSince',
  'didRegistered',
  'didDate',
] as const
export type PersonField = (typeof PERSON_FIELDS)[number]

/** `/contacts/email` → `/email`: nested pointers of the API to the flat fields of the form. */
const NESTED_POINTERS: Record<string, string> = {
  '/residence/municipality': '/residenceMunicipality',
  '/residence/address': '/residenceAddress',
  '/contacts/phone': '/phone',
  '/contacts/email': '/email',
  '/availability/hoursPerWeek': '/hoursPerWeek',
  '/availability/days': '/days',
  '/availability/mobility': '/mobility',
  '/availability/notes': '/availabilityNotes',
}

export function formPointer(pointer: string): string {
  for (const [nested, flat] of Object.entries(NESTED_POINTERS)) {
    if (pointer === nested || pointer.startsWith(`${nested}/`)) return flat
  }
  return pointer
}

let rowKey = 0
export const newLanguageRow = (language = '', level: LanguageLevel | '' = ''): LanguageRow => ({ key: ++rowKey, language, level })

export function emptyPersonValues(): PersonFormValues {
  return {
    municipalityId: '',
    givenName: '',
    familyName: '',
    taxCode: '',
    birthDate: '',
    sex: '',
    birthPlace: '',
    citizenship: '',
    residenceMunicipality: '',
    residenceAddress: '',
    phone: '',
    email: '',
    educationLevel: '',
    educationNotes: '',
    languages: [],
    drivingLicences: [],
    skills: '',
    hoursPerWeek: '',
    days: [],
    mobility: [],
    availabilityNotes: '',
    employmentStatus: '',
    unemployedSince: '',
    didRegistered: false,
    didDate: '',
  }
}

export function personValues(person: Person): PersonFormValues {
  return {
    municipalityId: person.municipalityId,
    givenName: person.givenName,
    familyName: person.familyName,
    taxCode: person.taxCode,
    birthDate: person.birthDate,
    sex: person.sex,
    birthPlace: person.birthPlace ?? '',
    citizenship: person.citizenship ?? '',
    residenceMunicipality: person.residence?.municipality ?? '',
    residenceAddress: person.residence?.address ?? '',
    phone: person.contacts.phone ?? '',
    email: person.contacts.email ?? '',
    educationLevel: person.educationLevel !== null ? String(person.educationLevel) : '',
    educationNotes: person.educationNotes ?? '',
    languages: person.languages.map((l) => newLanguageRow(l.language, l.level)),
    drivingLicences: [...person.drivingLicences],
    skills: person.skills.join(', '),
    hoursPerWeek: person.availability.hoursPerWeek !== null ? String(person.availability.hoursPerWeek) : '',
    days: [...person.availability.days],
    mobility: [...person.availability.mobility],
    availabilityNotes: person.availability.notes ?? '',
    employmentStatus: person.employmentStatus ?? '',
    unemployedSince: person.unemployedSince ?? '',
    didRegistered: person.didRegistered,
    didDate: person.didDate ?? '',
  }
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim())

/** Every field of the person as the API takes it (empty optional fields as null). */
export function personInput(values: PersonFormValues): Required<Omit<PersonCreate, 'municipalityId'>> {
  const hours = values.hoursPerWeek.trim()
  return {
    givenName: values.givenName.trim(),
    familyName: values.familyName.trim(),
    taxCode: values.taxCode.replace(/\s+/g, '').toUpperCase(),
    birthDate: values.birthDate,
    sex: (values.sex || 'F') as Sex,
    birthPlace: orNull(values.birthPlace),
    citizenship: orNull(values.citizenship),
    residence: { municipality: orNull(values.residenceMunicipality), address: orNull(values.residenceAddress) },
    contacts: { phone: orNull(values.phone), email: orNull(values.email) },
    educationLevel: values.educationLevel ? Number(values.educationLevel) : null,
    educationNotes: orNull(values.educationNotes),
    languages: values.languages.filter((l) => l.language && l.level).map((l) => ({ language: l.language, level: l.level as LanguageLevel })),
    drivingLicences: [...values.drivingLicences],
    skills: values.skills
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    availability: { hoursPerWeek: hours === '' ? null : Number(hours), days: [...values.days], mobility: [...values.mobility], notes: orNull(values.availabilityNotes) },
    employmentStatus: values.employmentStatus || null,
    unemployedSince: values.unemployedSince || null,
    didRegistered: values.didRegistered,
    didDate: values.didRegistered ? values.didDate || null : null,
  }
}

/** A merge patch of what changed between the person read and the form. */
export function personPatch(before: Person, values: PersonFormValues): PersonPatch {
  return mergePatch(personInput(personValues(before)), personInput(values))
}
