import { z } from 'zod';
import { channel, Id, IsoInstant, Points } from '../contract-kit.js';
import { readers, supervisors } from '../roles.js';

export const correctionKinds = ['withhold', 'correction_delete', 'unpaid_reduction'] as const;

export const CorrectionRequest = z.object({
  id: Id,
  memberId: Id,
  memberNo: z.number().int(),
  memberName: z.string(),
  kind: z.enum(correctionKinds),
  points: Points,
  reason: z.string(),
  requestedAt: IsoInstant,
  requestedBy: z.string(),
  /** B11: the requester may not approve their own request. */
  requestedById: Id,
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: z.string().nullable(),
  entryId: Id.nullable(),
});
export type CorrectionRequest = z.infer<typeof CorrectionRequest>;

export const CorrectionOutcome = z.object({
  /** booked at once, or waiting for a second supervisor (above the threshold, B11). */
  status: z.enum(['booked', 'pending']),
  entryId: Id.nullable(),
  requestId: Id.nullable(),
  balance: Points,
});
export type CorrectionOutcome = z.infer<typeof CorrectionOutcome>;

const Reason = z.string().trim().min(3).max(500);

export const correctionChannels = {
  'corrections.create': channel({
    summary: 'B11: withhold misregistered points, delete them, or reduce for unpaid invoices. Never below zero; above the threshold a second supervisor approves.',
    input: z
      .object({ memberId: Id, kind: z.enum(correctionKinds), points: z.number().int().min(1).max(10_000_000), reason: Reason, channel: z.enum(['phone', 'email', 'desk']).default('desk'), lotId: Id.optional() })
      .strict(),
    output: CorrectionOutcome,
    roles: supervisors,
    writes: true,
  }),
  'corrections.release': channel({
    summary: 'B11: release withheld points back to the lots they came from.',
    input: z.object({ withholdEntryId: Id, reason: Reason }).strict(),
    output: CorrectionOutcome,
    roles: supervisors,
    writes: true,
  }),
  'corrections.pending': channel({
    summary: 'Corrections waiting for a second supervisor.',
    input: z.object({}).strict(),
    output: z.object({ requests: z.array(CorrectionRequest) }),
    roles: readers,
    writes: false,
  }),
  'corrections.decide': channel({
    summary: 'B11: a second supervisor approves (books it) or rejects a large correction.',
    input: z.object({ requestId: Id, approve: z.boolean(), note: z.string().trim().max(500).optional() }).strict(),
    output: CorrectionOutcome,
    roles: supervisors,
    writes: true,
  }),
};
