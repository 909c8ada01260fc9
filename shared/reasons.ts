import { z } from 'zod';

/**
 * Why a ledger entry, a membership event or a monthly-run booking happened: a code from this
 * closed list and its parameters (data: ids, dates, counts, product names), never an English
 * sentence. The renderer says it in the UI language (`reason.<code>` in renderer/i18n). Free text
 * a user typed (an opt-out reason, a correction's reason, a cancel reason) is the `note` beside
 * the code, shown as written.
 *
 * Storage (migration 0004): `reason_code`, `reason_params` (a JSON object) and the old `reason`
 * column, which holds the note for the codes that carry one (`noteCodes`) and the code itself
 * for the others, so it stays NOT NULL and readable.
 */

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Month = z.string().regex(/^\d{4}-\d{2}$/);
const Count = z.number().int();
const none = z.object({}).strict();

export const reasonParamSchemas = {
  /** Free text a user typed; the text is the note. */
  note: none,
  // Ledger entries.
  /** B2: an earnings line; file and line when it came from an imported file. */
  earning: z.object({ quantity: Count, product: z.string(), fileId: Count.optional(), lineNo: Count.optional() }).strict(),
  /** B7: a bonus order; `items` is the order's lines as data ("2 × Termokopp, 1 × Pledd"). */
  order: z.object({ redemptionId: Count, items: z.string() }).strict(),
  /** B7a: a bonus order cancelled; the note is why. */
  order_cancelled: z.object({ redemptionId: Count }).strict(),
  /** B10: the opt-out's forfeit; the note is the member's reason. */
  opt_out: none,
  /** B10: re-joining starts from zero. */
  rejoin_forfeit: none,
  /** B10: points that came back to a member who has opted out or ended. */
  returned_forfeited: z.object({ state: z.enum(['opted_out', 'ended']) }).strict(),
  /** B10: points that came back into lots from before the latest opt-out. */
  returned_before_opt_out: none,
  /** B5, monthly run: lots earned before `before` expired. */
  expired: z.object({ before: IsoDay }).strict(),
  /** B5: lots past their expiry booked by a write before the run came to them. */
  expired_due: z.object({ lots: Count }).strict(),
  /** B9: the 60-day cap; `capOn` is the cap day. */
  capped: z.object({ cancelledOn: IsoDay, capOn: IsoDay }).strict(),
  /** B9: membership ended 3 years after the cancellation; `endsOn` is the end day. */
  deleted_after_cancel: z.object({ cancelledOn: IsoDay, endsOn: IsoDay }).strict(),
  /** B9: the kept membership ended on request; the note is the member's reason. */
  ended_on_request: none,
  /** B9: withheld points deleted with the kept membership. */
  withheld_ended_on_request: z.object({ withholdingId: Count }).strict(),
  /** B11: a withholding closed because its lot expired. */
  withhold_closed_expiry: z.object({ withholdingId: Count }).strict(),
  /** B10: a withholding closed by the opt-out. */
  withhold_closed_opt_out: z.object({ withholdingId: Count }).strict(),
  /** B11: a credit by hand; the note is the supervisor's reason, `category` the reason from the list. */
  manual_credit: z.object({ category: z.enum(['goodwill', 'complaint', 'earlier_entry']), caseRef: z.string() }).strict(),
  /** B11: a debit by hand, as a credit. */
  manual_debit: z.object({ category: z.enum(['goodwill', 'complaint', 'earlier_entry']), caseRef: z.string() }).strict(),
  /** B11: a reduction for an unpaid invoice, which it names; the note is the supervisor's reason. */
  unpaid_invoice: z.object({ invoiceId: Count, invoiceNo: z.string() }).strict(),
  /** B11: the invoice a reduction was for is paid: the points come back. */
  invoice_paid: z.object({ invoiceId: Count, invoiceNo: z.string(), reductionId: Count }).strict(),
  /** B11: what stays withheld of a withholding whose expired part expired. */
  still_withheld: z.object({ withholdingId: Count }).strict(),
  // Membership events.
  /** B1: the first subscription started. */
  first_subscription: none,
  /** B9: customer again before the deletion; balance unchanged. */
  reactivated: none,
  /** B1: a new membership after the old one ended. */
  new_membership: none,
  /** B9: the last subscription was cancelled with this balance. */
  last_cancelled: z.object({ balance: Count }).strict(),
  /** B9: the monthly run of `month` ended the membership (3 years after cancellation). */
  run_ended: z.object({ month: Month }).strict(),
} as const satisfies Record<string, z.ZodType>;

export type ReasonCode = keyof typeof reasonParamSchemas;
export const reasonCodes = Object.keys(reasonParamSchemas) as [ReasonCode, ...ReasonCode[]];
export const ReasonCodeSchema = z.enum(reasonCodes);

/** The codes whose row carries the user's free text as its note. */
export const noteCodes: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['note', 'opt_out', 'order_cancelled', 'ended_on_request', 'manual_credit', 'manual_debit', 'unpaid_invoice']);

export type ReasonParamsOf<C extends ReasonCode> = z.infer<(typeof reasonParamSchemas)[C]>;

/** What a service passes when it writes a reason: the code, its parameters, and the user's note. */
export type Reason = { [C in ReasonCode]: { code: C; params: ReasonParamsOf<C>; note?: string } }[ReasonCode];

/** Parameters as they travel in the contract (JSON object of strings and numbers). */
export const ReasonParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type ReasonParams = z.infer<typeof ReasonParams>;

/** The three fields every output that carries a reason has. */
export const reasonFields = {
  reasonCode: ReasonCodeSchema,
  reasonParams: ReasonParams,
  note: z.string().nullable(),
};

/** A reason's parameters as the contract carries them (absent optional ones left out). */
export function reasonParamsOf(reason: Reason): ReasonParams {
  const params: ReasonParams = {};
  for (const [key, value] of Object.entries(reason.params)) if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  return params;
}

/** A user-typed reason with no code of its own. */
export function noteReason(note: string): Reason {
  return { code: 'note', params: {}, note };
}

/** The stored columns of a reason (see the header for what `reason` holds). */
export function reasonColumns(reason: Reason): { reason: string; reason_code: ReasonCode; reason_params: string } {
  const stored = noteCodes.has(reason.code) ? (reason.note ?? '') : reason.code;
  return { reason: stored, reason_code: reason.code, reason_params: JSON.stringify(reason.params) };
}

/**
 * The contract's fields from the stored columns. A row without a code (there should be none
 * after migration 0004) is shown as a note with its text.
 */
export function reasonFromColumns(row: { reason: string; reason_code: string | null; reason_params: string | null }): {
  reasonCode: ReasonCode;
  reasonParams: ReasonParams;
  note: string | null;
} {
  // Cheap on purpose (the member page reads 50 of these per look): a set lookup and one JSON.parse.
  if (row.reason_code === null || !codeSet.has(row.reason_code)) return { reasonCode: 'note', reasonParams: {}, note: row.reason };
  const code = row.reason_code as ReasonCode;
  return { reasonCode: code, reasonParams: storedParams(row.reason_params), note: noteCodes.has(code) ? row.reason : null };
}

const codeSet: ReadonlySet<string> = new Set(reasonCodes);

/** The stored JSON object of parameters (written by reasonColumns or migration 0004). */
function storedParams(json: string | null): ReasonParams {
  if (json === null) return {};
  const value: unknown = JSON.parse(json);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ReasonParams) : {};
}
