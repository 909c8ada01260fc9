import { z } from 'zod';
import { channel, Id, IsoDate, Month, Points } from '../contract-kit.js';
import { managers, overseers } from '../roles.js';
import { ReasonCodeSchema, ReasonParams } from '../reasons.js';
import { JobStatus } from './jobs.js';
import { MembershipState } from './members.js';

/**
 * Issue 15: the managers' reports (supervisors read them too) and their exports. What each
 * report counts, and how, is in docs/reports.md.
 */

/** B5/B11: the points the program owes on a day, from the ledger up to that day. */
export const PointsLiability = z.object({
  asOf: IsoDate,
  /** Points in lots live on asOf (expiry date on or after it), not withheld: what members could redeem. */
  outstanding: Points,
  /** B11: points withheld in lots live on asOf (owed only if released). */
  withheld: Points,
  /** B5: points still in lots past their expiry on asOf, waiting for the monthly run to book them (not owed). */
  awaitingExpiry: Points,
  /** Members holding outstanding points. */
  members: z.number().int(),
  /** By the year the lot was earned (its age). */
  byYear: z.array(z.object({ year: z.number().int(), outstanding: Points, withheld: Points })),
  /** B5: the next 12 monthly runs after asOf's month and what each removes (lots whose expiry date falls in the month before it). */
  expiring: z.array(z.object({ runMonth: Month, expiresIn: Month, outstanding: Points, withheld: Points })),
});
export type PointsLiability = z.infer<typeof PointsLiability>;

/** The ledger's kinds gathered as the activity report shows them; amounts signed as in the ledger. */
export const activityColumns = ['earned', 'redeemed', 'returned', 'expired', 'capped', 'deleted', 'forfeited', 'withheld', 'released', 'corrected'] as const;
export type ActivityColumn = (typeof activityColumns)[number];
export const ActivityMonth = z.object({
  month: Month,
  ...Object.fromEntries(activityColumns.map((c) => [c, Points])) as Record<ActivityColumn, typeof Points>,
  /** The sum of every column: the month's change of the ledger. */
  net: Points,
  entries: z.number().int(),
});
export type ActivityMonth = z.infer<typeof ActivityMonth>;

const MonthRange = z
  .object({ from: Month, to: Month })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] });

export const RedemptionsMonth = z.object({
  month: Month,
  orders: z.number().int(),
  points: Points,
  phone: z.number().int(),
  email: z.number().int(),
  nextDelivery: z.number().int(),
  separate: z.number().int(),
  /** Orders registered this month that were cancelled since (by the day of cancellation: `cancellations`). */
  cancelled: z.number().int(),
});
export type RedemptionsMonth = z.infer<typeof RedemptionsMonth>;

export const RedemptionsReport = z.object({
  from: Month,
  to: Month,
  months: z.array(RedemptionsMonth),
  /** Orders not cancelled, by product: units and points. */
  products: z.array(z.object({ productId: Id, sku: z.string(), name: z.string(), orders: z.number().int(), units: z.number().int(), points: Points })),
  /** Cancellations booked in the range, by the reason given. */
  cancellations: z.array(z.object({ reason: z.string(), count: z.number().int(), points: Points })),
});
export type RedemptionsReport = z.infer<typeof RedemptionsReport>;

export const correctionKinds = ['withhold', 'release', 'correction_delete', 'unpaid_reduction', 'correction_add', 'reversal'] as const;
export const CorrectionRow = z.object({
  entryId: Id,
  memberNo: z.number().int(),
  kind: z.enum(correctionKinds),
  amount: Points,
  effectiveOn: IsoDate,
  occurredAt: z.string(),
  /** Who asked: the request's author for an approved request, else who booked it. */
  requestedBy: z.string(),
  approvedBy: z.string().nullable(),
  reasonCode: ReasonCodeSchema,
  reasonParams: ReasonParams,
  note: z.string().nullable(),
});
export type CorrectionRow = z.infer<typeof CorrectionRow>;

export const CorrectionsQuery = z
  .object({
    from: IsoDate,
    to: IsoDate,
    limit: z.number().int().min(1).max(1_000).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const memberSorts = ['memberNo', 'name', 'balance', 'enrolledOn', 'cancelledOn', 'postcode'] as const;
export const MemberFilter = z
  .object({
    states: z.array(MembershipState).max(4).optional(),
    balanceMin: Points.optional(),
    balanceMax: Points.optional(),
    /** Members with points in live lots that expire within this many days from today. */
    expiringWithinDays: z.number().int().min(0).max(3_650).optional(),
    cancelledFrom: IsoDate.optional(),
    cancelledTo: IsoDate.optional(),
    /** A postcode, or its first digits. */
    postcode: z.string().trim().regex(/^[0-9]{1,4}$/).optional(),
    /** A place, as billing spells it (case does not matter). */
    place: z.string().trim().min(1).max(60).optional(),
    enrolledFrom: IsoDate.optional(),
    enrolledTo: IsoDate.optional(),
  })
  .strict();
export type MemberFilter = z.infer<typeof MemberFilter>;

export const MemberReportRow = z.object({
  memberId: Id,
  memberNo: z.number().int(),
  name: z.string(),
  state: MembershipState,
  balance: Points,
  postcode: z.string().nullable(),
  place: z.string().nullable(),
  enrolledOn: IsoDate,
  cancelledOn: IsoDate.nullable(),
  /** With expiringWithinDays: the points of this member that expire within those days. */
  expiring: Points.nullable(),
});
export type MemberReportRow = z.infer<typeof MemberReportRow>;

export const MemberReportQuery = z
  .object({
    filter: MemberFilter.default({}),
    sort: z.enum(memberSorts).default('memberNo'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const reportNames = ['members', 'liability', 'activity', 'redemptions', 'corrections'] as const;
export type ReportName = (typeof reportNames)[number];

/** The member report's export: the report's filters and order (a job in the worker, issue 15). */
export const MemberReportExport = z.object({ report: z.literal('members'), format: z.enum(['csv', 'xlsx']), filter: MemberFilter.default({}), sort: z.enum(memberSorts).default('memberNo'), direction: z.enum(['asc', 'desc']).default('asc') }).strict();
export type MemberReportExport = z.infer<typeof MemberReportExport>;

export const ReportExport = z.discriminatedUnion('report', [
  MemberReportExport,
  z.object({ report: z.literal('liability'), format: z.enum(['csv', 'xlsx']), asOf: IsoDate.optional() }).strict(),
  z.object({ report: z.literal('activity'), format: z.enum(['csv', 'xlsx']), from: Month, to: Month }).strict(),
  z.object({ report: z.literal('redemptions'), format: z.enum(['csv', 'xlsx']), from: Month, to: Month }).strict(),
  z.object({ report: z.literal('corrections'), format: z.enum(['csv', 'xlsx']), from: IsoDate, to: IsoDate }).strict(),
]);
export type ReportExport = z.infer<typeof ReportExport>;

export const managerReportChannels = {
  'reports.pointsLiability': channel({
    summary: 'B5/B11: outstanding points in total, by year earned, withheld and expiring in the next 12 runs — today, or as of a past day from the ledger.',
    input: z.object({ asOf: IsoDate.optional() }).strict(),
    output: PointsLiability,
    roles: overseers,
    writes: false,
  }),
  'reports.activity': channel({
    summary: 'Earned, redeemed, expired, capped, deleted, forfeited, withheld, released and corrected points per month (ledger kind, effective day).',
    input: MonthRange,
    output: z.object({ from: Month, to: Month, months: z.array(ActivityMonth) }),
    roles: overseers,
    writes: false,
  }),
  'reports.redemptions': channel({
    summary: 'Redemptions per month by channel and delivery, by product, and cancellations with their reasons.',
    input: MonthRange,
    output: RedemptionsReport,
    roles: overseers,
    writes: false,
  }),
  'reports.corrections': channel({
    summary: 'B11: every manual correction between two days, with who asked, who approved, the reason and the amount; paged with the exact count.',
    input: CorrectionsQuery,
    output: z.object({ total: z.number().int(), items: z.array(CorrectionRow) }),
    roles: overseers,
    writes: false,
  }),
  'reports.members': channel({
    summary: 'The member report: filters that combine, sorted, paged with the exact count. Each page read is logged as an access (B14).',
    input: MemberReportQuery,
    output: z.object({ total: z.number().int(), items: z.array(MemberReportRow) }),
    roles: overseers,
    writes: false,
  }),
  'reports.export': channel({
    summary: 'Any manager report as CSV or XLSX into the export folder, whole or absent; the member report is logged as an access (B14).',
    input: ReportExport,
    output: z.object({ path: z.string(), rows: z.number().int(), bytes: z.number().int() }),
    roles: managers,
    writes: true,
  }),
  'reports.exportJob': channel({
    summary: 'The member report with its filters as CSV or XLSX, streamed by a job in the worker: jobs.status shows the rows written of the total; whole or absent (B14: logged as an access).',
    input: MemberReportExport,
    output: JobStatus,
    roles: managers,
    writes: true,
  }),
  'reports.cancelExport': channel({
    summary: 'Stop one of your own member report exports between rows; its temporary file is removed and no file is left.',
    input: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    output: JobStatus,
    roles: managers,
    writes: true,
  }),
};
