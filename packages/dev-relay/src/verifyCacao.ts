import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { decodeDidKey, didKeyIdentifier } from './didKey.js'
import { DirectoryRequestError } from './directoryHttp.js'

/** A CACAO (CAIP-74) as the keys server takes it. */
export type Cacao = {
  h: { t: string }
  p: {
    iss: string
    domain: string
    aud: string
    version: string
    nonce: string
    iat: string
    statement?: string
    exp?: string
    nbf?: string
    requestId?: string
    resources?: string[]
  }
  s: { t: string; s: string }
}

export type VerifiedCacao = { cacao: Cacao; account: string; identityKey: string }

const PKH = /^did:pkh:(eip155):([-_a-zA-Z0-9]{1,32}):(0x[0-9a-fA-F]{40})$/
const SIGNATURE = /^0x[0-9a-fA-F]{130}$/
const invalid = (message: string) => new DirectoryRequestError(400, 'Invalid cacao', message)
const text = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 512

/** The CAIP-122 (EIP-4361) message of a CACAO, as the keys server and `@walletconnect/utils` write it. */
export function cacaoMessage(p: Cacao['p'], chainId: string, address: string): string {
  const lines = [`${p.domain} wants you to sign in with your Ethereum account:`, address, '']
  if (p.statement !== undefined) lines.push(p.statement)
  lines.push('', `URI: ${p.aud}`, `Version: ${p.version}`, `Chain ID: ${chainId}`, `Nonce: ${p.nonce}`)
  lines.push(`Issued At: ${p.iat}`)
  if (p.exp !== undefined) lines.push(`Expiration Time: ${p.exp}`)
  if (p.nbf !== undefined) lines.push(`Not Before: ${p.nbf}`)
  if (p.requestId !== undefined) lines.push(`Request ID: ${p.requestId}`)
  if (p.resources && p.resources.length > 0) lines.push('Resources:', ...p.resources.map((r) => `- ${r}`))
  return lines.join('\n')
}

/** The lowercase address that made an EIP-191 `personal_sign` signature of `message`, if any. */
function recoverAddress(message: string, signature: string): string | undefined {
  const body = new TextEncoder().encode(message)
  const prefix = new TextEncoder().encode(`\x19Ethereum Signed Message:\n${body.length}`)
  const prefixed = new Uint8Array(prefix.length + body.length)
  prefixed.set(prefix)
  prefixed.set(body, prefix.length)
  const bytes = hexToBytes(signature.slice(2))
  const v = bytes[64]!
  const recovery = v >= 27 ? v - 27 : v
  if (recovery !== 0 && recovery !== 1) return undefined
  try {
    const point = secp256k1.Signature.fromCompact(bytes.subarray(0, 64))
      .addRecoveryBit(recovery)
      .recoverPublicKey(keccak_256(prefixed))
    return `0x${bytesToHex(keccak_256(point.toRawBytes(false).subarray(1)).subarray(12))}`
  } catch {
    return undefined
  }
}

/**
 * Checks a CACAO the way the keys server does, and then some: an `eip4361` header, an `eip191`
 * signature by the `did:pkh` issuer's address over the CAIP-122 message, an ed25519 `did:key` as the
 * first resource (the identity key it authorises), and no expiry passed. Smart-contract wallets
 * (`eip1271`) would need a chain to ask and are refused here.
 * @throws {DirectoryRequestError} 400 `Invalid cacao`.
 */
export function verifyCacao(value: unknown, now = Date.now()): VerifiedCacao {
  const cacao = value as Cacao
  if (typeof cacao !== 'object' || cacao === null) throw invalid('cacao must be an object')
  const { h, p, s } = cacao
  if (h?.t !== 'eip4361') throw invalid('header type must be eip4361')
  if (s?.t !== 'eip191' || typeof s.s !== 'string' || !SIGNATURE.test(s.s))
    throw invalid('signature must be an eip191 signature')
  if (typeof p !== 'object' || p === null) throw invalid('payload must be an object')
  for (const field of ['iss', 'domain', 'aud', 'version', 'nonce', 'iat'] as const)
    if (!text(p[field])) throw invalid(`payload ${field} must be a string`)
  for (const field of ['statement', 'exp', 'nbf', 'requestId'] as const)
    if (p[field] !== undefined && typeof p[field] !== 'string')
      throw invalid(`payload ${field} must be a string`)
  const pkh = PKH.exec(p.iss)
  if (!pkh) throw invalid('issuer must be an eip155 did:pkh')
  const [, namespace, chainId, address] = pkh as unknown as [string, string, string, string]
  const resources = p.resources
  if (!Array.isArray(resources) || resources.length > 16 || !resources.every(text))
    throw invalid('resources must be strings')
  const identityKey = resources[0]
  if (!decodeDidKey(identityKey, 'ed25519')) throw invalid('the first resource must be an ed25519 did:key')
  if (p.exp !== undefined && !(Date.parse(p.exp) > now)) throw invalid('the cacao has expired')
  if (p.nbf !== undefined && !(Date.parse(p.nbf) <= now)) throw invalid('the cacao is not valid yet')
  const signer = recoverAddress(cacaoMessage(p, chainId, address), s.s)
  if (signer !== address.toLowerCase()) throw invalid('the signature is not the issuer’s')
  return { cacao, account: `${namespace}:${chainId}:${address}`, identityKey: didKeyIdentifier(identityKey!) }
}
