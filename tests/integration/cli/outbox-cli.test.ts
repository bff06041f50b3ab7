import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/run-cli'
import { startTestSmtpServer, type TestSmtpServer, type TestServerOptions } from '../../helpers/smtp-test-server'
import { tempHome } from '../../helpers/temp-home'

const servers: TestSmtpServer[] = []

async function server(options: TestServerOptions): Promise<TestSmtpServer> {
  const s = await startTestSmtpServer(options)
  servers.push(s)
  return s
}

/** A data folder with one account (no login, so no keychain) pointing at `smtp`. */
async function homeWithAccount(smtp: TestSmtpServer): Promise<string> {
  const home = tempHome()
  const added = await runCli(
    ['accounts', 'add', '--name', 'Lab', '--email', 'ada@example.test', '--host', '127.0.0.1'].concat([
      '--port',
      String(smtp.port),
      '--security',
      'none',
    ]),
    { home },
  )
  expect(added.code, added.stderr).toBe(0)
  return home
}

const send = (home: string, subject: string, to = 'bob@example.test') =>
  runCli(['send', '--to', to, '--subject', subject, '--text', 'Hello', '--wait', '0', '--json'], { home })

afterAll(async () => {
  for (const s of servers) await s.close()
})

describe('sendsmith outbox resend and remove', () => {
  it('resend: a message that may have been delivered goes again on the user’s word, found by the first characters of its id', async () => {
    // The first DATA is dropped after the final ".": the message may have been delivered.
    const smtp = await server({ security: 'plain', dataReplies: ['drop'] })
    const home = await homeWithAccount(smtp)
    const first = await send(home, 'Quarterly report')
    expect(first.code).toBe(1)
    const { outboxId, state } = JSON.parse(first.stdout) as { outboxId: string; state: string }
    expect(state).toBe('uncertain')

    const list = await runCli(['outbox', 'list'], { home })
    expect(list.stdout).toMatch(new RegExp(`^${outboxId.slice(0, 8)}  uncertain .*Quarterly report`, 'm'))

    const resent = await runCli(['outbox', 'resend', outboxId.slice(0, 8)], { home })
    expect(resent.code, resent.stderr).toBe(0)
    expect(resent.stdout).toContain(
      `Sent ${outboxId.slice(0, 8)} (Quarterly report); the server took it for bob@example.test`,
    )
    // The server saw the DATA twice: the dropped one and the resent one, which it took.
    expect(smtp.dataOutcomes).toEqual(['drop', 'accept'])
    expect((await runCli(['outbox', 'list'], { home })).stdout).toBe('The outbox is empty.\n')
    const sent = JSON.parse((await runCli(['sent', 'list', '--json'], { home })).stdout) as { id: string }[]
    expect(sent.map((e) => e.id)).toEqual([outboxId])
  })

  it('resend of a message waiting out a temporary failure tries it now; still refused, it exits 75 and stays', async () => {
    const smtp = await server({ security: 'plain', dataReplies: ['tempfail', 'tempfail', 'accept'] })
    const home = await homeWithAccount(smtp)
    const first = await send(home, 'Invoice 7')
    expect(first.code).toBe(75)
    const { outboxId } = JSON.parse(first.stdout) as { outboxId: string }

    const again = await runCli(['outbox', 'resend', outboxId, '--json'], { home })
    expect(again.code).toBe(75)
    expect(JSON.parse(again.stdout)).toMatchObject({ id: outboxId, state: 'retrying' })

    const third = await runCli(['outbox', 'resend', outboxId], { home })
    expect(third.code, third.stderr).toBe(0)
    expect(smtp.messages.map((m) => m.parsed.subject)).toEqual(['Invoice 7'])
  })

  it('remove takes a waiting message out unsent; the server never gets it', async () => {
    const smtp = await server({ security: 'plain', dataReplies: ['tempfail', 'tempfail'] })
    const home = await homeWithAccount(smtp)
    const keep = JSON.parse((await send(home, 'Keep me')).stdout) as { outboxId: string }
    const drop = JSON.parse((await send(home, 'Drop me')).stdout) as { outboxId: string }

    const removed = await runCli(['outbox', 'remove', drop.outboxId.slice(0, 6)], { home })
    expect(removed.code, removed.stderr).toBe(0)
    expect(removed.stdout).toBe(`Removed ${drop.outboxId.slice(0, 8)} from the outbox unsent: Drop me\n`)

    const left = JSON.parse((await runCli(['outbox', 'list', '--json'], { home })).stdout) as { id: string }[]
    expect(left.map((e) => e.id)).toEqual([keep.outboxId])
    const flushed = await runCli(['outbox', 'flush'], { home })
    expect(flushed.code, flushed.stderr).toBe(0)
    expect(smtp.messages.map((m) => m.parsed.subject)).toEqual(['Keep me'])
  })

  it('an id that names no message, or too few characters, exits 2 and says where the ids are', async () => {
    const smtp = await server({ security: 'plain' })
    const home = await homeWithAccount(smtp)
    for (const verb of ['remove', 'resend'])
      for (const id of ['ffffffff', 'abc']) {
        const run = await runCli(['outbox', verb, id], { home })
        expect(run.code).toBe(2)
        expect(run.stderr).toContain(`No message in the outbox has the id "${id}"`)
        expect(run.stderr).toContain('hint: See the ids with: sendsmith outbox list')
      }
    const none = await runCli(['outbox', 'remove'], { home })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Name one message to remove by its id')
  })
})
