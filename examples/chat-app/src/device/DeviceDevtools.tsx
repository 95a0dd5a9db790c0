import { ChatSyncDevtools } from '@chatsync/react-devtools'
import { lazy, Suspense } from 'react'

/**
 * A production build asked for the devtools (`VITE_DEVTOOLS=true`, as the end-to-end tests build it): the
 * `/production` entry, in a chunk of its own. Otherwise this is `undefined` and the build holds none of it.
 */
const ProductionDevtools =
  import.meta.env.VITE_DEVTOOLS === 'true'
    ? lazy(() =>
        import('@chatsync/react-devtools/production').then((module) => ({
          default: module.ChatSyncDevtools,
        })),
      )
    : undefined

/**
 * The devtools toggle of one device, in its card (the panel opens under it). The default entry renders
 * in development (`npm start`) and is nothing in a production build, unless the build asked for it.
 */
export function DeviceDevtools({ label }: { label: string }) {
  if (!ProductionDevtools) return <ChatSyncDevtools buttonPosition="relative" label={label} />
  return (
    <Suspense fallback={null}>
      <ProductionDevtools buttonPosition="relative" label={label} />
    </Suspense>
  )
}
