import { z } from 'zod';
import { channel, Id, IsoDate, Month, Points } from '../contract-kit.js';
import { readers } from '../roles.js';
import { MembershipState } from './members.js';

/** B12b: how today's balance came about. */
export const BalanceStory = z.object({
  earned: Points,
  spent: Points,
  returned: Points,
  expired: Points,
  capped: Points,
  deleted: Points,
  forfeited: Points,
  withheld: Points,
  released: Points,
  corrected: Points,
  balance: Points,
  withheldNow: Points,
});
export type BalanceStory = z.infer<typeof BalanceStory>;

export const Explanation = z.object({
  memberId: Id,
  memberNo: z.number().int(),
  name: z.string(),
  state: MembershipState,
  today: IsoDate,
  story: BalanceStory,
  nextExpiries: z.array(z.object({ expiresOn: IsoDate, runMonth: Month, points: Points })),
  /** For a member with an active subscription: what cancelling today would mean (B9). */
  ifCancelledToday: z
    .object({
      cancelledOn: IsoDate,
      capOn: IsoDate,
      expiringBeforeCap: Points,
      capTakes: Points,
      keptAfterCap: Points,
      endsOn: IsoDate,
    })
    .nullable(),
  /** For a cancelled member: the dates that apply now. */
  lifecycle: z
    .object({ cancelledOn: IsoDate, capOn: IsoDate, capAppliedOn: IsoDate.nullable(), endsOn: IsoDate.nullable(), keptUntilTheyEndIt: z.boolean() })
    .nullable(),
});
export type Explanation = z.infer<typeof Explanation>;

export const pointsChannels = {
  'points.explain': channel({
    summary: 'B12b: the balance story, the next expiries, and "if you cancel today".',
    input: z.object({ memberId: Id }).strict(),
    output: Explanation,
    roles: readers,
    writes: false,
  }),
  'points.check': channel({
    summary: 'B12a: check balance = ledger = lots for every member.',
    input: z.object({}).strict(),
    output: z.object({
      members: z.number().int(),
      failures: z.array(z.object({ memberId: Id, memberNo: z.number().int(), balance: Points, ledgerSum: Points, lotsRemaining: Points, problem: z.string() })),
    }),
    roles: ['supervisor', 'manager'],
    writes: false,
  }),
};
