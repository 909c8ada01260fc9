import { z } from 'zod';
import { channel, IsoDate } from '../contract-kit.js';
import { overseers, supervisors } from '../roles.js';

/**
 * B2 "the earning table" (issue 13): which product codes of billing's earnings file earn points,
 * how many per unit, and from and to which delivery day (Oslo, inclusive). Supervisors keep it;
 * managers read it. There is no delete: a code that stops earning (an end date, or switched off)
 * stays in the table with the rows already taken under it, which keep their points.
 */

export const EARNING_LIMITS = {
  codeMax: 40,
  nameMax: 120,
  pointsMax: 1_000_000,
} as const;

/** A product code as billing writes it: letters, digits, `.`, `_`, `-` (OMEGA3F, KASSE-M). */
export const EARNING_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Where a code stands on the desk's Oslo day: `earning`, `not_yet` (its first day is later),
 * `ended` (its last day has passed), `stopped` (switched off: earns on no day).
 */
export const earningStatuses = ['earning', 'not_yet', 'ended', 'stopped'] as const;
export const EarningStatus = z.enum(earningStatuses);
export type EarningStatus = z.infer<typeof EarningStatus>;

export const EarningProduct = z.strictObject({
  code: z.string(),
  name: z.string(),
  pointsPerUnit: z.number().int().positive(),
  /** Switched on; a switched-off code is refused as `product_not_earning` on every day. */
  active: z.boolean(),
  /** B2: the first and last delivery day that earns (inclusive); null: no end. */
  activeFrom: IsoDate,
  activeTo: IsoDate.nullable(),
  status: EarningStatus,
});
export type EarningProduct = z.infer<typeof EarningProduct>;

const Code = z.string().trim().min(1).max(EARNING_LIMITS.codeMax).regex(EARNING_CODE_PATTERN);
const Name = z.string().trim().min(1).max(EARNING_LIMITS.nameMax);
const PointsPerUnit = z.number().int().min(1).max(EARNING_LIMITS.pointsMax);
const Reason = z.string().trim().min(3).max(500);

export const earningTableChannels = {
  'earningTable.list': channel({
    summary: 'B2: the earning table: every product code with its name, points per unit, the days it earns and where it stands today.',
    input: z.object({}).strict(),
    output: z.object({ today: IsoDate, products: z.array(EarningProduct) }),
    roles: overseers,
    writes: false,
  }),
  'earningTable.create': channel({
    summary: 'B2: add a product code that earns points per unit from a delivery day on (default today), optionally to a last day.',
    input: z
      .object({
        code: Code,
        name: Name,
        pointsPerUnit: PointsPerUnit,
        activeFrom: IsoDate.optional(),
        activeTo: IsoDate.nullable().optional(),
      })
      .strict(),
    output: EarningProduct,
    roles: supervisors,
    writes: true,
  }),
  'earningTable.update': channel({
    summary: 'B2: change a code’s name, points per unit, days or switch; only the fields given change. Rows already taken keep their points; the code keeps its history.',
    input: z
      .object({
        code: Code,
        name: Name.optional(),
        pointsPerUnit: PointsPerUnit.optional(),
        active: z.boolean().optional(),
        activeFrom: IsoDate.optional(),
        activeTo: IsoDate.nullable().optional(),
        reason: Reason.optional(),
      })
      .strict(),
    output: EarningProduct,
    roles: supervisors,
    writes: true,
  }),
};
