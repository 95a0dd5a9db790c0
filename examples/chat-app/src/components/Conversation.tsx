import { CHAT_LIMITS, type ChatThread, characterCount } from '@chatsync/chat'
import { type FormEvent, useState } from 'react'
import { accountName } from './accountName'
import { errorText } from './errorText'
import { MessageList } from './MessageList'

export type ConversationProps = {
  thread: ChatThread
  /** The chat is ready on this device (it has its identity): messages can be sent. */
  canSend: boolean
  /** Sends a message; the text stays in the box unless it resolves. */
  onSend(message: string): Promise<unknown>
  /** Why the last message was not sent (empty, too long, the relay…). */
  sendError?: unknown
  /** The text was edited: the last error no longer applies. */
  onEdit?(): void
  onLeave(): void
  leaveError?: unknown
}

/** One thread: its messages, a box to write in with a counter, and Leave. */
export function Conversation({
  thread,
  canSend,
  onSend,
  sendError,
  onEdit,
  onLeave,
  leaveError,
}: ConversationProps) {
  const [text, setText] = useState('')
  const peer = accountName(thread.peerAccount)
  const length = characterCount(text)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSend(text.trim()).then(
      () => setText(''),
      () => {},
    )
  }
  return (
    <article className="thread" data-testid="thread" data-key={thread.topic}>
      <header className="thread__header">
        <strong data-testid="thread-peer" data-account={thread.peerAccount} title={thread.peerAccount}>
          {peer}
        </strong>
        <button type="button" className="small secondary" onClick={onLeave} data-testid="leave-thread">
          Leave
        </button>
      </header>
      <MessageList thread={thread} />
      <form className="thread__composer" onSubmit={submit}>
        <input
          value={text}
          onChange={(event) => {
            setText(event.target.value)
            onEdit?.()
          }}
          placeholder={`Message ${peer}`}
          aria-label={`Message ${peer}`}
          data-testid="message-input"
        />
        <span
          className={`counter ${length > CHAT_LIMITS.message ? 'counter--over' : ''}`}
          data-testid="message-counter"
        >
          {length}/{CHAT_LIMITS.message}
        </span>
        <button type="submit" disabled={!canSend} data-testid="send-message">
          Send
        </button>
      </form>
      {sendError || leaveError ? (
        <p className="error" role="alert" data-testid="message-error">
          {errorText(sendError ?? leaveError)}
        </p>
      ) : null}
    </article>
  )
}
