import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { createRouter } from '../../../electron/main/router'
import type { AppServices } from '../../../electron/services/app-services'
import { compileTemplate } from '../../../electron/services/merge/compiled-template'
import { RenderPool } from '../../../electron/services/templates/render-pool'
import { TemplateService } from '../../../electron/services/templates/template-service'
import { testServices } from '../../helpers/services'

const noEmit = () => {}
const pools: RenderPool[] = []

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()))
})

/** The router over the real services, with a render pool of the given time limit. */
function routerWithPool(timeoutMs: number, maxThreads = 2) {
  const pool = new RenderPool({ timeoutMs, maxThreads })
  pools.push(pool)
  const base = testServices()
  const services: AppServices = { ...base, templates: new TemplateService(undefined, { pool }) }
  return createRouter(services)
}

/**
 * What blocked main for minutes before: about 450 KB of markup and 1,200 CSS rules, each of which
 * juice matches against every element (1,200 rules x 15,000 elements).
 */
function hostileTemplate(): { source: string; rules: number } {
  const rules = 1200
  const css = Array.from(
    { length: rules },
    (_, i) =>
      `.c${i} td p span, div.k${i % 50} > p { color: #${((i * 2731) % 0xffffff).toString(16).padStart(6, '0')}; padding: ${i % 9}px }`,
  ).join('\n')
  const cells: string[] = []
  for (let i = 0, size = 0; size < 380_000; i++) {
    const cell = `<div class="k${i % 50} c${i % rules}"><table><tr><td><p><span>cell ${i}</span></p></td></tr></table></div>`
    cells.push(cell)
    size += cell.length
  }
  return { source: `<html><head><style>${css}</style></head><body>${cells.join('\n')}</body></html>`, rules }
}

/** Times IPC round trips (accounts:list through the router) until `until` settles. */
async function roundTripsDuring(router: ReturnType<typeof createRouter>, until: Promise<unknown>): Promise<number[]> {
  let settled = false
  void until.finally(() => (settled = true))
  const times: number[] = []
  while (!settled) {
    const started = performance.now()
    const reply = await router.handle('accounts:list', {}, noEmit)
    expect(reply.ok).toBe(true)
    times.push(performance.now() - started)
    // Paced like a busy window's calls, so the loop itself does not starve the render thread of CPU.
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return times
}

describe('templates render in worker threads: main never blocks on a template', () => {
  it('an IPC round trip stays under 500 ms while a 450 KB template with 1,200 CSS rules renders, and the render stops at its 3 s limit with a clear error', async () => {
    const router = routerWithPool(3000)
    const { source, rules } = hostileTemplate()
    expect(source.length).toBeGreaterThan(400_000)
    const started = performance.now()
    const render = router.handle('templates:render', { source, kind: 'html' }, noEmit)
    const times = await roundTripsDuring(router, render)
    const reply = await render
    const elapsed = performance.now() - started
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'TIMEOUT',
        field: 'source',
        message: 'The template took longer than 3 s to render, so it was stopped',
        hint: 'Thousands of CSS rules or deeply nested markup make inlining slow: remove unused CSS rules.',
      },
    })
    const slowest = Math.max(...times)
    console.log(
      `${times.length} IPC round trips during the render of ${Math.round(source.length / 1024)} KB with ${rules} CSS rules: slowest ${Math.round(slowest)} ms; render stopped after ${Math.round(elapsed)} ms`,
    )
    expect(times.length).toBeGreaterThan(10)
    expect(slowest).toBeLessThan(500)
    // Stopped at the limit, not when juice would have finished (minutes later).
    expect(elapsed).toBeLessThan(25_000)

    // The pool is usable again right away: an ordinary template renders.
    const after = await router.handle(
      'templates:render',
      { source: '<p>Hello {{name}}</p>', kind: 'hbs', data: { name: 'Ada' } },
      noEmit,
    )
    expect(after, JSON.stringify(after)).toMatchObject({
      ok: true,
      value: { html: expect.stringContaining('Hello Ada') },
    })
  }, 60_000)

  it('a newer render of the same preview cancels the stale one, which ends with CANCELLED', async () => {
    // One thread: the newer render can only run once the stale one's thread is ended.
    const router = routerWithPool(20_000, 1)
    const previewId = randomUUID()
    const { source } = hostileTemplate()
    const stale = router.handle('templates:render', { source, kind: 'html', previewId }, noEmit)
    const started = performance.now()
    const fresh = await router.handle('templates:render', { source: '<p>Hi</p>', kind: 'html', previewId }, noEmit)
    expect(fresh).toMatchObject({ ok: true, value: { html: expect.stringContaining('Hi') } })
    expect(await stale).toEqual({
      ok: false,
      error: { code: 'CANCELLED', message: 'A newer version of the template replaced this render' },
    })
    // The stale one did not hold up the newer one for its minutes of work.
    expect(performance.now() - started).toBeLessThan(15_000)
  })

  it('renders and checks ordinary templates in a thread with the same results', async () => {
    const router = routerWithPool(20_000)
    const reply = await router.handle(
      'templates:check',
      { source: '<html><body><img src="a.png"><a href="https://example.test">x</a></body></html>', kind: 'html' },
      noEmit,
    )
    expect(reply).toMatchObject({
      ok: true,
      value: { findings: expect.arrayContaining([expect.objectContaining({ check: 'accessibility' })]) },
    })
  })

  it('a mail merge prepares its template in a render thread too: IPC stays fast and the hostile template stops at the limit', async () => {
    const pool = new RenderPool({ timeoutMs: 3000 })
    pools.push(pool)
    const router = createRouter(testServices())
    const { source } = hostileTemplate()
    const compile = compileTemplate(`${source}<p>{{first_name}}</p>`, 'html', pool)
    const times = await roundTripsDuring(
      router,
      compile.catch(() => undefined),
    )
    await expect(compile).rejects.toMatchObject({ code: 'TIMEOUT', field: 'source' })
    console.log(
      `${times.length} IPC round trips while a merge prepared the hostile template: slowest ${Math.round(Math.max(...times))} ms`,
    )
    expect(times.length).toBeGreaterThan(10)
    expect(Math.max(...times)).toBeLessThan(500)
    // An ordinary merge template still compiles and merges a row through the same pool.
    const ordinary = await compileTemplate('<style>p{color:red}</style><p>Hi {{first_name}}</p>', 'html', pool)
    expect((await ordinary.render({ first_name: 'Ada' })).html).toContain('<p style="color: red;">Hi Ada</p>')
  })
})
