import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { createRawClient } from './createRawClient.js'

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url))

test('chatsync-relay prints its ws URL, serves, and stops cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('ws://'))
      if (line) resolve(line.trim())
    })
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)))
  })
  expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/)
  const client = await createRawClient({ relayUrl: url })
  const answer = await client.request('irn_subscribe', { topic: 'cli-topic' })
  expect(answer.json.result).toEqual(expect.any(String))
  const closed = new Promise<void>((resolve) => client.ws.once('close', () => resolve()))
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
  await closed
})

test('chatsync-relay rejects a bad --port', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', 'seven'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
  expect(code).toBe(2)
  expect(err).toContain('Invalid --port')
})
