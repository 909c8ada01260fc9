import { z } from 'zod';
import { EmailAddress } from '../fields.js';
import { channel, Id, IsoDate, IsoInstant, Points } from '../contract-kit.js';
import { deskStaff, readers } from '../roles.js';

export const productStates = ['available', 'sold_out', 'discontinued'] as const;
export const BonusProduct = z.object({
  id: Id,
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  pointsPrice: Points,
  stock: z.number().int(),
  state: z.enum(productStates),
  /** L5: the product is in a launch today or upcoming (the desk marks it). */
  launchOn: IsoDate.nullable(),
  /** L3/L5: units in held email orders waiting to be booked (from 10:00, before a caller's order): stock − queued can be promised. */
  queued: z.number().int().min(0),
});
export type BonusProduct = z.infer<typeof BonusProduct>;

/** B7: the caller's identity is verified first: the agent ticks what the caller confirmed (at least two). */
export const IdentityChecks = z
  .object({ memberNo: z.boolean(), address: z.boolean(), email: z.boolean(), phone: z.boolean() })
  .strict()
  .refine((c) => [c.memberNo, c.address, c.email, c.phone].filter(Boolean).length >= 2, {
    message: 'At least two details must be confirmed by the caller',
    path: ['identity'],
  });
export type IdentityChecks = z.infer<typeof IdentityChecks>;

export const EmailOrigin = z
  .object({ from: EmailAddress, receivedAt: IsoInstant, subject: z.string().max(300) })
  .strict();

export const OrderLine = z.object({ productId: Id, quantity: z.number().int().min(1).max(99) }).strict();

const orderFields = {
  memberId: Id,
  channel: z.enum(['phone', 'email']),
  email: EmailOrigin.optional(),
  lines: z.array(OrderLine).min(1).max(20),
  delivery: z.enum(['next_delivery', 'separate']),
};

const emailNeedsOrigin = (o: { channel: 'phone' | 'email'; email?: unknown }): boolean => o.channel === 'phone' || o.email !== undefined;
const originMessage = { message: 'An email order needs the sender, received time and subject', path: ['email'] };

export const QuoteInput = z.object(orderFields).strict().refine(emailNeedsOrigin, originMessage);

export const CreateRedemptionInput = z
  .object({
    ...orderFields,
    identity: IdentityChecks,
    /** One per order form: a double-click, a retry or a second window never books twice (B7). */
    idempotencyKey: z.string().min(8).max(100),
    /** B8: the postage shown to the agent before confirming (øre); must match the setting. */
    postageOre: z.number().int().min(0),
    /** B4 (issue 13): the points total shown before confirming; a price changed since is refused, as the postage is. */
    totalPoints: z.number().int().min(1).optional(),
  })
  .strict()
  .refine(emailNeedsOrigin, originMessage);

export const QuoteLine = z.object({ productId: Id, name: z.string(), quantity: z.number().int(), pointsEach: Points, points: Points, stock: z.number().int(), state: z.enum(productStates) });

export const Quote = z.object({
  lines: z.array(QuoteLine),
  total: Points,
  balance: Points,
  shortfall: Points,
  deliveryOn: IsoDate.nullable(),
  postageOre: z.number().int(),
  /** Why it cannot be booked now (codes as in errors.ts), empty when it can. */
  problems: z.array(z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() })),
  senderMismatch: z.boolean(),
  registeredEmail: z.string().nullable(),
});
export type Quote = z.infer<typeof Quote>;

export const redemptionStatuses = ['registered', 'shipped', 'cancelled'] as const;
export const Redemption = z.object({
  id: Id,
  memberId: Id,
  memberNo: z.number().int(),
  memberName: z.string(),
  status: z.enum(redemptionStatuses),
  channel: z.enum(['phone', 'email']),
  totalPoints: Points,
  delivery: z.enum(['next_delivery', 'separate']),
  deliveryOn: IsoDate.nullable(),
  postageOre: z.number().int(),
  lines: z.array(z.object({ productId: Id, name: z.string(), quantity: z.number().int(), pointsEach: Points })),
  emailFrom: z.string().nullable(),
  senderMismatch: z.boolean(),
  createdAt: IsoInstant,
  createdBy: z.string().nullable(),
  shippedAt: IsoInstant.nullable(),
  cancelledAt: IsoInstant.nullable(),
  cancelReason: z.string().nullable(),
});
export type Redemption = z.infer<typeof Redemption>;

export const redemptionChannels = {
  'catalog.list': channel({
    summary: 'B4/L5: bonus products with live points price, stock and state.',
    input: z.object({ includeDiscontinued: z.boolean().default(false) }).strict(),
    output: z.object({ products: z.array(BonusProduct) }),
    roles: readers,
    writes: false,
  }),
  'redemptions.quote': channel({
    summary: 'B7: the running total, shortfall, delivery and every reason it could not be booked now. Books nothing.',
    input: QuoteInput,
    output: Quote,
    roles: deskStaff,
    writes: false,
  }),
  'redemptions.create': channel({
    summary: 'B3/B4/B7/B8/L3: check and book a redemption in one transaction; a repeated key returns the first booking.',
    input: CreateRedemptionInput,
    output: z.object({ redemption: Redemption, repeated: z.boolean() }),
    roles: deskStaff,
    writes: true,
  }),
  'redemptions.list': channel({
    summary: 'Redemptions, newest first; for one member or desk-wide, by status.',
    input: z
      .object({ memberId: Id.optional(), status: z.enum(redemptionStatuses).optional(), beforeId: Id.optional(), limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
    output: z.object({ redemptions: z.array(Redemption) }),
    roles: readers,
    writes: false,
  }),
  'redemptions.ship': channel({
    summary: 'B7a: registered → shipped.',
    input: z.object({ redemptionId: Id }).strict(),
    output: z.object({ redemption: Redemption }),
    roles: deskStaff,
    writes: true,
  }),
  'redemptions.cancel': channel({
    summary: 'B7a: registered → cancelled; the points go back to the lots they came from and the stock returns.',
    input: z.object({ redemptionId: Id, reason: z.string().trim().min(3).max(500) }).strict(),
    output: z.object({ redemption: Redemption }),
    roles: deskStaff,
    writes: true,
  }),
  'settings.desk': channel({
    summary: 'Settings the desk shows: postage, approval threshold, service-email days.',
    input: z.object({}).strict(),
    output: z.object({ postageOre: z.number().int(), correctionApprovalThreshold: z.number().int(), serviceEmailDaysBefore: z.number().int() }),
    roles: readers,
    writes: false,
  }),
};

