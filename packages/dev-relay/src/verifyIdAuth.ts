import { createPublicKey, verify } from 'node:crypto'
import { decodeDidKey, didKeyIdentifier } from './didKey.js'
import { DirectoryRequestError } from './directoryHttp.js'

/** The claims of a keys-server `idAuth` JWT (invite key registration, or unregistration). */
export type IdAuthClaims = {
  iss: string
  sub?: string
  aud?: string
  pkh: string
  act: string
  iat: number
  exp: number
}

/** DER prefix of an ed25519 SubjectPublicKeyInfo: the raw key follows. */
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex')
const invalid = (message: string) => new DirectoryRequestError(401, 'Invalid idAuth', message)

const decodePart = (part: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error()
  return value as Record<string, unknown>
}

/**
 * Verifies an `idAuth` JWT: EdDSA, signed by the ed25519 `did:key` in `iss`, `act` as expected, not
 * expired (`exp` in seconds, as RFC 7519 has it), with a `did:pkh` account. Returns its claims and the
 * issuer's identity key (multibase). Whether that key may speak for `pkh` is the caller's to check.
 * @throws {DirectoryRequestError} 401 `Invalid idAuth`.
 */
export function verifyIdAuth(
  token: unknown,
  act: string,
  nowSeconds = Date.now() / 1000,
): { claims: IdAuthClaims; identityKey: string; account: string } {
  if (typeof token !== 'string' || token.length > 2048) throw invalid('idAuth must be a JWT')
  const parts = token.split('.')
  if (parts.length !== 3) throw invalid('idAuth must be a JWT')
  const [header, payload, signature] = parts as [string, string, string]
  let claims: Record<string, unknown>
  try {
    const head = decodePart(header)
    if (head.alg !== 'EdDSA' || head.typ !== 'JWT') throw invalid('idAuth must be an EdDSA JWT')
    claims = decodePart(payload)
  } catch (error) {
    throw error instanceof DirectoryRequestError ? error : invalid('idAuth is not readable')
  }
  const publicKey = decodeDidKey(claims.iss, 'ed25519')
  if (!publicKey) throw invalid('iss must be an ed25519 did:key')
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI, publicKey]), format: 'der', type: 'spki' })
  const signed = verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))
  if (!signed) throw invalid('the signature does not verify')
  if (claims.act !== act) throw invalid(`act must be ${act}`)
  if (typeof claims.exp !== 'number' || !(claims.exp > nowSeconds)) throw invalid('idAuth has expired')
  if (typeof claims.pkh !== 'string' || !claims.pkh.startsWith('did:pkh:'))
    throw invalid('pkh must be a did:pkh')
  return {
    claims: claims as IdAuthClaims,
    identityKey: didKeyIdentifier(claims.iss as string),
    account: claims.pkh.slice('did:pkh:'.length),
  }
}
