import { defineProject } from 'vitest/config'
import { sharedRelaySetup, workspaceAlias } from '../../vitest.shared'

export default defineProject({
  resolve: { alias: workspaceAlias, dedupe: ['react', 'react-dom', '@tanstack/react-query'] },
  test: {
    name: 'chat-app',
    // One dev relay for the test files that just need a relay (`sharedRelayUrl()`).
    globalSetup: [sharedRelaySetup],
    // Stories render under jsdom (`// @vitest-environment jsdom` in their test file); e2e runs in Node.
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.e2e.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
})
