// @chatsync/test: what runs anywhere, the browser included (stories import it). Cores, relays, sign
// clients and files are in `@chatsync/test/node`.

export {
  createMemoryChatSyncClient,
  type MemoryChatSyncClient,
  type MemoryChatSyncClientOptions,
} from './createMemoryChatSyncClient.js'
export { account, makeSentInvite, makeThread, otherAccount, payloads } from './fixtures.js'
export { storeKeysOf } from './storeKeysOf.js'
export {
  conversationMessages,
  conversationThread,
  inviteKeysFixture,
  receivedInviteFixture,
  sentInviteFixtures,
  storyAccount,
  threadFixtures,
} from './storyFixtures.js'
export { createSurvivingStorage } from './survivingStorage.js'
export { deferred, waitFor } from './waitFor.js'
export { createWallet, type TestWallet } from './wallets.js'
