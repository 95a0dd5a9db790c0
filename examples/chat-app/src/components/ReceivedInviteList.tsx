import type { ReceivedInvite } from '@chatsync/chat'
import { accountName } from './accountName'
import { errorText } from './errorText'

export type ReceivedInviteListProps = {
  invites: readonly ReceivedInvite[]
  onAnswer(invite: ReceivedInvite, answer: 'accept' | 'reject'): void
  /** The chat is ready on this device (it has its identity). */
  canAnswer?: boolean
  error?: unknown
}

/** Invites that arrived on the account's invite topic (verified), with the answer any of its devices gave. */
export function ReceivedInviteList({ invites, onAnswer, canAnswer = true, error }: ReceivedInviteListProps) {
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
              <span className="meta" title={invite.inviterAccount}>
                from {accountName(invite.inviterAccount)}
              </span>
              <span className="message" data-testid="received-invite-message">
                {invite.message}
              </span>
              {invite.status === 'pending' ? (
                <>
                  <button
                    type="button"
                    className="small"
                    disabled={!canAnswer || invite.isAnswering}
                    onClick={() => onAnswer(invite, 'accept')}
                    data-testid="accept-invite"
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    className="small danger"
                    disabled={!canAnswer || invite.isAnswering}
                    onClick={() => onAnswer(invite, 'reject')}
                    data-testid="reject-invite"
                  >
                    Reject
                  </button>
                  {invite.isAnswering ? <span className="muted">answering…</span> : null}
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
