/**
 * Runs a bench as an app ships it: bundled by esbuild as Vite does (tsx keeps every function's name, which
 * makes each closure of the code it compiles heavier than in an app), chatsync from source, React's
 * production build, and Node's `gc()` exposed for heap figures.
 *
 * Run: `tsx bench/runBundled.ts bench/rows.bench.tsx` (`pnpm bench:rows`).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The part of esbuild's API used here (esbuild comes with tsup; its types are not a dependency). */
type Esbuild = {
  build(options: Record<string, unknown>): Promise<unknown>
}

const here = dirname(fileURLToPath(import.meta.url))
const entry = process.argv[2]
if (!entry) throw new Error('usage: tsx bench/runBundled.ts <bench file>')
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as Esbuild
// Inside the package, so that Node finds the external packages from the bundle.
const cache = join(here, '../node_modules/.cache')
mkdirSync(cache, { recursive: true })
const out = mkdtempSync(join(cache, 'chatsync-bench-'))
const packages = join(here, '../..')
try {
  await esbuild.build({
    entryPoints: [resolve(entry)],
    outfile: join(out, 'bench.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Everything bundled, as an app is (chatsync from source), but jsdom, which stands in for the browser.
    external: ['jsdom'],
    // The bench's own imports for their side effects (`setupDom`) stay, although the package has none.
    ignoreAnnotations: true,
    // CommonJS packages in an ES module bundle require Node's modules through this.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    alias: {
      '@chatsync/core/internal': join(packages, 'core/src/internal.ts'),
      '@chatsync/core': join(packages, 'core/src/index.ts'),
      '@chatsync/test': join(packages, 'test/src/index.ts'),
    },
  })
  const { status } = spawnSync(process.execPath, ['--expose-gc', join(out, 'bench.mjs')], {
    stdio: 'inherit',
    cwd: here,
    env: { ...process.env, NODE_ENV: 'production' },
  })
  process.exitCode = status ?? 1
} finally {
  rmSync(out, { recursive: true, force: true })
}
