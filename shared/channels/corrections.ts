import { z } from 'zod';
import { channel, Id, IsoDate, IsoInstant, Points } from '../contract-kit.js';
import { overseers, readers, supervisors } from '../roles.js';

/**
 * B11: what a supervisor's "Correct points" can do. `manual_credit` / `manual_debit` are the
 * credits and debits by hand, with a reason from `manualReasons` and a case reference.
 */
export const correctionKinds = ['withhold', 'correction_delete', 'unpaid_reduction', 'manual_credit', 'manual_debit'] as const;
export type CorrectionKind = (typeof correctionKinds)[number];
export const manualReasons = ['goodwill', 'complaint', 'earlier_entry'] as const;
export type ManualReason = (typeof manualReasons)[number];

/** One lot a correction touches: the points it takes from it (or, for a credit, the new lot). */
export const LotTouched = z.object({
  lotId: Id.nullable(),
  earnedOn: IsoDate,
  expiresOn: IsoDate,
  points: Points,
  remainingBefore: Points,
  remainingAfter: Points,
});
export type LotTouched = z.infer<typeof LotTouched>;

/** What a correction would do, before it is confirmed (B11). */
export const CorrectionEffect = z.object({
  balanceBefore: Points,
  balanceAfter: Points,
  lots: z.array(LotTouched),
  /** The largest amount this kind may take now (never below zero); null for a credit. */
  maxPoints: Points.nullable(),
  /** Above the threshold a second supervisor must approve (B11). */
  needsApproval: z.boolean(),
  threshold: Points,
});
export type CorrectionEffect = z.infer<typeof CorrectionEffect>;

export const CorrectionRequest = z.object({
  id: Id,
  memberId: Id,
  memberNo: z.number().int(),
  memberName: z.string(),
  kind: z.enum(correctionKinds),
  points: Points,
  reason: z.string(),
  reasonCategory: z.enum(manualReasons).nullable(),
  caseRef: z.string().nullable(),
  invoiceNo: z.string().nullable(),
  lotId: Id.nullable(),
  /** The member's balance now and what approving would leave (B11: shown beside the request). */
  balanceNow: Points,
  balanceAfter: Points,
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

const CorrectionInput = z
  .object({
    memberId: Id,
    kind: z.enum(correctionKinds),
    points: z.number().int().min(1).max(10_000_000),
    reason: Reason,
    channel: z.enum(['phone', 'email', 'desk']).default('desk'),
    /** withhold / correction_delete: the misregistered lot (else oldest first). */
    lotId: Id.optional(),
    /** unpaid_reduction: the member's unpaid invoice it is for (B11: the reduction names it). */
    invoiceId: Id.optional(),
    /** manual_credit / manual_debit: the reason from the list and the case reference. */
    reasonCategory: z.enum(manualReasons).optional(),
    caseRef: z.string().trim().min(1).max(60).optional(),
  })
  .strict();

export const MemberInvoice = z.object({
  id: Id,
  invoiceNo: z.string(),
  amountOre: z.number().int(),
  issuedOn: IsoDate,
  dueOn: IsoDate,
  paidOn: IsoDate.nullable(),
  status: z.enum(['open', 'paid', 'unpaid']),
  /** The reduction booked for it (B11), with whether it was given back. */
  reductionEntryId: Id.nullable(),
  reducedPoints: Points.nullable(),
  givenBack: z.boolean(),
  /** Paid after a reduction that is not given back: the desk offers the give-back (B11). */
  offerGiveBack: z.boolean(),
});
export type MemberInvoice = z.infer<typeof MemberInvoice>;

export const MemberWithholding = z.object({
  entryId: Id,
  points: Points,
  withheldOn: IsoDate,
  reason: z.string(),
  /** What releasing would give back now (0 when every lot it holds is past expiry). */
  releasable: Points,
  expiresOn: IsoDate,
});
export type MemberWithholding = z.infer<typeof MemberWithholding>;

export const MemberCorrections = z.object({
  invoices: z.array(MemberInvoice),
  withholdings: z.array(MemberWithholding),
  pending: z.array(CorrectionRequest),
  /** The member's live lots, to name the misregistered one. */
  lots: z.array(z.object({ id: Id, earnedOn: IsoDate, expiresOn: IsoDate, amount: Points, remaining: Points, withheld: Points })),
  threshold: Points,
});
export type MemberCorrections = z.infer<typeof MemberCorrections>;

export const correctionChannels = {
  'corrections.create': channel({
    summary: 'B11: withhold misregistered points, delete them, or reduce for unpaid invoices. Never below zero; above the threshold a second supervisor approves.',
    input: CorrectionInput,
    output: CorrectionOutcome,
    roles: supervisors,
    writes: true,
  }),
  'corrections.preview': channel({
    summary: 'B11: what a correction would do (balance now and after, the lots it touches, the largest amount allowed, whether it needs approval); writes nothing. The explanation and the case reference may still be unwritten.',
    input: CorrectionInput.extend({ reason: Reason.optional() }),
    output: CorrectionEffect,
    roles: supervisors,
    writes: false,
  }),
  'corrections.member': channel({
    summary: 'B11, D2: a member\'s invoices, withholdings and pending corrections, and the give-backs the desk offers for reductions whose invoice is now paid.',
    input: z.object({ memberId: Id }).strict(),
    output: MemberCorrections,
    roles: overseers,
    writes: false,
  }),
  'corrections.giveBack': channel({
    summary: 'B11: gives back an unpaid-invoice reduction whose invoice is now paid (a new entry pointing at the reduction, to the same lots).',
    input: z.object({ reductionEntryId: Id, reason: Reason.optional() }).strict(),
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
