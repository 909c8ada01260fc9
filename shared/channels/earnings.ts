import { z } from 'zod';
import { channel, Id, IsoInstant } from '../contract-kit.js';
import { supervisors } from '../roles.js';

export const rejectReasons = [
  'bad_columns',
  'bad_member_number',
  'bad_quantity',
  'bad_date',
  'future_date',
  'unknown_member',
  'unknown_product',
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
  rejections: z.array(EarningsRejection),
});
export type EarningsImport = z.infer<typeof EarningsImport>;

export const earningsChannels = {
  'earnings.import': channel({
    summary: 'B2: take an earnings file from billing. Bad lines are reported by number; good lines wait for the monthly run. A file is never taken twice.',
    input: z.object({ fileName: z.string().min(1).max(255), content: z.string().max(64 * 1024 * 1024) }).strict(),
    output: EarningsImport,
    roles: supervisors,
    writes: true,
  }),
  'earnings.files': channel({
    summary: 'Imported earnings files, newest first.',
    input: z.object({}).strict(),
    output: z.object({ files: z.array(EarningsImport.omit({ rejections: true })) }),
    roles: supervisors,
    writes: false,
  }),
};
