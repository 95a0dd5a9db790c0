import { ChatError } from './ChatError.js'

/** Why a chat payload was dropped before anything was shown or stored. */
export type ChatPayloadRejectReason =
  /** Not the JSON-RPC payload expected on its topic. */
  | 'malformed'
  /** Not a did-jwt of the expected form, or a claim missing or of the wrong kind. */
  | 'invalid-jwt'
  /** The JWT's signature is not by the identity key it names. */
  | 'bad-signature'
  /** The JWT had expired when the relay received the message (or it was issued after). */
  | 'expired'
  /** The key directory does not know the identity key. */
  | 'unknown-identity'
  /** The identity key's CACAO does not verify: another signer, tampered with, expired, unsupported. */
  | 'invalid-cacao'
  /** The signer's account is not the one the payload stands for (a forged inviter or author). */
  | 'wrong-account'
  /** The claims do not match the envelope (the invite's key), the thread, or the message. */
  | 'mismatch'
  /** A payload seen before, delivered again. */
  | 'replayed'
  /** A text over the spec's limit. */
  | 'too-long'

export type ChatPayloadRejectedErrorType = ChatPayloadRejectedError & { name: 'ChatPayloadRejectedError' }

/**
 * An invite, answer, message, receipt or copy was dropped: nothing of it is shown or stored. Never carries
 * the payload, a key or a token.
 */
export class ChatPayloadRejectedError extends ChatError {
  override name = 'ChatPayloadRejectedError' as const
  declare readonly reason: ChatPayloadRejectReason
  declare readonly kind: 'invite' | 'answer' | 'message' | 'receipt' | 'leave' | 'copy'

  constructor({
    kind,
    reason,
    details,
    cause,
  }: {
    kind: ChatPayloadRejectedError['kind']
    reason: ChatPayloadRejectReason
    details?: string
    cause?: unknown
  }) {
    super(`Dropped a chat ${kind} (${reason}).`, { details, cause })
    this.kind = kind
    this.reason = reason
  }
}
