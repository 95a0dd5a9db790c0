/** The account, storage base key and store topics the persistence tests store (a test fixture). */
export const testAccount = {
  account: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
  base: 'chatsync@1//account:eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
  topics: {
    sentInvites: 'a'.repeat(64),
    threads: 'b'.repeat(64),
    inviteKeys: 'c'.repeat(64),
    receivedInviteStatuses: 'd'.repeat(64),
  },
} as const
