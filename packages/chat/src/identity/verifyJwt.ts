import { decodeDidKey } from './didKey.js'
import { verifyEd25519 } from './ed25519.js'
import { decodeJwt, type JwtClaims } from './jwt.js'

export type VerifyJwtResult =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: 'invalid-jwt' | 'bad-signature' | 'expired' }

/** A JWT issued this far ahead of the time it is judged at still counts (clocks differ). */
const CLOCK_SKEW_SECONDS = 300

/**
 * Verifies a Chat did-jwt: EdDSA, signed by the ed25519 `did:key` it names as `iss`, for `act`, and valid
 * at `at` (ms): issued no later than that (give or take the clock skew) and not expired. Whose key `iss`
 * is, is the identity resolver's to say.
 */
export async function verifyJwt(
  token: unknown,
  { act, at }: { act: string; at: number },
): Promise<VerifyJwtResult> {
  const decoded = decodeJwt(token)
  if (!decoded || decoded.claims.act !== act) return { ok: false, reason: 'invalid-jwt' }
  const publicKey = decodeDidKey(decoded.claims.iss, 'ed25519')
  if (!publicKey) return { ok: false, reason: 'invalid-jwt' }
  if (!(await verifyEd25519(publicKey, decoded.signingInput, decoded.signature)))
    return { ok: false, reason: 'bad-signature' }
  const { iat, exp } = decoded.claims
  const seconds = at / 1000
  if (!(exp > seconds) || !(iat <= seconds + CLOCK_SKEW_SECONDS) || !(exp > iat))
    return { ok: false, reason: 'expired' }
  return { ok: true, claims: decoded.claims }
}
