import { type FormEvent, useState } from 'react'
import { errorText } from './errorText'

export type SendInviteFormProps = {
  onSend(params: { inviteeAccount: string; message: string }): void
  isPending?: boolean
  error?: unknown
}

const DEFAULT_INVITEE = 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee'

/** Sends an invite: records a SentInvite with fresh keys. */
export function SendInviteForm({ onSend, isPending = false, error }: SendInviteFormProps) {
  const [inviteeAccount, setInviteeAccount] = useState(DEFAULT_INVITEE)
  const [message, setMessage] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const text = message.trim()
    if (!text || !inviteeAccount.trim()) return
    onSend({ inviteeAccount: inviteeAccount.trim(), message: text })
    setMessage('')
  }
  return (
    <form className="send-invite" onSubmit={submit} data-testid="send-invite-form">
      <label>
        Invitee
        <input
          value={inviteeAccount}
          onChange={(e) => setInviteeAccount(e.target.value)}
          data-testid="invitee-input"
          spellCheck={false}
        />
      </label>
      <label>
        Message
        <input
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          placeholder="Hey there! Wanna chat?"
          data-testid="invite-message-input"
        />
      </label>
      <button type="submit" disabled={isPending} data-testid="send-invite">
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
