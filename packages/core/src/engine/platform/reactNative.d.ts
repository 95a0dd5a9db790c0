// The one part of React Native the React Native build uses; the package itself is an optional peer
// dependency, present only in React Native apps (tests give the engine a stand-in AppState).
declare module 'react-native' {
  export const AppState: {
    readonly currentState: string | null | undefined
    addEventListener(type: 'change', listener: (state: string) => void): { remove(): void }
  }
}
