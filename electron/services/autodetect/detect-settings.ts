import type { DetectResult, DetectStep } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { Network } from '../net/network'

export interface DetectOptions {
  network: Network
  signal?: AbortSignal
  /** Called when a step starts (status running) and when it ends. */
  onStep?: (step: DetectStep) => void
  /** Ports to probe, in order (default 465, 587, 25, 2525); tests map them to local servers. */
  probePorts?: number[]
  probeTimeoutMs?: number
}

/** Finds the submission server for an email address (placeholder until the autodetect work lands). */
export async function detectSettings(_email: string, _options: DetectOptions): Promise<DetectResult> {
  throw new SendsmithError({ code: 'INTERNAL', message: 'Autodetect is not available in this build' })
}
