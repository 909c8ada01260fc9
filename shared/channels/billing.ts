import { z } from 'zod';
import { channel, Id, IsoInstant } from '../contract-kit.js';
import { ContactField } from '../contact.js';
import { overseers, supervisors } from '../roles.js';
import { JobStatus } from './jobs.js';

/**
 * D1–D3 (issue 14): the billing feed — customers, subscriptions and invoices as files. A preview
 * says what the file would do and stores nothing; applying it runs as a job (a worker thread, in
 * batches that each move the file's resume marker), with progress and cancel. A contact detail
 * the file would change where an agent changed it later is kept and listed as a conflict.
 * Formats and rules: docs/billing-feed.md.
 */

export const billingKinds = ['customers', 'subscriptions', 'invoices'] as const;
export const BillingKind = z.enum(billingKinds);
export type BillingKind = z.infer<typeof BillingKind>;

/** Why a line is turned away (D3): the format's reasons and the desk's. */
export const billingRejectReasons = [
  // the line itself (main/domain/billing-file.ts)
  'bad_columns',
  'bad_member_number',
  'missing_name',
  'bad_address',
  'bad_postcode',
  'bad_city',
  'bad_email',
  'bad_phone',
  'bad_date',
  'future_date',
  'bad_subscription_id',
  'missing_product',
  'cancelled_before_start',
  'bad_invoice_no',
  'bad_amount',
  'due_before_invoice',
  // against the desk (main/services/billing.ts)
  'unknown_member',
  'not_in_customers',
  'member_erased',
  'subscription_other_member',
  'cancellation_changed',
  'cancellation_withdrawn',
  'invoice_other_member',
  'payment_withdrawn',
] as const;
export const BillingRejectReason = z.enum(billingRejectReasons);
export type BillingRejectReason = z.infer<typeof BillingRejectReason>;

export const BillingRejection = z.object({
  lineNo: z.number().int(),
  reason: BillingRejectReason,
  /** The column the reason is about, when one (a date, a contact field). */
  field: z.string().optional(),
  /** The line as it stood (previews and the apply's own answer; not kept with the file, it may hold personal data). */
  text: z.string(),
});
export type BillingRejection = z.infer<typeof BillingRejection>;

/** What a file did (or would do), by kind of effect (D2). */
export const BillingCounts = z.object({
  /** customers: not members yet, kept until their first subscription starts (B1). */
  waiting: z.number().int(),
  /** customers: a waiting customer's details changed. */
  waitingChanged: z.number().int(),
  /** customers: members whose name, address, email, phone or birth date changed. */
  membersChanged: z.number().int(),
  /** customers (D3): contact details kept because an agent changed them later; listed as conflicts. */
  conflicts: z.number().int(),
  /** subscriptions (B1): members enrolled by their first subscription. */
  enrolled: z.number().int(),
  /** subscriptions (B9): an ended membership started again from zero. */
  newMemberships: z.number().int(),
  /** subscriptions (B9): cancelled members reactivated, balance as it is. */
  reactivated: z.number().int(),
  /** subscriptions: another subscription of a member (also an opted-out member's, who stays out, B10). */
  subscriptionsAdded: z.number().int(),
  /** subscriptions: subscriptions cancelled. */
  cancelled: z.number().int(),
  /** subscriptions (B9): of those, the member's last active one — B9 runs from its date. */
  lastCancelled: z.number().int(),
  /** subscriptions: product or next delivery date changed. */
  subscriptionsChanged: z.number().int(),
  invoicesNew: z.number().int(),
  invoicesUpdated: z.number().int(),
  /** invoices (B11): invoices that became paid (a reduction for one can be given back). */
  invoicesPaid: z.number().int(),
});
export type BillingCounts = z.infer<typeof BillingCounts>;

/** D3: a contact detail billing would change where an agent changed it later. */
export const BillingConflictPreview = z.object({
  lineNo: z.number().int(),
  memberNo: z.number().int(),
  field: ContactField,
  billingValue: z.string().nullable(),
  deskValue: z.string().nullable(),
});
export type BillingConflictPreview = z.infer<typeof BillingConflictPreview>;

export const BillingPreview = z.object({
  kind: BillingKind,
  fileName: z.string(),
  /** Data lines in the file. */
  total: z.number().int(),
  /** Lines applied already by an apply that was stopped (it resumes after them); 0 for a new file. */
  alreadyApplied: z.number().int(),
  applied: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  counts: BillingCounts,
  /** The first 1,000 bad lines (all are counted in `rejected`). */
  rejections: z.array(BillingRejection),
  /** The first 1,000 conflicts (all are counted in `counts.conflicts`). */
  conflicts: z.array(BillingConflictPreview),
});
export type BillingPreview = z.infer<typeof BillingPreview>;

export const BillingFileStatus = z.enum(['applying', 'done', 'cancelled']);

export const BillingFile = z.object({
  fileId: Id,
  kind: BillingKind,
  fileName: z.string(),
  status: BillingFileStatus,
  startedAt: IsoInstant,
  finishedAt: IsoInstant.nullable(),
  importedBy: z.string().nullable(),
  total: z.number().int(),
  /** The resume marker: the last line whose batch committed. */
  appliedThrough: z.number().int(),
  applied: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  counts: BillingCounts,
});
export type BillingFile = z.infer<typeof BillingFile>;

/** What an apply ended with (the job's result; the command line prints it). */
export const BillingApplyResult = BillingFile.extend({
  /** The first 1,000 bad lines of the whole file (text only for lines read in this apply). */
  rejections: z.array(BillingRejection),
});
export type BillingApplyResult = z.infer<typeof BillingApplyResult>;

export const BillingConflict = z.object({
  id: Id,
  memberId: Id,
  memberNo: z.number().int(),
  memberName: z.string(),
  field: ContactField,
  billingValue: z.string().nullable(),
  deskValue: z.string().nullable(),
  /** Who changed it on the desk, and when (the contact change the conflict is about). */
  changedBy: z.string(),
  changedAt: IsoInstant,
  fileName: z.string(),
  lineNo: z.number().int(),
  foundAt: IsoInstant,
});
export type BillingConflict = z.infer<typeof BillingConflict>;

export const BillingResolution = z.enum(['kept_desk', 'took_billing']);

/** A file as text; files above this go through the command line (`import-billing`), which streams them. */
export const BILLING_CONTENT_MAX = 64 * 1024 * 1024;
const billingFile = { kind: BillingKind, fileName: z.string().min(1).max(255), content: z.string().max(BILLING_CONTENT_MAX) };

export const billingChannels = {
  'billing.preview': channel({
    summary: 'D1–D3: what a billing file (customers, subscriptions or invoices) would create, change, cancel and reactivate, and every bad line with its number and reason. Stores nothing. Refuses a file already applied.',
    input: z.object(billingFile).strict(),
    output: BillingPreview,
    roles: supervisors,
    writes: false,
  }),
  'billing.apply': channel({
    summary: 'D2: apply a billing file as a job (progress and cancel through jobs.*): batches that each move the resume marker, so a stopped apply resumes and a row is never half applied. A file whose rows were all applied is refused.',
    input: z.object(billingFile).strict(),
    output: JobStatus,
    roles: supervisors,
    writes: true,
  }),
  'billing.files': channel({
    summary: 'Billing files applied or being applied, newest first.',
    input: z.object({}).strict(),
    output: z.object({ files: z.array(BillingFile) }),
    roles: overseers,
    writes: false,
  }),
  'billing.conflicts': channel({
    summary: 'D3: the open conflicts — contact details billing would change where an agent changed them later — oldest first.',
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.object({ conflicts: z.array(BillingConflict), total: z.number().int() }),
    roles: supervisors,
    writes: false,
  }),
  'billing.resolveConflict': channel({
    summary: "D3: resolve a conflict: keep the desk's value, or take billing's (the member is written, with an audit row).",
    input: z.object({ conflictId: Id, resolution: BillingResolution }).strict(),
    output: z.object({ ok: z.literal(true), memberId: Id }),
    roles: supervisors,
    writes: true,
  }),
};
