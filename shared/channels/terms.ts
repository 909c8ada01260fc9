import { z } from 'zod';
import { channel, Id, IsoDate, IsoInstant } from '../contract-kit.js';
import { admins, readers, type Role } from '../roles.js';

export const TermsVersion = z.object({
  id: Id,
  title: z.string(),
  body: z.string(),
  publishedOn: IsoDate,
  effectiveOn: IsoDate,
  legallyRequired: z.boolean(),
  /** B13 (migration 0011): why a version required by law takes effect with less than a month's notice. */
  legalReason: z.string().nullable(),
  createdAt: IsoInstant,
  createdBy: z.string().nullable(),
  /** The version in force today. */
  current: z.boolean(),
});
export type TermsVersion = z.infer<typeof TermsVersion>;

/** The version in force, without its text: what the member page names (a cheap read). */
export const TermsInForce = z.object({ id: Id, title: z.string(), publishedOn: IsoDate, effectiveOn: IsoDate, legallyRequired: z.boolean() });
export type TermsInForce = z.infer<typeof TermsInForce>;

/** Who reads the terms: the desk staff and the manager (read to a caller), and the admin who keeps them (issue 13). */
export const termsReaders: readonly Role[] = [...readers, ...admins];

export const termsChannels = {
  'terms.list': channel({
    summary: 'B13: the dated versions of the program terms, newest first, with the one in force today.',
    input: z.object({}).strict(),
    output: z.object({
      versions: z.array(TermsVersion),
      /** The desk's Oslo day, and the earliest day a version published today may take effect (one month's notice). */
      today: IsoDate,
      earliestToday: IsoDate,
    }),
    roles: termsReaders,
    writes: false,
  }),
  'terms.current': channel({
    summary: 'B13: the version of the terms in force today (title and dates, not the text), or null before the first; the member page names it.',
    input: z.object({}).strict(),
    output: z.object({ version: TermsInForce.nullable() }),
    roles: readers,
    writes: false,
  }),
  'terms.publish': channel({
    summary:
      'B13 (admin): add a version, published today or on a later day; it takes effect one calendar month after its publication at the earliest (refused as terms_notice with the earliest day), unless required by law, which needs a reason.',
    input: z
      .object({
        title: z.string().trim().min(3).max(200),
        body: z.string().trim().min(10).max(100_000),
        /** The day the members are told; today when left out. Never before today (the notice would be shorter than the members had). */
        publishedOn: IsoDate.optional(),
        effectiveOn: IsoDate,
        legallyRequired: z.boolean().default(false),
        /** Required (3–500 characters) when legallyRequired; refused otherwise. */
        legalReason: z.string().trim().min(3).max(500).optional(),
      })
      .strict(),
    output: z.object({ version: TermsVersion }),
    roles: admins,
    writes: true,
  }),
};
