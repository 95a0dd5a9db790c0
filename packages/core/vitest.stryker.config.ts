import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'
import { workspaceAlias } from '../../vitest.shared'

/**
 * The unit tests of `src` only, for mutation testing (`pnpm test:mutation`, see stryker.config.mjs):
 * no relay, no child processes, nothing timed against the wall clock. The integration tests under
 * `test/` run with `npm test`.
 */
export default defineProject({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { alias: workspaceAlias },
  test: {
    name: 'core-unit',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Exhaustive loops sample and large states shrink (see chunkedStorage.test.ts).
    env: { CHATSYNC_MUTATION: '1' },
  },
})
