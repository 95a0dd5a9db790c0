import type { Thread } from '@chatsync/core'
import { errorText } from './errorText'

export type ThreadListProps = { threads: readonly Thread[]; error?: unknown }

/** The account's chat threads. */
export function ThreadList({ threads, error }: ThreadListProps) {
  return (
    <section className="store" data-testid="threads" data-count={threads.length}>
      <h3>
        Threads <span className="count">{threads.length}</span>
      </h3>
      {threads.length === 0 ? (
        <p className="empty" data-testid="threads-empty">
          No threads yet. Accept an invite to open one.
        </p>
      ) : (
        <ul>
          {threads.map((thread) => (
            <li key={thread.topic} data-testid="thread" data-key={thread.topic}>
              <span className="message" data-testid="thread-peer">
                {thread.peerAccount}
              </span>
              <code className="meta">{thread.topic.slice(0, 10)}…</code>
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <p className="error" role="alert" data-testid="thread-error">
          Could not save the thread: {errorText(error)}
        </p>
      ) : null}
    </section>
  )
}
