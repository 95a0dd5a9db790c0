import { BaseError } from '@chatsync/core'
import { decodeX25519DidKey, encodeX25519DidKey } from './didKey'

/** Where invite keys are registered and resolved by account. */
export type KeyDirectory = {
  /** Makes `publicKey` (X25519, hex) the key `account` is invited with. */
  register(account: string, publicKey: string): Promise<void>
  /** The invite public key (hex) of `account`; `undefined` when it has none. */
  resolve(account: string): Promise<string | undefined>
}

export type KeyDirectoryErrorType = KeyDirectoryError & { name: 'KeyDirectoryError' }

/** The key directory could not be reached or refused the request. */
export class KeyDirectoryError extends BaseError {
  override name = 'KeyDirectoryError' as const
}

/**
 * A client of the keys server's invite-key routes (`GET /invite?account=`, and `POST /invite`), as the
 * development directory of `@chatsync/dev-relay` serves them. The public keys server takes the
 * registration as an `idAuth` JWT signed by an identity key instead of the plain `{ account,
 * inviteKey }` body sent here.
 */
export function createKeyDirectoryClient({ url }: { url: string }): KeyDirectory {
  const endpoint = `${url.replace(/\/+$/, '')}/invite`
  const call = async (input: string, init?: RequestInit) => {
    let response: Response
    try {
      response = await fetch(input, init)
    } catch (cause) {
      throw new KeyDirectoryError('The key directory could not be reached.', { cause })
    }
    let body: { status?: unknown; value?: { inviteKey?: unknown } | null; error?: { name?: unknown } | null }
    try {
      body = await response.json()
    } catch {
      throw new KeyDirectoryError('The key directory answered something else than JSON.')
    }
    return { response, body }
  }
  return {
    async register(account, publicKey) {
      const { response, body } = await call(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account, inviteKey: encodeX25519DidKey(publicKey) }),
      })
      if (!response.ok || body.status !== 'SUCCESS')
        throw new KeyDirectoryError('The key directory refused the invite key.', {
          details: typeof body.error?.name === 'string' ? body.error.name : `HTTP ${response.status}`,
        })
    },
    async resolve(account) {
      const { response, body } = await call(`${endpoint}?account=${encodeURIComponent(account)}`)
      if (response.status === 404) return undefined
      const inviteKey = body.value?.inviteKey
      if (!response.ok || body.status !== 'SUCCESS' || typeof inviteKey !== 'string')
        throw new KeyDirectoryError('The key directory could not resolve the account.', {
          details: `HTTP ${response.status}`,
        })
      return decodeX25519DidKey(inviteKey)
    },
  }
}

/** A directory in memory, for tests and stories. */
export function createMemoryKeyDirectory(initial: Record<string, string> = {}): KeyDirectory {
  const keys = new Map(Object.entries(initial).map(([account, key]) => [account.toLowerCase(), key]))
  return {
    async register(account, publicKey) {
      keys.set(account.toLowerCase(), decodeX25519DidKey(encodeX25519DidKey(publicKey)))
    },
    async resolve(account) {
      return keys.get(account.toLowerCase())
    },
  }
}
