import { SendsmithError } from '../errors/app-error'

/** Where account passwords live: the OS keychain, one entry per account id. */
export interface Keychain {
  getPassword(accountId: string): Promise<string | null>
  setPassword(accountId: string, password: string): Promise<void>
  deletePassword(accountId: string): Promise<boolean>
}

/** The keytar functions we use; a parameter so a test can pass a failing one. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

/** The keychain service name every entry is filed under. */
export const keychainService = 'Sendsmith'

/**
 * How long a keychain call may take. An unlock prompt nobody answers (a locked GNOME Keyring on a
 * screen nobody watches) would otherwise stall the outbox for good; after this the call fails.
 */
export const keychainTimeoutMs = 30_000

/**
 * The OS keychain through keytar (Secret Service on Linux, Keychain on macOS, Credential Vault on
 * Windows). When it cannot be reached we say so and stop: a password is never written anywhere else.
 */
export function createKeychain(keytar: KeytarLike, service = keychainService, timeoutMs = keychainTimeoutMs): Keychain {
  const guard = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s (is an unlock prompt waiting?)`)),
        timeoutMs,
      )
    })
    try {
      return await Promise.race([run(), timeout])
    } catch (error) {
      throw keychainUnavailable(action, error)
    } finally {
      clearTimeout(timer)
    }
  }
  return {
    getPassword: (id) => guard('read the password from', () => keytar.getPassword(service, id)),
    setPassword: (id, password) => guard('store the password in', () => keytar.setPassword(service, id, password)),
    deletePassword: (id) => guard('delete the password from', () => keytar.deletePassword(service, id)),
  }
}

/**
 * Loads keytar (the maintained `@github/keytar` fork, which ships a prebuilt module per platform and
 * architecture) lazily, so a missing native build is reported as a keychain problem, not a crash.
 */
export async function loadKeytar(): Promise<KeytarLike> {
  try {
    const mod = (await import('@github/keytar')) as unknown as KeytarLike & { default?: KeytarLike }
    return mod.default ?? mod
  } catch (error) {
    throw keychainUnavailable('load', error)
  }
}

function keychainUnavailable(action: string, error: unknown): SendsmithError {
  const reason = error instanceof Error ? error.message : String(error)
  return new SendsmithError(
    {
      code: 'KEYCHAIN_UNAVAILABLE',
      message: `Could not ${action} the system keychain: ${reason}`,
      hint:
        process.platform === 'linux'
          ? 'Sendsmith keeps passwords only in the Secret Service. Start and unlock GNOME Keyring or KWallet (a desktop session does this), then try again.'
          : 'Sendsmith keeps passwords only in the system keychain. Unlock it, then try again.',
    },
    { cause: error },
  )
}

/** The OS keychain, with keytar loaded on first use so the app starts even when it cannot load. */
export function createSystemKeychain(): Keychain {
  let keytar: Promise<KeytarLike> | undefined
  const load = () => (keytar ??= loadKeytar().catch((error) => ((keytar = undefined), Promise.reject(error))))
  return {
    getPassword: async (id) => createKeychain(await load()).getPassword(id),
    setPassword: async (id, password) => createKeychain(await load()).setPassword(id, password),
    deletePassword: async (id) => createKeychain(await load()).deletePassword(id),
  }
}
