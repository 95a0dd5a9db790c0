import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export type JsonLinesLog = {
  /** Every record stored so far, in order (unreadable lines, such as one torn by a crash, are skipped). */
  readAll(): unknown[]
  /** Queues one record; records are written together on the next turn of the event loop. */
  append(record: unknown): void
  /** Writes queued records now. */
  flush(): void
  /** Replaces the whole log with `records` (written to a new file, then renamed over the old one). */
  rewrite(records: Iterable<unknown>): void
  /** Records written since the last rewrite (or since opening). */
  readonly lineCount: number
  close(): void
}

/** An append-only JSON-lines file `relay.jsonl` inside `dir`, used to keep the relay's state across restarts. */
export function createJsonLinesLog(dir: string, fileName = 'relay.jsonl'): JsonLinesLog {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, fileName)
  let fd = openSync(path, 'a')
  let queue: string[] = []
  let scheduled: NodeJS.Immediate | undefined
  let lineCount = 0
  let closed = false

  const flush = () => {
    if (scheduled) {
      clearImmediate(scheduled)
      scheduled = undefined
    }
    if (queue.length === 0 || closed) return
    const text = queue.join('')
    queue = []
    writeSync(fd, text)
  }

  return {
    readAll() {
      if (!existsSync(path)) return []
      const records: unknown[] = []
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (line.length === 0) continue
        try {
          records.push(JSON.parse(line))
        } catch {
          // A line torn by a crash mid-write: everything before it is intact.
        }
      }
      lineCount = records.length
      return records
    },
    append(record) {
      if (closed) return
      queue.push(`${JSON.stringify(record)}\n`)
      lineCount++
      scheduled ??= setImmediate(flush)
    },
    flush,
    rewrite(records) {
      if (closed) return
      flush()
      const tmp = `${path}.tmp`
      const out = openSync(tmp, 'w')
      let count = 0
      let chunk: string[] = []
      for (const record of records) {
        chunk.push(`${JSON.stringify(record)}\n`)
        count++
        if (chunk.length >= 1000) {
          writeSync(out, chunk.join(''))
          chunk = []
        }
      }
      if (chunk.length > 0) writeSync(out, chunk.join(''))
      closeSync(out)
      closeSync(fd)
      renameSync(tmp, path)
      fd = openSync(path, 'a')
      lineCount = count
    },
    get lineCount() {
      return lineCount
    },
    close() {
      if (closed) return
      flush()
      closed = true
      closeSync(fd)
    },
  }
}
