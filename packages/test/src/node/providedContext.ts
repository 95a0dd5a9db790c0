// What the kit's globalSetup provides to the tests of its project (`inject('relayUrl')`).
declare module 'vitest' {
  export interface ProvidedContext {
    /** `ws://127.0.0.1:port` of the dev relay the project's globalSetup started. */
    relayUrl: string
  }
}

export {}
