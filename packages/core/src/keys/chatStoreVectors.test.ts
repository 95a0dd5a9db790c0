import { describe, expect, test } from 'vitest'
import { CHAT_STORES } from '../stores/catalogue.js'
import { deriveStoreKeys } from './deriveStoreKeys.js'

/*
 * Key-derivation vectors on this platform's primitives, with nothing but the core (these also run on
 * Hermes, see test/hermes). The published sync-protocol §2 vector, and the four chat stores of the same
 * signature as deriveStoreKeys.test.ts checks them against bip32/bip39, the libraries sync-client uses.
 */

const signature =
  '0xee6567bf0763ce704d4cc3ec919cb74bbb484222e19ad72f51072fbdc2af7add063c00ac334a510c51fd25daf14f87337c23a81d45ac4f1dde469a0d8dc5724b1b'

const expected = {
  'my-user-profile': {
    path: "m/77'/0'/0/1836658037/1936028205/1886547814/6909029",
    symKey: '02fe412cf77b84f7e1dcac2ac036ba5da857ef6c683e6e93a39005734cb289f4',
    topic: '7a73cffc9951264511549e64222a612a27199b01d30fa952b708bcafce96ea3f',
  },
  [CHAT_STORES.sentInvites.name]: {
    path: "m/77'/0'/0/1668246830/2002873452/1702126447/1852728675/1949197160/1635004019/1701737545/1853254004/25971",
    symKey: 'f10ad3f75764e9888a328ab7fa5ee75d5a9daaa7208eabe76a56607071f52632',
    topic: '1e64b05b8df8ac3ec505d9a9b7f2b4e9570313d087cf6087b96dd93817489233',
  },
  [CHAT_STORES.threads.name]: {
    path: "m/77'/0'/0/1668246830/2002873452/1702126447/1852728675/1949197160/1635004020/1752327521/25715",
    symKey: '787af5921525e992034f67631758e8484d1f7f84d03e63d7212002805189e556',
    topic: 'f128432a550d85245f9a3180235fe372a3e556befe5518a17ff96154acc6b8d7',
  },
  [CHAT_STORES.inviteKeys.name]: {
    path: "m/77'/0'/0/1668246830/2002873452/1702126447/1852728675/1949197160/1635004009/1853254004/1699439993/115",
    symKey: '22106dcfa2d18651157da74da4543f8ea7dab6fdb4376e9aa2e109bb27af55da',
    topic: '08976af93e15ecb8b615878bd1f646e05aec3c47caa65a16637dc12dc30c5ca2',
  },
  [CHAT_STORES.receivedInviteStatuses.name]: {
    path: "m/77'/0'/0/1668246830/2002873452/1702126447/1852728675/1949197160/1635004018/1701012841/1986356297/1853254004/1699968097/1953854309/115",
    symKey: '0ea6933fd3a9d45cfd3f51c06268fcaf265b801d0253a160e8d22ce374fd08f9',
    topic: '0dfdd3e7345b94616669250a82ad31182f561e32918ab7e8dcb97d5df09eb280',
  },
}

describe('key-derivation vectors', () => {
  test('default: the published vector and the chat stores of its signature', async () => {
    const keys = await deriveStoreKeys({ signature, stores: Object.keys(expected) })
    expect({ ...keys }).toEqual(expected)
  })

  test('behavior: one store at a time gives the same keys as all at once', async () => {
    for (const [name, keys] of Object.entries(expected)) {
      const alone = await deriveStoreKeys({ signature, stores: [name] })
      expect(alone[name]).toEqual(keys)
    }
  })
})
