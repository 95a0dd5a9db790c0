import { defineProject } from 'vitest/config'
import { sharedRelaySetup, workspaceAlias } from '../../vitest.shared'

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    name: 'chat',
    // One dev relay for the test files that just need a relay (`sharedRelayUrl()`).
    globalSetup: [sharedRelaySetup],
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
})
