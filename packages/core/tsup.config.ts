import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  entry: ['src/index.ts'],
  dts: true,
  sourcemap: true,
  clean: false, // `pnpm build` empties dist/ once; two configs cleaning in parallel would race
  target: 'es2022',
}

export default defineConfig([
  { ...shared, format: ['esm'] },
  {
    ...shared,
    format: ['cjs'],
    // @noble/* and @scure/* ship ESM only: bundle them into the CommonJS build so `require` works on
    // every runtime, not only where require(esm) is available. The ESM build keeps them as dependencies.
    noExternal: [/^@noble\//, /^@scure\//],
  },
])
