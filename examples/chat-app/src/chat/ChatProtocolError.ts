import { BaseError } from '@chatsync/core'

/** Why a chat payload was refused. */
export type ChatProtocolErrorReason =
  /** A key that is not 32 bytes of hex, or one that gives no shared secret. */
  | 'invalid-key'
  /** Not a WalletConnect envelope (bad base64, too short). */
  | 'malformed-envelope'
  /** An envelope of another type than the topic takes (type 1 for invites, type 0 elsewhere). */
  | 'wrong-envelope-type'
  /** The key does not open it: another key, or tampered with. */
  | 'undecryptable'
  /** Opened, but not the JSON-RPC payload expected here. */
  | 'malformed-payload'
  /** An invite whose claimed public key is not the one it was sealed with. */
  | 'key-mismatch'
  /** An invite for another account than the invite key's, or a message by someone outside the thread. */
  | 'wrong-account'
  /** A text over the protocol's limit. */
  | 'too-long'
  /** A `did:key` that is not an X25519 public key. */
  | 'invalid-did-key'

const SHORT: Record<ChatProtocolErrorReason, string> = {
  'invalid-key': 'The key is not a valid X25519 key.',
  'malformed-envelope': 'The message is not a WalletConnect envelope.',
  'wrong-envelope-type': 'The message has the wrong envelope type for its topic.',
  undecryptable: 'The message could not be decrypted with the key of its topic.',
  'malformed-payload': 'The message is not a valid chat payload.',
  'key-mismatch': 'The invite claims another public key than the one it was sealed with.',
  'wrong-account': 'The message names an account that is not a party to it.',
  'too-long': 'The text is too long.',
  'invalid-did-key': 'The invite key is not an X25519 did:key.',
}

export type ChatProtocolErrorType = ChatProtocolError & { name: 'ChatProtocolError' }

/** A chat payload or key was refused. Never carries a key, a topic key or message text. */
export class ChatProtocolError extends BaseError {
  override name = 'ChatProtocolError' as const
  readonly reason: ChatProtocolErrorReason

  constructor(reason: ChatProtocolErrorReason, { details }: { details?: string } = {}) {
    super(SHORT[reason], { details })
    this.reason = reason
  }
}
