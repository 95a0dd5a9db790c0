import { ChatSyncProvider } from '@chatsync/react'
import { useState } from 'react'
import { DevicePanel } from '../components/DevicePanel'
import { createMemoryChatSyncClient, type MemoryChatSyncClientOptions } from './createMemoryChatSyncClient'
import { storyAccount } from './fixtures'

export type DeviceStoryProps = MemoryChatSyncClientOptions & {
  /** How the wallet answers the request to sign the sync message. */
  wallet?: 'approves' | 'waits' | 'rejects'
  /** Start enabling sync on mount (the provider's default). */
  enableOnMount?: boolean
}

// A syntactically valid personal_sign signature; the in-memory client does not check it.
const storySignature = `0x${'5a'.repeat(64)}1b`

const signers = {
  approves: async () => storySignature,
  waits: () => new Promise<string>(() => {}),
  rejects: async (): Promise<string> => {
    throw Object.assign(new Error('User rejected.'), { code: 5000 })
  },
}

/** A device panel behind the real `<ChatSyncProvider>`, over an in-memory client held in one state. */
export function DeviceStory({ wallet = 'approves', enableOnMount = true, ...options }: DeviceStoryProps) {
  const [client] = useState(() => createMemoryChatSyncClient(options))
  return (
    <article className="device" data-testid="device-story">
      <ChatSyncProvider
        client={client}
        account={storyAccount}
        signMessage={signers[wallet]}
        enableOnMount={enableOnMount}
      >
        <DevicePanel />
      </ChatSyncProvider>
    </article>
  )
}
