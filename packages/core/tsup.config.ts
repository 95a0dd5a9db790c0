import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  entry: ['src/index.ts', 'src/internal.ts'],
  sourcemap: true,
  clean: false, // `pnpm build` empties dist/ once; configs cleaning in parallel would race
  target: 'es2022',
  // The two entries share their modules (one BaseError class, so `instanceof` holds across them).
  splitting: true,
}

// @noble/* and @scure/* ship ESM only: bundle them into the CommonJS builds so `require` works on every
// runtime, not only where require(esm) is available. The ESM builds keep them as dependencies.
const commonjs: Options = { format: ['cjs'], noExternal: [/^@noble\//, /^@scure\//] }

// React Native: the portable primitives and the `AppState` host (`react-native` stays an import of the
// app's own copy); no page code (localStorage, BroadcastChannel, pagehide), no Node module.
const reactNative: Options = {
  platform: 'browser',
  outDir: 'dist/react-native',
  external: ['react-native'],
  esbuildOptions(options) {
    options.conditions = ['react-native']
  },
}

// Three platforms (package.json `exports`): Node gets the native crypto primitives, browsers and workers
// the portable ones and the page's lifecycle, React Native the portable ones and the app's; no Node code
// reaches a browser or React Native bundle. The `#platform-*` imports resolve by esbuild's conditions for
// each platform.
export default defineConfig([
  { ...shared, platform: 'node', format: ['esm'], dts: true },
  { ...shared, ...commonjs, platform: 'node', dts: true },
  { ...shared, platform: 'browser', format: ['esm'], outDir: 'dist/browser' },
  { ...shared, ...commonjs, platform: 'browser', outDir: 'dist/browser' },
  { ...shared, ...reactNative, format: ['esm'] },
  { ...shared, ...commonjs, ...reactNative },
])
