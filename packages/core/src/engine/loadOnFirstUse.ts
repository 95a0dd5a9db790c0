import { CodeLoadError } from '../errors/engine.js'

/**
 * The engine's code an app's initial JavaScript does not carry (`onFirstUse.ts`: key derivation, what
 * makes a registration live, the relay connection of a rebuild), loaded on first use. The ESM builds put it in a chunk of its own (an app's bundler makes that
 * a lazy chunk); the CommonJS builds `require` it. Failing to load it (a page offline, a deploy that
 * removed the chunk) rejects with a {@link CodeLoadError}.
 */
export const loadOnFirstUse = () =>
  import('./onFirstUse.js').catch((cause: unknown) => {
    throw new CodeLoadError({ cause })
  })
