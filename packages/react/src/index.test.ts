import { join } from 'node:path'
import { exportList } from '@chatsync/test/exportList'
import { expect, test } from 'vitest'
import * as react from './index.js'

test('exports: exactly these names (an export added or removed must update this list)', () => {
  const names = exportList(join(import.meta.dirname, 'index.ts'))
  // The list read from the source is what the module exports at run time, plus its types.
  expect(names.filter((name) => !name.startsWith('type '))).toEqual(Object.keys(react).sort())
  expect(names).toMatchInlineSnapshot(`
    [
      "ChatSyncContext",
      "type ChatSyncContextValue",
      "ChatSyncProvider",
      "ChatSyncProviderNotFoundError",
      "type ChatSyncProviderNotFoundErrorType",
      "type ChatSyncProviderProps",
      "type NoSelect",
      "type StoreWrites",
      "type UseChatSyncReturnType",
      "type UseInviteKeyParameters",
      "type UseInviteKeyReturnType",
      "type UseInviteKeysParameters",
      "type UseInviteKeysReturnType",
      "type UseReceivedInviteStatusParameters",
      "type UseReceivedInviteStatusReturnType",
      "type UseReceivedInviteStatusesParameters",
      "type UseReceivedInviteStatusesReturnType",
      "type UseSentInviteParameters",
      "type UseSentInviteReturnType",
      "type UseSentInvitesParameters",
      "type UseSentInvitesReturnType",
      "type UseStoreValuesParameters",
      "type UseStoreValuesReturnType",
      "type UseThreadParameters",
      "type UseThreadReturnType",
      "type UseThreadsParameters",
      "type UseThreadsReturnType",
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
