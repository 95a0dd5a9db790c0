/** Signs the sync message for an account (a wallet over the Sign API, or a local account). */
export type Signer = {
  signMessage(parameters: { account: string; message: string }): Promise<string>
}
