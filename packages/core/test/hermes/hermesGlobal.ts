// React Native defines `global`; the Hermes command-line runtime does not, and polyfills written for
// React Native (fast-text-encoding) install themselves on it. Imported before them.
const globals = globalThis as { global?: unknown }
globals.global ??= globalThis
