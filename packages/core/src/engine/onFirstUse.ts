// What the engine needs only on some paths, loaded on first use (`loadOnFirstUse`): key derivation (BIP-39
// with its English wordlist, BIP-32) and the signature check, run once per account and device; what makes
// a registration live; the relay connection a rebuild after an unclean stop opens. Not what a restore or a
// logout (`unregister`, or another tab's) needs, such as carrying over or removing the records of an
// account's other spellings: those must work offline, on a page that never loaded this.
//
// One chunk, not one per path: an app's bundler puts what the entry shares with two or more lazy chunks
// in a chunk of its own (Vite 8's does, even though the entry has loaded it), which the page then loads at
// start beside the entry, and which compresses worse apart.

export { deriveStoreKeys, deriveStoreKeysWith } from '../keys/deriveStoreKeys.js'
export { activateRegistration } from './actions/activateRegistration.js'
export { installKeys } from './installKeys.js'
export { recoverPersonalSignAddress } from './recoverPersonalSignAddress.js'
export { openRelayConnection } from './relay/openRelayConnection.js'
