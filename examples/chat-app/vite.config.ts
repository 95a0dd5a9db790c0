import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** The workspace packages are used from source, so the example runs without building them first. */
export const chatsyncAlias = {
  '@chatsync/core': here('../../packages/core/src/index.ts'),
  '@chatsync/react': here('../../packages/react/src/index.ts'),
}

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: { alias: chatsyncAlias, dedupe: ['react', 'react-dom', '@tanstack/react-query'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // Dependencies mark their client components with "use client"; bundling for the browser drops it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
      },
    },
  },
})
