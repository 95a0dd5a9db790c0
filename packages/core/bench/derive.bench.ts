/**
 * Signature → the three Chat store keys: ours (`deriveStoreKeys`) against the way
 * `@walletconnect/sync-client@0.3.8` does it (bip39 + bip32 2.0.6 with native secp256k1; one mnemonic
 * keyring per signature, then `derivePath` from the master node for each store, topic = hashKey).
 * Every run uses a fresh signature, so nothing carries over between runs. Run: `pnpm bench:derive`.
 */
import { hashKey, hashMessage } from '@walletconnect/utils'
import * as bip32 from 'bip32'
import * as bip39 from 'bip39'
import { CHAT_STORES, deriveStoreKeys, storePath } from '../src/index.js'

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

const randomSignature = () => `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(65))).toString('hex')}`

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  return { median: at(0.5), p95: at(0.95) }
}

async function main() {
  // The two must agree before their speed means anything.
  const check = randomSignature()
  const [a, b] = await Promise.all([ours(check), peer(check)])
  for (const name of stores) {
    if (a[name]?.symKey !== b[name]?.symKey || a[name]?.topic !== b[name]?.topic) {
      throw new Error(`implementations disagree on ${name}`)
    }
  }

  for (let i = 0; i < WARMUP; i++) {
    await ours(randomSignature())
    await peer(randomSignature())
  }
  const oursMs: number[] = []
  const peerMs: number[] = []
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
  const o = stats(oursMs)
  const p = stats(peerMs)
  const f = (n: number) => n.toFixed(2)
  console.log(
    `signature → 3 chat store keys, ${RUNS} runs each after ${WARMUP} warm-up runs, node ${process.version}`,
  )
  console.log(
    `ours median ${f(o.median)} ms p95 ${f(o.p95)} ms | sync-client 0.3.8 median ${f(p.median)} ms p95 ${f(p.p95)} ms | ratio ${(o.median / p.median).toFixed(2)}x`,
  )
}

await main()
