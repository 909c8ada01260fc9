import { z } from 'zod';
import { channel, Id, IsoInstant, Points } from '../contract-kit.js';
import { DeskErrorShape, ErrorCode } from '../errors.js';
import { EmailAddress } from '../fields.js';
import { deskStaff, readers } from '../roles.js';
import { EmailOrigin, IdentityChecks, OrderLine, Redemption } from './redemptions.js';

/**
 * What the held-order checks say besides the error codes of a quote (errors.ts):
 * - `sender_mismatch`: the email's sender is not the member's registered address (B7: warn);
 * - `queue_short`: the stock left after the held orders received earlier is less than this order wants (L5);
 * - `not_in_launch`: a product of the order is not in today's launch (it could be ordered now on its own);
 * - `not_locked`: the order did not arrive during a lockout, so it is not a held order (L3).
 */
export const heldCheckCodes = ['sender_mismatch', 'queue_short', 'not_in_launch', 'not_locked'] as const;
export const HeldCheckItem = z.object({
  code: z.union([ErrorCode, z.enum(heldCheckCodes)]),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type HeldCheckItem = z.infer<typeof HeldCheckItem>;

/**
 * L3/L5: the checks of a held order before it is registered, the quote's own (B3, B4, B7) and
 * the queue's. `refusals` stop it being registered (nothing would be stored); `warnings` do not
 * (L3: it is registered in received order and checked again when booked from 10:00), they are
 * what to tell the customer now.
 */
export const HeldOrderCheck = z.object({
  refusals: z.array(HeldCheckItem),
  warnings: z.array(HeldCheckItem),
  lines: z.array(
    z.object({
      productId: Id,
      name: z.string(),
      quantity: z.number().int(),
      stock: z.number().int(),
      /** Units of the product in held orders received at or before this one (booked first, L3). */
      queuedAhead: z.number().int(),
      /** stock − queuedAhead, never below 0: what is left for this order when its turn comes. */
      promisable: z.number().int(),
      /** The product is locked by today's launch (the reason the order is held). */
      inLaunch: z.boolean(),
    }),
  ),
  /** 10:00 on the launch day, when the order may be booked; null when it is not locked. */
  opensAt: IsoInstant.nullable(),
  total: Points,
  balance: Points,
});
export type HeldOrderCheck = z.infer<typeof HeldOrderCheck>;

/** A held order as far as the agent has typed it: the sender may still be missing. */
export const HeldOrderDraft = z
  .object({
    memberId: Id,
    email: z.object({ from: EmailAddress.optional(), receivedAt: IsoInstant, subject: z.string().max(300).optional() }).strict(),
    lines: z.array(OrderLine).min(1).max(20),
    delivery: z.enum(['next_delivery', 'separate']),
  })
  .strict();
export type HeldOrderDraft = z.infer<typeof HeldOrderDraft>;

/** L3: an email order that arrived before 10:00 on launch day waits here, booked from 10:00 oldest first. */
export const HeldOrder = z.object({
  id: Id,
  memberId: Id,
  memberNo: z.number().int(),
  memberName: z.string(),
  launchId: Id.nullable(),
  receivedAt: IsoInstant,
  emailFrom: z.string(),
  emailSubject: z.string(),
  lines: z.array(z.object({ productId: Id, name: z.string(), quantity: z.number().int(), pointsEach: Points })),
  delivery: z.enum(['next_delivery', 'separate']),
  status: z.enum(['held', 'booked', 'failed', 'withdrawn']),
  outcome: z.string().nullable(),
  /** Why a failed order could not be booked (L5: sold_out when it sold out meanwhile). */
  outcomeCode: ErrorCode.nullable(),
  /** The oldest held order: the one to book next. */
  next: z.boolean(),
  /** When it may be booked (10:00 on the launch day). */
  opensAt: IsoInstant.nullable(),
  redemptionId: Id.nullable(),
});
export type HeldOrder = z.infer<typeof HeldOrder>;

export const heldOrderChannels = {
  'heldOrders.register': channel({
    summary: 'L3: register an email order that arrived before 10:00 on launch day; it keeps its received time.',
    input: z
      .object({
        memberId: Id,
        email: EmailOrigin,
        lines: z.array(OrderLine).min(1).max(20),
        delivery: z.enum(['next_delivery', 'separate']),
        identity: IdentityChecks,
      })
      .strict(),
    /** The warnings the order was registered with (as `heldOrders.check` gives them): what to tell the customer. */
    output: z.object({ heldOrder: HeldOrder, warnings: z.array(HeldCheckItem) }),
    roles: deskStaff,
    writes: true,
  }),
  'heldOrders.check': channel({
    summary: 'L3/L5: the checks of a held order before it is registered — sender, points, launch, stock after the queue ahead — as refusals and warnings. Stores nothing.',
    input: HeldOrderDraft,
    output: HeldOrderCheck,
    roles: deskStaff,
    writes: false,
  }),
  'heldOrders.list': channel({
    summary: 'Held email orders in received order; the first held one is next.',
    input: z.object({ includeResolved: z.boolean().default(false) }).strict(),
    output: z.object({ heldOrders: z.array(HeldOrder) }),
    roles: readers,
    writes: false,
  }),
  'heldOrders.book': channel({
    summary: 'L3/L5: book the next held order from 10:00; balance, stock and subscription are checked again now.',
    input: z.object({ heldOrderId: Id }).strict(),
    output: z.object({ heldOrder: HeldOrder, redemption: Redemption.nullable(), problem: DeskErrorShape.nullable() }),
    roles: deskStaff,
    writes: true,
  }),
  'heldOrders.withdraw': channel({
    summary: 'The customer withdrew the email order before it was booked.',
    input: z.object({ heldOrderId: Id, reason: z.string().trim().min(3).max(500) }).strict(),
    output: z.object({ heldOrder: HeldOrder }),
    roles: deskStaff,
    writes: true,
  }),
};
