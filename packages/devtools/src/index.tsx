'use client'
import { type ComponentType, lazy, type ReactElement, Suspense } from 'react'
import type { ChatSyncDevtoolsProps } from './types.js'

export type { ChatSyncDevtoolsButtonPosition, ChatSyncDevtoolsProps } from './types.js'

/** The panel's own chunk, requested the first time it renders. */
let Panel: ComponentType<ChatSyncDevtoolsProps> | undefined

function ChatSyncDevtoolsDevelopment(props: ChatSyncDevtoolsProps): ReactElement {
  Panel ??= lazy(() =>
    import('./ChatSyncDevtools.js').then((module) => ({ default: module.ChatSyncDevtools })),
  )
  return (
    <Suspense fallback={null}>
      <Panel {...props} />
    </Suspense>
  )
}

function ChatSyncDevtoolsOff(_props: ChatSyncDevtoolsProps): null {
  return null
}

/**
 * The chatsync devtools: a toggle button and a panel showing what the enclosing `<ChatSyncProvider>`'s
 * client knows about its account. Renders `null` unless `process.env.NODE_ENV` is `development`: a
 * production build (the bundler replaces `process.env.NODE_ENV`) holds none of the panel's code. The panel
 * is loaded on demand the first time it renders. To use it in production, import it from
 * `@chatsync/react-devtools/production`.
 */
export const ChatSyncDevtools: (props: ChatSyncDevtoolsProps) => ReactElement | null =
  process.env.NODE_ENV !== 'development' ? ChatSyncDevtoolsOff : ChatSyncDevtoolsDevelopment
