// @chatsync/test/node: cores, devices, relays, sign clients and files, for tests under Node (and jsdom:
// `nodeRealm` puts Node's typed arrays and a WebSocket back first). The browser-safe part is `@chatsync/test`.
import './nodeRealm.js'

export { type Cleanup, createCleanup, type RestartableRelay } from './createCleanup.js'
export { printFigure } from './printFigure.js'
export { sharedRelayUrl } from './sharedRelayUrl.js'
export { startDevice, type TestDevice } from './startDevice.js'
export { type SignClientPair, startSignClientPair, type TestSignClient } from './startSignClientPair.js'
export { startTargetAndPeer } from './startTargetAndPeer.js'
export {
  publishRaw,
  recordMessages,
  removeDir,
  type StartTestCoreOptions,
  startTestCore,
  type TestCore,
} from './startTestCore.js'
export {
  startUnreachableRelay,
  type UnreachableRelay,
  type UnreachableRelayKind,
} from './startUnreachableRelay.js'
