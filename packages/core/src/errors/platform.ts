import { BaseError } from './base.js'

/** What chatsync needs from the runtime beyond the language (React Native apps get them from polyfills). */
export type RuntimeFeature = 'TextEncoder' | 'TextDecoder' | 'crypto.getRandomValues' | 'atob' | 'btoa'

export type RuntimeFeatureProblem = {
  feature: RuntimeFeature
  /** `missing`: not there at all; `incorrect`: there, but it gives wrong results (a Latin-1 TextEncoder, a getRandomValues that fills nothing). */
  problem: 'missing' | 'incorrect'
}

export type MissingPolyfillErrorType = MissingPolyfillError & { name: 'MissingPolyfillError' }

/**
 * The runtime lacks something chatsync needs, or has a broken version of it: without it keys or
 * messages would come out wrong, or a write would fail again and again in the background. Thrown by
 * `createChatSync` (before anything starts) and by what would otherwise use the missing feature.
 */
export class MissingPolyfillError extends BaseError {
  override name = 'MissingPolyfillError' as const
  declare readonly features: readonly RuntimeFeatureProblem[]

  constructor({ features }: { features: readonly RuntimeFeatureProblem[] }) {
    const list = features.map(({ feature, problem }) => `${feature} (${problem})`).join(', ')
    super(`This runtime lacks what chatsync needs: ${list}.`, {
      metaMessages: [
        "React Native: import '@walletconnect/react-native-compat' first in the app's entry file, as",
        "WalletConnect's React Native setup asks: it installs react-native-get-random-values (a native",
        'crypto.getRandomValues), a UTF-8 TextEncoder and TextDecoder, and atob/btoa where Hermes lacks them.',
      ],
    })
    this.features = features
  }
}

export type NativeCryptoErrorType = NativeCryptoError & { name: 'NativeCryptoError' }

/**
 * The native crypto given to `createChatSync({ nativeCrypto })` failed its self-test: it threw, or its
 * PBKDF2-HMAC-SHA512 or HMAC-SHA512 differ from the published results. Keys derived with it would differ
 * from every other device's, so it is refused before anything is derived.
 */
export class NativeCryptoError extends BaseError {
  override name = 'NativeCryptoError' as const
  declare readonly operation: 'pbkdf2Sync' | 'createHmac'
  declare readonly reason: 'threw' | 'wrong-result'

  constructor({
    operation,
    reason,
    cause,
  }: {
    operation: 'pbkdf2Sync' | 'createHmac'
    reason: 'threw' | 'wrong-result'
    cause?: unknown
  }) {
    super(
      `The native ${operation} ${reason === 'threw' ? 'threw' : 'gave a wrong result'} in its self-test.`,
      {
        cause,
        details:
          "Expected Node's crypto shape (react-native-quick-crypto): pbkdf2Sync(password, salt, iterations, keylen, 'sha512') and createHmac('sha512', key).update(data).digest(), returning bytes.",
      },
    )
    this.operation = operation
    this.reason = reason
  }
}
