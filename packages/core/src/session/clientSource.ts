import type { ChatSyncCore } from '../engine/chatSyncCore.js'
import { createChatSync } from '../engine/createChatSync.js'
import type { CreateChatSyncConfigParameters } from './createChatSyncConfig.js'
import { createSigner } from './createSigner.js'
import type { Signer } from './signer.js'
import type { SessionClient } from './types.js'

/** Where a config's chat sync client comes from: the app's, or made by the config (and its signer). */
export type ResolvedSource<TClient> =
  | { created: false; client: TClient; signer: Signer | undefined }
  | { created: true; create: () => TClient; signer: Signer | undefined }

/** The config's client source: the app's client, or one made from its sign client or core. */
export function clientSource<TClient extends SessionClient>(
  parameters: CreateChatSyncConfigParameters<TClient>,
  coreReady: PromiseLike<unknown> | undefined,
): ResolvedSource<TClient> {
  if (parameters.client !== undefined) {
    const { client } = parameters
    return typeof client === 'function'
      ? { created: true, create: client, signer: undefined }
      : { created: false, client, signer: undefined }
  }
  const {
    signClient,
    sessionTopic,
    account: _account,
    signer: _signer,
    enableOnMount: _enable,
    ...rest
  } = parameters as Extract<CreateChatSyncConfigParameters<TClient>, { signClient: unknown }>
  const core = signClient?.core ?? (parameters as { core: ChatSyncCore }).core
  const {
    core: _core,
    client: _client,
    ...engineOptions
  } = rest as typeof rest & {
    core?: unknown
    client?: unknown
  }
  return {
    created: true,
    create: () => createChatSync({ ...engineOptions, core, coreReady }) as unknown as TClient,
    signer:
      signClient && sessionTopic !== undefined
        ? createSigner({ signClient, session: sessionTopic })
        : undefined,
  }
}
