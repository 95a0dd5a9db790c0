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
      "type ChatSyncConfig",
      "ChatSyncContext",
      "ChatSyncProvider",
      "ChatSyncProviderNotFoundError",
      "type ChatSyncProviderNotFoundErrorType",
      "type ChatSyncProviderProps",
      "type CreateChatSyncConfigParameters",
      "type EntryWrites",
      "type QueryResult",
      "type StoreData",
      "type StoreWrites",
      "type UseChatSyncConfigReturnType",
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
      "type UseStoreEntryReturnType",
      "type UseStoreQueryParameters",
      "type UseStoreQueryReturnType",
      "type UseThreadParameters",
      "type UseThreadReturnType",
      "type UseThreadsParameters",
      "type UseThreadsReturnType",
      "createChatSyncConfig",
      "useChatSync",
      "useChatSyncConfig",
      "useInviteKey",
      "useInviteKeys",
      "useReceivedInviteStatus",
      "useReceivedInviteStatuses",
      "useSentInvite",
      "useSentInvites",
      "useThread",
      "useThreads",
      "version",
    ]
  `)
})
