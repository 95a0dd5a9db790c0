/**
 * What an app adds to its production bundle by using chatsync, measured as the app pays it: the packed
 * tarballs installed with npm into a fresh Vite app (outside the workspace) that already uses
 * `@walletconnect/sign-client` and `@tanstack/react-query`, built with `vite build`, gzipped. The same app
 * using `@walletconnect/sync-client@0.3.8` instead is built in the same run. Each figure is that app's
 * JavaScript minus the app's without either (its own install), so only what the library adds counts.
 *
 * Run: `pnpm bench:size` (builds the packages first; installs from npm's cache where it can).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BuildOutput, createConsumerApp, packChatSync } from '../test/consumerApp.js'

const TARGET_KB = 30
/** Smaller changes are the minifier naming things differently. */
const NOISE = 100
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/**
 * How each package's code differs from the app without the library, in minified bytes (a package at
 * another version is another package), largest growth first.
 */
function changes(entry: BuildOutput, baseline: BuildOutput) {
  const before = new Map(baseline.packages.map((share) => [share.id, share]))
  const ids = new Set([...entry.packages, ...baseline.packages].map((share) => share.id))
  const after = new Map(entry.packages.map((share) => [share.id, share]))
  return [...ids]
    .map((id) => {
      const [was, is] = [before.get(id), after.get(id)]
      return {
        id,
        bytes: (is?.bytes ?? 0) - (was?.bytes ?? 0),
        // The package's code gzipped alone; for one the app already bundles, the growth of that figure.
        gzip: entry.gzipAlone(id) - baseline.gzipAlone(id),
        shared: was !== undefined,
        copies: is?.copies ?? 0,
        copiesBefore: was?.copies ?? 0,
      }
    })
    .filter((share) => share.bytes !== 0)
    .sort((a, b) => b.bytes - a.bytes)
}

/** Packages bundled at more than one version. */
function duplicates(build: BuildOutput) {
  const versions = new Map<string, string[]>()
  for (const { id } of build.packages) {
    const name = id.replace(/(.)@[^@]*$/, '$1')
    if (name !== id) versions.set(name, [...(versions.get(name) ?? []), id.slice(name.length + 1)])
  }
  return [...versions].filter(([, list]) => list.length > 1)
}

const dir = mkdtempSync(join(tmpdir(), 'chatsync-size-'))
try {
  const started = performance.now()
  const tarballs = await packChatSync(join(dir, 'tarballs'))
  const apps = await Promise.all([
    createConsumerApp(join(dir, 'baseline-app'), { with: 'baseline' }),
    createConsumerApp(join(dir, 'chatsync-app'), { with: 'chatsync', tarballs }),
    createConsumerApp(join(dir, 'sync-client-app'), { with: 'syncClient' }),
  ])
  const [baseline, chatsync, syncClient] = [
    await apps[0].build(),
    await apps[1].build(),
    await apps[2].build(),
  ]
  // The app's own entry built in each library's install: installing a library can move the app's shared
  // dependencies (npm hoists one version of a package and nests the others), and so change its bundle.
  const [sameInstall, peerSameInstall] = [await apps[1].build('baseline'), await apps[2].build('baseline')]
  const oursAdded = chatsync.gzip - baseline.gzip
  const peerAdded = syncClient.gzip - baseline.gzip

  console.log(
    'What a Vite app with @walletconnect/sign-client and @tanstack/react-query adds to its production JavaScript',
  )
  console.log(
    '(packed tarballs installed with npm into a fresh app, `vite build`, each chunk gzipped at level 9, minus the app without):',
  )
  console.log(`  the app without either: ${kb(baseline.gzip)} gzip (min ${kb(baseline.min)})`)
  console.log(
    `  @chatsync/react (provider + useChatSync, useThreads, useSentInvites, useInviteKeys, useReceivedInviteStatuses): +${kb(oursAdded)} gzip (min +${kb(chatsync.min - baseline.min)}) (target ≤ ${TARGET_KB} KB)`,
  )
  console.log(
    `  @walletconnect/sync-client@0.3.8 (init, register, create the four stores, read and watch them): +${kb(peerAdded)} gzip (min +${kb(syncClient.min - baseline.min)})`,
  )
  console.log(
    `  ratio: ${(oursAdded / peerAdded).toFixed(2)}× sync-client's (${(peerAdded / oursAdded).toFixed(1)}× smaller)`,
  )
  const [oursInPlace, peerInPlace] = [
    chatsync.gzip - sameInstall.gzip,
    syncClient.gzip - peerSameInstall.gzip,
  ]
  console.log(
    `  against the app's own code rebuilt in each install (${kb(sameInstall.gzip)}, ${kb(peerSameInstall.gzip)}): chatsync +${kb(oursInPlace)}, sync-client +${kb(peerInPlace)} gzip, ratio ${(oursInPlace / peerInPlace).toFixed(2)}×`,
  )
  for (const [name, rebuilt] of [
    ['chatsync', sameInstall],
    ['sync-client', peerSameInstall],
  ] as const) {
    const relaid = changes(rebuilt, baseline).filter((share) => Math.abs(share.bytes) >= NOISE)
    console.log(
      `    what installing ${name} changes in the app's own bundle: ${relaid.length === 0 ? 'nothing' : relaid.map((share) => `${share.id} ${share.bytes > 0 ? '+' : ''}${kb(share.bytes)} min (${share.copiesBefore} → ${share.copies} copies)`).join('; ')}`,
    )
  }

  for (const [name, entry, shown] of [
    ['@chatsync/react', chatsync, Number.POSITIVE_INFINITY],
    ['sync-client', syncClient, 12],
  ] as const) {
    const shares = changes(entry, baseline)
    const grown = shares.filter((share) => share.bytes >= NOISE)
    const total = grown.reduce((sum, share) => sum + share.bytes, 0)
    console.log(
      `\n  What ${name} adds, by package (minified bytes from the source maps, share of them; that code gzipped alone):`,
    )
    for (const share of grown.slice(0, shown)) {
      const note = [
        share.copies > 1 ? `${share.copies} copies installed` : '',
        share.shared ? 'more of a package the app already bundles' : '',
      ].filter(Boolean)
      console.log(
        `    ${share.id.padEnd(36)} ${kb(share.bytes).padStart(9)} min ${`${((100 * share.bytes) / total).toFixed(0)}%`.padStart(4)} ${kb(share.gzip).padStart(9)} gzip${note.length ? ` (${note.join('; ')})` : ''}`,
      )
    }
    if (grown.length > shown) console.log(`    … ${grown.length - shown} more`)
    const rest = shares
      .filter((share) => Math.abs(share.bytes) < NOISE)
      .reduce((sum, share) => sum + share.bytes, 0)
    console.log(`    (changes under ${NOISE} bytes a package, the minifier's naming: ${rest} bytes in all)`)
    const shrunk = shares.filter((share) => share.bytes <= -NOISE)
    if (shrunk.length > 0) {
      console.log(
        `    less of: ${shrunk.map((share) => `${share.id} ${kb(share.bytes)} min, ${kb(share.gzip)} gzip alone (${share.copiesBefore} → ${share.copies} copies)`).join('; ')}`,
      )
    }
    const twice = duplicates(entry).filter(
      ([packageName]) => !duplicates(baseline).some(([other]) => other === packageName),
    )
    console.log(
      `    bundled at two versions where the app without it has one: ${twice.length === 0 ? 'none' : twice.map(([packageName, list]) => `${packageName} (${list.join(', ')})`).join('; ')}`,
    )
  }
  console.log(
    `\n(npm installs in parallel ${apps.map((app) => `${(app.installMs / 1000).toFixed(0)} s`).join(', ')}; the run took ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
