import type { ServerCandidate } from '../../../shared/contract'
import type { AuthMethod, Security } from '../../../shared/contract/accounts'
import type { Network } from '../net/network'
import { describeServer } from './candidates'
import { abortError, deadlineSignal, describeFailure, withDeadline } from './deadline'
import { childElements, childText, parseXml, XmlSyntaxError, type XmlElement } from './xml-reader'

/** An outgoing server as a config-v1.1.xml file describes it, placeholders expanded. */
export interface AutoconfigServer {
  host: string
  port: number
  security: Security
  username?: string
  authMethod?: AuthMethod
  notes: string[]
}

/** What one config-v1.1.xml said: the provider's display name and its SMTP servers, in file order. */
export interface AutoconfigDocument {
  displayName?: string
  servers: AutoconfigServer[]
  /** The incomingServer entries of type imap (for the copy in Sent and the round trip). */
  imapServers: AutoconfigServer[]
}

/** The file is not a usable autoconfig document; the message says why, for the step's detail. */
export class AutoconfigFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AutoconfigFormatError'
  }
}

const socketTypes: Record<string, Security> = { ssl: 'tls', starttls: 'starttls', plain: 'none' }

/** Thunderbird's authentication names, mapped to ours; unknown ones become a note. */
const authMethods: Record<string, AuthMethod> = {
  'password-cleartext': 'auto',
  plain: 'auto',
  'password-encrypted': 'CRAM-MD5',
  secure: 'CRAM-MD5',
  oauth2: 'XOAUTH2',
}
// Sendsmith asks for a password first, so password methods win over OAuth2 when a file lists both.
const authPreference: AuthMethod[] = ['auto', 'CRAM-MD5', 'XOAUTH2']

/** Replaces Thunderbird's placeholders (%EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%). */
export function expandPlaceholders(value: string, email: string): string {
  const at = email.lastIndexOf('@')
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  return value
    .replace(/%EMAILADDRESS%/g, email)
    .replace(/%EMAILLOCALPART%/g, local)
    .replace(/%EMAILDOMAIN%/g, domain)
}

/**
 * Reads the outgoingServer elements of a Thunderbird config-v1.1.xml. Throws AutoconfigFormatError
 * when the text is not well-formed or not an autoconfig file, or when every SMTP entry is unusable.
 */
export function parseAutoconfig(xml: string, email: string): AutoconfigDocument {
  let root: XmlElement
  try {
    root = parseXml(xml)
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new AutoconfigFormatError(`not well-formed XML: ${error.message}`)
    throw error
  }
  if (root.name !== 'clientConfig')
    throw new AutoconfigFormatError(`not an autoconfig file (the root element is <${root.name}>, not <clientConfig>)`)
  const provider = childElements(root, 'emailProvider')[0]
  if (!provider) throw new AutoconfigFormatError('the file has no <emailProvider> element')
  const servers: AutoconfigServer[] = []
  const problems: string[] = []
  const smtpEntries = childElements(provider, 'outgoingServer').filter(
    (el) => (el.attributes.type ?? 'smtp').toLowerCase() === 'smtp',
  )
  for (const [index, entry] of smtpEntries.entries()) {
    const server = readOutgoingServer(entry, email)
    if (typeof server === 'string') problems.push(`outgoingServer ${index + 1}: ${server}`)
    else servers.push(server)
  }
  if (servers.length === 0 && problems.length > 0)
    throw new AutoconfigFormatError(`no usable outgoingServer (${problems.join('; ')})`)
  // The name ends up in the UI; a hostile file should not fill the window with it.
  const displayName = childText(provider, 'displayName')?.slice(0, 80) || undefined
  const imapServers = childElements(provider, 'incomingServer')
    .filter((el) => (el.attributes.type ?? '').toLowerCase() === 'imap')
    .map((el) => readOutgoingServer(el, email))
    .filter((server): server is AutoconfigServer => typeof server !== 'string')
  return { displayName, servers, imapServers }
}

/** One outgoingServer, or why it cannot be used. */
function readOutgoingServer(entry: XmlElement, email: string): AutoconfigServer | string {
  const host = expandPlaceholders(childText(entry, 'hostname') ?? '', email).toLowerCase()
  if (!/^[a-z0-9.-]+$/.test(host) && !/^\[?[0-9a-f:.]+\]?$/.test(host))
    return host ? `the hostname "${host}" is not a host name` : 'no <hostname>'
  const portText = childText(entry, 'port') ?? ''
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN
  if (!(port >= 1 && port <= 65535)) return portText ? `the port "${portText}" is not a port number` : 'no <port>'
  const socketType = childText(entry, 'socketType') ?? ''
  const security = socketTypes[socketType.toLowerCase()]
  if (!security) return socketType ? `unknown socketType "${socketType}"` : 'no <socketType>'

  const notes: string[] = []
  const methods = childElements(entry, 'authentication').map((el) => el.text.trim())
  const known = methods.map((m) => authMethods[m.toLowerCase()]).filter((m): m is AuthMethod => m !== undefined)
  const authMethod = authPreference.find((m) => known.includes(m))
  if (authMethod && authMethod !== 'XOAUTH2' && known.includes('XOAUTH2'))
    notes.push('The server also accepts OAuth2 (XOAUTH2).')
  if (!authMethod) {
    const first = methods[0]?.toLowerCase()
    if (first === 'none') notes.push('The server takes mail without signing in.')
    else if (first === 'client-ip-address')
      notes.push('The server accepts mail by your network address, without signing in.')
    else if (first === 'smtp-after-pop')
      notes.push('The server expects you to check mail (POP) before sending; Sendsmith does not do that.')
    else if (first)
      notes.push(`The server asks for ${methods[0]} sign-in, which Sendsmith does not support; try a password.`)
  }
  const usernameText = childText(entry, 'username')?.slice(0, 320)
  return {
    host,
    port,
    security,
    ...(usernameText && { username: expandPlaceholders(usernameText, email) }),
    ...(authMethod && { authMethod }),
    notes,
  }
}

/** The two places Thunderbird looks, in its order: the autoconfig host, then the domain's well-known path. */
export function autoconfigUrls(email: string, domain: string): { url: string; label: string }[] {
  return [
    {
      url: `https://autoconfig.${domain}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(email)}`,
      label: `autoconfig.${domain}`,
    },
    { url: `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`, label: `${domain}/.well-known/autoconfig` },
  ]
}

/** The outcome of the autoconfig step, as the step shows it. */
export interface AutoconfigOutcome {
  status: 'found' | 'nothing' | 'failed'
  detail: string
  candidates: ServerCandidate[]
  /** The file's IMAP servers, as candidates. */
  imapCandidates: ServerCandidate[]
}

type Attempt =
  | { kind: 'found'; label: string; document: AutoconfigDocument }
  | { kind: 'absent'; label: string; why: string }
  | { kind: 'broken'; label: string; why: string }

const maxBytes = 256 * 1024

/**
 * Fetches both autoconfig URLs at once and uses the first in Thunderbird's order that has SMTP
 * servers. A missing host, a 404 or a web page means "no autoconfig here" (status nothing); a file
 * that is meant to be autoconfig but is broken makes the step 'failed', with the reason.
 * Rejects only when the signal aborts.
 */
export async function lookUpAutoconfig(
  network: Network,
  email: string,
  domain: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<AutoconfigOutcome> {
  const attempts = await Promise.all(
    autoconfigUrls(email, domain).map(({ url, label }) => fetchOne(network, url, label, email, options)),
  )
  const hit = attempts.find(
    (a): a is Extract<Attempt, { kind: 'found' }> => a.kind === 'found' && a.document.servers.length > 0,
  )
  if (hit) {
    const sourceDetail = hit.document.displayName ? `${hit.label} (${hit.document.displayName})` : hit.label
    const candidates: ServerCandidate[] = hit.document.servers.map((server) => ({
      ...server,
      source: 'autoconfig',
      sourceDetail,
      verified: false,
    }))
    const imapCandidates: ServerCandidate[] = hit.document.imapServers.map((server) => ({
      ...server,
      source: 'autoconfig',
      sourceDetail,
      verified: false,
    }))
    return {
      status: 'found',
      detail: `${sourceDetail}: ${candidates.map(describeServer).join(', ')}`,
      candidates,
      imapCandidates,
    }
  }
  const detail = attempts.map((a) => `${a.label}: ${a.kind === 'found' ? 'lists no SMTP server' : a.why}`).join('; ')
  return {
    status: attempts.some((a) => a.kind === 'broken') ? 'failed' : 'nothing',
    detail,
    candidates: [],
    imapCandidates: [],
  }
}

async function fetchOne(
  network: Network,
  url: string,
  label: string,
  email: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<Attempt> {
  let body: string
  try {
    // The deadline also covers a fetch that ignores its signal and the body download.
    body = await withDeadline(
      (async () => {
        const response = await network.fetch(url, {
          signal: deadlineSignal(options.timeoutMs, options.signal),
          redirect: 'follow',
          headers: { accept: 'application/xml, text/xml;q=0.9, */*;q=0.1' },
        })
        // A redirect to plain HTTP would let anyone on the path rewrite the settings.
        if (response.url && !response.url.startsWith('https:'))
          throw new Error(`redirected to a non-HTTPS address (${response.url})`)
        if (!response.ok)
          throw Object.assign(new Error(`HTTP ${response.status}`), {
            why: response.status === 404 ? 'no autoconfig file (HTTP 404)' : `HTTP ${response.status}`,
          })
        if (/text\/html/i.test(response.headers.get('content-type') ?? ''))
          throw Object.assign(new Error('web page'), { why: 'serves a web page, not an autoconfig file' })
        return readLimited(response)
      })(),
      { timeoutMs: options.timeoutMs, signal: options.signal, what: url },
    )
  } catch (error) {
    if (options.signal?.aborted) throw abortError()
    return { kind: 'absent', label, why: (error as { why?: string }).why ?? describeFailure(error) }
  }
  try {
    return { kind: 'found', label, document: parseAutoconfig(body, email) }
  } catch (error) {
    if (!(error instanceof AutoconfigFormatError)) throw error
    // Only a file that tries to be autoconfig is "broken"; any other page just means there is none.
    return body.includes('<clientConfig')
      ? { kind: 'broken', label, why: error.message }
      : { kind: 'absent', label, why: 'serves something other than an autoconfig file' }
  }
}

async function readLimited(response: Response): Promise<string> {
  if (!response.body) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (size > maxBytes) throw new Error(`the file is larger than ${maxBytes / 1024} KiB`)
    chunks.push(chunk)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}
