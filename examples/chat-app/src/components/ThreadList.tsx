import type { Thread } from '@chatsync/core'
import type { ShownThread } from '../chat/useChat'
import { Conversation } from './Conversation'
import { errorText } from './errorText'

export type ThreadListProps = {
  threads: readonly ShownThread[]
  onSend(thread: Thread, text: string): void
  onLeave(thread: Thread): void
  error?: unknown
}

/** The account's threads (synced), each with its conversation (kept on this device). */
export function ThreadList({ threads, onSend, onLeave, error }: ThreadListProps) {
  return (
    <section className="store" data-testid="threads" data-count={threads.length}>
      <h3>
        Threads <span className="count">{threads.length}</span>
      </h3>
      {threads.length === 0 ? (
        <p className="empty" data-testid="threads-empty">
          No threads yet. An accepted invite opens one.
        </p>
      ) : (
        threads.map((thread) => (
          <Conversation key={thread.topic} thread={thread} onSend={onSend} onLeave={onLeave} />
        ))
      )}
      {error ? (
        <p className="error" role="alert" data-testid="thread-error">
          {errorText(error)}
        </p>
      ) : null}
    </section>
  )
}
