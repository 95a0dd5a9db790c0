import type { Thread } from '@chatsync/core'
import { type FormEvent, useState } from 'react'
import type { ShownThread } from '../chat/useChat'
import { accountName } from './accountName'

export type ConversationProps = {
  thread: ShownThread
  onSend(thread: Thread, text: string): void
  onLeave(thread: Thread): void
}

const time = (timestamp: number) =>
  new Date(timestamp).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

/** One thread: its messages, oldest first, a box to write in, and Leave. */
export function Conversation({ thread, onSend, onLeave }: ConversationProps) {
  const [text, setText] = useState('')
  const peer = accountName(thread.peerAccount)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const message = text.trim()
    if (!message) return
    onSend(thread, message)
    setText('')
  }
  return (
    <article className="thread" data-testid="thread" data-key={thread.topic}>
      <header className="thread__header">
        <strong data-testid="thread-peer" data-account={thread.peerAccount}>
          {peer}
        </strong>
        <button
          type="button"
          className="small secondary"
          onClick={() => onLeave(thread)}
          data-testid="leave-thread"
        >
          Leave
        </button>
      </header>
      <ol className="thread__messages" data-testid="messages">
        {thread.messages.length === 0 ? (
          <li className="empty">No messages yet.</li>
        ) : (
          thread.messages.map((message) => {
            const isOwn = message.authorAccount === thread.selfAccount
            return (
              <li
                key={message.id}
                className={`chat-message ${isOwn ? 'chat-message--own' : ''}`}
                data-testid="chat-message"
                data-author={isOwn ? 'self' : 'peer'}
                data-status={message.status ?? 'sent'}
              >
                <span className="meta">
                  {isOwn ? 'You' : peer} · {time(message.timestamp)}
                  {message.status === 'sending' ? ' · sending…' : ''}
                  {message.status === 'failed' ? ' · not sent' : ''}
                </span>
                <span data-testid="chat-message-text">{message.message}</span>
              </li>
            )
          })
        )}
        {thread.isLeftByPeer ? (
          <li className="muted" data-testid="peer-left">
            {peer} left the thread.
          </li>
        ) : null}
      </ol>
      <form className="thread__composer" onSubmit={submit}>
        <input
          value={text}
          maxLength={1000}
          onChange={(e) => setText(e.target.value)}
          placeholder={`Message ${peer}`}
          aria-label={`Message ${peer}`}
          data-testid="message-input"
        />
        <button type="submit" data-testid="send-message">
          Send
        </button>
      </form>
    </article>
  )
}
