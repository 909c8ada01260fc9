import { z } from 'zod';
import { channel, Id, IsoDate, Month, Points } from '../contract-kit.js';
import { JobStatus } from './jobs.js';
import { MembershipState } from './members.js';
import { erasureBlockers } from '../gdpr.js';

/** The points the program owes: what members could redeem, as of today. */
export const LiabilityReport = z.object({
  asOf: IsoDate,
  members: z.record(MembershipState, z.number().int()),
  points: z.object({ total: Points, withheld: Points, byState: z.record(MembershipState, Points) }),
  /** B5: what the coming monthly runs will expire, per run month. */
  expiring: z.array(z.object({ runMonth: Month, points: Points })),
});
export type LiabilityReport = z.infer<typeof LiabilityReport>;

export const reportChannels = {
  'reports.liability': channel({
    summary: 'Points liability: outstanding points by membership state and what expires in the coming runs.',
    input: z.object({}).strict(),
    output: LiabilityReport,
    roles: ['supervisor', 'manager'],
    writes: false,
  }),
  'reports.exportMembers': channel({
    summary: 'Member report as CSV or XLSX, written in a worker thread into the export folder.',
    input: z.object({ format: z.enum(['csv', 'xlsx']), state: MembershipState.optional() }).strict(),
    output: JobStatus,
    roles: ['manager'],
    writes: true,
  }),
};

/** B14: a member's personal data — access requests and erasure (members.* area, handled beside the member page). */
export const memberDataChannels = {
  'members.accessExport': channel({
    summary: 'B14: a copy of everything held about a member (GDPR access request), as a JSON file and a readable HTML document.',
    input: z.object({ memberId: Id }).strict(),
    output: z.object({ path: z.string(), bytes: z.number().int(), file: z.string(), htmlPath: z.string(), htmlFile: z.string() }),
    roles: ['manager'],
    writes: true,
  }),
  'members.erasure': channel({
    summary: 'B14: what erasing the member would anonymise and keep (with the reason), and why it is refused now, if it is.',
    input: z.object({ memberId: Id }).strict(),
    output: z.object({
      blocker: z.enum(erasureBlockers).nullable(),
      anonymised: z.array(z.object({ section: z.string(), field: z.string(), blank: z.string().nullable() })),
      kept: z.array(z.object({ section: z.string(), field: z.string(), reason: z.enum(['ledger_key', 'ledger_amounts', 'dates', 'state']) })),
    }),
    roles: ['manager'],
    writes: false,
  }),
  'members.erase': channel({
    summary: 'B14: erase a member’s personal data; the ledger keeps its amounts, so balances and reports stay true.',
    input: z.object({ memberId: Id, reason: z.string().trim().min(3).max(500) }).strict(),
    output: z.object({ ok: z.literal(true) }),
    roles: ['manager'],
    writes: true,
  }),
};
