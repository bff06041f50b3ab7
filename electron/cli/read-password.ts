import { usageError } from './cli-errors'

/** The password comes on stdin, never in argv (where `ps` and shell history would show it). */
export async function readPassword(stdin: NodeJS.ReadableStream, option = '--password-stdin'): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer))
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
  if (password === '')
    throw usageError(
      `${option} read an empty ${option.endsWith('password-stdin') ? 'password' : 'secret'}`,
      `Pipe it in: printf %s "$SECRET" | sendsmith accounts add ... ${option}`,
    )
  return password
}
