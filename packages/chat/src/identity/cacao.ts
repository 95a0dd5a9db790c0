import { recoverPersonalSignAddress } from '@chatsync/core/internal'
import { decodeDidKey } from './didKey.js'

/** A CACAO (CAIP-74): the wallet's signed CAIP-122 message authorising an identity key. */
export type Cacao = {
  h: { t: 'eip4361' }
  p: {
    iss: string
    domain: string
    aud: string
    version: string
    nonce: string
    iat: string
    statement?: string | undefined
    exp?: string | undefined
    nbf?: string | undefined
    requestId?: string | undefined
    resources?: string[] | undefined
  }
  s: { t: 'eip191'; s: string }
}

/** Why a CACAO does not authorise the identity key it was resolved for. */
export type CacaoRejectReason = 'malformed' | 'unsupported' | 'wrong-key' | 'expired' | 'wrong-signer'

const PKH = /^did:pkh:eip155:([-_a-zA-Z0-9]{1,32}):(0x[0-9a-fA-F]{40})$/
const isText = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 1024
const isOptionalText = (value: unknown) => value === undefined || typeof value === 'string'

/**
 * The CAIP-122 (EIP-4361) message the wallet signs for a CACAO: what the keys server and
 * `@walletconnect/utils`' `formatMessage` write, byte for byte.
 */
export function formatCacaoMessage(p: Cacao['p']): string {
  const [, chainId = '', address = ''] = PKH.exec(p.iss) ?? []
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

/**
 * The CAIP-10 account a CACAO authorises `identityKey` (an ed25519 `did:key`) for, after checking it:
 * an `eip4361` header and an `eip191` signature that recovers to the `did:pkh` issuer's address over the
 * CAIP-122 message, the identity key as its first resource (where the keys server reads it), and no
 * expiry passed at `now` (ms). Smart-contract wallet signatures (`eip1271`) are not supported.
 */
export function verifyCacao(
  value: unknown,
  { identityKey, now }: { identityKey: string; now: number },
): { ok: true; account: string } | { ok: false; reason: CacaoRejectReason } {
  const cacao = value as Partial<Cacao> | null
  if (typeof cacao !== 'object' || cacao === null) return { ok: false, reason: 'malformed' }
  const { h, p, s } = cacao
  if (typeof p !== 'object' || p === null || typeof h !== 'object' || typeof s !== 'object' || !s || !h)
    return { ok: false, reason: 'malformed' }
  if (h.t !== 'eip4361' || s.t !== 'eip191') return { ok: false, reason: 'unsupported' }
  const required = [p.iss, p.domain, p.aud, p.version, p.nonce, p.iat, s.s]
  const optional = [p.statement, p.exp, p.nbf, p.requestId]
  if (!required.every(isText) || !optional.every(isOptionalText)) return { ok: false, reason: 'malformed' }
  if (!Array.isArray(p.resources) || !p.resources.every(isText)) return { ok: false, reason: 'malformed' }
  const pkh = PKH.exec(p.iss)
  if (!pkh) return { ok: false, reason: 'unsupported' }
  if (p.resources[0] !== identityKey || !decodeDidKey(identityKey, 'ed25519'))
    return { ok: false, reason: 'wrong-key' }
  if (p.exp !== undefined && !(Date.parse(p.exp) > now)) return { ok: false, reason: 'expired' }
  if (p.nbf !== undefined && !(Date.parse(p.nbf) <= now)) return { ok: false, reason: 'expired' }
  const address = pkh[2] as string
  const signer = recoverPersonalSignAddress(formatCacaoMessage(p as Cacao['p']), s.s)
  if (signer !== address.toLowerCase()) return { ok: false, reason: 'wrong-signer' }
  return { ok: true, account: `eip155:${pkh[1]}:${address}` }
}
