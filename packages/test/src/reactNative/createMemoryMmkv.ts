/**
 * A `react-native-mmkv` instance in memory: `getString`/`set` and, as the API version says, `delete`
 * (versions 2 and 3) or `remove` (version 4). Values are kept as MMKV keeps them (strings here).
 */
export function createMemoryMmkv({ version = 4 }: { version?: 3 | 4 } = {}) {
  const data = new Map<string, string>()
  const base = {
    data,
    getString: (key: string) => data.get(key),
    set(key: string, value: string) {
      if (typeof value !== 'string')
        throw new TypeError(`this MMKV stand-in keeps strings, got ${typeof value}`)
      data.set(key, value)
    },
  }
  return version === 4
    ? { ...base, remove: (key: string) => data.delete(key) }
    : {
        ...base,
        delete: (key: string) => {
          data.delete(key)
        },
      }
}
