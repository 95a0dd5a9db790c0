import type { StorybookConfig } from '@storybook/react-vite'
import { mergeConfig } from 'vite'
import { workspaceAlias } from '../vitest.shared.ts'

const config: StorybookConfig = {
  stories: ['../examples/chat-app/src/**/*.stories.@(ts|tsx)'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, enableCrashReports: false },
  // The workspace packages are used from source, as in the example app and the tests.
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: {
        alias: workspaceAlias,
        dedupe: ['react', 'react-dom', '@tanstack/react-query'],
      },
      build: {
        chunkSizeWarningLimit: 2000,
        rollupOptions: {
          // Dependencies mark their client components with "use client"; bundling for the browser drops it.
          onwarn(warning, warn) {
            if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
          },
        },
      },
    }),
}

export default config
