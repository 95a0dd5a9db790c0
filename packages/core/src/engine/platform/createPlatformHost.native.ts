import { AppState } from 'react-native'
import { assertRuntimeFeatures } from '../../platform/assertRuntimeFeatures.js'
import { createCleanMarks } from './createCleanMarks.js'
import type { PlatformHost } from './platformHost.js'

/**
 * React Native: when the app goes to the background (`AppState` `background`, or `inactive` on iOS, which
 * comes first and may be all there is before the app is suspended), each account writes what is pending
 * and, once everything it applied is stored, marks a clean stop; the next start then needs no rebuild
 * from the relay. Anything applied after that (a message arriving in the background, the app `active`
 * again) lifts the mark. There are no tabs, and nothing needs a synchronous copy: the app keeps running
 * for a few seconds in the background, time enough for storage (AsyncStorage, MMKV) to finish. It first
 * checks the runtime has what chatsync needs ({@link assertRuntimeFeatures}).
 */
export function createPlatformHost({ storageKey }: { storageKey(account: string): string }): PlatformHost {
  // The polyfills an app must install (WalletConnect's React Native guide asks for them too).
  assertRuntimeFeatures()
  let marks: ReturnType<typeof createCleanMarks> | undefined
  return {
    unloadCopies: undefined,
    openTabChannel: () => undefined,
    changed: (account) => marks?.changed(account),
    attach(engine) {
      const current = createCleanMarks({ engine, storageKey })
      marks = current
      const subscription = AppState.addEventListener('change', (state) => {
        if (state === 'background' || state === 'inactive') void current.hide()
        else if (state === 'active') {
          current.show()
          if (engine.accounts.size > 0) engine.preconnect()
        }
      })
      return () => {
        subscription.remove()
        if (marks === current) marks = undefined
      }
    },
  }
}
