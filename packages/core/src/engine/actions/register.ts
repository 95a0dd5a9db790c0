import { SignatureMismatchError } from '../../errors/engine.js'
import { checkSignature } from '../../keys/checkSignature.js'
import { formatSyncMessage } from '../../keys/formatSyncMessage.js'
import { parseAccount } from '../../keys/parseAccount.js'
import type { Engine } from '../engine.js'
import { loadOnFirstUse } from '../loadOnFirstUse.js'

/** `account` is canonical (see `normalizeAccount`). */
export type RegisterParameters = { account: string; signature: string }

/**
 * Verifies the signature (eip155: it must recover to the account), derives the store keys, catches up
 * with the relay's history and subscribes (`activateRegistration`). A registration persisted for the
 * same stores (a reload) keeps its state and outbox; records of other spellings of the account are
 * carried over (see `findOtherSpellings`).
 */
export async function register(engine: Engine, { account, signature }: RegisterParameters): Promise<void> {
  engine.assertAlive()
  const { namespace, address } = parseAccount(account)
  checkSignature(signature)
  // The derivation, the signature check and what makes the registration live: loaded on first use (a
  // device registers an account once).
  const firstUse = loadOnFirstUse()
  firstUse.catch(() => {})
  if (namespace === 'eip155') {
    // Accounts of other namespaces are accepted unverified: their signature schemes differ, and a wrong
    // signature there only yields stores no other device of the account uses.
    const { recoverPersonalSignAddress } = await firstUse
    const recovered = recoverPersonalSignAddress(formatSyncMessage(account), signature)
    if (recovered !== address.toLowerCase()) {
      // The message of another spelling (what the reference client signs when given one) leads to other
      // stores: refused, and said so.
      const signedSpelling = recovered
        ? engine.spellings
            .others(account)
            .find(
              (spelling) =>
                recoverPersonalSignAddress(formatSyncMessage(spelling), signature) === address.toLowerCase(),
            )
        : undefined
      throw new SignatureMismatchError({
        account,
        reason: signedSpelling ? 'other-spelling' : recovered ? 'wrong-signer' : 'malformed-signature',
        signedSpelling,
      })
    }
  }
  await engine.exclusive(account, async () => {
    engine.assertAlive()
    const { activateRegistration } = await firstUse
    await activateRegistration(engine, { account, signature })
  })
}
