// The core tests' helpers, now in the workspace test kit: plain re-exports of `@chatsync/test` and
// `@chatsync/test/node` under the names they had here, for tests that import them from this file.
export { startDevRelay } from '@chatsync/dev-relay'
export { createWallet, payloads, storeKeysOf, type TestWallet, waitFor } from '@chatsync/test'
export {
  createCleanup,
  publishRaw,
  removeDir,
  startDevice,
  startTestCore,
  type TestCore,
  type TestDevice,
} from '@chatsync/test/node'
