import type { ChatMessage, ChatThread } from '@chatsync/chat'
import { memo, useLayoutEffect, useRef, useState } from 'react'
import { accountName } from './accountName'

export type MessageListProps = { thread: ChatThread }

/** Within this many pixels of the end, the list counts as read to the bottom. */
const BOTTOM_SLACK = 24

// One formatter for every message: `toLocaleTimeString` with options builds one per call, which a
// thousand messages re-rendered a few times made the page's main cost.
const timeFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' })

const statusText: Record<string, string> = {
  pending: ' · sending…',
  published: ' · sent',
  delivered: ' · delivered',
  failed: ' · not sent',
}

/**
 * A thread's messages, oldest first, in a list that follows new ones: it stays at the bottom while the
 * reader is there (and after the reader's own message), and otherwise shows how many arrived below.
 */
export function MessageList({ thread }: MessageListProps) {
  const list = useRef<HTMLOListElement>(null)
  const atBottom = useRef(true)
  const shown = useRef(0)
  const [unseen, setUnseen] = useState(0)
  const { messages, selfAccount } = thread
  const last = messages.at(-1)
  const peer = accountName(thread.peerAccount)

  const toBottom = () => {
    const element = list.current
    if (element) element.scrollTop = element.scrollHeight
    atBottom.current = true
    setUnseen(0)
  }
  useLayoutEffect(() => {
    const added = messages.length - shown.current
    shown.current = messages.length
    if (added <= 0) return
    if (atBottom.current || last?.authorAccount === selfAccount) toBottom()
    else setUnseen((count) => count + added)
  }, [messages.length, last, selfAccount])
  const onScroll = () => {
    const element = list.current
    if (!element) return
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK
    if (atBottom.current) setUnseen(0)
  }

  return (
    <div className="thread__body">
      <ol ref={list} className="thread__messages" data-testid="messages" onScroll={onScroll}>
        {messages.length === 0 ? <li className="empty">No messages yet.</li> : null}
        {messages.map((message) => (
          <MessageItem
            key={message.id}
            message={message}
            isOwn={message.authorAccount === selfAccount}
            peer={peer}
          />
        ))}
        {thread.isLeftByPeer ? (
          <li className="muted" data-testid="peer-left">
            {peer} left the thread.
          </li>
        ) : null}
      </ol>
      {unseen > 0 ? (
        <button type="button" className="new-messages small" onClick={toBottom} data-testid="new-messages">
          {unseen === 1 ? '1 new message' : `${unseen} new messages`} ↓
        </button>
      ) : null}
    </div>
  )
}

type MessageItemProps = { message: ChatMessage; isOwn: boolean; peer: string }

/** One message: the chat keeps a message's object until it changes, so the others do not render again. */
const MessageItem = memo(function MessageItem({ message, isOwn, peer }: MessageItemProps) {
  return (
    <li
      className={`chat-message ${isOwn ? 'chat-message--own' : ''}`}
      data-testid="chat-message"
      data-author={isOwn ? 'self' : 'peer'}
      data-status={message.status}
    >
      <span className="meta">
        {isOwn ? 'You' : peer} · {timeFormat.format(message.timestamp)}
        {isOwn ? statusText[message.status] : ''}
      </span>
      <span data-testid="chat-message-text">{message.message}</span>
    </li>
  )
})
