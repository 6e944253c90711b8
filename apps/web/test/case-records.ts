/** Helpers of the case-records tab tests: a signed-in municipality user, a tab mounted on a case, fields by label, errors tied to fields. */
import type { CasePermission, Role } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import type { Component } from 'vue'
import { startSession } from '../src/api/http'
import { useSessionStore } from '../src/stores/session'
import { permissionsFor } from './case-fixtures'
import { createAppContext, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from './helpers'

export const CASE_ID = '0190a000-0000-7000-8000-000000000001'
export const ME = '0190a000-0000-7000-8000-0000000000aa'
export const SOMEONE_ELSE = '0190a000-0000-7000-8000-0000000000bb'

export interface TabProps {
  caseId: string
  /** The caller's access: the tab receives the permissions the API answers for it (unless `permissions` is given). */
  access: 'coordinator' | 'case_manager' | 'member' | 'partner'
  caseStatus: 'intake' | 'assessment' | 'active' | 'monitoring' | 'suspended' | 'closed'
  permissions: CasePermission[]
}

/** Mounts a case-records tab for a signed-in user (id ME) whose calls `api` answers. */
export async function mountTab(component: Component, props: Partial<TabProps>, api: (call: FetchCall) => Response, roles: Role[] = ['case_manager']) {
  const { calls } = stubFetch(api)
  const context = createAppContext()
  useSessionStore()
  startSession(session(me([membership('Comune di Valmadrera', roles)], { id: ME })))
  const { access = 'case_manager', caseStatus = 'active', ...rest } = props
  const tabProps = { caseId: CASE_ID, caseStatus, permissions: permissionsFor(access, caseStatus), ...rest }
  const wrapper = mountWithApp(component, context, { props: tabProps } as never)
  await settle(10)
  return { wrapper: wrapper as VueWrapper, calls, router: context.router }
}

/** The path of a call without /api/v1 and the query string. */
export const pathOf = (call: FetchCall) => new URL(call.url, 'http://x').pathname.replace(/^\/api\/v1/, '')

export const page = <T>(items: T[], extra: Record<string, unknown> = {}) => ({ items, nextCursor: null, ...extra })

export const byLabel = (wrapper: VueWrapper, label: string) => {
  const element = wrapper.findAll('label').find((l) => l.text() === label)
  if (!element) throw new Error(`No label ${label}; labels: ${wrapper.findAll('label').map((l) => l.text()).join(' | ')}`)
  return wrapper.get(`#${element.attributes('for')}`)
}

/** The text of the error tied to a field (or fieldset) through aria-describedby. */
export const errorOfElement = (wrapper: VueWrapper, element: ReturnType<VueWrapper['get']>) => {
  const ids = (element.attributes('aria-describedby') ?? '').split(' ').filter(Boolean)
  const error = ids.map((id) => wrapper.find(`[id="${id}"].invalid-feedback`)).find((e) => e.exists())
  return error?.text() ?? null
}
export const errorOf = (wrapper: VueWrapper, label: string) => errorOfElement(wrapper, byLabel(wrapper, label))

/** The fieldset whose legend is `legend`. */
export const fieldsetOf = (wrapper: VueWrapper, legend: string) => {
  const found = wrapper.findAll('fieldset').find((f) => f.find('legend').text() === legend)
  if (!found) throw new Error(`No fieldset ${legend}`)
  return found
}

/** A button by its whole text (visually hidden parts included), or by the start of it. */
export const button = (wrapper: VueWrapper, name: string | RegExp) => {
  const found = wrapper.findAll('button').find((b) => (typeof name === 'string' ? b.text() === name : name.test(b.text())))
  if (!found) throw new Error(`No button ${name}; buttons: ${wrapper.findAll('button').map((b) => b.text()).join(' | ')}`)
  return found
}
export const hasButton = (wrapper: VueWrapper, name: string | RegExp) => wrapper.findAll('button').some((b) => (typeof name === 'string' ? b.text() === name : name.test(b.text())))

/** Text with the non-breaking spaces Intl puts before € made plain. */
export const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

export const stamp = { version: 1, createdAt: '2026-03-02T09:00:00.000Z', updatedAt: '2026-03-02T09:00:00.000Z' }
