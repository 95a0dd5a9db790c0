import { verifyCacao } from './cacao.js'
import type { KeysServerClient } from './createKeysServerClient.js'

export type ResolvedIdentity =
  | { ok: true; account: string }
  | { ok: false; reason: 'unknown-identity' | 'invalid-cacao' }

export type IdentityResolver = {
  /**
   * The account an identity key (an ed25519 `did:key`) speaks for: its CACAO from the keys server,
   * verified here (never taken on the server's word). Rejects only when the server cannot be reached.
   */
  accountOf(identityKey: string): Promise<ResolvedIdentity>
}

/** A key unknown to the directory is asked again after this long (it may be registered meanwhile). */
const RETRY_UNKNOWN_MS = 5_000
const CACHE_LIMIT = 5_000

/**
 * Resolves identity keys through the keys server the app configured, whatever server a JWT's `ksu`
 * claim names (a forger would name its own). Verified identities are kept for the life of the client;
 * a failed look-up is shared by the callers waiting on it and not kept.
 */
export function createIdentityResolver({
  keysServer,
  now = Date.now,
}: {
  keysServer: KeysServerClient
  now?: () => number
}): IdentityResolver {
  const cache = new Map<string, { result: Promise<ResolvedIdentity>; at: number }>()

  const resolve = async (identityKey: string): Promise<ResolvedIdentity> => {
    const cacao = await keysServer.resolveIdentity(identityKey)
    if (cacao === undefined) return { ok: false, reason: 'unknown-identity' }
    const verified = verifyCacao(cacao, { identityKey, now: now() })
    return verified.ok ? { ok: true, account: verified.account } : { ok: false, reason: 'invalid-cacao' }
  }

  return {
    accountOf(identityKey) {
      const cached = cache.get(identityKey)
      if (cached && (cached.at === 0 || now() - cached.at < RETRY_UNKNOWN_MS)) return cached.result
      if (cache.size >= CACHE_LIMIT) cache.clear()
      const result = resolve(identityKey)
      const entry = { result, at: now() }
      cache.set(identityKey, entry)
      result.then(
        (resolved) => {
          // A verified identity stays; an unknown or invalid one is asked again later.
          if (resolved.ok) entry.at = 0
        },
        () => cache.delete(identityKey),
      )
      return result
    },
  }
}
