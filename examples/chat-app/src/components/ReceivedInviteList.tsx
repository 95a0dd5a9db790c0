import type { ShownInvite } from '../chat/useChat'
import { accountName } from './accountName'
import { errorText } from './errorText'

export type ReceivedInviteListProps = {
  invites: readonly ShownInvite[]
  onAnswer(invite: ShownInvite, answer: 'accept' | 'reject'): void
  isPending?: boolean
  error?: unknown
}

/** Invites that arrived on the account's invite topic, with the answer any of its devices gave. */
export function ReceivedInviteList({ invites, onAnswer, isPending = false, error }: ReceivedInviteListProps) {
  return (
    <section className="store" data-testid="received-invites" data-count={invites.length}>
      <h3>
        Received invites <span className="count">{invites.length}</span>
      </h3>
      {invites.length === 0 ? (
        <p className="empty" data-testid="received-invites-empty">
          No invites received.
        </p>
      ) : (
        <ul>
          {invites.map((invite) => (
            <li key={invite.id} data-testid="received-invite" data-id={invite.id} data-status={invite.status}>
              <span className="meta">from {accountName(invite.inviterAccount)}</span>
              <span className="message" data-testid="received-invite-message">
                {invite.message}
              </span>
              {invite.status === 'pending' ? (
                <>
                  <button
                    type="button"
                    className="small"
                    disabled={isPending}
                    onClick={() => onAnswer(invite, 'accept')}
                    data-testid="accept-invite"
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    className="small danger"
                    disabled={isPending}
                    onClick={() => onAnswer(invite, 'reject')}
                    data-testid="reject-invite"
                  >
                    Reject
                  </button>
                </>
              ) : (
                <span className={`badge badge--${invite.status}`} data-testid="received-invite-status">
                  {invite.status}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <p className="error" role="alert" data-testid="answer-invite-error">
          Could not answer the invite: {errorText(error)}
        </p>
      ) : null}
    </section>
  )
}
