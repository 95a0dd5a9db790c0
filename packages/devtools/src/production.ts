// @chatsync/react-devtools/production: the panel itself, whatever NODE_ENV is (an app that wants it in a
// production build imports it from here, ideally with `React.lazy`).
export { ChatSyncDevtools } from './ChatSyncDevtools.js'
export type { ChatSyncDevtoolsButtonPosition, ChatSyncDevtoolsProps } from './types.js'
