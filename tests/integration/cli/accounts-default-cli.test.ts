import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/run-cli'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { tempHome } from '../../helpers/temp-home'

let work: TestSmtpServer
let home: TestSmtpServer

beforeAll(async () => {
  work = await startTestSmtpServer({ security: 'plain' })
  home = await startTestSmtpServer({ security: 'plain' })
})
afterAll(async () => {
  await work.close()
  await home.close()
})

const add = (data: string, name: string, email: string, server: TestSmtpServer) =>
  runCli(
    ['accounts', 'add', '--name', name, '--email', email, '--host', '127.0.0.1'].concat([
      '--port',
      String(server.port),
      '--security',
      'none',
    ]),
    { home: data },
  )

describe('sendsmith accounts default', () => {
  it('makes the named account the one send uses without --account, and says which one it is', async () => {
    const data = tempHome()
    expect((await add(data, 'Work', 'ada@work.test', work)).code).toBe(0)
    expect((await add(data, 'Home', 'ada@home.test', home)).code).toBe(0)
    expect((await runCli(['accounts', 'default'], { home: data })).stdout).toBe('Work <ada@work.test>\n')

    const made = await runCli(['accounts', 'default', 'Home'], { home: data })
    expect(made.code, made.stderr).toBe(0)
    expect(made.stdout).toBe('Home <ada@home.test> is now the default account\n')
    expect((await runCli(['accounts', 'list'], { home: data })).stdout).toMatch(/^\* Home\t/m)
    expect(JSON.parse((await runCli(['accounts', 'default', '--json'], { home: data })).stdout)).toMatchObject({
      name: 'Home',
      isDefault: true,
    })

    const sent = await runCli(['send', '--to', 'bob@example.test', '--subject', 'Which one?', '--text', 'x'], {
      home: data,
    })
    expect(sent.code, sent.stderr).toBe(0)
    expect(home.messages.map((m) => m.parsed.subject)).toEqual(['Which one?'])
    expect(home.messages[0].from).toBe('ada@home.test')
    expect(work.messages).toHaveLength(0)
  })

  it('an unknown name exits 2 and changes nothing', async () => {
    const data = tempHome()
    await add(data, 'Work', 'ada@work.test', work)
    const run = await runCli(['accounts', 'default', 'Nope'], { home: data })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Nope/)
    expect((await runCli(['accounts', 'default'], { home: data })).stdout).toBe('Work <ada@work.test>\n')
  })
})
