import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRouter } from '../../../electron/main/router'
import { runCliInProcess } from '../../helpers/in-process-cli'
import { testServices } from '../../helpers/services'
import { tempHome } from '../../helpers/temp-home'

// Each attack tries to set these on Object.prototype; afterwards they must not exist anywhere.
const marks = ['polluted', 'ca', 'pwned'] as const
const noEmit = () => {}

function prototypeIsClean(): boolean {
  return marks.every((mark) => !(mark in {}) && !Object.hasOwn(Object.prototype, mark))
}

afterEach(() => {
  // If an attack got through, clean up so the other tests of this run are not poisoned too.
  for (const mark of marks) delete (Object.prototype as Record<string, unknown>)[mark]
})

function setUp() {
  const home = tempHome()
  const services = testServices(home)
  return { home, services, router: createRouter(services) }
}

async function addAccount(router: ReturnType<typeof createRouter>): Promise<string> {
  const saved = await router.handle(
    'accounts:save',
    {
      name: 'Merge',
      email: 'news@example.test',
      host: '127.0.0.1',
      port: 2525,
      security: 'none',
      auth: false,
      username: '',
      allowInsecureAuth: false,
    },
    noEmit,
  )
  expect(saved.ok).toBe(true)
  return (saved as { value: { id: string } }).value.id
}

const csvAttacks = [
  'email,name,__proto__.polluted\nada@example.test,Ada,yes\n',
  'email,constructor.prototype.polluted,name\nada@example.test,yes,Ada\n',
  'email,user.__proto__.ca\nada@example.test,-----BEGIN CERTIFICATE-----\n',
  'email,__proto__\nada@example.test,x\n',
]
const jsonAttacks = [
  '[{"email":"ada@example.test","__proto__.polluted":"yes"}]',
  '[{"email":"ada@example.test","__proto__":{"polluted":"yes"}}]',
  '[{"email":"ada@example.test","user":{"constructor":{"prototype":{"polluted":"yes"}}}}]',
]

describe('prototype pollution through merge data, refused with the column named', () => {
  it.each(csvAttacks)('templates:render with CSV %j leaves Object.prototype clean and IPC working', async (text) => {
    const { router } = setUp()
    const reply = await router.handle(
      'templates:render',
      { source: '<p>{{name}}</p>', kind: 'html', csv: { text, row: 1 } },
      noEmit,
    )
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'data' } })
    expect((reply as { error: { message: string } }).error.message).toMatch(
      /^The column "[^"]*(__proto__|constructor)[^"]*" uses the reserved name "(__proto__|constructor)"$/,
    )
    expect(prototypeIsClean()).toBe(true)
    expect(await router.handle('accounts:list', {}, noEmit)).toMatchObject({ ok: true })
  })

  it('templates:render with JSON data whose key is __proto__ is refused, naming the key', async () => {
    const { router } = setUp()
    const data = JSON.parse('{"user":{"__proto__":{"polluted":"yes"}}}') as unknown
    const reply = await router.handle(
      'templates:render',
      { source: '<p>{{user.name}}</p>', kind: 'html', data },
      noEmit,
    )
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'The key "user.__proto__" uses the reserved name "__proto__"' },
    })
    expect(prototypeIsClean()).toBe(true)
  })

  it.each([
    ...csvAttacks.map((text) => ({ format: 'csv', text })),
    ...jsonAttacks.map((text) => ({ format: 'json', text })),
  ])('merge:validate with the list $text is refused and Object.prototype stays clean', async (list) => {
    const { router } = setUp()
    const accountId = await addAccount(router)
    const reply = await router.handle(
      'merge:validate',
      {
        accountId,
        template: { source: '<p>Hello {{name}}</p>', kind: 'html' },
        subject: 'Hello',
        data: list,
      },
      noEmit,
    )
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'data' } })
    expect((reply as { error: { message: string } }).error.message).toMatch(/uses the reserved name/)
    expect(prototypeIsClean()).toBe(true)
    // The account, and every later call, are unaffected.
    const accounts = await router.handle('accounts:list', {}, noEmit)
    expect(accounts).toMatchObject({ ok: true, value: [{ id: accountId }] })
    expect(Object.keys((accounts as { value: object[] }).value[0])).not.toContain('ca')
  })

  it('merge:validate refuses a mapped merge field named __proto__', async () => {
    const { router } = setUp()
    const accountId = await addAccount(router)
    const reply = await router.handle(
      'merge:validate',
      {
        accountId,
        template: { source: '<p>Hello {{name}}</p>', kind: 'html' },
        subject: 'Hello',
        data: { format: 'csv', text: 'email,name\nada@example.test,Ada\n' },
        mapping: { fields: { 'constructor.prototype.polluted': 'name' } },
      },
      noEmit,
    )
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'fields' } })
    expect(prototypeIsClean()).toBe(true)
  })

  it('a workbench data file with a __proto__.x column is refused when rendered through the router', async () => {
    const { home, services, router } = setUp()
    const file = join(home, 'people.csv')
    writeFileSync(file, 'name,__proto__.polluted\nAda,yes\n')
    services.templateFiles.useFileDialog({ openFile: async () => file })
    const opened = await router.handle('templates:openData', {}, noEmit)
    expect(opened).toMatchObject({ ok: true })
    const dataHandle = (opened as { value: { handle: string } }).value.handle
    const reply = await router.handle(
      'templates:render',
      { source: '<p>{{name}}</p>', kind: 'html', dataHandle },
      noEmit,
    )
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'The column "__proto__.polluted" uses the reserved name "__proto__"' },
    })
    expect(prototypeIsClean()).toBe(true)
    services.templateFiles.closeAll()
  })

  it('the CLI (template render and merge --dry-run) refuses the same files and leaves Object.prototype clean', async () => {
    const { home, services, router } = setUp()
    await addAccount(router)
    const template = join(home, 'letter.html')
    writeFileSync(template, '<html><head><title>Hi {{name}}</title></head><body>{{name}}</body></html>')
    const csv = join(home, 'list.csv')
    writeFileSync(csv, 'email,name,constructor.prototype.polluted\nada@example.test,Ada,yes\n')
    const json = join(home, 'list.json')
    writeFileSync(json, '[{"email":"ada@example.test","name":"Ada","__proto__.pwned":"yes"}]')

    const render = await runCliInProcess(['template', 'render', template, '--data', csv], services)
    expect(render.code).not.toBe(0)
    expect(render.stderr).toContain('The column "constructor.prototype.polluted" uses the reserved name "constructor"')
    for (const data of [csv, json]) {
      const merge = await runCliInProcess(['merge', '--template', template, '--data', data, '--dry-run'], services)
      expect(merge.code).not.toBe(0)
      expect(merge.stderr).toMatch(/uses the reserved name "(constructor|__proto__)"/)
    }
    expect(prototypeIsClean()).toBe(true)
    expect(await router.handle('accounts:list', {}, noEmit)).toMatchObject({ ok: true })
  })

  it('ordinary dotted columns still become nested merge fields', async () => {
    const { router } = setUp()
    const reply = await router.handle(
      'templates:render',
      {
        source: '<p>{{user.name}} in {{user.city}}</p>',
        kind: 'html',
        csv: { text: 'user.name,user.city\nAda,London\n', row: 1 },
      },
      noEmit,
    )
    expect(reply).toMatchObject({ ok: true })
    expect((reply as { value: { html: string } }).value.html).toContain('Ada in London')
  })
})
