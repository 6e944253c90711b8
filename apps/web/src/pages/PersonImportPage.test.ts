import { describe, expect, it, vi } from 'vitest'
import { createAppContext, json, me, membership, mountWithApp, session, settle } from '../../test/helpers'
import PersonImportPage from './PersonImportPage.vue'

const coordinator = membership('Comune di Valmadrera', ['coordinator'], 'org-valmadrera')
const JOB = '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'
const job = (processed: number, status = 'running', result: unknown = null) => ({ id: JOB, kind: 'persons.import', status, total: 150, processed, result, error: null, createdAt: '2026-11-23T09:30:00.000Z', finishedAt: null })

describe('PersonImportPage', () => {
  it('sends the CSV as it is, shows a large import\'s progress as a bar, then each row\'s outcome', async () => {
    let reads = 0
    const calls: { url: string; headers: Record<string, string>; body: unknown }[] = []
    const answer = (call: { url: string }) => {
      if (call.url.endsWith('/auth/refresh')) return json(200, session(me([coordinator])))
      if (call.url === '/api/v1/persons/import') return json(202, job(0))
      if (call.url === `/api/v1/jobs/${JOB}`) {
        reads++
        return reads === 1 ? json(200, job(60)) : json(200, job(150, 'completed', { created: 1, duplicates: 1, invalid: 1, items: [{ index: 0, outcome: 'created', id: JOB }, { index: 1, outcome: 'duplicate', existingId: JOB }, { index: 2, outcome: 'invalid', errors: [{ pointer: '/taxCode', detail: 'Codice fiscale non valido' }] }] }))
      }
      return json(404, { type: 'x', title: 'x', status: 404 })
    }
    vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const headers: Record<string, string> = {}
      new Headers(init.headers).forEach((value, name) => (headers[name] = value))
      const call = { url: String(input), headers, body: init.body }
      calls.push(call)
      return answer(call)
    }))
    const context = createAppContext()
    await context.router.push('/persons/import')
    await context.router.isReady()
    const wrapper = mountWithApp(PersonImportPage, context)
    await settle(5)
    const input = wrapper.get('#person-import-file')
    const csv = 'Nome;Cognome;Codice fiscale;Data di nascita;Sesso\nLucia;Mondella;MNDLCU86D42E507X;02/04/1986;F\n'
    Object.defineProperty(input.element, 'files', { value: [new File([csv], 'persone.csv', { type: 'text/csv' })] })
    await input.trigger('change')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await settle(10)
    const post = calls.find((c) => c.url === '/api/v1/persons/import')!
    expect(post.body).toBe(csv)
    expect(post.headers['content-type']).toBe('text/csv')
    expect(post.headers['idempotency-key']).toBeTruthy()
    const bar = wrapper.get('[role="progressbar"]')
    expect(bar.attributes('aria-valuenow')).toBe('40')
    expect(wrapper.text()).toContain('60 di 150 righe')
    // The page asks again until the job ends: wait for its result.
    for (let attempt = 0; attempt < 100 && wrapper.find('[role="progressbar"]').exists(); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      await settle(2)
    }
    expect(wrapper.find('[role="progressbar"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('1 registrate, 1 già presenti, 1 non valide')
    expect(wrapper.text()).toContain('Codice fiscale non valido')
  })
})
