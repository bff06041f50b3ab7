import type { InboxStatus } from '../../../../shared/contract'

export type SnippetLanguage = 'python' | 'nodemailer' | 'swaks'

export interface ConnectionSnippet {
  language: SnippetLanguage
  label: string
  code: string
}

/** The file name the snippets give the inbox's certificate (the window offers it for download). */
export const certificateFileName = 'sendsmith-inbox.pem'

const from = 'app@example.test'
const to = 'you@example.test'

/** The user name and password a snippet shows: the fixed user (its password is never sent to the window), or any pair. */
function credentials(status: InboxStatus): { user: string; pass: string } | null {
  if (status.auth.mode === 'none') return null
  if (status.auth.mode === 'fixed') return { user: status.auth.username ?? 'USER', pass: 'PASSWORD' }
  return { user: 'test', pass: 'test' }
}

/**
 * Code that sends a message to the local test inbox as it runs now: its real host and port, and
 * STARTTLS and login when those are on, as every SMTP tutorial writes it.
 */
export function connectionSnippets(status: InboxStatus): ConnectionSnippet[] {
  const host = status.host
  const port = status.port ?? 2525
  const tls = status.tls.enabled
  const login = credentials(status)

  const python = [
    'import smtplib',
    ...(tls ? ['import ssl'] : []),
    'from email.message import EmailMessage',
    '',
    'msg = EmailMessage()',
    `msg["From"] = "${from}"`,
    `msg["To"] = "${to}"`,
    'msg["Subject"] = "Hello from Python"',
    'msg.set_content("It works.")',
    '',
    `with smtplib.SMTP("${host}", ${port}) as smtp:`,
    ...(tls ? [`    smtp.starttls(context=ssl.create_default_context(cafile="${certificateFileName}"))`] : []),
    ...(login ? [`    smtp.login("${login.user}", "${login.pass}")`] : []),
    '    smtp.send_message(msg)',
  ].join('\n')

  const nodemailer = [
    "import nodemailer from 'nodemailer'",
    ...(tls ? ["import { readFileSync } from 'node:fs'"] : []),
    '',
    'const transport = nodemailer.createTransport({',
    `  host: '${host}',`,
    `  port: ${port},`,
    '  secure: false,',
    ...(tls ? ['  requireTLS: true,', `  tls: { ca: readFileSync('${certificateFileName}') },`] : []),
    ...(login ? [`  auth: { user: '${login.user}', pass: '${login.pass}' },`] : []),
    '})',
    '',
    'await transport.sendMail({',
    `  from: '${from}',`,
    `  to: '${to}',`,
    "  subject: 'Hello from Node',",
    "  html: '<p>It <b>works</b>.</p>',",
    '})',
  ].join('\n')

  const swaks = [
    `swaks --server ${host}:${port} \\`,
    ...(tls ? ['  --tls \\'] : []),
    ...(login ? [`  --auth LOGIN --auth-user ${login.user} --auth-password ${login.pass} \\`] : []),
    `  --from ${from} --to ${to} \\`,
    '  --header "Subject: Hello from swaks" --body "It works."',
  ].join('\n')

  return [
    { language: 'python', label: 'Python smtplib', code: python },
    { language: 'nodemailer', label: 'Node.js nodemailer', code: nodemailer },
    { language: 'swaks', label: 'swaks', code: swaks },
  ]
}
