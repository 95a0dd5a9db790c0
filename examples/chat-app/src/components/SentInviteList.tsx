import type { SentInvite } from '@chatsync/core'

export type SentInviteListProps = {
  invites: readonly SentInvite[]
  /** Accepting marks the invite approved and opens a thread. */
  onAccept(invite: SentInvite): void
  isPending?: boolean
}

const short = (account: string) => {
  const address = account.split(':').at(-1) ?? account
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address
}

/** The account's sent invites, newest first. */
export function SentInviteList({ invites, onAccept, isPending = false }: SentInviteListProps) {
  const sorted = [...invites].sort((a, b) => b.timestamp - a.timestamp)
  return (
    <section className="store" data-testid="sent-invites" data-count={invites.length}>
      <h3>
        Sent invites <span className="count">{invites.length}</span>
      </h3>
      {sorted.length === 0 ? (
        <p className="empty" data-testid="sent-invites-empty">
          No invites sent yet.
        </p>
      ) : (
        <ul>
          {sorted.map((invite) => (
            <li key={invite.responseTopic} data-testid="sent-invite" data-key={invite.responseTopic}>
              <span className="message" data-testid="sent-invite-message">
                {invite.message}
              </span>
              <span className="meta">to {short(invite.inviteeAccount)}</span>
              <span className={`badge badge--${invite.status}`} data-testid="sent-invite-status">
                {invite.status}
              </span>
              {invite.status === 'pending' ? (
                <button
                  type="button"
                  className="small"
                  disabled={isPending}
                  onClick={() => onAccept(invite)}
                  data-testid="accept-invite"
                >
                  Accept
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
