/*
 * Sizes of stored values as storages keep them: `JSON.stringify` text in UTF-8 (the core's Node storage
 * writes it to a file, React Native's AsyncStorage to an SQLite row). Android's AsyncStorage rejects rows
 * of about 2 MB, so no value the engine stores is larger than `MAX_STORED_VALUE_BYTES`.
 */

/** The most bytes one stored value may take (UTF-8 of its JSON text). */
export const MAX_STORED_VALUE_BYTES = 512 * 1024

const isSurrogate = (code: number) => code >= 0xd800 && code < 0xe000

/*
 * The sizes are counted a run at a time: a sticky regular expression finds how far the characters of one
 * size go (natively), and only the others are looked at one by one. JSON text is mostly such runs, and a
 * loop over every character of a large state took most of the time a snapshot took to write.
 */

/** Length of the run of characters `run` matches at `i` (0 when there is none). */
function runAt(run: RegExp, text: string, i: number): number {
  run.lastIndex = i
  return run.test(text) ? run.lastIndex - i : 0
}

/** Characters one UTF-8 byte each (ASCII). */
const ASCII_RUN = /[^\u0080-\uffff]+/y

/** UTF-8 bytes of `text` (well-formed: JSON text escapes lone surrogates). */
export function utf8Bytes(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const run = runAt(ASCII_RUN, text, i)
    bytes += run
    i += run
    if (i >= text.length) break
    // Two bytes below U+0800, three up to U+FFFF; a surrogate pair (two units) is four.
    const code = text.charCodeAt(i)
    bytes += code < 0x800 || isSurrogate(code) ? 2 : 3
  }
  return bytes
}

/** UTF-8 bytes of `value`'s JSON text. */
export const jsonBytes = (value: unknown) => utf8Bytes(JSON.stringify(value) ?? '')

/** UTF-8 bytes a UTF-16 unit other than a surrogate takes in a JSON string. */
function escapedBytes(code: number): number {
  if (code >= 0x20 && code < 0x80) return code === 0x22 || code === 0x5c ? 2 : 1
  if (code < 0x20) return code === 8 || code === 9 || code === 10 || code === 12 || code === 13 ? 2 : 6
  return code < 0x800 ? 2 : 3
}

/** Whether units `i` and `i + 1` of `text` are a surrogate pair (four bytes; alone, each is `\uXXXX`). */
const pairAt = (text: string, i: number) => {
  const code = text.charCodeAt(i)
  const next = text.charCodeAt(i + 1)
  return code < 0xdc00 && next >= 0xdc00 && next < 0xe000
}

/** Characters a JSON string holds as themselves, one byte each (printable ASCII but quote and backslash). */
const PLAIN_RUN = /[\x20\x21\x23-\x5b\x5d-\x7f]+/y

/** UTF-8 bytes of `JSON.stringify(text)` (quotes included), without building it. */
export function jsonStringBytes(text: string): number {
  let bytes = 2
  for (let i = 0; i < text.length; ) {
    const run = runAt(PLAIN_RUN, text, i)
    if (run > 0) {
      bytes += run
      i += run
      continue
    }
    const code = text.charCodeAt(i)
    if (!isSurrogate(code)) bytes += escapedBytes(code)
    else if (pairAt(text, i)) {
      bytes += 4
      i++
    } else bytes += 6
    i++
  }
  return bytes
}

/**
 * `text` cut into consecutive pieces whose JSON strings take at most `maxBytes` each (quotes included),
 * each as long as that allows; a surrogate pair is never cut. Joined, the pieces are `text`.
 */
export function splitText(text: string, maxBytes: number): string[] {
  if (maxBytes < 8) throw new RangeError('maxBytes must leave room for one character')
  const pieces: string[] = []
  let start = 0
  let bytes = 2
  const cut = (at: number) => {
    pieces.push(text.slice(start, at))
    start = at
    bytes = 2
  }
  for (let i = 0; i < text.length; ) {
    const run = runAt(PLAIN_RUN, text, i)
    if (run > 0) {
      // As much of the run as the piece has room for (one byte each); the rest starts the next piece.
      if (bytes === maxBytes) cut(i)
      const taken = Math.min(run, maxBytes - bytes)
      bytes += taken
      i += taken
      continue
    }
    const code = text.charCodeAt(i)
    const pair = isSurrogate(code) && pairAt(text, i)
    const size = !isSurrogate(code) ? escapedBytes(code) : pair ? 4 : 6
    if (bytes + size > maxBytes) cut(i)
    bytes += size
    i += pair ? 2 : 1
  }
  // Never empty unless `text` is: a cut comes only before a character, which the next piece then takes.
  pieces.push(text.slice(start))
  return pieces
}
