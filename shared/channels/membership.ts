import { z } from 'zod';
import { channel, Id, IsoDate, IsoInstant, Ok, Points } from '../contract-kit.js';
import { deskStaff, readers } from '../roles.js';
import { ReasonCodeSchema, ReasonParams } from '../reasons.js';

const ContactChannel = z.enum(['phone', 'email']);
const Reason = z.string().trim().min(3).max(500);

export const timelineKinds = ['ledger', 'redemption', 'note', 'membership'] as const;
export const TimelineItem = z.object({
  at: IsoInstant,
  on: IsoDate,
  kind: z.enum(timelineKinds),
  /** ledger kind, redemption status, membership event kind, or 'note'. */
  type: z.string(),
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
    summary: 'Everything that happened to the member, newest first.',
    input: z.object({ memberId: Id, limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.object({ items: z.array(TimelineItem) }),
    roles: readers,
    writes: false,
  }),
};
