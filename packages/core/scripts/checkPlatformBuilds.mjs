// Checks the three builds package.json `exports` chooses between: Node's (native crypto primitives),
// browsers' (portable @noble primitives, no Node module) and React Native's (portable primitives, the
// AppState lifecycle, no Node module and no page code). Node's and browsers' must derive the published
// sync-protocol §2 vector (React Native's does on Hermes: test/react-native/hermes.test.ts). Run after
// `pnpm build` (`pnpm check:package`).
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

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
const builds = {
  'node ESM': await import('../dist/internal.js'),
  'node CJS': require('../dist/internal.cjs'),
  'browser ESM': await import('../dist/browser/internal.js'),
  'browser CJS': require('../dist/browser/internal.cjs'),
}
for (const [name, build] of Object.entries(builds)) {
  const keys = await build.deriveStoreKeys({ signature, stores: ['my-user-profile'] })
  check(keys['my-user-profile']?.symKey === symKey, `${name} derives the published store key`)
}
if (failures.length > 0) {
  console.error(`${failures.length} platform build check(s) failed`)
  process.exit(1)
}
