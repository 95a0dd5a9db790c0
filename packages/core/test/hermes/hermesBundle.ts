/*
 * Bundles a module for Hermes 0.12, the last Hermes runtime on npm (`hermes-engine-cli`), and runs it
 * there and on Node. esbuild resolves as Metro does for React Native (the `react-native` condition and
 * field) and lowers to ES2019; Babel then turns classes, arrow functions and block scoping into what
 * this Hermes parses (it has no `class`, no async arrows, and no per-iteration `let` binding in loops);
 * `hermes -Xmicrotask-queue` runs Promise jobs before timers, as React Native's Hermes does.
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))
const packages = join(here, '../../..')
const babel = require('@babel/core') as {
  transformSync(code: string, options: Record<string, unknown>): { code: string } | null
}

/** The Hermes 0.12 runtime of `hermes-engine-cli` (Linux x64; the package has macOS and Windows too). */
export const hermesBinary = (() => {
  const dir = dirname(require.resolve('hermes-engine-cli/package.json'))
  const platform = { linux: 'linux64-bin/hermes', darwin: 'osx-bin/hermes', win32: 'win64-bin/hermes.exe' }
  return join(dir, platform[process.platform as keyof typeof platform] ?? platform.linux)
})()

// The test kit's WalletConnect storage loads that package's React Native build with Node's fs: on Hermes
// it is bundled instead, on a stub of the AsyncStorage module it imports.
const reactNativeTestKit: Plugin = {
  name: 'react-native-test-kit',
  setup(plugin) {
    plugin.onResolve({ filter: /\/walletConnectStorage\.js$/ }, () => ({
      path: join(packages, 'test/src/reactNative/walletConnectStorage.hermes.ts'),
    }))
    plugin.onResolve({ filter: /^@react-native-async-storage\/async-storage$/ }, () => ({
      path: 'async-storage-stub',
      namespace: 'stub',
    }))
    plugin.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'module.exports = {}' }))
  },
}

// The core is `sideEffects: false`: imports for effect only (test files registering tests, polyfills)
// would be dropped without this.
const keepEffects: Plugin = {
  name: 'keep-effects',
  setup(plugin) {
    plugin.onResolve(
      { filter: /\.test\.js$|hermesPolyfills\.js$|hermesGlobal\.js$|^fast-text-encoding$/ },
      async (args) => {
        if (args.pluginData === 'keep-effects') return undefined
        const resolved = await plugin.resolve(args.path, {
          resolveDir: args.resolveDir,
          kind: args.kind,
          importer: args.importer,
          pluginData: 'keep-effects',
        })
        return { ...resolved, sideEffects: true }
      },
    )
  },
}

/**
 * Writes `entry` bundled for Node's own build of the core (the `node` condition: native primitives), to
 * compare with what the React Native build computes.
 */
export async function buildNodeBundle({ entry, outfile }: { entry: string; outfile: string }) {
  await build({
    entryPoints: [entry],
    bundle: true,
    outfile,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: {
      js: "import { createRequire as bannerRequire } from 'node:module'; const require = bannerRequire(import.meta.url);",
    },
    alias: { '@chatsync/test/react-native': join(packages, 'test/src/reactNative/index.ts') },
    logLevel: 'silent',
  })
}

/** Writes `entry` bundled for Hermes to `outfile` (also runnable by Node); returns its size in bytes. */
export async function buildHermesBundle({ entry, outfile }: { entry: string; outfile: string }) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2019',
    mainFields: ['react-native', 'browser', 'module', 'main'],
    conditions: ['react-native', 'browser'],
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: {
      vitest: join(here, 'vitestShim.ts'),
      'react-native': join(packages, 'test/src/reactNative/appState.ts'),
      '@chatsync/core': join(packages, 'core/src/index.ts'),
      '@chatsync/core/internal': join(packages, 'core/src/internal.ts'),
      '@chatsync/test': join(packages, 'test/src/index.ts'),
      '@chatsync/test/react-native': join(packages, 'test/src/reactNative/index.ts'),
    },
    plugins: [reactNativeTestKit, keepEffects],
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.text ?? ''
  const lowered = babel.transformSync(code, {
    babelrc: false,
    configFile: false,
    compact: false,
    sourceType: 'script',
    plugins: [
      require.resolve('@babel/plugin-transform-classes'),
      require.resolve('@babel/plugin-transform-arrow-functions'),
      require.resolve('@babel/plugin-transform-block-scoping'),
    ],
  })
  if (!lowered) throw new Error('Babel produced nothing')
  writeFileSync(outfile, lowered.code)
  return lowered.code.length
}

export type RunResult = { stdout: string; stderr: string; code: number | null; ms: number }

/** Runs a command to its end, its output collected. */
function runToEnd(command: string, args: string[], timeoutMs: number): Promise<RunResult> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ stdout, stderr, code, ms: performance.now() - started })
    })
  })
}

/**
 * Runs a bundle on the Hermes 0.12 runtime: Promise jobs before timers, compiled with `-O` as React
 * Native's release builds compile (`hermesc -O`), compiler warnings (globals it cannot see) silenced.
 */
export const runOnHermes = (file: string, timeoutMs = 180_000) =>
  runToEnd(hermesBinary, ['-O', '-w', '-Xmicrotask-queue', file], timeoutMs)

/** Runs the same bundle on Node. */
export const runOnNode = (file: string, timeoutMs = 180_000) => runToEnd(process.execPath, [file], timeoutMs)

/** The JSON a bundle printed on its line starting with `marker`. */
export function readReport<T>(result: RunResult, marker: string): T {
  const line = result.stdout.split('\n').find((text) => text.startsWith(marker))
  if (!line) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-20).join('\n')
    throw new Error(`no ${marker} line (exit ${result.code}):\n${output}`)
  }
  return JSON.parse(line.slice(marker.length)) as T
}
