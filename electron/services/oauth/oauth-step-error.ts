/**
 * A failure in one step of OAuth2 (the browser's answer, the code exchange, a refresh), with the
 * provider's name. It carries the library's error as its cause; to-app-error.ts gives it meaning.
 */
export class OAuthStepError extends Error {
  constructor(
    readonly step: 'discovery' | 'authorization' | 'token' | 'refresh',
    readonly providerLabel: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.name = 'OAuthStepError'
  }
}

/** Runs one step and tags what it throws with the step and provider. */
export async function step<T>(
  name: OAuthStepError['step'],
  providerLabel: string,
  run: () => Promise<T> | T,
): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if ((error as Error)?.name === 'SendsmithError') throw error
    throw new OAuthStepError(name, providerLabel, error)
  }
}
