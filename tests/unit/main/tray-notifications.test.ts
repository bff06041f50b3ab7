import { describe, expect, it, vi } from 'vitest'
import { showMergeProgress, showOutboxBadge } from '../../../electron/main/badge'
import { createOutboxNotifier } from '../../../electron/main/notifications'
import { outboxStatus } from '../../../electron/main/outbox-status'
import { createAppTray } from '../../../electron/main/tray'
import type { MergeProgress, OutboxEntry } from '../../../shared/contract'
import * as electron from '../../mocks/electron'

vi.mock('electron', () => import('../../mocks/electron'))

const entry = (state: OutboxEntry['state'], extra: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: '7a1c1f1e-6f43-4a43-9a6e-3f7f7a0b7c11',
  accountId: 'a',
  messageId: '<m@x>',
  subject: 'Quarterly report',
  envelope: { from: 'me@example.com', to: ['ann@example.com'] },
  size: 100,
  createdAt: '2026-11-30T10:00:00.000Z',
  sendAt: '2026-11-30T10:00:00.000Z',
  state,
  attempts: 0,
  dataComplete: false,
  ...extra,
})

describe('tray, badge and notifications', () => {
  it('the tray shows how many messages are left and offers open, new message and quit', () => {
    const actions = { open: vi.fn(), newMessage: vi.fn(), quit: vi.fn() }
    const tray = createAppTray(actions)
    const fake = electron.Tray.created.at(-1)!
    expect(fake.image.dataUrl).toMatch(/^data:image\/png;base64,iVBOR/)
    const now = new Date('2026-11-30T10:00:30Z')
    tray.update(
      outboxStatus(
        [entry('queued'), entry('retrying'), entry('sent'), entry('queued', { sendAt: '2026-12-01T08:00:00Z' })],
        now,
      ),
    )
    expect(fake.toolTip).toBe('Sendsmith: 3 messages in the outbox')
    const items = fake.menu!.template
    expect(items.map((i) => i.label ?? i.type)).toEqual([
      'Open Sendsmith',
      'New Message',
      'separator',
      '3 messages in the outbox',
      'separator',
      'Quit Sendsmith',
    ])
    items[1].click?.({ checked: false })
    items[5].click?.({ checked: false })
    expect(actions.newMessage).toHaveBeenCalledOnce()
    expect(actions.quit).toHaveBeenCalledOnce()
    fake.emit('click')
    expect(actions.open).toHaveBeenCalledOnce()
  })

  it('the outbox count becomes the dock or launcher badge; a merge shows its progress on the taskbar', () => {
    showOutboxBadge(4)
    expect(electron.app.badgeCount).toBe(4)
    const window = new electron.BrowserWindow({ webPreferences: {} })
    const progress = { total: 10, skipped: 2, remaining: 6, state: 'sending' } as MergeProgress
    showMergeProgress(window as never, progress)
    showMergeProgress(window as never, { ...progress, remaining: 0, state: 'done' })
    expect(window.progress.map((p) => p.value)).toEqual([0.25, -1])
  })

  it('notifies once when a message is sent, fails, or may have been delivered; not for waiting states', () => {
    const onClick = vi.fn()
    const notify = createOutboxNotifier(onClick)
    const before = electron.Notification.shown.length
    notify(entry('queued'))
    notify(entry('sending'))
    notify(entry('sent', { result: undefined }))
    notify(entry('sent'))
    notify(
      entry('failed', {
        id: '8a1c1f1e-6f43-4a43-9a6e-3f7f7a0b7c11',
        lastError: { code: 'RECIPIENT_REFUSED', message: '550 no such user' },
      }),
    )
    notify(entry('uncertain', { id: '9a1c1f1e-6f43-4a43-9a6e-3f7f7a0b7c11' }))
    const shown = electron.Notification.shown.slice(before)
    expect(shown.map((n) => [n.options.title, n.options.body])).toEqual([
      ['Sent', 'Quarterly report to ann@example.com'],
      ['Not sent', 'Quarterly report: 550 no such user'],
      [
        'May have been delivered',
        'Quarterly report: the connection was lost after the message was sent. Check before sending it again.',
      ],
    ])
    shown[1].emit('click')
    expect(onClick).toHaveBeenCalledOnce()
  })
})
