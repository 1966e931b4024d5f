import { responsePathAsArray } from 'graphql';
import { type InboxResult, resolveInbox } from '../resolvers/inbox.ts';
import { builder } from './builder.ts';
import { ChatRef, SKIPPED_ACCOUNTS } from './chat.ts';
import { ConnectedAccountRef, MIN_PARTNER_SPEND } from './connected-account.ts';

const InboxEdge = builder.objectRef<InboxResult['edges'][number]>('InboxEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: ChatRef, resolve: (edge) => edge.node }),
  }),
});

const InboxConnection = builder.objectRef<InboxResult>('InboxConnection').implement({
  description: 'Chats of several connected accounts, merged by last activity, newest first.',
  fields: (t) => ({
    edges: t.field({ type: [InboxEdge], resolve: (inbox) => inbox.edges }),
    pageInfo: t.field({ type: builder.pageInfoRef(), resolve: (inbox) => inbox.pageInfo }),
    unreadTotal: t.exposeInt('unreadTotal', {
      description:
        'Unread messages over the chats this request read from the included accounts (this page and what it read ahead), from the cursor on. A lower bound unless `unreadTotalIsExact`: exact on a first page that read every included list to its end.',
    }),
    unreadTotalIsExact: t.exposeBoolean('unreadTotalIsExact'),
    unavailableAccounts: t.field({
      type: [ConnectedAccountRef],
      description:
        "Accounts whose vendor failed for this page (each also named by an error): their chats are left out, and the next page's cursor retries them.",
      resolve: (inbox) => inbox.unavailableAccounts,
    }),
    skippedAccounts: t.field({
      type: [ConnectedAccountRef],
      description: SKIPPED_ACCOUNTS,
      resolve: (inbox) => inbox.skippedAccounts,
    }),
  }),
});

builder.queryField('inbox', (t) =>
  t.field({
    type: InboxConnection,
    description:
      "One chat list across every connected account (or those in `accountIds`), merged by last activity, newest first; ties by account, then by each vendor's own order. The cursor carries every account's progress, so paging never skips or repeats a chat. `unreadOnly`, `search` and `minPartnerSpend` mean what they mean on `ConnectedAccount.chats`. A page of up to 20 chats costs each account at most one chat-list call (up to 30 without OFAuth accounts); `extensions.cost` reports the calls made.",
    args: {
      first: t.arg.int({ defaultValue: 20, description: '1–100.' }),
      after: t.arg.string({ required: false }),
      accountIds: t.arg.idList({
        required: false,
        description: 'ConnectedAccount ids; all when left out.',
      }),
      unreadOnly: t.arg.boolean({ defaultValue: false }),
      search: t.arg.string({ required: false }),
      minPartnerSpend: t.arg.float({ required: false, description: MIN_PARTNER_SPEND }),
    },
    resolve: (_root, args, context, info) =>
      resolveInbox(context, args, responsePathAsArray(info.path)),
  }),
);
