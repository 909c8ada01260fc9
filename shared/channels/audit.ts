import { z } from 'zod';
import { channel, Empty, Id, IsoDate, IsoInstant } from '../contract-kit.js';
import { auditors, Role } from '../roles.js';

/**
 * Issue 13, "The audit (supervisors and admins)": the audit screen over `audit_log` — filtered by
 * user, member, action, channel and Oslo days, newest first, one keyset page at a time (a cursor
 * is the last id shown, never an OFFSET, so page 1 000 costs what page 1 costs at 10 million rows);
 * each row with what changed (before → after where its details keep them); an export of the
 * filtered rows; and the check of both hash chains (B14, the same walk as `desk audit verify`).
 */

/** An action code as the services write it (`corrections.withhold`, `security.forbidden`). */
export const AuditAction = z
  .string()
  .max(80)
  .regex(/^[a-z][a-zA-Z]*\.[a-zA-Z][a-zA-Z_]*$/, 'expected an action code such as corrections.withhold');

/** The channel column of an audit row: how the work came in (phone, email, file, system, desk). */
export const AuditChannel = z
  .string()
  .max(20)
  .regex(/^[a-z][a-z_]*$/, 'expected a channel such as phone or desk');

/** A real calendar day (Oslo), YYYY-MM-DD: 2026-02-30 is refused here, not deep in the service. */
const CalendarDay = IsoDate.refine((day) => {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}, 'expected a real day (YYYY-MM-DD)');

const filterShape = {
  /** Rows by this user; null: rows written by the system (the monthly run, a billing file, the command line). */
  userId: Id.nullable().optional(),
  /** Rows about the member with this member number (as the caller gives it). */
  memberNo: z.number().int().positive().max(999_999_999).optional(),
  action: AuditAction.optional(),
  channel: AuditChannel.optional(),
  /** From 00:00 Oslo time on this day. */
  from: CalendarDay.optional(),
  /** Up to the end of this day (Oslo), inclusive. */
  to: CalendarDay.optional(),
};

const fromBeforeTo = (f: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void => {
  if (f.from !== undefined && f.to !== undefined && f.from > f.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the last day is before the first' });
};

export const AuditFilter = z.object(filterShape).strict().superRefine(fromBeforeTo);
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditPerson = z.object({ id: Id, name: z.string(), username: z.string() });
export type AuditPerson = z.infer<typeof AuditPerson>;

export const AuditMember = z.object({ id: Id, memberNo: z.number().int(), name: z.string() });
export type AuditMember = z.infer<typeof AuditMember>;

/** One thing a row changed: a setting's value, a field of a record, a contact field. */
export const AuditChange = z.object({
  /** The setting, field or key that changed; null when the details name none. */
  field: z.string().nullable(),
  /**
   * False when the row names the field but keeps no values: a contact correction's values live in
   * `contact_changes` (D3), which erasure blanks, so the audit chain keeps no contact details.
   */
  kept: z.boolean(),
  before: z.json(),
  after: z.json(),
});
export type AuditChange = z.infer<typeof AuditChange>;

export const AuditRow = z.object({
  id: Id,
  at: IsoInstant,
  /** Null: the system wrote it. */
  user: AuditPerson.nullable(),
  action: z.string(),
  channel: z.string(),
  member: AuditMember.nullable(),
  /** What the user typed as the reason. */
  reason: z.string().nullable(),
  /** Before and after, where the details keep them (else empty). */
  changes: z.array(AuditChange),
  /** The rest of the row's details (ids, counts, files), as stored; null when none are left. */
  details: z.record(z.string(), z.json()).nullable(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const ChainCheck = z.object({
  table: z.enum(['audit_log', 'member_access_log']),
  rows: z.number().int().nonnegative(),
  /** The first row whose hash does not follow from the row before; null when the chain holds. */
  broken: z.object({ id: Id, at: z.string(), previousId: Id.nullable() }).nullable(),
});
export type ChainCheck = z.infer<typeof ChainCheck>;

/** The most rows one export holds (newest first); a wider filter is told to narrow (`truncated`). */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;
/** The most rows one page holds. */
export const AUDIT_PAGE_MAX = 200;

export const auditChannels = {
  'audit.list': channel({
    summary: 'Issue 13: the audit rows matching the filter, newest first, one keyset page (before = the last id shown); users and members by name. Logged as an access (B14).',
    input: z
      .object({
        ...filterShape,
        /** The cursor: rows older than this id (the `next` of the page before). */
        before: Id.optional(),
        limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
      })
      .strict()
      .superRefine(fromBeforeTo),
    output: z.object({
      items: z.array(AuditRow),
      /** The cursor of the next (older) page; null when this page is the last. */
      next: Id.nullable(),
      /** The member the filter names (its number resolved), or null. */
      member: AuditMember.nullable(),
    }),
    roles: auditors,
    writes: false,
  }),
  'audit.facets': channel({
    summary: 'Issue 13: what the audit filter offers: every user, and the actions and channels the audit log holds.',
    input: Empty,
    output: z.object({
      users: z.array(z.object({ id: Id, name: z.string(), username: z.string(), role: Role, active: z.boolean() })),
      actions: z.array(z.string()),
      channels: z.array(z.string()),
    }),
    roles: auditors,
    writes: false,
  }),
  'audit.export': channel({
    summary: `Issue 13: the audit rows matching the filter (newest first, at most ${AUDIT_EXPORT_MAX_ROWS}) as CSV or XLSX, written whole into the export folder under a name made by main. Logged as an access (B14) and audited.`,
    input: z
      .object({ ...filterShape, format: z.enum(['csv', 'xlsx']).default('csv') })
      .strict()
      .superRefine(fromBeforeTo),
    output: z.object({
      path: z.string(),
      rows: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      /** More rows matched than one export holds: the file has the newest AUDIT_EXPORT_MAX_ROWS. */
      truncated: z.boolean(),
    }),
    roles: auditors,
    writes: true,
  }),
  'audit.verify': channel({
    summary: 'B14, issue 13: walks the hash chains of the audit log and the access log (as `desk audit verify`) and names the first row that breaks.',
    input: Empty,
    output: z.object({ ok: z.boolean(), chains: z.array(ChainCheck) }),
    roles: auditors,
    writes: false,
  }),
};
