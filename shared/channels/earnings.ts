import { z } from 'zod';
import { channel, Id, IsoInstant } from '../contract-kit.js';
import { overseers, supervisors } from '../roles.js';

export const rejectReasons = [
  'bad_columns',
  'bad_member_number',
  'bad_quantity',
  'bad_date',
  'future_date',
  'unknown_member',
  'unknown_product',
  // B2: the code is in the earning table but no longer earns points.
  'product_not_earning',
  // B2 (issue 13): the code earns, but not on the row's delivery day (before its first or after its last day).
  'outside_earning_period',
  'member_opted_out',
  'member_not_active',
] as const;

export const EarningsRejection = z.object({ lineNo: z.number().int(), reason: z.enum(rejectReasons), text: z.string() });
export type EarningsRejection = z.infer<typeof EarningsRejection>;

export const EarningsImport = z.object({
  fileId: Id,
  fileName: z.string(),
  importedAt: IsoInstant,
  total: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  points: z.number().int(),
  /** B2: repeated lines the supervisor dropped, and those kept (booked although they repeat). */
  dropped: z.number().int(),
  keptRepeats: z.number().int(),
  rejections: z.array(EarningsRejection),
});
export type EarningsImport = z.infer<typeof EarningsImport>;

/**
 * B2: a good line that repeats a row — an earlier line of the same file (`sameAsLine`), or a row
 * already imported (`booked`: which file, when, which line), or both. The supervisor keeps or
 * drops each before the file is booked.
 */
export const EarningsRepeat = z.object({
  lineNo: z.number().int(),
  text: z.string(),
  points: z.number().int(),
  sameAsLine: z.number().int().nullable(),
  booked: z.object({ fileId: Id, fileName: z.string(), importedAt: IsoInstant, lineNo: z.number().int() }).nullable(),
});
export type EarningsRepeat = z.infer<typeof EarningsRepeat>;

/** B2: what a file would book, before anything is stored. `accepted`/`points` leave the repeats out. */
export const EarningsPreview = z.object({
  fileName: z.string(),
  total: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  points: z.number().int(),
  rejections: z.array(EarningsRejection),
  repeats: z.array(EarningsRepeat),
});
export type EarningsPreview = z.infer<typeof EarningsPreview>;

/** B2: the supervisor's decision for one repeated line. */
export const RepeatDecision = z.object({ lineNo: z.number().int().positive(), keep: z.boolean() }).strict();
export type RepeatDecision = z.infer<typeof RepeatDecision>;

const earningsFile = { fileName: z.string().min(1).max(255), content: z.string().max(64 * 1024 * 1024) };

export const earningsChannels = {
  'earnings.preview': channel({
    summary: 'B2: read an earnings file without storing anything: bad lines by number and reason, and the lines that repeat a row (in the file or booked before) for the supervisor to decide. Refuses a file whose rows were all booked already.',
    input: z.object(earningsFile).strict(),
    output: EarningsPreview,
    roles: supervisors,
    writes: false,
  }),
  'earnings.import': channel({
    summary: 'B2: take an earnings file from billing, with a keep/drop decision for every repeated line. Bad lines are reported by number; good lines wait for the monthly run. The same rows are never taken twice.',
    input: z.object({ ...earningsFile, repeats: z.array(RepeatDecision).max(1_000_000).optional() }).strict(),
    output: EarningsImport,
    roles: supervisors,
    writes: true,
  }),
  'earnings.files': channel({
    summary: 'Imported earnings files, newest first.',
    input: z.object({}).strict(),
    output: z.object({ files: z.array(EarningsImport.omit({ rejections: true, keptRepeats: true })) }),
    roles: overseers,
    writes: false,
  }),
};
