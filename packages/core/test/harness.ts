import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDevRelay } from '@chatsync/dev-relay'
import { Core } from '@walletconnect/core'
import { generatePrivateKey, type LocalAccount, privateKeyToAccount } from 'viem/accounts'
import { createChatSync } from '../src/engine/createChatSync.js'
import type { ChatSyncClient, CreateChatSyncParameters } from '../src/engine/types.js'
import { deriveStoreKeys } from '../src/keys/deriveStoreKeys.js'
import { getSyncMessage } from '../src/keys/getSyncMessage.js'
import {
  CHAT_STORE_IDS,
  CHAT_STORES,
  type ChatStoreId,
  type InviteKeys,
  type ReceivedInviteStatus,
  type SentInvite,
  type Thread,
} from '../src/stores/catalogue.js'

// Without this, cores with the same storage prefix in one process are one object, and a "restarted"
// device would get its old core back.
process.env.DISABLE_GLOBAL_CORE = 'true'

let sequence = 0

/** A started `@walletconnect/core` on the given relay, with its own storage prefix and file storage. */
export type TestCore = {
  core: InstanceType<typeof Core>
  /** Storage directory and prefix, to start a core again "after a restart". */
  dir: string
  prefix: string
  close(): Promise<void>
}

export async function startTestCore(
  relayUrl: string,
  { dir, prefix }: { dir?: string; prefix?: string } = {},
): Promise<TestCore> {
  const storageDir = dir ?? mkdtempSync(join(tmpdir(), 'chatsync-core-'))
  const storagePrefix =
    prefix ?? `chatsync-test-${process.pid}-${++sequence}-${Math.random().toString(36).slice(2)}`
  const core = new Core({
    relayUrl,
    projectId: 'chatsync-test',
    customStoragePrefix: storagePrefix,
    storageOptions: { database: join(storageDir, 'db') },
    logger: 'silent',
  })
  await core.start()
  let closed = false
  return {
    core,
    dir: storageDir,
    prefix: storagePrefix,
    async close() {
      if (closed) return
      closed = true
      await core.relayer.transportClose().catch(() => {})
      core.heartbeat.stop()
    },
  }
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true })
}

export type TestWallet = { wallet: LocalAccount; account: string; signature: string }

/** A viem local account, its CAIP-10 account id and its sync signature. */
export async function createWallet(privateKey: `0x${string}` = generatePrivateKey()): Promise<TestWallet> {
  const wallet = privateKeyToAccount(privateKey)
  const account = `eip155:1:${wallet.address}`
  const signature = await wallet.signMessage({ message: getSyncMessage(account) })
  return { wallet, account, signature }
}

export { startDevRelay }

/**
 * Clean-up steps of a test file, run last first after each test (`afterEach(cleanup.run)`): devices to
 * shut down, relays to close, directories to remove.
 */
export function createCleanup() {
  const steps: (() => Promise<void>)[] = []
  const add = (step: () => Promise<void>) => {
    steps.push(step)
  }
  return {
    add,
    async run() {
      for (const step of steps.splice(0).reverse()) await step()
    },
    /** Shuts `device` down after the test and removes its storage (unless `keepDir`). */
    track(device: TestDevice, { keepDir = false } = {}) {
      add(async () => {
        await device.shutdown()
        if (!keepDir) removeDir(device.dir)
      })
      return device
    },
    /**
     * A relay that keeps its message log in a directory and can stop and come back on the same port, as a
     * restarted relay server would.
     */
    async restartableRelay() {
      const dataDir = mkdtempSync(join(tmpdir(), 'chatsync-relay-'))
      let relay = await startDevRelay({ port: 0, dataDir })
      const { port } = relay
      let running = true
      add(async () => {
        if (running) await relay.close()
        removeDir(dataDir)
      })
      return {
        get url() {
          return relay.url
        },
        async stop() {
          running = false
          await relay.close()
        },
        async restart() {
          relay = await startDevRelay({ port, dataDir })
          running = true
        },
      }
    },
  }
}

/** Waits for `predicate` to hold, checking after every event loop turn up to `timeoutMs` (then throws). */
export async function waitFor(predicate: () => boolean, { timeoutMs = 10_000, what = 'condition' } = {}) {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A device: a core on the relay and a chat sync client on it, with every reported error collected. */
export type TestDevice = TestCore & {
  client: ChatSyncClient
  errors: { account: string | undefined; error: Error & { reason?: string } }[]
  /** Destroys the client and closes the core (the storage directory stays, for a restart). */
  shutdown(): Promise<void>
}

export async function startDevice(
  relayUrl: string,
  options: { dir?: string; prefix?: string } & Omit<CreateChatSyncParameters, 'core'> = {},
): Promise<TestDevice> {
  const { dir, prefix, ...parameters } = options
  const testCore = await startTestCore(relayUrl, { dir, prefix })
  const client = createChatSync({ core: testCore.core, ...parameters })
  const errors: TestDevice['errors'] = []
  client.on('error', (event) => errors.push(event))
  return {
    ...testCore,
    client,
    errors,
    async shutdown() {
      await client.destroy()
      await testCore.close()
    },
  }
}

const hex64 = (seed: string) => {
  let out = ''
  for (let i = 0; out.length < 64; i++)
    out += ((seed.charCodeAt(i % seed.length) * 7919 + i * 31) % 4096).toString(16).padStart(3, '0')
  return out.slice(0, 64)
}

export const payloads = {
  sentInvite(n: number, overrides: Partial<SentInvite> = {}): SentInvite {
    return {
      id: 1684319157629569 + n,
      message: `Hey there ${n}! Wanna chat?`,
      inviterAccount: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
      inviteeAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
      inviterPubKeyY: hex64(`pub${n}`),
      inviterPrivKeyY: hex64(`priv${n}`),
      status: 'pending',
      responseTopic: hex64(`response${n}`),
      symKey: hex64(`sym${n}`),
      timestamp: 1684319157629 + n,
      ...overrides,
    }
  },
  thread(n: number, overrides: Partial<Thread> = {}): Thread {
    return {
      topic: hex64(`thread${n}`),
      selfAccount: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
      peerAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
      symKey: hex64(`threadsym${n}`),
      ...overrides,
    }
  },
  inviteKeys(n: number, overrides: Partial<InviteKeys> = {}): InviteKeys {
    return {
      publicKey: hex64(`ipub${n}`),
      privateKey: hex64(`ipriv${n}`),
      account: `eip155:1:0x${hex64(`acct${n}`).slice(0, 40)}`,
      ...overrides,
    }
  },
  receivedInviteStatus(n: number, overrides: Partial<ReceivedInviteStatus> = {}): ReceivedInviteStatus {
    return { id: 1000 + n, status: 'approved', ...overrides }
  },
}

/** Store key and topic of each Chat store for a signature (what every device derives). */
export async function storeKeysOf(signature: string) {
  const derived = await deriveStoreKeys({
    signature,
    stores: CHAT_STORE_IDS.map((id) => CHAT_STORES[id].name),
  })
  return Object.fromEntries(
    CHAT_STORE_IDS.map((id) => [id, derived[CHAT_STORES[id].name]]),
  ) as unknown as Record<ChatStoreId, { symKey: string; topic: string }>
}

/** Publishes `message` as is on `topic`, the way a peer's relayer does (no client-side checks). */
export async function publishRaw(core: TestCore['core'], topic: string, message: string, tag = 5000) {
  await core.relayer.request({
    method: 'irn_publish',
    params: { topic, message, ttl: 2592000, tag, prompt: false },
  })
}
