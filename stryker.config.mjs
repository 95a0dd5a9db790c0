// Mutation testing of the engine's decisions: `pnpm test:mutation` (not part of `npm test`).
// Each mutant runs against the unit tests of packages/core/src that cover it (per-test coverage), and
// the incremental file lets a later run retest only what changed. Survivors are explained in
// RELIABILITY.md ("Mutation testing").

/**
 * Files of the engine whose job is to drive the WalletConnect core and the relay, or to wire the parts
 * together. What they do shows only with a core and a relay, so the integration tests pin it (the dev
 * relay, SIGKILLed device processes, relay restarts: `npm test`); those take minutes a run, far too long
 * to run once per mutant. Every decision they delegate to (the reducer, the outbox, the keep-alive, the
 * catch-up, persistence, the reader marker, the unload copies, decoding, reading the relay's history,
 * publishing) is mutated here.
 */
const integrationOnly = [
  'packages/core/src/engine/createEngine.ts',
  'packages/core/src/engine/createChatSync.ts',
  'packages/core/src/engine/forgetAccount.ts',
  'packages/core/src/engine/installKeys.ts',
  'packages/core/src/engine/keysFromKeychain.ts',
  'packages/core/src/engine/loadOnFirstUse.ts',
  'packages/core/src/engine/actions/**',
  'packages/core/src/engine/account/createAccountSync.ts',
  'packages/core/src/engine/account/createIncoming.ts',
  'packages/core/src/engine/relay/createRelaySubscriptions.ts',
  'packages/core/src/engine/relay/openRelayConnection.ts',
  'packages/core/src/engine/relay/webSocket*.ts',
  // A WebSocket of its own to the relay (the probe of an unreachable relay).
  'packages/core/src/engine/relay/tryRelaySocket.ts',
  // The page's `pagehide` and React Native's `AppState` (their decisions, `pageHide`, `unloadCopies` and
  // `createCleanMarks`, are mutated).
  'packages/core/src/engine/platform/createPlatformHost.ts',
  'packages/core/src/engine/platform/createPlatformHost.native.ts',
  // Records of other spellings of an account: storage and the core's keychain (its decision, which
  // change supersedes, is `supersedes` in lww, mutated).
  'packages/core/src/engine/findOtherSpellings.ts',
]

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'pnpm',
  testRunner: 'vitest',
  // pnpm does not hoist the runner next to Stryker's core: name it.
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'packages/core/vitest.stryker.config.ts' },
  mutate: [
    'packages/core/src/engine/**/*.ts',
    'packages/core/src/lww/**/*.ts',
    '!**/*.test.ts',
    '!**/*.test-d.ts',
    '!**/*.fixture.ts',
    ...integrationOnly.map((path) => `!${path}`),
  ],
  coverageAnalysis: 'perTest',
  // The first run of every unit test, instrumented and measuring per-test coverage, takes minutes here
  // (the property tests of last writer wins and of the reducer run hundreds of cases each).
  dryRunTimeoutMinutes: 20,
  // This machine has two cores.
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/report.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['examples', 'reports/mutation', 'storybook-static', 'artifacts', '.tmp'],
}
