import { describe, expect, test, vi } from 'vitest'
import { getSyncMessage } from '../keys/getSyncMessage.js'
import { createSigner } from './createSigner.js'
import { isUserRejection } from './isUserRejection.js'

const account = 'eip155:137:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'

describe('createSigner', () => {
  test('default: asks the wallet for personal_sign of the hex message, then the address', async () => {
    const request = vi.fn(async () => '0xsigned')
    const signer = createSigner({ signClient: { request }, session: 'topic-1' })
    const message = getSyncMessage(account)
    await expect(signer.signMessage({ account, message })).resolves.toBe('0xsigned')
    expect(request).toHaveBeenCalledWith({
      topic: 'topic-1',
      chainId: 'eip155:137',
      request: {
        method: 'personal_sign',
        params: [
          `0x${Buffer.from(message, 'utf8').toString('hex')}`,
          '0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
        ],
      },
    })
  })

  test('behavior: a wallet answer that is not a signature is a typed error', async () => {
    const signer = createSigner({ signClient: { request: async () => ({}) }, session: 't' })
    await expect(signer.signMessage({ account, message: 'm' })).rejects.toMatchObject({
      name: 'SignatureRequestFailedError',
    })
  })

  test('parameters: signMessage is used as given', async () => {
    const signMessage = vi.fn(async (message: string) => `sig:${message.length}`)
    await expect(createSigner({ signMessage }).signMessage({ account, message: 'abc' })).resolves.toBe(
      'sig:3',
    )
  })

  test('behavior: neither a session nor signMessage throws SignerNotConfiguredError', () => {
    expect(() => createSigner({} as never)).toThrowError(
      expect.objectContaining({ name: 'SignerNotConfiguredError' }),
    )
  })
})

describe('isUserRejection', () => {
  test.each([
    [{ code: 4001, message: 'User rejected the request.' }, true],
    [{ code: 5000, message: 'User rejected.' }, true],
    [new Error('wrapped', { cause: { code: 4001 } }), true],
    [Object.assign(new Error('x'), { name: 'UserRejectedRequestError' }), true],
    [{ code: -32603, message: 'Internal error' }, false],
    [new Error('timeout'), false],
    ['4001', false],
    [undefined, false],
  ])('%o → %s', (error, expected) => {
    expect(isUserRejection(error)).toBe(expected)
  })
})
