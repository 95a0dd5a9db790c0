import type { InvalidAccountErrorType } from './account.js'
import { BaseError, type BaseErrorType } from './base.js'
import type {
  ClientDestroyedErrorType,
  InvalidRetentionErrorType,
  SignatureMismatchErrorType,
  StorageErrorType,
} from './engine.js'
import type { InvalidSignatureErrorType } from './keys.js'

export type SignatureRejectedErrorType = SignatureRejectedError & { name: 'SignatureRejectedError' }

/** The user declined to sign the sync message. Calling `enable()` again asks once more. */
export class SignatureRejectedError extends BaseError {
  override name = 'SignatureRejectedError' as const

  constructor({ cause }: { cause?: unknown } = {}) {
    super('The user rejected the request to sign the sync message.', { cause })
  }
}

export type SignatureRequestFailedErrorType = SignatureRequestFailedError & {
  name: 'SignatureRequestFailedError'
}

/** The wallet or signer failed to sign the sync message for a reason other than the user declining. */
export class SignatureRequestFailedError extends BaseError {
  override name = 'SignatureRequestFailedError' as const

  constructor({ cause, reason }: { cause?: unknown; reason?: string } = {}) {
    const code = (cause as { code?: unknown } | undefined)?.code
    super('The signer could not sign the sync message.', {
      cause,
      details:
        reason ?? (typeof code === 'number' ? `The wallet answered with error code ${code}.` : undefined),
    })
  }
}

export type SignerNotConfiguredErrorType = SignerNotConfiguredError & { name: 'SignerNotConfiguredError' }

/** Sync needs a signature, but no way to sign was given (a Sign API session topic or `signMessage`). */
export class SignerNotConfiguredError extends BaseError {
  override name = 'SignerNotConfiguredError' as const

  constructor() {
    super('No signer is configured: pass a Sign API session or a signMessage function.')
  }
}

export type AccountNotSetErrorType = AccountNotSetError & { name: 'AccountNotSetError' }

/** An action needs an account, and the session has none. */
export class AccountNotSetError extends BaseError {
  override name = 'AccountNotSetError' as const

  constructor({ action }: { action: string }) {
    super(`Cannot ${action}: no account is set.`)
  }
}

/**
 * Why enabling (or disabling) sync failed: the session's `error` while its status is `error`. Narrow on
 * `error.name`; anything unforeseen is a plain `BaseError` (`name: 'ChatSyncError'`) with the original as
 * its `cause`.
 */
export type SessionErrorType =
  | InvalidAccountErrorType
  | InvalidSignatureErrorType
  | InvalidRetentionErrorType
  | SignatureMismatchErrorType
  | SignatureRequestFailedErrorType
  | SignerNotConfiguredErrorType
  | AccountNotSetErrorType
  | StorageErrorType
  | ClientDestroyedErrorType
  | BaseErrorType
