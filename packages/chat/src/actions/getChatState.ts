import type { BaseError } from '@chatsync/core'
import type { ChatState } from '../client/chatState.js'
import type { ChatClient } from '../client/createChatClient.js'

/** What the chat shows now. */
export const getChatState = (chat: ChatClient): ChatState => chat.state.getState()

/** A thread of the account with its messages, or `undefined`. */
export const getThread = (chat: ChatClient, { topic }: { topic: string }) =>
  chat.state.getState().threads[topic]

export type WatchChatParameters<TSelected> = {
  /** What to watch (default: the whole state); compared with `Object.is`. */
  select?: ((state: ChatState) => TSelected) | undefined
  onChange(selected: TSelected, previous: TSelected): void
}

/** Calls `onChange` when the selection changes. Returns the unsubscribe. */
export function watchChat<TSelected = ChatState>(
  chat: ChatClient,
  { select, onChange }: WatchChatParameters<TSelected>,
): () => void {
  const pick = select ?? ((state: ChatState) => state as unknown as TSelected)
  let current = pick(chat.state.getState())
  return chat.state.subscribe((state) => {
    const next = pick(state)
    if (Object.is(next, current)) return
    const previous = current
    current = next
    onChange(next, previous)
  })
}

/** Reports the chat's background errors (a dropped payload, a relay or directory failure). Narrow on `error.name`. */
export const watchChatErrors = (chat: ChatClient, { onError }: { onError(error: BaseError): void }) =>
  chat.on('error', ({ error }) => onError(error))
