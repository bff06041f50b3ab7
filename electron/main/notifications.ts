import { Notification } from 'electron'
import type { OutboxEntry } from '../../shared/contract'

/** The outbox states a person hears about, and what we tell them. */
function describe(entry: OutboxEntry): { title: string; body: string } | null {
  const subject = entry.subject.trim() || '(no subject)'
  const to = entry.envelope.to.length === 1 ? entry.envelope.to[0] : `${entry.envelope.to.length} recipients`
  if (entry.state === 'sent') return { title: 'Sent', body: `${subject} to ${to}` }
  if (entry.state === 'failed')
    return { title: 'Not sent', body: `${subject}: ${entry.lastError?.message ?? 'the server refused it'}` }
  if (entry.state === 'uncertain')
    return {
      title: 'May have been delivered',
      body: `${subject}: the connection was lost after the message was sent. Check before sending it again.`,
    }
  return null
}

/**
 * A system notification when a queued message is sent, fails for good, or may have been delivered;
 * each entry is announced once per state. Clicking it opens the window.
 */
export function createOutboxNotifier(onClick: () => void): (entry: OutboxEntry) => void {
  const announced = new Map<string, string>()
  return (entry) => {
    const text = describe(entry)
    if (!text || announced.get(entry.id) === entry.state || !Notification.isSupported()) return
    announced.set(entry.id, entry.state)
    const notification = new Notification({ ...text, silent: entry.state === 'sent' })
    notification.on('click', onClick)
    notification.show()
  }
}
