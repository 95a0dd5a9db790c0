import type { AccountInspection, SessionClient } from '@chatsync/core'
import { useEffect, useState } from 'react'

export type InspectionRead =
  /** The client has no `inspect` (a client of its own shape). */
  | { kind: 'unsupported'; at: number }
  /** No account, or the account is not live on the client (sync not enabled here). */
  | { kind: 'none'; at: number }
  | { kind: 'live'; at: number; inspection: AccountInspection }

/**
 * What `client.inspect({ account })` says, read every `interval` ms while `active`, soon after each batch
 * of changes the client applies to the account (a burst is read once), and at once when `status` changes.
 */
export function useInspection(
  client: SessionClient,
  account: string | undefined,
  status: string,
  active: boolean,
  interval: number,
): InspectionRead | undefined {
  const [read, setRead] = useState<InspectionRead>()
  // biome-ignore lint/correctness/useExhaustiveDependencies: a status change is a reason to read again at once.
  useEffect(() => {
    if (!active) return
    let scheduled: ReturnType<typeof setTimeout> | undefined
    const inspect = () => {
      scheduled = undefined
      const at = Date.now()
      if (typeof client.inspect !== 'function') return setRead({ kind: 'unsupported', at })
      const inspection = account === undefined ? undefined : client.inspect({ account })
      setRead(inspection ? { kind: 'live', at, inspection } : { kind: 'none', at })
    }
    inspect()
    const timer = setInterval(inspect, Math.max(50, interval))
    const off = client.on('change', (event) => {
      if (event.account === account) scheduled ??= setTimeout(inspect, 16)
    })
    return () => {
      clearInterval(timer)
      clearTimeout(scheduled)
      off()
    }
  }, [client, account, status, active, interval])
  return active ? read : undefined
}
