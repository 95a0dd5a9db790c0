import { useChatSync } from '../src/hooks/useChatSync.js'
import { useInviteKeys } from '../src/hooks/useInviteKeys.js'
import { useThreads } from '../src/hooks/useThreads.js'

/** Shows `<status> <account>`. */
export function Status() {
  const { status, account } = useChatSync()
  return <p>{`${status} ${account}`}</p>
}

/** Shows how many threads there are; calls `onRender` on each render. */
export function ThreadCount({ onRender, label = 'threads' }: { onRender?: () => void; label?: string }) {
  onRender?.()
  return <p>{`${label}: ${useThreads().data?.length ?? 0}`}</p>
}

/** Shows how many invite keys there are; calls `onRender` on each render. */
export function InviteKeyCount({ onRender }: { onRender?: () => void }) {
  onRender?.()
  return <p>{`inviteKeys: ${useInviteKeys().data?.length ?? 0}`}</p>
}
