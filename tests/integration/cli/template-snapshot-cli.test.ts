import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/run-cli'
import { tempHome } from '../../helpers/temp-home'

// A two-column layout with flex and grid: what Outlook for Windows cannot show.
const layout = (colour: string) => `<!doctype html><html><head><style>
@media (max-width: 480px) { .cols { display: block } }
.cols { display: flex; gap: 12px }
.grid { display: grid; grid-template-columns: 1fr 1fr }
</style></head><body style="margin:0;font-family:sans-serif">
<div class="cols"><p style="background:${colour};color:#fff;padding:20px">One</p><p style="background:#26a;color:#fff;padding:20px">Two</p></div>
<div class="grid"><span>A</span><span>B</span></div>
</body></html>`

const png = (path: string) => PNG.sync.read(readFileSync(path))

function templates() {
  const dir = tempHome('sendsmith-snapshot-')
  const a = join(dir, 'a.html')
  const b = join(dir, 'b.html')
  writeFileSync(a, layout('#2a6'))
  writeFileSync(b, layout('#c33'))
  return { dir, a, b }
}

describe('sendsmith template clients and render --as', () => {
  it('lists the clients by short name, with the caniemail disclaimer', async () => {
    const run = await runCli(['template', 'clients'], { home: tempHome() })
    expect(run.code).toBe(0)
    for (const id of ['gmail', 'outlook-windows', 'outlook-mac', 'outlook-web', 'apple-mail', 'yahoo', 'thunderbird'])
      expect(run.stdout).toMatch(new RegExp(`^${id} `, 'm'))
    expect(run.stdout).toMatch(/approximation from caniemail/)
  })

  it('removes flex, grid and the <style> block as Outlook for Windows, and keeps them in the plain render', async () => {
    const { dir, a } = templates()
    const plain = await runCli(['template', 'render', a], { home: dir })
    expect(plain.code).toBe(0)
    expect(plain.stdout).toMatch(/display: ?flex/)
    expect(plain.stdout).toMatch(/display: ?grid/)
    expect(plain.stdout).toContain('<style')

    const outlook = await runCli(['template', 'render', a, '--as', 'outlook-windows'], { home: dir })
    expect(outlook.code).toBe(0)
    expect(outlook.stdout).not.toMatch(/display: ?flex/)
    expect(outlook.stdout).not.toMatch(/display: ?grid/)
    expect(outlook.stdout).not.toContain('<style')
    expect(outlook.stderr).toMatch(/As Outlook for Windows: An approximation from caniemail/)
    expect(outlook.stderr).toMatch(/removed: display: flex/)
    expect(outlook.stderr).toMatch(/removed: @media/)
  })

  it('refuses an unknown client and names the known ones', async () => {
    const { dir, a } = templates()
    const run = await runCli(['template', 'render', a, '--as', 'lotus-notes'], { home: dir })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/unknown client "lotus-notes"/)
    expect(run.stderr).toMatch(/outlook-windows/)
  })
})

describe('sendsmith template snapshot', () => {
  it('takes a 375 px wide Chromium snapshot with the system Chromium', { timeout: 120_000 }, async () => {
    const { dir, a } = templates()
    const out = join(dir, 'chromium.png')
    const run = await runCli(['template', 'snapshot', a, '--width', '375', '--out', out], { home: dir })
    expect(run.code, run.stderr).toBe(0)
    const image = png(out)
    expect(image.width).toBe(375)
    expect(image.height).toBeGreaterThan(50)
    expect(run.stderr).toMatch(/chromium, 375×\d+ px/)
  })

  it('takes a 375 px wide Gecko snapshot with Firefox', { timeout: 120_000 }, async () => {
    const { dir, a } = templates()
    const out = join(dir, 'gecko.png')
    const run = await runCli(['template', 'snapshot', a, '--width', '375', '--engine', 'gecko', '--out', out], {
      home: dir,
    })
    expect(run.code, run.stderr).toBe(0)
    const image = png(out)
    expect(image.width).toBe(375)
    expect(image.height).toBeGreaterThan(50)
    // The first column's green is in the picture: Gecko laid the page out.
    let green = 0
    for (let i = 0; i < image.data.length; i += 4)
      if (image.data[i] === 0x22 && image.data[i + 1] === 0xaa && image.data[i + 2] === 0x66) green++
    expect(green).toBeGreaterThan(100)
  })

  it('says clearly when the named browser does not exist, and that WebKit is not available here', async () => {
    const { dir, a } = templates()
    const missing = await runCli(
      ['template', 'snapshot', a, '--browser', join(dir, 'no-such-chromium'), '--out', join(dir, 'x.png')],
      { home: dir },
    )
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/no-such-chromium is not an executable browser/)
    expect(missing.stderr).toMatch(/hint: Install Chromium/)
    const webkit = await runCli(['template', 'snapshot', a, '--engine', 'webkit', '--out', join(dir, 'w.png')], {
      home: dir,
    })
    expect(webkit.code).toBe(2)
    expect(webkit.stderr).toMatch(/WebKit snapshots are not available here/)
    expect(existsSync(join(dir, 'w.png'))).toBe(false)
  })
})

describe('sendsmith template diff', () => {
  it(
    'exits 1 when a colour changed beyond the threshold, and reports 0 % for the same file',
    { timeout: 180_000 },
    async () => {
      const { dir, a, b } = templates()
      const changed = await runCli(
        [
          'template',
          'diff',
          a,
          b,
          '--width',
          '375',
          '--width',
          '600',
          '--threshold',
          '0.5',
          '--out',
          join(dir, 'changed'),
        ],
        { home: dir },
      )
      expect(changed.code, changed.stderr).toBe(1)
      const lines = changed.stdout.trim().split('\n')
      expect(lines).toHaveLength(2)
      for (const line of lines) {
        const percent = Number(/([\d.]+) % changed/.exec(line)?.[1])
        expect(percent).toBeGreaterThan(0.5)
        expect(line).toMatch(/over the 0.5 % threshold/)
      }
      const diff = png(join(dir, 'changed', 'diff-375.png'))
      expect(diff.width).toBe(375)
      expect(png(join(dir, 'changed', 'before-600.png')).width).toBe(600)

      const same = await runCli(['template', 'diff', a, a, '--width', '375', '--out', join(dir, 'same')], { home: dir })
      expect(same.code, same.stderr).toBe(0)
      expect(same.stdout).toMatch(/375 px +0\.000 % changed \(0 of \d+ pixels\)  ok/)
    },
  )
})
