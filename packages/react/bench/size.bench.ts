/**
 * What an app adds to its production bundle by using chatsync, measured as the app pays it: the packed
 * tarballs installed with npm into a fresh Vite app (outside the workspace) that already uses
 * `@walletconnect/sign-client` and `@tanstack/react-query`, built with `vite build`, gzipped. The same app
 * using `@walletconnect/sync-client@0.3.8` instead is built in the same run. Each figure is that app's
 * JavaScript minus the app's without either (its own install), so only what the library adds counts.
 *
 * Counted apart: what the page loads up front (the entry chunk and the chunks it imports statically) and
 * the lazy chunks (loaded on first use: chatsync's key derivation and what makes a registration live at the
 * first registration on a device, the relay connection a rebuild opens after an unclean
 * stop). The target, ≤ 30 KB gzip, is for what an app pays up front.
 *
 * Run: `pnpm bench:size` (builds the packages first; installs from npm's cache where it can).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConsumerApp, packChatSync } from '../test/consumerApp.js'
import type { ChunkGroup } from '../test/readBuild.js'

const TARGET_KB = 30
/** Smaller changes are the minifier naming things differently. */
const NOISE = 100
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/**
 * How each package's code differs from the app without the library, in minified bytes (a package at
 * another version is another package), largest growth first.
 */
function changes(entry: ChunkGroup, baseline: ChunkGroup) {
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
function duplicates(build: ChunkGroup) {
  const versions = new Map<string, string[]>()
  for (const { id } of build.packages) {
    const name = id.replace(/(.)@[^@]*$/, '$1')
    if (name !== id) versions.set(name, [...(versions.get(name) ?? []), id.slice(name.length + 1)])
  }
  return [...versions].filter(([, list]) => list.length > 1)
}

/** Each package's growth in `group` against the same part of the app without the library. */
function printShares(title: string, group: ChunkGroup, baseline: ChunkGroup, shown: number) {
  const shares = changes(group, baseline)
  const grown = shares.filter((share) => share.bytes >= NOISE)
  const total = grown.reduce((sum, share) => sum + share.bytes, 0)
  console.log(
    `\n  ${title}, by package (minified bytes from the source maps, share of them; that code gzipped alone):`,
  )
  if (grown.length === 0) console.log('    nothing')
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
  const added = (build: ChunkGroup, without: ChunkGroup) => ({
    gzip: build.gzip - without.gzip,
    min: build.min - without.min,
  })
  const ours = {
    upFront: added(chatsync.initial, baseline.initial),
    lazy: added(chatsync.lazy, baseline.lazy),
  }
  const peer = {
    upFront: added(syncClient.initial, baseline.initial),
    lazy: added(syncClient.lazy, baseline.lazy),
  }
  const lazyChunks = (build: ChunkGroup, without: ChunkGroup) => build.chunks.length - without.chunks.length
  const lazyText = (figure: { gzip: number; min: number }, chunks: number) =>
    chunks === 0 && figure.gzip === 0
      ? 'none'
      : `+${kb(figure.gzip)} gzip (min +${kb(figure.min)}) in ${chunks} chunk${chunks === 1 ? '' : 's'}`

  console.log(
    'What a Vite app with @walletconnect/sign-client and @tanstack/react-query adds to its production JavaScript',
  )
  console.log(
    '(packed tarballs installed with npm into a fresh app, `vite build`, each chunk gzipped at level 9, minus the app without;',
  )
  console.log(
    ' up front: the entry chunk and the chunks it imports statically, loaded at start; lazy: chunks only a dynamic import reaches):',
  )
  console.log(
    `  the app without either: ${kb(baseline.initial.gzip)} gzip up front (min ${kb(baseline.initial.min)}), lazy ${baseline.lazy.chunks.length === 0 ? 'none' : `${kb(baseline.lazy.gzip)} gzip`}`,
  )
  const met = ours.upFront.gzip <= TARGET_KB * 1024 ? 'met' : 'not met'
  console.log(
    '  @chatsync/react (provider + useChatSync, useThreads, useSentInvites, useInviteKeys, useReceivedInviteStatuses):',
  )
  console.log(
    `    up front: +${kb(ours.upFront.gzip)} gzip (min +${kb(ours.upFront.min)}) (target ≤ ${TARGET_KB} KB up front: ${met})`,
  )
  console.log(
    `    lazy, loaded on first use: ${lazyText(ours.lazy, lazyChunks(chatsync.lazy, baseline.lazy))}`,
  )
  for (const chunk of chatsync.lazy.chunks) {
    console.log(`      ${chunk.fileName}: ${kb(chunk.gzip)} gzip (min ${kb(chunk.min)})`)
  }
  console.log(
    '      (the key derivation and what makes a registration live, at the first registration on a device; the relay connection of its own a rebuild opens after an unclean stop)',
  )
  console.log(
    `    in all: +${kb(ours.upFront.gzip + ours.lazy.gzip)} gzip (min +${kb(chatsync.min - baseline.min)})`,
  )
  console.log(
    '  @walletconnect/sync-client@0.3.8 (init, register, create the four stores, read and watch them):',
  )
  console.log(`    up front: +${kb(peer.upFront.gzip)} gzip (min +${kb(peer.upFront.min)})`)
  console.log(`    lazy: ${lazyText(peer.lazy, lazyChunks(syncClient.lazy, baseline.lazy))}`)
  const ratio = (a: number, b: number) =>
    `${(a / b).toFixed(2)}× sync-client's (${(b / a).toFixed(1)}× smaller)`
  console.log(`  ratio up front: ${ratio(ours.upFront.gzip, peer.upFront.gzip)}`)
  console.log(
    `  ratio in all: ${ratio(ours.upFront.gzip + ours.lazy.gzip, peer.upFront.gzip + peer.lazy.gzip)}`,
  )
  const [oursInPlace, peerInPlace] = [
    chatsync.initial.gzip - sameInstall.initial.gzip,
    syncClient.initial.gzip - peerSameInstall.initial.gzip,
  ]
  console.log(
    `  up front, against the app's own code rebuilt in each install (${kb(sameInstall.initial.gzip)}, ${kb(peerSameInstall.initial.gzip)}): chatsync +${kb(oursInPlace)}, sync-client +${kb(peerInPlace)} gzip, ratio ${(oursInPlace / peerInPlace).toFixed(2)}×`,
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

  for (const [name, build, shown] of [
    ['@chatsync/react', chatsync, Number.POSITIVE_INFINITY],
    ['sync-client', syncClient, 12],
  ] as const) {
    printShares(`What ${name} adds up front`, build.initial, baseline.initial, shown)
    if (build.lazy.chunks.length > baseline.lazy.chunks.length) {
      printShares(`What ${name} loads lazily`, build.lazy, baseline.lazy, shown)
    }
    const twice = duplicates(build).filter(
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
