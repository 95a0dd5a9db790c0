import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  buildHermesBundle,
  buildNodeBundle,
  readReport,
  runOnHermes,
  runOnNode,
} from '../hermes/hermesBundle.js'
import type { TestOutcome } from '../hermes/vitestShim.js'

/*
 * The core's platform-free tests (key-derivation vectors, envelopes, last-writer-wins, the account
 * reducer, persistence on the storages of React Native apps, runtime features, native crypto) bundled
 * as a React Native app's bundler resolves them and run on Hermes 0.12, the Hermes runtime npm has
 * (test/hermes/hermesBundle.ts). The same bundle runs on Node, and a transcript of computed values is
 * compared with Node's and with Node's own build of the core (native primitives).
 */

type SuiteReport = {
  runtime: string
  testsMs: number
  results: TestOutcome[]
  transcript: unknown
  crashed?: string
}

const here = import.meta.dirname
let dir: string
let hermes: SuiteReport
let node: SuiteReport
let nodeNative: unknown

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chatsync-hermes-'))
  const suite = join(dir, 'suite.js')
  const transcript = join(dir, 'transcript.mjs')
  await Promise.all([
    buildHermesBundle({ entry: join(here, '../hermes/suite.ts'), outfile: suite }),
    buildNodeBundle({ entry: join(here, '../hermes/transcriptMain.ts'), outfile: transcript }),
  ])
  const [onHermes, onNode, native] = await Promise.all([
    runOnHermes(suite),
    runOnNode(suite),
    runOnNode(transcript),
  ])
  hermes = readReport<SuiteReport>(onHermes, 'SUITE ')
  node = readReport<SuiteReport>(onNode, 'SUITE ')
  nodeNative = readReport<unknown>(native, 'TRANSCRIPT ')
  const slowest = [...hermes.results].sort((a, b) => b.ms - a.ms).slice(0, 3)
  console.log(
    `Hermes 0.12: ${hermes.results.length} tests in ${hermes.testsMs} ms (Node, same bundle: ${node.testsMs} ms); slowest: ${slowest.map((t) => `${t.name} ${t.ms} ms`).join('; ')}`,
  )
}, 300_000)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the core on Hermes 0.12', () => {
  test('default: every platform-free test passes on Hermes', () => {
    expect(hermes.runtime).toBe('hermes')
    expect(hermes.crashed).toBeUndefined()
    expect(hermes.results.filter((result) => !result.ok)).toEqual([])
    expect(hermes.results.length).toBeGreaterThan(200)
  })

  test('behavior: Hermes runs and passes exactly the tests Node does with the same bundle', () => {
    expect(node.runtime).toBe('node')
    const outcomes = (report: SuiteReport) => report.results.map(({ name, ok }) => ({ name, ok }))
    expect(outcomes(hermes)).toEqual(outcomes(node))
  })

  test('behavior: Hermes computes what Node computes, on the React Native build and on Node’s own', () => {
    expect(hermes.transcript).toEqual(node.transcript)
    expect(hermes.transcript).toEqual(nodeNative)
    // One random lineage in every row persistence wrote (left out of the rows compared).
    expect(hermes.transcript).toMatchObject({ persistence: { lineages: 1 } })
  })
})
