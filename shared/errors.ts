import { z } from 'zod';

/** Every error code a channel can answer with. The renderer translates each (i18n key `error.<code>`). */
export const errorCodes = [
  'unknown_channel',
  'invalid_input',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'bad_credentials',
  'sign_in_throttled',
  'account_inactive',
  'no_active_subscription',
  'opted_out',
  'membership_ended',
  'membership_not_kept',
  'insufficient_points',
  'sold_out',
  'discontinued',
  'insufficient_stock',
  'launch_lockout',
  'not_yet_launched',
  /** L3: a held order must have been received before 10:00 on its launch day. */
  'received_after_lockout',
  'already_booked',
  'invalid_transition',
  'negative_balance',
  'withholding_expired',
  'withholding_forfeited',
  'approval_required',
  'month_in_future',
  'month_out_of_order',
  'run_in_progress',
  'duplicate_file',
  'bad_file',
  'repeats_undecided',
  'launch_in_past',
  'terms_notice',
  /** The desk server cannot be reached (a client's answer; the router never gives it). */
  'unavailable',
  'internal',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const DeskErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type DeskErrorShape = z.infer<typeof DeskErrorShape>;

/** Thrown by services and domain code; the router turns it into `{ ok: false, error }`. */
export class DeskError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DeskError';
    this.code = code;
    this.details = details;
  }
  toShape(): DeskErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Results cross IPC as plain data, because Error objects lose their fields on the way. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: DeskErrorShape };
