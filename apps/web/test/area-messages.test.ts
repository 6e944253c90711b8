/**
 * Each area's messages travel with the pages that show them (build/area-messages.ts,
 * docs/decisions/0029): the areas are read from the message files, a module's code names the areas
 * of the keys it uses, and each page brings the area of its title.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { areasIn, areasNamed, ITALIAN_GLOB, titleAreas } from '../build/area-messages'
import { routes } from '../src/router/routes'

const i18nDir = path.resolve(import.meta.dirname, '../src/i18n')
const routesFile = path.resolve(import.meta.dirname, '../src/router/routes.ts')

describe('area messages', () => {
  const areas = areasIn(i18nDir)

  it('reads the areas from the message files, each file holding its area alone', () => {
    expect(areas).toEqual(expect.arrayContaining(['caseRecords', 'cases', 'groups', 'measures', 'persons', 'puc', 'session']))
    for (const area of areas) {
      for (const locale of ['it', 'en']) expect(Object.keys(JSON.parse(readFileSync(path.join(i18nDir, `${area}.${locale}.json`), 'utf8')) as object)).toEqual([area])
    }
  })

  it('finds the areas a module names: keys in calls, template literals and tables, not paths or storage keys', () => {
    const code = [
      "t('cases.list.title')",
      '_ctx.t("puc.statuses.active")',
      't(`groups.status.${s}`)',
      "const LABELS = { a: 'measures.kinds.internship' }",
      "api.GET('/cases/{caseId}')",
      "localStorage.getItem('ponte.session')",
      "t('common.save')",
    ].join('\n')
    expect(areasNamed(code, areas)).toEqual(['cases', 'groups', 'measures', 'puc'])
    expect(areasNamed('nothing here', areas)).toEqual([])
  })

  it('gives each page the area of its title, for every route whose title is an area key', () => {
    const titles = titleAreas(readFileSync(routesFile, 'utf8'), routesFile, areas)
    const expected = routes.flatMap((route) => {
      const area = String(route.meta?.title ?? '').split('.')[0]!
      return areas.includes(area) ? [area] : []
    })
    expect([...titles.values()].sort()).toEqual(expected.sort())
    for (const [module, area] of titles) expect(module.endsWith('.vue'), `${module} (${area})`).toBe(true)
  })

  it('finds the glob of locale-it.ts it narrows to the common file', () => {
    expect(readFileSync(path.join(i18nDir, 'locale-it.ts'), 'utf8')).toContain(ITALIAN_GLOB)
  })
})
