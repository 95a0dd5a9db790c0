/**
 * Sizes of a Vite build's JavaScript, split as a page loads it: the entry chunk and the chunks it
 * imports statically (loaded at start) apart from the chunks only dynamic imports reach (loaded when
 * the code importing them runs), each byte attributed to its package through the source maps. Reads
 * the `chunks.json` the consumer app's Vite plugin writes beside the build (see `consumerApp.ts`).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

export type PackageShare = {
  /** `name@version` as installed, `(app)` for the app's own code, else `UNMAPPED`. */
  id: string
  /** Minified bytes of the package's code in the output. */
  bytes: number
  /** How many installed copies of `name@version` (npm nests one where another version holds the top) the code came from. */
  copies: number
}

/** Some of a build's chunks, measured together. */
export type ChunkGroup = {
  /** Each chunk: its file name (e.g. `assets/chatsync-AbC123.js`), minified and gzipped bytes. */
  chunks: { fileName: string; min: number; gzip: number }[]
  /** Minified JavaScript bytes. */
  min: number
  /** Sum of each chunk gzipped (level 9), as a server sends them. */
  gzip: number
  /** Minified bytes by package, from the source maps, largest first. */
  packages: PackageShare[]
  /** The code of each package, gzipped alone: its size when it is what an app adds. */
  gzipAlone(id: string): number
}

/** A whole build (every chunk), with its up-front and lazy parts. */
export type BuildOutput = ChunkGroup & {
  ms: number
  /** Every file the source maps name, as absolute paths. */
  sources: string[]
  /** The entry chunks and every chunk they import statically: what the page loads at start. */
  initial: ChunkGroup
  /** The chunks only dynamic imports reach: loaded on first use (empty when there are none). */
  lazy: ChunkGroup
}

/** What the Vite plugin records of each output chunk. */
export type ChunkInfo = {
  fileName: string
  isEntry: boolean
  imports: string[]
  dynamicImports: string[]
  /** The JSON modules bundled in it (no source maps cover them). */
  json: string[]
}

/** Code the source maps give no source for: the bundler's runtime and helpers. */
export const UNMAPPED = '(bundler runtime, unmapped)'

const packageIds = new Map<string, string>()

/** The installed package a source file belongs to: `name@version` and its directory. */
function packageOf(source: string, appDir: string): { id: string; dir: string } {
  const at = source.lastIndexOf('/node_modules/')
  if (at === -1) return { id: source.startsWith(`${appDir}/src/`) ? '(app)' : UNMAPPED, dir: '' }
  const rest = source.slice(at + '/node_modules/'.length).split('/')
  const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? '')
  const dir = `${source.slice(0, at)}/node_modules/${name}`
  let id = packageIds.get(dir)
  if (id === undefined) {
    const manifest = join(dir, 'package.json')
    id = existsSync(manifest) ? `${name}@${JSON.parse(readFileSync(manifest, 'utf8')).version}` : name
    packageIds.set(dir, id)
  }
  return { id, dir }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** The [generated column, source index] pairs of each generated line of a source map (VLQ decoded). */
function decodeMappings(mappings: string): [number, number][][] {
  const lines: [number, number][][] = []
  let source = 0
  for (const line of mappings.split(';')) {
    const segments: [number, number][] = []
    let column = 0
    for (const segment of line.split(',')) {
      if (segment === '') continue
      const fields: number[] = []
      let value = 0
      let shift = 0
      for (const char of segment) {
        const digit = BASE64.indexOf(char)
        value += (digit & 31) << shift
        if (digit & 32) shift += 5
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1)
          value = 0
          shift = 0
        }
      }
      column += fields[0] ?? 0
      if (fields.length >= 4) {
        source += fields[1] ?? 0
        segments.push([column, source])
      } else segments.push([column, -1])
    }
    lines.push(segments)
  }
  return lines
}

/** One chunk: its sizes and its code by owning package. */
type ChunkCode = {
  fileName: string
  min: number
  gzip: number
  code: Map<string, string[]>
  /** Unmapped bytes that are really JSON modules, counted for their package instead. */
  unmappedJson: number
  dirs: Map<string, Set<string>>
}

function readChunk(info: ChunkInfo, outDir: string, appDir: string, sources: string[]): ChunkCode {
  const text = readFileSync(join(outDir, info.fileName), 'utf8')
  const map = JSON.parse(readFileSync(join(outDir, `${info.fileName}.map`), 'utf8')) as {
    sources: string[]
    sourceRoot?: string
    mappings: string
  }
  const code = new Map<string, string[]>()
  const dirs = new Map<string, Set<string>>()
  const owners = map.sources.map((source) => {
    if (source.includes('\0') || /^[a-z]+:/.test(source)) return UNMAPPED
    const path = resolve(outDir, info.fileName, '..', map.sourceRoot ?? '', source)
    sources.push(path)
    const { id, dir } = packageOf(path, appDir)
    dirs.set(id, (dirs.get(id) ?? new Set()).add(dir))
    return id
  })
  // A line without mappings continues a multi-line string of the code before it (zod's templates).
  let owner = UNMAPPED
  const mappings = decodeMappings(map.mappings)
  const lines = text.split('\n')
  lines.forEach((text, lineIndex) => {
    const segments = mappings[lineIndex] ?? []
    const line = lineIndex < lines.length - 1 ? `${text}\n` : text
    let start = 0
    const take = (end: number) => {
      if (end <= start) return
      const list = code.get(owner) ?? []
      list.push(line.slice(start, end))
      code.set(owner, list)
      start = end
    }
    for (const [column, source] of segments) {
      take(column)
      owner = source >= 0 ? (owners[source] ?? UNMAPPED) : UNMAPPED
    }
    take(line.length)
  })
  // JSON modules have no mappings: their code sits in the unmapped bytes. Move its size there (the
  // bundler inlines the data as compact JSON text) to its package.
  const unmapped = (code.get(UNMAPPED) ?? []).reduce((sum, slice) => sum + Buffer.byteLength(slice), 0)
  let moved = 0
  for (const source of info.json) {
    const { id, dir } = packageOf(source, appDir)
    const data = JSON.stringify(JSON.parse(readFileSync(source, 'utf8')))
    code.set(id, [...(code.get(id) ?? []), data])
    moved += Buffer.byteLength(data)
    dirs.set(id, (dirs.get(id) ?? new Set()).add(dir))
  }
  return {
    fileName: info.fileName,
    min: Buffer.byteLength(text),
    gzip: gzipSync(text, { level: 9 }).byteLength,
    code,
    unmappedJson: Math.min(unmapped, moved),
    dirs,
  }
}

function measure(chunks: ChunkCode[]): ChunkGroup {
  const code = new Map<string, string[]>()
  const dirs = new Map<string, Set<string>>()
  for (const chunk of chunks) {
    for (const [id, slices] of chunk.code) code.set(id, [...(code.get(id) ?? []), ...slices])
    for (const [id, set] of chunk.dirs) dirs.set(id, new Set([...(dirs.get(id) ?? []), ...set]))
  }
  const unmappedJson = chunks.reduce((sum, chunk) => sum + chunk.unmappedJson, 0)
  const packages = [...code]
    .map(([id, slices]) => ({
      id,
      bytes:
        slices.reduce((sum, slice) => sum + Buffer.byteLength(slice), 0) -
        (id === UNMAPPED ? unmappedJson : 0),
      copies: dirs.get(id)?.size ?? 1,
    }))
    .sort((a, b) => b.bytes - a.bytes)
  return {
    chunks: chunks.map(({ fileName, min, gzip }) => ({ fileName, min, gzip })),
    min: chunks.reduce((sum, chunk) => sum + chunk.min, 0),
    gzip: chunks.reduce((sum, chunk) => sum + chunk.gzip, 0),
    packages,
    gzipAlone: (id) => (code.has(id) ? gzipSync((code.get(id) ?? []).join(''), { level: 9 }).byteLength : 0),
  }
}

/** Reads a Vite build in `outDir` (`<app>/dist/<entry>`): every chunk, and its up-front and lazy parts. */
export function readBuild(outDir: string): Omit<BuildOutput, 'ms'> {
  const appDir = resolve(outDir, '../..')
  const infos = JSON.parse(readFileSync(join(outDir, 'chunks.json'), 'utf8')) as ChunkInfo[]
  const byName = new Map(infos.map((info) => [info.fileName, info]))
  // What the page loads at start: the entries and, transitively, their static imports.
  const initial = new Set<string>()
  const visit = (fileName: string) => {
    if (initial.has(fileName)) return
    initial.add(fileName)
    for (const imported of byName.get(fileName)?.imports ?? []) visit(imported)
  }
  for (const info of infos) if (info.isEntry) visit(info.fileName)
  const sources: string[] = []
  const chunks = infos.map((info) => readChunk(info, outDir, appDir, sources))
  return {
    ...measure(chunks),
    sources,
    initial: measure(chunks.filter((chunk) => initial.has(chunk.fileName))),
    lazy: measure(chunks.filter((chunk) => !initial.has(chunk.fileName))),
  }
}
