import { CHAT_LIMITS, characterCount } from '@chatsync/chat'
import { type FormEvent, useState } from 'react'
import { errorText } from './errorText'

export type SendInviteFormProps = {
  /** Accounts offered; the first is preselected. Any CAIP-10 account or `0x…` address can be typed in. */
  invitees?: readonly { name: string; account: string }[]
  /** Sends the invite; the message stays in the form unless it resolves. */
  onSend(params: { inviteeAccount: string; message: string }): Promise<unknown>
  isPending?: boolean
  error?: unknown
  /** The invitee or the message was edited: the last error no longer applies. */
  onEdit?(): void
  /** The chat is ready on this device (it has its identity). */
  canSend?: boolean
}

/** Invites an account to chat: its invite key is looked up in the key directory. */
export function SendInviteForm({
  invitees = [],
  onSend,
  isPending = false,
  error,
  onEdit,
  canSend = true,
}: SendInviteFormProps) {
  const [inviteeAccount, setInviteeAccount] = useState(invitees[0]?.account ?? '')
  const [message, setMessage] = useState('')
  const length = characterCount(message)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSend({ inviteeAccount: inviteeAccount.trim(), message: message.trim() }).then(
      () => setMessage(''),
      () => {},
    )
  }
  return (
    <form className="send-invite store" onSubmit={submit} data-testid="send-invite-form">
      <h3>Invite to chat</h3>
      <label>
        <span className="label-row">
          Invitee
          <span className="invitee-picks">
            {invitees.map((invitee) => (
              <button
                key={invitee.account}
                type="button"
                className="small secondary"
                onClick={() => {
                  setInviteeAccount(invitee.account)
                  onEdit?.()
                }}
              >
                {invitee.name}
              </button>
            ))}
          </span>
        </span>
        {/* Two lines: a whole CAIP-10 account fits even in a narrow card. */}
        <textarea
          className="account-input"
          rows={2}
          value={inviteeAccount}
          onChange={(event) => {
            setInviteeAccount(event.target.value)
            onEdit?.()
          }}
          data-testid="invitee-input"
          spellCheck={false}
          placeholder="eip155:1:0x… or a 0x… address"
        />
      </label>
      <label>
        <span className="label-row">
          Message
          <span
            className={`counter ${length > CHAT_LIMITS.inviteMessage ? 'counter--over' : ''}`}
            data-testid="invite-message-counter"
          >
            {length}/{CHAT_LIMITS.inviteMessage}
          </span>
        </span>
        <input
          value={message}
          onChange={(event) => {
            setMessage(event.target.value)
            onEdit?.()
          }}
          placeholder="Hey there! Wanna chat?"
          data-testid="invite-message-input"
        />
      </label>
      <button type="submit" disabled={isPending || !canSend} data-testid="send-invite">
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
