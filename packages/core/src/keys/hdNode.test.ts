import { bytesToHex } from '@noble/hashes/utils.js'
import { HDKey } from '@scure/bip32'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { childNode, masterNode } from './hdNode.js'

describe('hdNode', () => {
  test('default: BIP-32 test vector 1 (m/0H/1)', () => {
    const seed = Uint8Array.from(Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'))
    const master = masterNode(seed)
    expect(bytesToHex(master.privateKey)).toBe(
      'e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35',
    )
    expect(bytesToHex(master.chainCode)).toBe(
      '873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508',
    )
    const node = childNode(childNode(master, 0, true), 1)
    expect(bytesToHex(node.privateKey)).toBe(
      '3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368',
    )
    expect(bytesToHex(node.chainCode)).toBe(
      '2a7857631386ba23dacac34180dd1983734e444fdbf774041578e9b6adb37c19',
    )
  })

  test('behavior: agrees with @scure/bip32 on random seeds and paths', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0x7fffffff }), fc.boolean()), { maxLength: 4 }),
        (seed, steps) => {
          let ours = masterNode(seed)
          let theirs = HDKey.fromMasterSeed(seed)
          for (const [index, hardened] of steps) {
            ours = childNode(ours, index, hardened)
            theirs = theirs.deriveChild(hardened ? index + 0x80000000 : index)
          }
          expect(bytesToHex(ours.privateKey)).toBe(bytesToHex(theirs.privateKey as Uint8Array))
          expect(bytesToHex(ours.chainCode)).toBe(bytesToHex(theirs.chainCode as Uint8Array))
        },
      ),
      { numRuns: 25 },
    )
  })
})
