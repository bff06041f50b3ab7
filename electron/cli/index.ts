import { runCli } from './run-cli'

// `sendsmith outbox list | head`: once the reader is gone, drop the rest of the output quietly and
// let the command finish with its own exit code (no EPIPE stack trace).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error
    stream.write = () => true
  })
}

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
