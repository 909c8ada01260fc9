import { z } from 'zod';
import { channel, Id, IsoDate, IsoInstant, Points } from '../contract-kit.js';
import { readers } from '../roles.js';
import { reasonFields } from '../reasons.js';
import type { ErrorCode } from '../errors.js';

export const membershipStates = ['active', 'cancelled', 'opted_out', 'ended'] as const;
export const MembershipState = z.enum(membershipStates);
export type MembershipState = z.infer<typeof MembershipState>;

/** B3: why a member may not redeem; each is also the DeskError code the booking refuses with. */
export const redeemRefusals = ['opted_out', 'membership_ended', 'no_active_subscription'] as const satisfies readonly ErrorCode[];
export const RedeemRefusal = z.enum(redeemRefusals);
export type RedeemRefusal = z.infer<typeof RedeemRefusal>;

export const ledgerKinds = [
  'earn',
  'spend',
  'spend_reversal',
  'expire',
  'cap',
  'delete_after_cancel',
  'forfeit',
  'withhold',
  'release',
  'correction_delete',
  'unpaid_reduction',
  'correction_add',
  'reversal',
] as const;
export const LedgerKind = z.enum(ledgerKinds);
export type LedgerKind = z.infer<typeof LedgerKind>;

export const channels = ['phone', 'email', 'file', 'system', 'desk'] as const;
export const WriteChannel = z.enum(channels);
export type WriteChannel = z.infer<typeof WriteChannel>;

export const MemberHit = z.object({
  id: Id,
  memberNo: z.number().int(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  state: MembershipState,
  balance: Points,
});
export type MemberHit = z.infer<typeof MemberHit>;

export const LedgerEntry = z.object({
  id: Id,
  kind: LedgerKind,
  amount: Points,
  occurredAt: IsoInstant,
  effectiveOn: IsoDate,
  channel: WriteChannel,
  /** Why: a code and its parameters (shared/reasons.ts), and the note the user typed, if any. */
  ...reasonFields,
  author: z.string(),
  reversesEntryId: Id.nullable(),
  redemptionId: Id.nullable(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const Subscription = z.object({
  id: Id,
  plan: z.string(),
  status: z.enum(['active', 'cancelled']),
  startedOn: IsoDate,
  cancelledOn: IsoDate.nullable(),
  nextDeliveryOn: IsoDate.nullable(),
});
export type Subscription = z.infer<typeof Subscription>;

export const MemberProfile = MemberHit.extend({
  address: z.string().nullable(),
  birthDate: IsoDate.nullable(),
  enrolledOn: IsoDate,
  cancelledOn: IsoDate.nullable(),
  balanceAtCancellation: Points.nullable(),
  capAppliedOn: IsoDate.nullable(),
  keepMembershipOn: IsoDate.nullable(),
  optedOutOn: IsoDate.nullable(),
  endedOn: IsoDate.nullable(),
  /** B9: when membership ends for a cancelled member (3 years after cancellation); null while active or kept until they end it. */
  membershipEndsOn: IsoDate.nullable(),
  anonymised: z.boolean(),
});
export type MemberProfile = z.infer<typeof MemberProfile>;

export const MemberPage = z.object({
  member: MemberProfile,
  subscriptions: z.array(Subscription),
  withheld: Points,
  ledger: z.array(LedgerEntry),
  unpaidInvoices: z.number().int(),
  /** B5/B12b: the points that expire next, soonest first — issue 12: only those within `expiringSoon.months` months (at most 3 dates). */
  nextExpiries: z.array(z.object({ expiresOn: IsoDate, runMonth: z.string(), points: Points })),
  /** Issue 12: the "expiring soon" window (the setting `expiring_soon_months`, 1–36) and all the points that expire in it. */
  expiringSoon: z.object({ months: z.number().int().min(1).max(36), until: IsoDate, points: Points }),
  /** B3: whether the member may redeem now and, if not, why (the code the booking would refuse with). */
  redeem: z.object({ allowed: z.boolean(), reason: RedeemRefusal.nullable() }),
});
export type MemberPage = z.infer<typeof MemberPage>;

export const memberChannels = {
  'members.search': channel({
    summary: 'Search as you type: digits go to member number and phone, text with @ to email, words to the name index.',
    input: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(25) }).strict(),
    output: z.object({
      items: z.array(MemberHit),
      /** Issue 12: how many members match; when totalIsLowerBound, "more than total" (counting stopped there). */
      total: z.number().int().min(0),
      totalIsLowerBound: z.boolean(),
    }),
    roles: readers,
    writes: false,
  }),
  'members.get': channel({
    summary: 'The member page: profile, subscriptions, balance and the latest ledger entries. Logged (B14).',
    input: z.object({ memberId: Id }).strict(),
    output: MemberPage,
    roles: readers,
    writes: false,
  }),
  'members.ledger': channel({
    summary: 'Ledger entries, newest first, paged by id.',
    input: z.object({ memberId: Id, beforeId: Id.optional(), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.object({ entries: z.array(LedgerEntry) }),
    roles: readers,
    writes: false,
  }),
};
