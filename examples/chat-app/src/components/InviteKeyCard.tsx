import { errorText } from './errorText'

export type InviteKeyCardProps = {
  /** The account's invite key (X25519 public key, hex), once it has one. */
  inviteKey: string | undefined
  /** This device's identity key (`did:key`), which signs what it sends, once it has one. */
  identityKey?: string | undefined
  onRotate(): void
  isPending?: boolean
  /** The chat is ready on this device (it has its identity). */
  canRotate?: boolean
  error?: unknown
}

/** The account's current invite key, with a button that replaces it by a fresh one, and this device's identity key. */
export function InviteKeyCard({
  inviteKey,
  identityKey,
  onRotate,
  isPending = false,
  canRotate = true,
  error,
}: InviteKeyCardProps) {
  return (
    <section className="store" data-testid="invite-keys" data-count={inviteKey ? 1 : 0}>
      <h3>Invite key</h3>
      {inviteKey ? (
        <p data-testid="invite-key">
          <span className="meta">public key </span>
          <code data-testid="invite-key-public">{inviteKey}</code>
        </p>
      ) : (
        <p className="empty" data-testid="invite-keys-empty">
          No invite key yet.
        </p>
      )}
      {identityKey ? (
        <p className="muted" data-testid="identity-key">
          <span className="meta">this device's identity key </span>
          <code data-testid="identity-key-public">{identityKey}</code>
        </p>
      ) : null}
      <button
        type="button"
        onClick={onRotate}
        disabled={isPending || !canRotate}
        data-testid="rotate-invite-key"
      >
        {isPending ? 'Rotating…' : inviteKey ? 'Rotate invite key' : 'Create invite key'}
      </button>
      {error ? (
        <p className="error" role="alert" data-testid="invite-key-error">
          Could not save the invite key: {errorText(error)}
        </p>
      ) : null}
    </section>
  )
}
