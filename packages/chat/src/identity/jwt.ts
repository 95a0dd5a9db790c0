import { fromBase64Url, toBase64Url } from './base64url.js'
import { signEd25519 } from './ed25519.js'

/** The claims of a Chat did-jwt (chat-authentication, invite-keys and identity-keys specs). */
export type JwtClaims = {
  /** The signer: an ed25519 identity key as a `did:key`. */
  iss: string
  /** Issued at and expiry, in seconds since the epoch (RFC 7519 NumericDate). */
  iat: number
  exp: number
  /** What the claims are for: `invite_proposal`, `invite_approval`, `chat_message`, `chat_receipt`, … */
  act: string
  sub?: string | undefined
  aud?: string | undefined
  [claim: string]: unknown
}

/** The claims a device signs; `iss`, `iat` and `exp` are added by its identity. */
export type ClaimsToSign = {
  act: string
  sub?: string | undefined
  aud?: string | undefined
  [claim: string]: unknown
}

export type DecodedJwt = { claims: JwtClaims; signingInput: Uint8Array; signature: Uint8Array }

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })
const HEADER = toBase64Url(encoder.encode(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })))
const MAX_LENGTH = 8 * 1024

/** An EdDSA JWT of `claims`, signed with the identity key's secret. */
export function signJwt(secretKey: Uint8Array, claims: JwtClaims): string {
  const signingInput = `${HEADER}.${toBase64Url(encoder.encode(JSON.stringify(claims)))}`
  return `${signingInput}.${toBase64Url(signEd25519(secretKey, encoder.encode(signingInput)))}`
}

const readPart = (part: string): Record<string, unknown> | undefined => {
  const bytes = fromBase64Url(part)
  if (!bytes) return undefined
  const value: unknown = JSON.parse(decoder.decode(bytes))
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/**
 * The parts of an EdDSA JWT, unverified: its claims (when `iss`, `act`, `iat` and `exp` have their types),
 * what was signed, and the signature. `undefined` for anything else.
 */
export function decodeJwt(token: unknown): DecodedJwt | undefined {
  if (typeof token !== 'string' || token.length > MAX_LENGTH) return undefined
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const [header, payload, signature] = parts as [string, string, string]
  try {
    // The usual header (ours, and WalletConnect's) needs no decoding.
    const head = header === HEADER ? undefined : readPart(header)
    if (header !== HEADER && (head?.alg !== 'EdDSA' || head.typ !== 'JWT')) return undefined
    const claims = readPart(payload)
    if (
      !claims ||
      typeof claims.iss !== 'string' ||
      typeof claims.act !== 'string' ||
      !Number.isFinite(claims.iat) ||
      !Number.isFinite(claims.exp)
    )
      return undefined
    const bytes = fromBase64Url(signature)
    if (!bytes) return undefined
    return {
      claims: claims as JwtClaims,
      signingInput: encoder.encode(`${header}.${payload}`),
      signature: bytes,
    }
  } catch {
    return undefined
  }
}
