/** The company form's values (strings, as inputs hold them) and the bodies they become: a new company, or the merge patch of what changed. */
import type { ITALIAN_REGIONS, Company, CompanyCreate, CompanyPatch } from '@ponte/shared'
import { mergePatch } from '../../api/merge-patch'

export const COMPANY_FIELDS = [
  'name',
  'vatNumber',
  'taxCode',
  'atecoCode',
  'employees',
  'isPublicAdministration',
  'isTypeBCooperative',
  'street',
  'postalCode',
  'municipality',
  'province',
  'region',
  'phone',
  'email',
  'website',
] as const
export type CompanyField = (typeof COMPANY_FIELDS)[number]

type Region = (typeof ITALIAN_REGIONS)[number]

export interface CompanyValues {
  name: string
  vatNumber: string
  taxCode: string
  atecoCode: string
  employees: string
  isPublicAdministration: boolean
  isTypeBCooperative: boolean
  street: string
  postalCode: string
  municipality: string
  province: string
  region: Region | ''
  phone: string
  email: string
  website: string
}

export const emptyCompanyValues = (): CompanyValues => ({
  name: '',
  vatNumber: '',
  taxCode: '',
  atecoCode: '',
  employees: '',
  isPublicAdministration: false,
  isTypeBCooperative: false,
  street: '',
  postalCode: '',
  municipality: '',
  province: '',
  region: '',
  phone: '',
  email: '',
  website: '',
})

export const companyValues = (company: Company): CompanyValues => ({
  name: company.name,
  vatNumber: company.vatNumber ?? '',
  taxCode: company.taxCode ?? '',
  atecoCode: company.atecoCode ?? '',
  employees: company.employees === null ? '' : String(company.employees),
  isPublicAdministration: company.isPublicAdministration,
  isTypeBCooperative: company.isTypeBCooperative,
  street: company.street ?? '',
  postalCode: company.postalCode ?? '',
  municipality: company.municipality ?? '',
  province: company.province ?? '',
  region: company.region ?? '',
  phone: company.phone ?? '',
  email: company.email ?? '',
  website: company.website ?? '',
})

const text = (value: string) => value.trim() || null

/** Every writable field as the API takes it (empty text is null). */
function fieldsOf(values: CompanyValues): Required<CompanyPatch> {
  return {
    name: values.name.trim(),
    vatNumber: text(values.vatNumber),
    taxCode: text(values.taxCode.toUpperCase()),
    atecoCode: text(values.atecoCode),
    employees: values.employees.trim() === '' ? null : Number(values.employees),
    isPublicAdministration: values.isPublicAdministration,
    isTypeBCooperative: values.isTypeBCooperative,
    street: text(values.street),
    postalCode: text(values.postalCode),
    municipality: text(values.municipality),
    province: text(values.province.toUpperCase()),
    region: values.region || null,
    phone: text(values.phone),
    email: text(values.email),
    website: text(values.website),
    followedById: null,
  }
}

/** A new company: the fields given (empty ones left out). */
export function companyInput(values: CompanyValues, ownerOrganisationId: string | null): CompanyCreate {
  const { followedById: _unused, ...fields } = fieldsOf(values)
  const body: CompanyCreate = { name: fields.name }
  for (const [key, value] of Object.entries(fields)) {
    if (key !== 'name' && value !== null && value !== false) (body as Record<string, unknown>)[key] = value
  }
  if (ownerOrganisationId) body.ownerOrganisationId = ownerOrganisationId
  return body
}

/** The merge patch of what changed on the company. */
export function companyPatch(company: Company, values: CompanyValues): CompanyPatch {
  const { followedById: _before, ...before } = fieldsOf(companyValues(company))
  const { followedById: _after, ...after } = fieldsOf(values)
  return mergePatch(before, after)
}
