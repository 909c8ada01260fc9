import { z } from 'zod';
import { channel, Id, IsoDate, IsoInstant } from '../contract-kit.js';
import { readers, supervisors } from '../roles.js';

export const TermsVersion = z.object({
  id: Id,
  title: z.string(),
  body: z.string(),
  publishedOn: IsoDate,
  effectiveOn: IsoDate,
  legallyRequired: z.boolean(),
  createdAt: IsoInstant,
  createdBy: z.string().nullable(),
  /** The version in force today. */
  current: z.boolean(),
});
export type TermsVersion = z.infer<typeof TermsVersion>;

export const termsChannels = {
  'terms.list': channel({
    summary: 'B13: the dated versions of the program terms, newest first, with the one in force today.',
    input: z.object({}).strict(),
    output: z.object({ versions: z.array(TermsVersion) }),
    roles: readers,
    writes: false,
  }),
  'terms.publish': channel({
    summary: 'B13: publish a new version today; it takes effect one month later at the earliest, unless legally required.',
    input: z
      .object({ title: z.string().trim().min(3).max(200), body: z.string().trim().min(10).max(100_000), effectiveOn: IsoDate, legallyRequired: z.boolean().default(false) })
      .strict(),
    output: z.object({ version: TermsVersion }),
    roles: supervisors,
    writes: true,
  }),
};
