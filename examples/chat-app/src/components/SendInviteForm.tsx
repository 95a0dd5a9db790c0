import { type FormEvent, useState } from 'react'
import { errorText } from './errorText'

export type SendInviteFormProps = {
  /** Accounts offered; the first is preselected. Any CAIP-10 account can be typed in. */
  invitees?: readonly { name: string; account: string }[]
  onSend(params: { inviteeAccount: string; message: string }): void
  isPending?: boolean
  error?: unknown
  /** `false` without a key directory: invitees cannot be resolved. */
  isAvailable?: boolean
}

/** Invites an account to chat: its invite key is looked up in the key directory. */
export function SendInviteForm({
  invitees = [],
  onSend,
  isPending = false,
  error,
  isAvailable = true,
}: SendInviteFormProps) {
  const [inviteeAccount, setInviteeAccount] = useState(invitees[0]?.account ?? '')
  const [message, setMessage] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const text = message.trim()
    if (!text || !inviteeAccount.trim()) return
    onSend({ inviteeAccount: inviteeAccount.trim(), message: text })
    setMessage('')
  }
  return (
    <form className="send-invite store" onSubmit={submit} data-testid="send-invite-form">
      <h3>Invite to chat</h3>
      {isAvailable ? null : (
        <p className="muted" data-testid="invites-unavailable">
          Invites need a key directory: run the example on the dev relay (without a project id).
        </p>
      )}
      <label>
        Invitee
        <input
          value={inviteeAccount}
          onChange={(e) => setInviteeAccount(e.target.value)}
          list="invitees"
          data-testid="invitee-input"
          spellCheck={false}
        />
        <datalist id="invitees">
          {invitees.map((invitee) => (
            <option key={invitee.account} value={invitee.account}>
              {invitee.name}
            </option>
          ))}
        </datalist>
      </label>
      <label>
        Message
        <input
          value={message}
          maxLength={200}
          onChange={(e) => setMessage(e.target.value)}
          placeholder="Hey there! Wanna chat?"
          data-testid="invite-message-input"
        />
      </label>
      <button type="submit" disabled={isPending || !isAvailable} data-testid="send-invite">
        {isPending ? 'Sending…' : 'Send invite'}
      </button>
      {error ? (
        <p className="error" role="alert" data-testid="send-invite-error">
          Could not send the invite: {errorText(error)}
        </p>
      ) : null}
    </form>
  )
}
