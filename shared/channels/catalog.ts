import { z } from 'zod';
import { channel, Id, IsoInstant } from '../contract-kit.js';
import { overseers, supervisors } from '../roles.js';
import { BonusProduct, productStates } from './redemptions.js';

/**
 * B4 "Catalog upkeep" (issue 13): supervisors add bonus products, change their name,
 * description and points price, adjust their stock with a reason (each adjustment a row of the
 * product's stock history), and mark them available, sold out or discontinued. Attaching a
 * product to a launch is `launches.update` (the launch lists its products). `catalog.list`
 * (redemptions.ts) stays the list every desk reads; the writes answer with the same product.
 *
 * A change never alters a registered redemption: its lines keep the points each was booked at.
 */

/** The limits of the catalog's fields, shared by the contract and the forms. */
export const CATALOG_LIMITS = {
  skuMax: 40,
  nameMax: 120,
  descriptionMax: 1_000,
  priceMax: 10_000_000,
  stockMax: 1_000_000,
  reasonMin: 3,
  reasonMax: 500,
} as const;

/** An article number: letters, digits, `.`, `_`, `-`, starting with a letter or digit (BP-1001). */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const Sku = z.string().trim().min(1).max(CATALOG_LIMITS.skuMax).regex(SKU_PATTERN);
const ProductName = z.string().trim().min(1).max(CATALOG_LIMITS.nameMax);
const Description = z.string().trim().max(CATALOG_LIMITS.descriptionMax);
const PointsPrice = z.number().int().min(1).max(CATALOG_LIMITS.priceMax);
/** B12a: every write says why; a stock adjustment must. */
const Reason = z.string().trim().min(CATALOG_LIMITS.reasonMin).max(CATALOG_LIMITS.reasonMax);

/** The reason stored with the stock a product was created with (the first row of its history). */
export const INITIAL_STOCK_REASON = 'initial_stock';

/** One row of a product's stock history: a change made by hand (sales and cancellations are the redemptions'). */
export const StockAdjustment = z.strictObject({
  id: Id,
  productId: Id,
  at: IsoInstant,
  delta: z.number().int(),
  stockAfter: z.number().int().min(0),
  /** What the supervisor typed; for the stock a product was created with, `initial: true`. */
  reason: z.string(),
  initial: z.boolean(),
  by: z.string().nullable(),
});
export type StockAdjustment = z.infer<typeof StockAdjustment>;

const ProductAnswer = z.object({ product: BonusProduct });

export const catalogChannels = {
  'catalog.create': channel({
    summary: 'B4: add a bonus product: article number, name, description, points price and the stock it starts with (a row of its stock history). Available with stock, else sold out.',
    input: z
      .object({
        sku: Sku,
        name: ProductName,
        description: Description.default(''),
        pointsPrice: PointsPrice,
        stock: z.number().int().min(0).max(CATALOG_LIMITS.stockMax).default(0),
      })
      .strict(),
    output: ProductAnswer,
    roles: supervisors,
    writes: true,
  }),
  'catalog.update': channel({
    summary: 'B4: change a product’s name, description or points price; only the fields given change. Registered redemptions keep the points they were booked at. A change of nothing stores nothing.',
    input: z
      .object({
        productId: Id,
        name: ProductName.optional(),
        description: Description.optional(),
        pointsPrice: PointsPrice.optional(),
        reason: Reason.optional(),
      })
      .strict(),
    output: ProductAnswer,
    roles: supervisors,
    writes: true,
  }),
  'catalog.adjustStock': channel({
    summary: 'B4: add to or take from a product’s stock with a reason, kept in its stock history. Stock never goes below zero; the last unit taken marks it sold out, stock coming back to a sold-out product with none makes it available.',
    input: z
      .object({
        productId: Id,
        delta: z
          .number()
          .int()
          .min(-CATALOG_LIMITS.stockMax)
          .max(CATALOG_LIMITS.stockMax)
          .refine((d) => d !== 0, { message: 'The change must not be zero' }),
        reason: Reason,
      })
      .strict(),
    output: z.object({ product: BonusProduct, adjustment: StockAdjustment }),
    roles: supervisors,
    writes: true,
  }),
  'catalog.setState': channel({
    summary: 'B4: mark a product available, sold out or discontinued (a discontinued product keeps its history). Available needs stock. The same state again stores nothing.',
    input: z.object({ productId: Id, state: z.enum(productStates), reason: Reason.optional() }).strict(),
    output: ProductAnswer,
    roles: supervisors,
    writes: true,
  }),
  'catalog.stockHistory': channel({
    summary: 'B4: a product’s stock history, newest first: every adjustment by hand with its reason, who and when, and the stock after it.',
    input: z
      .object({ productId: Id, beforeId: Id.optional(), limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
    output: z.object({ productId: Id, entries: z.array(StockAdjustment), more: z.boolean() }),
    roles: overseers,
    writes: false,
  }),
};
