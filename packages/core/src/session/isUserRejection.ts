import { walkCause } from '../errors/base.js'

/** EIP-1193 `4001` and the WalletConnect SDK's `USER_REJECTED` `5000`. */
const rejectionCodes: readonly unknown[] = [4001, 5000]

/**
 * Whether a wallet's answer means the user declined. Wallets and sign-client reject with plain
 * `{ code, message }` objects or with errors that carry the code further down their `cause` chain.
 */
export function isUserRejection(error: unknown): boolean {
  const rejects = (current: unknown) => {
    const { code, name } = (current ?? {}) as { code?: unknown; name?: unknown }
    return rejectionCodes.includes(code) || name === 'UserRejectedRequestError'
  }
  return walkCause(error, rejects) !== null
}
