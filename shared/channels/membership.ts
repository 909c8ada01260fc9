import { z } from 'zod';
import { channel, Id, IsoDate, IsoInstant, Ok, Points } from '../contract-kit.js';
import { deskStaff, readers } from '../roles.js';
import { ReasonCodeSchema, ReasonParams } from '../reasons.js';

const ContactChannel = z.enum(['phone', 'email']);
const Reason = z.string().trim().min(3).max(500);

/** B7a: one step of a redemption's life, on the day it really happened. */
export const RedemptionStep = z.object({
  step: z.enum(['registered', 'shipped', 'cancelled']),
  at: IsoInstant,
  on: IsoDate,
  /** Who did it, when the desk knows (the registering user; the user who cancelled). */
  author: z.string().nullable(),
  /** registered: the points taken (negative); cancelled: the points given back (positive); shipped: null. */
  points: Points.nullable(),
  /** cancelled: why, as the user typed it. */
  note: z.string().nullable(),
});
export type RedemptionStep = z.infer<typeof RedemptionStep>;

/** Issue 12: a redemption in the timeline, once, with its products, delivery and life (B7, B7a, B8). */
export const TimelineRedemption = z.object({
  id: Id,
  status: z.enum(['registered', 'shipped', 'cancelled']),
  totalPoints: Points,
  lines: z.array(z.object({ productId: Id, name: z.string(), quantity: z.number().int(), pointsEach: Points })),
  delivery: z.enum(['next_delivery', 'separate']),
  deliveryOn: IsoDate.nullable(),
  postageOre: z.number().int(),
  emailFrom: z.string().nullable(),
  senderMismatch: z.boolean(),
  /** Registered first, then shipped or cancelled (B7a: forward only). */
  steps: z.array(RedemptionStep),
});
export type TimelineRedemption = z.infer<typeof TimelineRedemption>;

/** `contact`: contact details an agent changed (D3); its `text` lists the fields, comma-separated. */
/** `service_email` (B12): a service email recorded as sent; its `text` is the subject. */
export const timelineKinds = ['ledger', 'redemption', 'note', 'membership', 'contact', 'service_email'] as const;
export const TimelineItem = z.object({
  at: IsoInstant,
  on: IsoDate,
  kind: z.enum(timelineKinds),
  /** ledger kind, redemption status, membership event kind, 'note', or 'contact_changed'. */
  type: z.string(),
  /** The change to the balance; for a redemption what it took less what a cancellation gave back. */
  points: Points.nullable(),
  /** A note's body, a redemption's '#id'; for ledger and membership items the user's note or ''. */
  text: z.string(),
  /** Ledger and membership items: why, as a code and its parameters (shared/reasons.ts); null for notes and redemptions. */
  reasonCode: ReasonCodeSchema.nullable(),
  reasonParams: ReasonParams.nullable(),
  note: z.string().nullable(),
  channel: z.string().nullable(),
  author: z.string(),
  refId: Id,
  /** Issue 12, kind 'redemption' only: the redemption with its steps (its spend and give-back are not items of their own). */
  redemption: TimelineRedemption.optional(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;

export const membershipChannels = {
  'members.optOut': channel({
    summary: 'B10: leave the program; the balance is forfeited. The agent confirms the member was told.',
    input: z.object({ memberId: Id, channel: ContactChannel, reason: Reason, memberInformed: z.literal(true) }).strict(),
    output: z.object({ forfeited: Points }),
    roles: deskStaff,
    writes: true,
  }),
  'members.rejoin': channel({
    summary: 'B10: rejoin after an opt-out, from zero.',
    input: z.object({ memberId: Id, channel: ContactChannel, reason: Reason }).strict(),
    output: Ok,
    roles: deskStaff,
    writes: true,
  }),
  'members.keepMembership': channel({
    summary: 'B9: a cancelled member keeps membership beyond 3 years, until they end it.',
    input: z.object({ memberId: Id, channel: ContactChannel, reason: Reason }).strict(),
    output: z.object({ keptOn: IsoDate }),
    roles: deskStaff,
    writes: true,
  }),
  'members.endKeptMembership': channel({
    summary: 'B9: end a kept membership on the member’s request; the balance is deleted. The agent confirms the member was told.',
    input: z.object({ memberId: Id, channel: ContactChannel, reason: Reason, memberInformed: z.literal(true) }).strict(),
    output: z.object({ deleted: Points, endedOn: IsoDate }),
    roles: deskStaff,
    writes: true,
  }),
  'members.addNote': channel({
    summary: 'A note on the member, with author and time.',
    input: z.object({ memberId: Id, body: z.string().trim().min(1).max(4000) }).strict(),
    output: z.object({ noteId: Id }),
    roles: deskStaff,
    writes: true,
  }),
  'members.timeline': channel({
    summary: 'Everything that happened to the member, newest first; each redemption once, with its steps.',
    input: z.object({ memberId: Id, limit: z.number().int().min(1).max(500).default(100) }).strict(),
    /** `more`: there are older items than the `limit` returned. */
    output: z.object({ items: z.array(TimelineItem), more: z.boolean() }),
    roles: readers,
    writes: false,
  }),
};
