import { z } from 'zod';
import { channel, Id, IsoInstant, Points } from '../contract-kit.js';
import { DeskErrorShape, ErrorCode } from '../errors.js';
import { deskStaff, readers } from '../roles.js';
import { EmailOrigin, IdentityChecks, OrderLine, Redemption } from './redemptions.js';

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
    output: z.object({ heldOrder: HeldOrder }),
    roles: deskStaff,
    writes: true,
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
