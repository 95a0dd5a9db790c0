import { defineConfig } from 'tsup'

export default defineConfig({
  // `index`: the panel in development only, loaded on demand; `production`: the panel itself.
  entry: ['src/index.tsx', 'src/production.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // CommonJS too: the panel stays in a chunk of its own, which the default entry requires only when rendered.
  splitting: true,
  // `process.env.NODE_ENV` stays as it is: the app's bundler replaces it, and drops the branch not taken.
})
