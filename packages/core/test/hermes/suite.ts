// The core's platform-free tests, for Hermes (see hermes.test.ts): the polyfills first, then each test
// file registers its tests with the vitest shim; they run, and their outcomes are printed with the
// transcript of values to compare across runtimes.
import './hermesPolyfills.js'
import '../../src/crypto/withNativeCrypto.test.js'
import '../../src/engine/account/accountReducer.test.js'
import '../../src/engine/account/pendingWrites.test.js'
import '../../src/engine/account/tabChannel.test.js'
import '../../src/engine/persistence/accountStorage.test.js'
import '../../src/engine/persistence/persistedAccount.test.js'
import '../../src/engine/relay/envelopeVectors.test.js'
import '../../src/errors/base.test.js'
import '../../src/keys/chatStoreVectors.test.js'
import '../../src/keys/getSyncMessage.test.js'
import '../../src/keys/storePath.test.js'
import '../../src/lww/applyUpdate.test.js'
import '../../src/platform/assertRuntimeFeatures.test.js'
import '../../src/platform/utf8.test.js'
import '../../src/storage/createMmkvStorage.test.js'
import '../../src/storage/reactNativeStorage.test.js'
import '../../src/stores/catalogue.test.js'
import '../../src/wire/parseSyncRequest.test.js'
import '../../src/wire/syncRequest.test.js'
import { computeTranscript } from './transcript.js'
import { runRegisteredTests } from './vitestShim.js'

const runtime =
  typeof (globalThis as { HermesInternal?: unknown }).HermesInternal === 'object' ? 'hermes' : 'node'

async function main() {
  const started = Date.now()
  const results = await runRegisteredTests()
  const testsMs = Date.now() - started
  const transcript = await computeTranscript()
  console.log(`SUITE ${JSON.stringify({ runtime, testsMs, results, transcript })}`)
}
main().catch((error) =>
  console.log(`SUITE ${JSON.stringify({ runtime, crashed: String(error?.stack ?? error) })}`),
)
