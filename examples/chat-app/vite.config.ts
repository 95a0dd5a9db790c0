import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type UserConfig } from 'vite'
import { workspaceAlias } from '../../vitest.shared'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * The example's Vite config. `packages: 'source'` (the default) uses the workspace sources; `'built'`
 * resolves `@chatsync/*` as an app that installed them does: through their package.json `exports` to
 * the built `dist/` (the browser build of the core), so the browser runs what is published.
 */
export function createViteConfig({
  packages = 'source',
}: {
  packages?: 'source' | 'built'
} = {}): UserConfig {
  return {
    root: here('.'),
    plugins: [react()],
    resolve: {
      ...(packages === 'source' ? { alias: workspaceAlias } : {}),
      dedupe: ['react', 'react-dom', '@tanstack/react-query'],
    },
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
  }
}

export default defineConfig(createViteConfig())
