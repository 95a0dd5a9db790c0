import { KeysServerError } from '../errors/chat.js'
import type { Cacao } from './cacao.js'

/** The keys server's routes (`/identity`, `/invite`), as the WalletConnect keys server serves them. */
export type KeysServerClient = {
  readonly url: string
  registerIdentity(cacao: Cacao): Promise<void>
  /** The CACAO of an identity key (a `did:key`), or `undefined` when the server does not know it. */
  resolveIdentity(identityKey: string): Promise<unknown>
  unregisterIdentity(idAuth: string): Promise<void>
  registerInviteKey(idAuth: string): Promise<void>
  /** The invite key (an X25519 `did:key`) of an account, or `undefined` when it has none. */
  resolveInviteKey(account: string): Promise<string | undefined>
  unregisterInviteKey(idAuth: string): Promise<void>
}

export type CreateKeysServerClientParameters = {
  /** The keys server, e.g. `https://keys.walletconnect.com` or a dev relay's `keysUrl`. */
  url: string
  /** Milliseconds before a request counts as failed (default 10 s). */
  timeoutMs?: number | undefined
  fetch?: typeof fetch | undefined
}

type Envelope = {
  status?: unknown
  value?: Record<string, unknown> | null
  error?: { name?: unknown } | null
}

/** A client of a keys server: every failure is a {@link KeysServerError}, a 404 on a resolve `undefined`. */
export function createKeysServerClient({
  url,
  timeoutMs = 10_000,
  fetch: fetchFn = globalThis.fetch,
}: CreateKeysServerClientParameters): KeysServerClient {
  const base = url.replace(/\/+$/, '')

  async function call(action: string, path: string, init?: { method: string; body: unknown }) {
    let response: Response
    try {
      response = await fetchFn(`${base}${path}`, {
        method: init?.method ?? 'GET',
        headers: init ? { 'content-type': 'application/json' } : undefined,
        body: init ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (cause) {
      throw new KeysServerError({ action, cause })
    }
    let body: Envelope = {}
    try {
      body = (await response.json()) as Envelope
    } catch {
      if (response.ok) throw new KeysServerError({ action, status: response.status, reason: 'not JSON' })
    }
    const reason = typeof body?.error?.name === 'string' ? body.error.name.slice(0, 100) : undefined
    return { response, body, reason }
  }

  const send = async (action: string, path: string, method: string, body: unknown) => {
    const { response, reason } = await call(action, path, { method, body })
    if (!response.ok) throw new KeysServerError({ action, status: response.status, reason })
  }

  return {
    url: base,
    registerIdentity: (cacao) => send('register the identity key', '/identity', 'POST', { cacao }),
    async resolveIdentity(identityKey) {
      const id = identityKey.replace(/^did:key:/, '')
      const { response, body, reason } = await call(
        'resolve an identity key',
        `/identity?publicKey=${encodeURIComponent(id)}`,
      )
      if (response.status === 404) return undefined
      if (!response.ok)
        throw new KeysServerError({ action: 'resolve an identity key', status: response.status, reason })
      return body?.value?.cacao
    },
    unregisterIdentity: (idAuth) => send('remove the identity key', '/identity', 'DELETE', { idAuth }),
    registerInviteKey: (idAuth) => send('register the invite key', '/invite', 'POST', { idAuth }),
    async resolveInviteKey(account) {
      const action = 'resolve the invite key'
      const { response, body, reason } = await call(action, `/invite?account=${encodeURIComponent(account)}`)
      if (response.status === 404) return undefined
      const inviteKey = body?.value?.inviteKey
      if (!response.ok || typeof inviteKey !== 'string')
        throw new KeysServerError({
          action,
          status: response.status,
          reason: reason ?? 'no invite key in the answer',
        })
      return inviteKey
    },
    unregisterInviteKey: (idAuth) => send('remove the invite key', '/invite', 'DELETE', { idAuth }),
  }
}
