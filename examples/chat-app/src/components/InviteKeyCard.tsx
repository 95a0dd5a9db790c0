import type { InviteKeys } from '@chatsync/core'
import { errorText } from './errorText'

export type InviteKeyCardProps = {
  inviteKeys: readonly InviteKeys[]
  onRotate(): void
  isPending?: boolean
  error?: unknown
}

/** The account's current invite key, with a button that replaces it by a fresh one. */
export function InviteKeyCard({ inviteKeys, onRotate, isPending = false, error }: InviteKeyCardProps) {
  return (
    <section className="store" data-testid="invite-keys" data-count={inviteKeys.length}>
      <h3>
        Invite key <span className="count">{inviteKeys.length}</span>
      </h3>
      {inviteKeys.length === 0 ? (
        <p className="empty" data-testid="invite-keys-empty">
          No invite key yet.
        </p>
      ) : (
        <ul>
          {inviteKeys.map((keys) => (
            <li key={keys.account} data-testid="invite-key" data-key={keys.account}>
              <span className="meta">public key</span>
              <code data-testid="invite-key-public">{keys.publicKey}</code>
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onRotate} disabled={isPending} data-testid="rotate-invite-key">
        {isPending ? 'Rotating…' : inviteKeys.length === 0 ? 'Create invite key' : 'Rotate invite key'}
      </button>
      {error ? (
        <p className="error" role="alert" data-testid="invite-key-error">
          Could not save the invite key: {errorText(error)}
        </p>
      ) : null}
    </section>
  )
}
