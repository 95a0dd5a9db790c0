import { decodeJWT, verifyJWT } from '@walletconnect/relay-auth'

export type VerifyAuthTokenResult = { ok: true; clientId: string } | { ok: false; reason: string }

/**
 * Checks a relay-auth JWT (EdDSA signature by the did:key in `iss`, not expired) and returns the
 * client id (`iss`). The reason on failure never repeats the token.
 */
export async function verifyAuthToken(
  token: string | null | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<VerifyAuthTokenResult> {
  if (!token) return { ok: false, reason: 'missing auth token' }
  let payload: { iss?: unknown; exp?: unknown }
  try {
    payload = decodeJWT(token).payload
  } catch {
    return { ok: false, reason: 'malformed auth token' }
  }
  if (typeof payload?.iss !== 'string' || !payload.iss.startsWith('did:key:')) {
    return { ok: false, reason: 'auth token issuer is not a did:key' }
  }
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) {
    return { ok: false, reason: 'auth token has no expiry' }
  }
  if (payload.exp <= nowSeconds) return { ok: false, reason: 'auth token expired' }
  let valid = false
  try {
    valid = await verifyJWT(token)
  } catch {
    return { ok: false, reason: 'auth token could not be verified' }
  }
  if (!valid) return { ok: false, reason: 'auth token signature is invalid' }
  return { ok: true, clientId: payload.iss }
}
