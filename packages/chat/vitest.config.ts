import { defineProject } from 'vitest/config'
import { sharedRelaySetup, workspaceAlias } from '../../vitest.shared'

export default defineProject({
  resolve: { alias: workspaceAlias, dedupe: ['react', 'react-dom', '@tanstack/react-query'] },
  test: {
    name: 'chat',
    // One dev relay for the test files that just need a relay (`sharedRelayUrl()`).
    globalSetup: [sharedRelaySetup],
    // The hooks' tests render under jsdom (`// @vitest-environment jsdom` in their file).
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
  },
})
