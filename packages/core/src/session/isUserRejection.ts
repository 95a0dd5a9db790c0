/** EIP-1193 `4001` and the WalletConnect SDK's `USER_REJECTED` `5000`. */
const rejectionCodes = new Set([4001, 5000])

/**
 * Whether a wallet's answer means the user declined. Wallets and sign-client reject with plain
 * `{ code, message }` objects or with errors that carry the code further down their `cause` chain.
 */
export function isUserRejection(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown }
    if (typeof code === 'number' && rejectionCodes.has(code)) return true
    if (name === 'UserRejectedRequestError') return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}
