import { configDefaults, defineProject } from 'vitest/config'
import { sharedRelaySetup, workspaceAlias } from '../../vitest.shared'

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    name: 'core',
    // One dev relay for the test files that just need a relay (`sharedRelayUrl()`).
    globalSetup: [sharedRelaySetup],
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // React Native's runs are the `core-react-native` project's (vitest.react-native.config.ts).
    exclude: [...configDefaults.exclude, 'test/react-native/**'],
    // Type tests. Type errors elsewhere are `pnpm run typecheck`'s to report (its benchmarks need a build).
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], ignoreSourceErrors: true },
  },
})
