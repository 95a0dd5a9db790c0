/**
 * Signature → the three Chat store keys: ours (`deriveStoreKeys`) against the way
 * `@walletconnect/sync-client@0.3.8` does it (bip39 + bip32 2.0.6 with native secp256k1; one mnemonic
 * keyring per signature, then `derivePath` from the master node for each store, topic = hashKey).
 * Every run uses a fresh signature, so nothing carries over between runs. Also what the first
 * registration in a fresh process pays to load the derivation, a chunk of its own the entry imports on
 * first use. Run: `pnpm bench:derive`.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { hashKey, hashMessage } from '@walletconnect/utils'
import * as bip32 from 'bip32'
import * as bip39 from 'bip39'
// The built package, as users run it: the Node build (native primitives) and the browser build (the
// portable @noble primitives), both measured here on Node. `pnpm bench:derive` builds first.
import { CHAT_STORES } from '../dist/index.js'
import { deriveStoreKeys, storePath } from '../dist/internal.js'

// The browser build has the Node build's types (tsup emits them once).
const browserBuild: typeof import('../dist/internal.js') = await import(
  new URL('../dist/browser/internal.js', import.meta.url).href
)

const RUNS = Number(process.env.RUNS ?? 40)
const WARMUP = 10
const stores = [CHAT_STORES.sentInvites.name, CHAT_STORES.threads.name, CHAT_STORES.inviteKeys.name]

async function peer(signature: string) {
  // sync-client's MnemonicKeyring.init + getPrivateKey + hashKey, step by step.
  const entropy = hashMessage(signature)
  bip39.entropyToMnemonic(entropy)
  const mnemonic = bip39.entropyToMnemonic(entropy)
  if (!bip39.validateMnemonic(mnemonic)) throw new Error('Invalid mnemonic provided!')
  const master = bip32.fromSeed(await bip39.mnemonicToSeed(mnemonic))
  const out: Record<string, { symKey: string; topic: string }> = {}
  for (const name of stores) {
    const symKey = Buffer.from(master.derivePath(storePath(name)).privateKey ?? []).toString('hex')
    out[name] = { symKey, topic: hashKey(symKey) }
  }
  return out
}

async function ours(signature: string) {
  return deriveStoreKeys({ signature, stores })
}

/** What a browser runs (the @noble primitives), measured here on Node. */
async function portable(signature: string) {
  return browserBuild.deriveStoreKeys({ signature, stores })
}

const randomSignature = () => `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(65))).toString('hex')}`

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  return { median: at(0.5), p95: at(0.95) }
}

async function timed(run: (signature: string) => Promise<unknown>) {
  const start = performance.now()
  await run(randomSignature())
  return performance.now() - start
}

const LAZY_RUNS = 7

/**
 * In fresh processes that have loaded a build's entry (as an app has before its first registration):
 * the time to load the derivation chunk the entry imports on first use, then the first derivation.
 */
function firstRegistration(build: 'dist' | 'dist/browser') {
  const dir = new URL(`../${build}/`, import.meta.url)
  const chunk = /import\("\.\/(onFirstUse-[^"]+)"\)/.exec(readFileSync(new URL('index.js', dir), 'utf8'))?.[1]
  if (!chunk) throw new Error(`${build}/index.js imports no derivation chunk`)
  const script = `
    await import(${JSON.stringify(new URL('index.js', dir).href)})
    const started = performance.now()
    const { deriveStoreKeys } = await import(${JSON.stringify(new URL(chunk, dir).href)})
    const loaded = performance.now()
    const signature = '0x' + Buffer.from(crypto.getRandomValues(new Uint8Array(65))).toString('hex')
    await deriveStoreKeys({ signature, stores: ${JSON.stringify(stores)} })
    console.log(JSON.stringify({ load: loaded - started, derive: performance.now() - loaded }))
  `
  const samples = Array.from({ length: LAZY_RUNS }, () =>
    JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })),
  ) as { load: number; derive: number }[]
  return {
    load: stats(samples.map((sample) => sample.load)),
    derive: stats(samples.map((sample) => sample.derive)),
  }
}

async function main() {
  // First calls in this process, before anything is warm: what a new device pays once.
  const cold = { ours: await timed(ours), peer: await timed(peer), portable: await timed(portable) }
  // The implementations must agree before their speed means anything.
  const check = randomSignature()
  const [a, b, c] = await Promise.all([ours(check), peer(check), portable(check)])
  for (const name of stores) {
    for (const other of [b, c]) {
      if (a[name]?.symKey !== other[name]?.symKey || a[name]?.topic !== other[name]?.topic) {
        throw new Error(`implementations disagree on ${name}`)
      }
    }
  }

  for (let i = 0; i < WARMUP; i++) {
    await ours(randomSignature())
    await peer(randomSignature())
  }
  const oursMs: number[] = []
  const peerMs: number[] = []
  const portableMs: number[] = []
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first so neither always runs on a warmer machine state.
    const first = i % 2 === 0
    for (const which of first ? ['ours', 'peer'] : ['peer', 'ours']) {
      const signature = randomSignature()
      const start = performance.now()
      await (which === 'ours' ? ours(signature) : peer(signature))
      ;(which === 'ours' ? oursMs : peerMs).push(performance.now() - start)
    }
  }
  for (let i = 0; i < RUNS; i++) portableMs.push(await timed(portable))
  const o = stats(oursMs)
  const p = stats(peerMs)
  const f = (n: number) => n.toFixed(2)
  console.log(
    `signature → 3 chat store keys, ${RUNS} runs each after ${WARMUP} warm-up runs, node ${process.version}`,
  )
  console.log(
    `ours median ${f(o.median)} ms p95 ${f(o.p95)} ms | sync-client 0.3.8 median ${f(p.median)} ms p95 ${f(p.p95)} ms | ratio ${(o.median / p.median).toFixed(2)}x`,
  )
  const q = stats(portableMs)
  console.log(
    `ours on the portable (@noble, browser) primitives: median ${f(q.median)} ms p95 ${f(q.p95)} ms | ratio ${(q.median / p.median).toFixed(2)}x`,
  )
  console.log(
    `first call in a fresh process: ours ${f(cold.ours)} ms | sync-client 0.3.8 ${f(cold.peer)} ms | ratio ${(cold.ours / cold.peer).toFixed(2)}x (portable afterwards: ${f(cold.portable)} ms)`,
  )
  for (const [name, build] of [
    ['node build', 'dist'],
    ['browser build (on Node)', 'dist/browser'],
  ] as const) {
    const first = firstRegistration(build)
    console.log(
      `first registration in a fresh process, ${name}, ${LAZY_RUNS} processes: loading the derivation chunk median ${f(first.load.median)} ms (max ${f(first.load.p95)}), then the first derivation median ${f(first.derive.median)} ms`,
    )
  }
}

await main()
