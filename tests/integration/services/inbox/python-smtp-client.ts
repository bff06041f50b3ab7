import { spawn } from 'node:child_process'

/** What Python's smtplib reported for one attempt to send. */
export interface PythonSendResult {
  ok: boolean
  /** Recipients the server refused while others were accepted: address -> [code, text]. */
  refused?: Record<string, [number, string]>
  /** The smtplib exception's class name, its SMTP code and text when it has them. */
  error?: string
  code?: number
  text?: string
}

// A second, independent SMTP client: Python's standard library, as many scripts and apps send mail.
const script = String.raw`
import json, smtplib, sys
cfg = json.loads(sys.argv[1])
for i in range(cfg.get('count', 1)):
    out = {'ok': False}
    try:
        s = smtplib.SMTP('127.0.0.1', cfg['port'], timeout=30)
        try:
            s.ehlo_or_helo_if_needed()
            if cfg.get('user'):
                s.login(cfg['user'], cfg['password'])
            msg = 'From: %s\r\nTo: %s\r\nSubject: from python %d\r\n\r\nHello.\r\n' % (cfg['from'], ', '.join(cfg['to']), i)
            refused = s.sendmail(cfg['from'], cfg['to'], msg)
            out = {'ok': True, 'refused': {k: [v[0], v[1].decode('latin1')] for k, v in refused.items()}}
            s.quit()
        finally:
            s.close()
    except smtplib.SMTPRecipientsRefused as e:
        out = {'ok': False, 'error': 'SMTPRecipientsRefused', 'refused': {k: [v[0], v[1].decode('latin1')] for k, v in e.recipients.items()}}
    except smtplib.SMTPResponseException as e:
        text = e.smtp_error.decode('latin1') if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        out = {'ok': False, 'error': type(e).__name__, 'code': e.smtp_code, 'text': text}
    except Exception as e:
        out = {'ok': False, 'error': type(e).__name__, 'text': str(e)}
    print(json.dumps(out), flush=True)
`

/** Sends `count` messages with Python's smtplib, one connection each, and returns what smtplib said each time. */
export function sendWithPython(config: {
  port: number
  from: string
  to: string[]
  user?: string
  password?: string
  count?: number
}): Promise<PythonSendResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', script, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`python3 exited ${code}: ${stderr}`))
      resolve(
        stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as PythonSendResult),
      )
    })
  })
}
