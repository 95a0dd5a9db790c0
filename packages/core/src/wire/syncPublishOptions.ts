export type SyncMethod = 'wc_syncSet' | 'wc_syncDel'

export type SyncPublishOptions = { readonly ttl: number; readonly tag: number; readonly prompt: boolean }

/** Relay publish options of each sync method (sync-protocol §3). No responses are sent. */
export const SYNC_PUBLISH_OPTIONS: {
  readonly wc_syncSet: { readonly ttl: 2592000; readonly tag: 5000; readonly prompt: false }
  readonly wc_syncDel: { readonly ttl: 2592000; readonly tag: 5002; readonly prompt: false }
} = Object.freeze({
  wc_syncSet: Object.freeze({ ttl: 2592000, tag: 5000, prompt: false }),
  wc_syncDel: Object.freeze({ ttl: 2592000, tag: 5002, prompt: false }),
} as const)
