// First, before anything that uses them: the polyfills WalletConnect's React Native setup asks for
// (react-native-get-random-values, a TextEncoder/TextDecoder, atob/btoa, URL). chatsync needs no more;
// without them `createChatSync` throws a MissingPolyfillError naming what is missing.
import '@walletconnect/react-native-compat'
import { registerRootComponent } from 'expo'
import { App } from './App'

registerRootComponent(App)
