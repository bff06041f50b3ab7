/** A message as the outbox takes it: the MIME built once, and the envelope to send it with. */
export interface PreparedMessage {
  raw: Buffer
  envelope: { from: string; to: string[] }
  messageId: string
  subject: string
}
