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

// Two platforms (package.json `exports`): Node gets the native crypto primitives, everything else
// (browsers, React Native, workers) the portable ones, so no Node code reaches a browser bundle. The
// `#platform-primitives` import resolves by esbuild's conditions for each platform.
export default defineConfig([
  { ...shared, platform: 'node', format: ['esm'], dts: true },
  { ...shared, ...commonjs, platform: 'node', dts: true },
  { ...shared, platform: 'browser', format: ['esm'], outDir: 'dist/browser' },
  { ...shared, ...commonjs, platform: 'browser', outDir: 'dist/browser' },
])
