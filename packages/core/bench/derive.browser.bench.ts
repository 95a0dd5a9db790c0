/**
 * Signature → the three Chat store keys in a real browser (Debian's Chromium, headless): the same
 * `deriveStoreKeys` bundled for the browser with esbuild, served from 127.0.0.1 so WebCrypto is
 * available, timed inside the page. Run: `pnpm bench:derive` (after the Node figures).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const RUNS = Number(process.env.RUNS ?? 40)
const WARMUP = 10
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const entry = `
import { CHAT_STORES } from ${JSON.stringify(fileURLToPath(new URL('../src/index.ts', import.meta.url)))}
import { deriveStoreKeys } from ${JSON.stringify(fileURLToPath(new URL('../src/internal.ts', import.meta.url)))}
const stores = [CHAT_STORES.sentInvites.name, CHAT_STORES.threads.name, CHAT_STORES.inviteKeys.name]
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
const randomSignature = () => '0x' + hex(crypto.getRandomValues(new Uint8Array(65)))
window.runBench = async (runs, warmup) => {
  for (let i = 0; i < warmup; i++) await deriveStoreKeys({ signature: randomSignature(), stores })
  const samples = []
  for (let i = 0; i < runs; i++) {
    const signature = randomSignature()
    const start = performance.now()
    await deriveStoreKeys({ signature, stores })
    samples.push(performance.now() - start)
  }
  return { samples, secure: window.isSecureContext, subtle: Boolean(crypto.subtle) }
}
`

async function main() {
  const bundle = await build({
    stdin: { contents: entry, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
  })
  const script = bundle.outputFiles[0]?.text ?? ''
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    } else {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script src="/bench.js"></script>')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  })
  try {
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${port}/`)
    const result = await page.evaluate(
      ([runs, warmup]) =>
        (
          window as unknown as {
            runBench(r: number, w: number): Promise<{ samples: number[]; secure: boolean; subtle: boolean }>
          }
        ).runBench(runs as number, warmup as number),
      [RUNS, WARMUP],
    )
    const sorted = [...result.samples].sort((a, b) => a - b)
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
    console.log(
      `browser (${browser.version()}, WebCrypto ${result.subtle && result.secure ? 'yes' : 'no'}): ours median ${at(0.5).toFixed(2)} ms p95 ${at(0.95).toFixed(2)} ms over ${RUNS} runs | target ≤ 30 ms`,
    )
  } finally {
    await browser.close()
    server.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
