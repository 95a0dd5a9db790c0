import { defineConfig } from 'tsup'

// `index`: the chat client, framework-free; `react`: its hooks (react, @tanstack/react-query and
// @chatsync/react are optional peers, needed by that entry only).
const entry = { index: 'src/index.ts', react: 'src/react/index.ts' }

export default defineConfig([
  // ESM keeps its dependencies as dependencies.
  { entry, format: ['esm'], dts: true, sourcemap: true, clean: false, target: 'es2022' },
  // @noble/* and @scure/* ship ESM only: bundled into the CommonJS build so `require` works on every
  // runtime, not only where require(esm) is available (as @chatsync/core does).
  {
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    noExternal: [/^@noble\//, /^@scure\//],
    // The hooks' entry shares the client's code (one copy of each class) in CommonJS too.
    splitting: true,
  },
])
