import { expectTypeOf, test } from 'vitest'
import type { ChatSyncClient } from '../engine/types.js'
import { createChatSyncSession } from './createChatSyncSession.js'
import type { SessionClient } from './types.js'

test('a chat sync client is what the session layer drives', () => {
  // ChatSyncClient fits the structural SessionClient of src/session, so a session takes one as it is …
  expectTypeOf<ChatSyncClient>().toExtend<SessionClient>()
  const client = {} as ChatSyncClient
  expectTypeOf(createChatSyncSession({ client }).client).toEqualTypeOf<ChatSyncClient>()
  // … and has `on`, which SessionClient leaves optional: through it a session awaits `ready` and hears errors.
  expectTypeOf<ChatSyncClient['on']>().toBeFunction()
})
