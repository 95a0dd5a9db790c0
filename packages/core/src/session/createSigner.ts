import { bytesToHex } from '@noble/hashes/utils.js'
import { SignatureRequestFailedError, SignerNotConfiguredError } from '../errors/session.js'
import { parseAccount } from '../keys/parseAccount.js'
import { utf8Encode } from '../platform/utf8.js'
import type { Signer } from './signer.js'

/** The part of a WalletConnect `SignClient` used to ask the wallet for a signature. */
export type SignRequester = {
  request(parameters: {
    topic: string
    chainId: string
    request: { method: string; params: unknown[] }
  }): Promise<unknown>
}

export type CreateSignerParameters =
  | { signClient: SignRequester; session: string; signMessage?: undefined }
  | { signMessage(message: string): Promise<string>; signClient?: unknown; session?: undefined }

/**
 * A `Signer` from either a Sign API session (the wallet is asked for `personal_sign` of the
 * hex-encoded message, then the address) or a local `signMessage(message)`.
 * @throws {SignerNotConfiguredError} when neither is given.
 */
export function createSigner(parameters: CreateSignerParameters): Signer {
  if (typeof parameters.signMessage === 'function') {
    const { signMessage } = parameters
    return { signMessage: ({ message }) => signMessage(message) }
  }
  const { signClient, session } = parameters
  if (!signClient || typeof session !== 'string') throw new SignerNotConfiguredError()
  return {
    async signMessage({ account, message }) {
      const { namespace, reference, address } = parseAccount(account)
      const signature = await signClient.request({
        topic: session,
        chainId: `${namespace}:${reference}`,
        request: { method: 'personal_sign', params: [toHex(message), address] },
      })
      if (typeof signature !== 'string' || !signature)
        throw new SignatureRequestFailedError({ reason: 'The wallet answered without a signature string.' })
      return signature
    },
  }
}

function toHex(text: string): string {
  return `0x${bytesToHex(utf8Encode(text))}`
}
