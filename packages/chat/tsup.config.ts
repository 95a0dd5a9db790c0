import { defineConfig } from 'tsup'

export default defineConfig([
  // ESM keeps its dependencies as dependencies.
  { entry: ['src/index.ts'], format: ['esm'], dts: true, sourcemap: true, clean: false, target: 'es2022' },
  // @noble/* and @scure/* ship ESM only: bundled into the CommonJS build so `require` works on every
  // runtime, not only where require(esm) is available (as @chatsync/core does).
  {
    entry: ['src/index.ts'],
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    noExternal: [/^@noble\//, /^@scure\//],
  },
])
