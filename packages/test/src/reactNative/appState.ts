type Listener = (state: string) => void

const listeners = new Set<Listener>()
let current = 'active'

/**
 * React Native's `AppState` for tests: the `react-native` module the engine's React Native build imports
 * resolves here (vitest alias, esbuild alias for Hermes). `setAppState` plays the app going to the
 * background (`background`, `inactive`) or coming back (`active`).
 */
export const AppState = {
  get currentState() {
    return current
  },
  addEventListener(type: 'change', listener: Listener) {
    if (type !== 'change') throw new Error(`AppState stand-in: no '${type}' event`)
    listeners.add(listener)
    return { remove: () => void listeners.delete(listener) }
  },
}

/** Moves the app to `state`, telling every listener (as React Native does, only when it changes). */
export function setAppState(state: 'active' | 'background' | 'inactive'): void {
  if (state === current) return
  current = state
  for (const listener of [...listeners]) listener(state)
}

/** How many listeners are attached (a destroyed client leaves none). */
export const appStateListenerCount = () => listeners.size
