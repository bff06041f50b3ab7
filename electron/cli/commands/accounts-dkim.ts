import { parseArgs } from 'node:util'
import { dkimSettingsSchema } from '../../../shared/contract'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { accountsDkimUsage } from '../usage'

/** `sendsmith accounts dkim ...`: turn DKIM signing on (a new or an imported key), show the record, or off. */
export async function accountsDkimCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      domain: { type: 'string' },
      selector: { type: 'string' },
      generate: { type: 'boolean', default: false },
      bits: { type: 'string' },
      'key-stdin': { type: 'boolean', default: false },
      off: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  })
  if (positionals.length !== 1)
    throw usageError('Name one account: sendsmith accounts dkim NAME ...', accountsDkimUsage)
  const account = ctx.services.accounts.find(positionals[0])
  const { deliverability } = ctx.services
  if (values.off) {
    if (values.generate || values['key-stdin'] || values.domain || values.selector)
      throw usageError('--off takes no other options', accountsDkimUsage)
    await deliverability.dkimOff(account.id)
    ctx.stdout.write(
      values.json ? `${JSON.stringify({ dkim: false })}\n` : `DKIM signing is off for ${account.name}.\n`,
    )
    return exitCodes.ok
  }
  let record
  if (!values.generate && !values['key-stdin']) {
    if (values.domain || values.selector || values.bits)
      throw usageError('Give --generate or --key-stdin with --domain and --selector', accountsDkimUsage)
    record = await deliverability.dkimRecord(account.id)
  } else {
    if (values.generate && values['key-stdin']) throw usageError('Give --generate or --key-stdin, not both')
    if (values.bits !== undefined && !values.generate) throw usageError('--bits goes with --generate')
    const parsed = dkimSettingsSchema.safeParse({ domain: values.domain ?? '', selector: values.selector ?? '' })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw usageError(`--${String(issue.path[0])}: ${issue.message}`, accountsDkimUsage)
    }
    const bits = values.bits === undefined ? 2048 : Number(values.bits)
    const key = values.generate ? { bits } : { privateKeyPem: await readAll(ctx.stdin) }
    record = (await deliverability.configureDkim(account.id, parsed.data, key)).record
  }
  if (values.json) ctx.stdout.write(`${JSON.stringify(record)}\n`)
  else
    ctx.stdout.write(
      `Publish this TXT record, then check it with: sendsmith domain check ${account.email.split('@').pop()} --account "${account.name}"\n` +
        `  name:  ${record.name}\n  value: ${record.value}\n`,
    )
  return exitCodes.ok
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') throw usageError('--key-stdin read nothing: pipe the PEM private key in', accountsDkimUsage)
  return text
}
