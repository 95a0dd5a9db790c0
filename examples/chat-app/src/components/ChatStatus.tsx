import type { ChatStatus as ChatStatusValue } from '@chatsync/chat'
import { errorText } from './errorText'

export type ChatStatusProps = {
  status: ChatStatusValue
  error?: unknown
  /** Asks the wallet for the identity signature again. */
  onEnable(): void
}

const text: Record<ChatStatusValue, string> = {
  idle: '',
  starting: 'Starting chat…',
  signing: 'Waiting for the identity signature in the wallet…',
  ready: '',
  rejected: 'The identity signature was rejected in the wallet',
  error: 'Chat stopped',
}

/** Where this device's chat identity stands (a second signature, once per device), when it needs saying. */
export function ChatStatus({ status, error, onEnable }: ChatStatusProps) {
  return (
    <div className={`chat-status chat-status--${status}`} data-testid="chat-status" data-status={status}>
      {text[status] ? <span data-testid="chat-status-text">{text[status]}</span> : null}
      {status === 'error' && error ? (
        <span className="error" data-testid="chat-error">
          {errorText(error)}
        </span>
      ) : null}
      {status === 'rejected' || status === 'error' ? (
        <button type="button" onClick={onEnable} data-testid="enable-chat">
          Try again
        </button>
      ) : null}
    </div>
  )
}
