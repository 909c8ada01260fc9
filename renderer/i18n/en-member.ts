import type { MemberMessages } from './nb-member';

/** English for the member page's one timeline, the ledger view and "expiring soon" (issue 12). Typed against nb-member.ts. */
export const enMember: MemberMessages = {
  memberPage: {
    expiring: {
      within_one: 'The next month',
      within_other: 'The next {{count}} months',
      more: 'And {{points}} points more by {{date}}',
      none_one: 'No points expire in the next month.',
      none_other: 'No points expire in the next {{count}} months.',
    },
    timeline: {
      redemption: 'Redemption no. {{id}}',
      status: {
        registered: 'registered',
        shipped: 'shipped',
        cancelled: 'cancelled',
      },
      step: {
        registered: 'Registered',
        shipped: 'Shipped',
        cancelled: 'Cancelled',
      },
      givenBack: '{{points}} points given back',
      steps: 'What happened to the redemption',
      showMore: 'Show more',
      shown: 'Showing {{shown}} of {{total}}',
      shownMore: 'Showing {{shown}} of more than {{total}}',
      loadingMore: 'Fetching more …',
    },
    ledger: {
      open: 'Ledger entries',
      openHint: 'Every points entry with its channel and who made it',
      title: 'Ledger entries for {{name}}',
      tableTitle: 'Ledger entries',
      intro: 'Every entry in the points ledger, newest first (B12a). The timeline tells the same in one list; here each entry stands on its own.',
      more: 'Show more entries',
      close: 'Close',
    },
  },
};
