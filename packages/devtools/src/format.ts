import { MASKED, type SessionState } from '@chatsync/core'
import type { InspectionRead } from './useInspection.js'

/**
 * Field names that hold secrets. The client masks them already (`inspect` never returns a private key, a
 * sym key or the signature); the panel masks them again, whatever client it is given.
 */
const SECRET_FIELD = /priv|symkey|secret|signature|mnemonic|seed/i

/** `value` with every secret-looking field, at any depth, shown as `MASKED`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) out[key] = SECRET_FIELD.test(key) ? MASKED : redact(field)
  return out
}

/** One line of JSON for a (redacted) value. */
export const oneLine = (value: unknown) => JSON.stringify(redact(value)) ?? 'undefined'
export const pretty = (value: unknown) => JSON.stringify(redact(value), null, 2) ?? 'undefined'

/** A long key or account, shortened in the middle (the whole one goes in a `title`). */
export const shorten = (text: string, keep = 8) =>
  text.length > keep * 2 + 3 ? `${text.slice(0, keep)}…${text.slice(-keep)}` : text

/** `at` (ms since the epoch) against `now`: "just now", "4 s ago", "in 22 d". */
export function relative(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000)
  const size = Math.abs(seconds)
  if (size < 1) return 'just now'
  const unit =
    size < 60
      ? `${size} s`
      : size < 3600
        ? `${Math.round(size / 60)} min`
        : size < 86_400
          ? `${Math.round(size / 3600)} h`
          : `${Math.round(size / 8640) / 10} d`
  return seconds < 0 ? `${unit} ago` : `in ${unit}`
}

/** The local time of `at`, to the second. */
export const clock = (at: number) => {
  const date = new Date(at)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

/** A duration in seconds, in its largest unit: "30 d", "22.5 d", "90 s". */
export function span(seconds: number): string {
  if (seconds >= 86_400) return `${Math.round(seconds / 8640) / 10} d`
  if (seconds >= 3600) return `${Math.round(seconds / 360) / 10} h`
  if (seconds >= 60) return `${Math.round(seconds / 6) / 10} min`
  return `${seconds} s`
}

/** The time a change was made, from its id (ms since the epoch × 1,000 plus 3 digits), when it is one. */
export const idTime = (id: number) => (id > 1e15 ? new Date(Math.floor(id / 1000)).toISOString() : undefined)

const CATCH_UP: Record<string, string> = {
  idle: 'Caught up with the relay; changes apply as they arrive.',
  rebuilding: 'Reading everything the relay stores for the account, under a fresh identity.',
  fetching: "Reading the relay's history of the store topics.",
  subscribing: 'Subscribing to the store topics.',
  retrying: 'The last catch-up failed: retrying after a backoff.',
  stopped: 'Catch-up stopped (the account is going away).',
}

/** Why the account is where it is, in a sentence. */
export function statusReason(state: SessionState, read: InspectionRead | undefined): string {
  const inspection = read?.kind === 'live' ? read.inspection : undefined
  const relay = inspection?.relay
  const relayNote =
    relay?.connection === 'offline'
      ? relay.closedByApp
        ? ' The relay connection was closed by the app.'
        : ' Offline: the relay does not answer. Writes are saved and wait in the outbox.'
      : relay?.connection === 'connecting'
        ? ' Connecting to the relay: writes wait in the outbox.'
        : ''
  switch (state.status) {
    case 'idle':
      return state.account === undefined
        ? 'No account: the provider was given none.'
        : 'Sync is not enabled for this account on this device.'
    case 'signing':
      return 'Waiting for the wallet to sign the sync message.'
    case 'syncing':
      return `Registered, catching up. ${inspection ? (CATCH_UP[inspection.catchUp.status] ?? '') : ''}${relayNote}`.trim()
    case 'ready':
      return `${inspection && inspection.catchUp.status !== 'idle' ? CATCH_UP[inspection.catchUp.status] : CATCH_UP.idle}${relayNote}`
    case 'rejected':
      return 'The user declined to sign the sync message.'
    case 'error':
      return state.error.shortMessage || 'Enabling sync failed.'
  }
}
