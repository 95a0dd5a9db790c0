// Expo's Metro configuration. CHATSYNC_PACKAGE_EXPORTS=on|off sets `resolver.unstable_enablePackageExports`
// (on by default from React Native 0.79, off before): chatsync resolves to its React Native build either way,
// and the export test checks both.
const { getDefaultConfig } = require('expo/metro-config')

const config = getDefaultConfig(__dirname)
const packageExports = process.env.CHATSYNC_PACKAGE_EXPORTS
if (packageExports) config.resolver.unstable_enablePackageExports = packageExports === 'on'

module.exports = config
