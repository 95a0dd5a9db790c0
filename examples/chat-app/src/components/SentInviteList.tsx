import type { SentInvite } from '@chatsync/core'
import { accountName } from './accountName'

export type SentInviteListProps = {
  invites: readonly SentInvite[]
  /** Response topics the relay has not accepted yet: shown as "sending…". */
  sending?: ReadonlySet<string>
}

/** The account's sent invites (synced), newest first, with where each stands. */
export function SentInviteList({ invites, sending }: SentInviteListProps) {
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
            <li
              key={invite.responseTopic}
              data-testid="sent-invite"
              data-key={invite.responseTopic}
              data-status={invite.status}
              data-synced={!sending?.has(invite.responseTopic)}
            >
              <span className="meta">to {accountName(invite.inviteeAccount)}</span>
              <span className="message" data-testid="sent-invite-message">
                {invite.message}
              </span>
              <span className={`badge badge--${invite.status}`} data-testid="sent-invite-status">
                {invite.status}
              </span>
              {sending?.has(invite.responseTopic) ? (
                <span className="muted" data-testid="sent-invite-sending">
                  sending…
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
