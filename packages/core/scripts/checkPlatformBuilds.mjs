// Checks the three builds package.json `exports` chooses between: Node's (native crypto primitives),
// browsers' (portable @noble primitives, no Node module) and React Native's (portable primitives, the
// AppState lifecycle, no Node module and no page code). Node's and browsers' must derive the published
// sync-protocol §2 vector, through `internal` and through the chunk the entry loads on first use, and what
// the entry loads at start must not hold the derivation (the BIP-39 wordlist); React Native's derives it
// on Hermes (test/react-native/hermes.test.ts). Run after
// `pnpm build` (`pnpm check:package`).
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const signature =
  '0xee6567bf0763ce704d4cc3ec919cb74bbb484222e19ad72f51072fbdc2af7add063c00ac334a510c51fd25daf14f87337c23a81d45ac4f1dde469a0d8dc5724b1b'
const symKey = '02fe412cf77b84f7e1dcac2ac036ba5da857ef6c683e6e93a39005734cb289f4'
const failures = []
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`)
  if (!ok) failures.push(what)
}

const nodeCryptoImport = /(?:from\s*|require\()\s*["'](?:node:)?crypto["']/
// The entries share chunks: look at every module of each build.
const modules = (dir, ext) =>
  readdirSync(dir)
    .filter((name) => name.endsWith(ext))
    .map((name) => readFileSync(`${dir}/${name}`, 'utf8'))
for (const ext of ['.js', '.cjs']) {
  const browser = modules('dist/browser', ext)
  check(
    !browser.some((text) => nodeCryptoImport.test(text)),
    `dist/browser/*${ext} load no Node crypto module`,
  )
  const node = modules('dist', ext)
  check(
    node.some((text) => nodeCryptoImport.test(text)),
    `dist/*${ext} use Node's crypto module`,
  )
}

// React Native: no Node module, no page (localStorage, BroadcastChannel, window events), and the
// AppState of the app's own react-native.
const pageGlobals = /\b(?:localStorage|BroadcastChannel|indexedDB|pagehide|visibilitychange)\b|\.document\b/
const nodeModule = /(?:from\s*|require\()\s*["'](?:node:[a-z_/]+|ws|crypto)["']/
for (const ext of ['.js', '.cjs']) {
  const native = modules('dist/react-native', ext)
  check(!native.some((text) => nodeModule.test(text)), `dist/react-native/*${ext} load no Node module`)
  check(!native.some((text) => pageGlobals.test(text)), `dist/react-native/*${ext} hold no page code`)
  check(
    native.some((text) => /(?:from\s*|require\()\s*["']react-native["']/.test(text)),
    `dist/react-native/*${ext} take AppState from react-native`,
  )
}
check(
  !modules('dist/browser', '.js').some((text) => /["']react-native["']/.test(text)),
  'dist/browser/*.js do not import react-native',
)

const require = createRequire(import.meta.url)
const load = (path) => (path.endsWith('.cjs') ? require(path) : import(pathToFileURL(path).href))
const derives = async (build) =>
  (await build.deriveStoreKeys({ signature, stores: ['my-user-profile'] }))['my-user-profile']?.symKey ===
  symKey

// A chunk's own imports: static ones (loaded with it) and dynamic ones (loaded on first use). Dynamic
// imports are `import("./…")` in ESM and `Promise.resolve().then(() => _interopRequireWildcard(require("./…")))`
// in the CommonJS builds.
const staticImport = /(?:from|import)\s*"(\.\/[^"]+)"|(?<!_interopRequireWildcard\()require\('(\.\/[^']+)'\)/g
const lazyDerivation = /(?:import|require)\("(\.\/onFirstUse-[^"]+)"\)/
/** The text of a chunk and of every chunk it imports statically: what loads with it. */
function loadedWith(dir, file, seen = new Set()) {
  if (seen.has(file)) return ''
  seen.add(file)
  const text = readFileSync(`${dir}/${file}`, 'utf8')
  const imported = [...text.matchAll(staticImport)].map((match) => (match[1] ?? match[2]).slice(2))
  return [text, ...imported.map((next) => loadedWith(dir, next, seen))].join('\n')
}

for (const [name, dir, ext] of [
  ['node ESM', 'dist', '.js'],
  ['node CJS', 'dist', '.cjs'],
  ['browser ESM', 'dist/browser', '.js'],
  ['browser CJS', 'dist/browser', '.cjs'],
]) {
  check(
    await derives(await load(`${import.meta.dirname}/../${dir}/internal${ext}`)),
    `${name} derives the published store key`,
  )
  const atStart = loadedWith(dir, `index${ext}`)
  check(
    !/@scure\/bip39|abandon\s+ability/.test(atStart),
    `${name}: the entry loads no BIP-39 code or wordlist at start`,
  )
  const lazy = lazyDerivation.exec(readFileSync(`${dir}/index${ext}`, 'utf8'))?.[1]
  check(
    lazy !== undefined && (await derives(await load(`${import.meta.dirname}/../${dir}/${lazy.slice(2)}`))),
    `${name}: the entry's lazy derivation chunk (${lazy}) derives the published store key`,
  )
}
if (failures.length > 0) {
  console.error(`${failures.length} platform build check(s) failed`)
  process.exit(1)
}
