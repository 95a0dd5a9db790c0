import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      // The engine's React Native build under Node, and the core's platform-free tests on Hermes.
      'packages/core/vitest.react-native.config.ts',
      'examples/*/vitest.config.ts',
    ],
  },
})
