import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { arrivalAt, createAppContext, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import LoginPage from './LoginPage.vue'

type Answer = (call: FetchCall) => Response

/** The login page at /login (the start-up renewal finds no session), with the sign-in answered by `answer`. */
async function openLogin(answer: Answer, path = '/login') {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? problem(401, { code: 'unauthorized' }) : answer(call)))
  const context = createAppContext()
  await context.router.push(path)
  await context.router.isReady()
  const wrapper = mountWithApp(LoginPage, context)
  return { wrapper, context, calls }
}

const field = (wrapper: VueWrapper, label: string) => {
  const labelElement = wrapper.findAll('label').find((l) => l.text() === label)
  if (!labelElement) throw new Error(`No label ${label}`)
  return wrapper.get(`#${labelElement.attributes('for')}`)
}

async function submit(wrapper: VueWrapper, email: string, password: string) {
  await field(wrapper, 'Email').setValue(email)
  await field(wrapper, 'Password').setValue(password)
  await wrapper.get('form').trigger('submit')
  await settle()
}

describe('LoginPage', () => {
  it('has labelled Email and Password fields and an "Accedi" button', async () => {
    const { wrapper } = await openLogin(() => json(500, {}))
    expect(wrapper.get('h1').text()).toBe('Accedi a Ponte')
    expect(field(wrapper, 'Email').attributes('type')).toBe('email')
    expect(field(wrapper, 'Email').attributes('autocomplete')).toBe('username')
    expect(field(wrapper, 'Password').attributes('type')).toBe('password')
    expect(wrapper.get('button[type=submit]').text()).toBe('Accedi')
  })

  it('shows each missing field next to it, tied with aria-invalid and aria-describedby, without calling the API', async () => {
    const { wrapper, calls } = await openLogin(() => json(500, {}))
    await wrapper.get('form').trigger('submit')
    await settle()
    for (const label of ['Email', 'Password']) {
      const input = field(wrapper, label)
      expect(input.attributes('aria-invalid')).toBe('true')
      const describedBy = input.attributes('aria-describedby')!.split(' ')
      expect(wrapper.get(`#${describedBy[0]}`).text()).toBe('Questo campo è obbligatorio.')
    }
    expect(wrapper.get('[role=alert]').text()).toContain('Alcuni campi non sono corretti')
    expect(calls.filter((c) => c.url.endsWith('/auth/login'))).toHaveLength(0)
  })

  it('says clearly in Italian that the email or password is wrong on a 401', async () => {
    const { wrapper, calls } = await openLogin(() => problem(401, { code: 'unauthorized', detail: 'Email o password non validi.' }))
    await submit(wrapper, 'mario.rossi@valmadrera.demo', 'sbagliata')
    expect(calls.at(-1)!.body).toEqual({ email: 'mario.rossi@valmadrera.demo', password: 'sbagliata' })
    const alert = wrapper.get('[role=alert]')
    expect(alert.text()).toContain('Email o password non corretti.')
    expect(document.activeElement).toBe(alert.element)
    expect((field(wrapper, 'Password').element as HTMLInputElement).value).toBe('')
  })

  it('tells how long to wait when sign-in is throttled (429 with Retry-After)', async () => {
    const { wrapper } = await openLogin(() => problem(429, { code: 'too-many-requests' }, { 'retry-after': '540' }))
    await submit(wrapper, 'mario.rossi@valmadrera.demo', 'sbagliata')
    expect(wrapper.get('[role=alert]').text()).toContain('riprova tra 9 minuti')
  })

  it('puts the API field errors next to the fields they point at', async () => {
    const { wrapper } = await openLogin(() =>
      problem(400, { code: 'validation-failed', errors: [{ pointer: '/email', detail: 'must match format "email"', code: 'format' }] }),
    )
    await submit(wrapper, 'mario@valmadrera.demo', 'x')
    const email = field(wrapper, 'Email')
    expect(email.attributes('aria-invalid')).toBe('true')
    const errorId = email.attributes('aria-describedby')!.split(' ')[0]!
    expect(wrapper.get(`#${errorId}`).text()).toContain('Inserisci un indirizzo email valido')
    expect(field(wrapper, 'Password').attributes('aria-invalid')).toBeUndefined()
  })

  it('signs in and goes back to the page that asked for it', async () => {
    const user = me([membership('Cooperativa Lavoro', ['org_admin'])])
    const { wrapper, context } = await openLogin(() => json(200, session(user)), '/login?redirect=/admin/users')
    // Wait for the navigation itself (the page is loaded lazily), not for a clock.
    const arrived = arrivalAt(context.router, 'admin-users')
    await submit(wrapper, 'orgadmin@cooplavoro.demo', 'ponte-demo-2026')
    await arrived
    expect(context.router.currentRoute.value.fullPath).toBe('/admin/users')
  })
})
