import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import MailComposer from 'nodemailer/lib/mail-composer'
import type { Account, OutboxEntry } from '../../../../shared/contract'
import { RecentRecipients } from '../../../../electron/services/contacts/recent-recipients'
import { OutboxStore } from '../../../../electron/services/outbox/outbox-store'
import { tempHome } from '../../../helpers/temp-home'

const homes: string[] = []
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true })
})

const now = new Date('2026-11-30T12:00:00Z')

/** A sent message as the outbox keeps it: the entry and the MIME nodemailer built (To/Cc in the header, Bcc only in the envelope). */
async function sendOne(
  store: OutboxStore,
  n: number,
  daysAgo: number,
  headers: { to?: string; cc?: string; bcc?: string },
  envelopeTo: string[],
) {
  const raw = await new MailComposer({ from: 'me@example.test', subject: `m${n}`, text: 'hi', ...headers })
    .compile()
    .build()
  const createdAt = new Date(now.getTime() - daysAgo * 86_400_000).toISOString()
  const entry: OutboxEntry = {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    accountId: 'a1',
    messageId: `<m${n}@example.test>`,
    subject: `m${n}`,
    envelope: { from: 'me@example.test', to: envelopeTo },
    size: raw.length,
    createdAt,
    sendAt: createdAt,
    state: 'sent',
    attempts: 1,
    dataComplete: true,
  }
  await store.add(entry, raw)
  await store.moveToSent(entry)
}

function setup(accounts: Partial<Account>[] = []) {
  const home = tempHome()
  homes.push(home)
  const store = new OutboxStore(home)
  const contacts = new RecentRecipients({
    sent: () => store.sent(),
    sentDir: store.sentDir,
    accounts: () => accounts as Account[],
    clock: () => now,
  })
  return { store, contacts }
}

describe('address suggestions from the sent history', () => {
  it('finds a recipient by name or address prefix, any case, with the name the To header gave', async () => {
    const { store, contacts } = setup()
    await sendOne(store, 1, 1, { to: 'Grace Hopper <grace@example.test>' }, ['grace@example.test'])
    for (const query of ['gra', 'GRA', 'hop', 'grace@ex']) {
      expect(await contacts.suggest(query, 8)).toEqual([
        { name: 'Grace Hopper', address: 'grace@example.test', uses: 1, lastUsed: '2026-11-29T12:00:00.000Z' },
      ])
    }
    expect(await contacts.suggest('race', 8)).toEqual([])
    expect(await contacts.suggest('  ', 8)).toEqual([])
  })

  it('decodes non-ASCII names, counts Cc and Bcc, and ranks by how often and how recently', async () => {
    const { store, contacts } = setup()
    // Ada: three sends long ago; Adèle: two this week (recent beats old); Adam only in Bcc (no name).
    for (const n of [1, 2, 3])
      await sendOne(store, n, 200, { to: 'Ada Lovelace <ada@example.test>' }, ['ada@example.test'])
    for (const n of [4, 5])
      await sendOne(
        store,
        n,
        2,
        { to: 'x@example.test', cc: '"Adèle Dupont" <adele@example.test>', bcc: 'adam@example.test' },
        ['x@example.test', 'adele@example.test', 'adam@example.test'],
      )
    const found = await contacts.suggest('ad', 8)
    expect(found.map((s) => [s.name, s.address, s.uses])).toEqual([
      ['', 'adam@example.test', 2],
      ['Adèle Dupont', 'adele@example.test', 2],
      ['Ada Lovelace', 'ada@example.test', 3],
    ])
    expect(await contacts.suggest('ad', 1)).toHaveLength(1)
  })

  it("offers the accounts' own addresses, below people written to", async () => {
    const { store, contacts } = setup([{ name: 'Grace at work', email: 'grace.w@example.test' }])
    await sendOne(store, 1, 1, { to: 'Grace Hopper <grace@example.test>' }, ['grace@example.test'])
    expect((await contacts.suggest('grace', 8)).map((s) => s.address)).toEqual([
      'grace@example.test',
      'grace.w@example.test',
    ])
  })
})
