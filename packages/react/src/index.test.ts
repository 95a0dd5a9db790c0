import { expect, test } from 'vitest'

test('exports', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toMatchInlineSnapshot(`
    [
      "ChatSyncContext",
      "ChatSyncProvider",
      "ChatSyncProviderNotFoundError",
      "useChatSync",
      "useInviteKey",
      "useInviteKeys",
      "useReceivedInviteStatus",
      "useReceivedInviteStatuses",
      "useSentInvite",
      "useSentInvites",
      "useThread",
      "useThreads",
    ]
  `)
})
