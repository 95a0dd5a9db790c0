/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_RELAY_URL?: string
  readonly VITE_WC_PROJECT_ID?: string
  readonly VITE_KEYS_URL?: string
  /** `true`: a production build has the devtools too (loaded when a device shows them). */
  readonly VITE_DEVTOOLS?: string
}
