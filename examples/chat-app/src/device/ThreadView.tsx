import { useChatThread } from '@chatsync/chat/react'
import { Conversation } from '../components/Conversation'

export type ThreadViewProps = { topic: string; canSend: boolean }

/** One thread, read and written through `useChatThread`: it re-renders for its own messages only. */
export function ThreadView({ topic, canSend }: ThreadViewProps) {
  const { data: thread, sendMessage, leave } = useChatThread({ topic })
  if (!thread) return null
  return (
    <Conversation
      thread={thread}
      canSend={canSend}
      onSend={(message) => sendMessage.mutateAsync({ message })}
      sendError={sendMessage.error}
      onEdit={sendMessage.error ? sendMessage.reset : undefined}
      onLeave={() => leave.mutate()}
      leaveError={leave.error}
    />
  )
}
