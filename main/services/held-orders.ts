import { DeskError, ErrorCode, type DeskErrorShape } from '../../shared/errors.js';
import type { HeldOrder } from '../../shared/channels/held-orders.js';
import type { IdentityChecks, Redemption } from '../../shared/channels/redemptions.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';
import { findLaunchLockout, notYetLaunched } from './launches.js';
import { createRedemption } from './redemptions.js';
import { getSetting } from './settings.js';

/**
 * L3: an email order for launch products that arrived before 10:00 waits in a held list and can
 * be booked from 10:00, oldest first. Booking re-checks everything at that moment (L5: the
 * product may have sold out meanwhile) through the same redemption booking as any order.
 */

interface StoredLines {
  lines: { productId: number; quantity: number }[];
  identity: IdentityChecks;
}

export async function registerHeldOrder(
  ctx: ServiceContext,
  input: { memberId: number; email: { from: string; receivedAt: string; subject: string }; lines: { productId: number; quantity: number }[]; delivery: 'next_delivery' | 'separate'; identity: IdentityChecks },
): Promise<HeldOrder> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const member = await db.first(kysely.selectFrom('members').select('id').where('id', '=', input.memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${input.memberId}.`);
    const received = new Date(input.email.receivedAt);
    if (received > ctx.clock.now()) throw new DeskError('invalid_input', 'The received time is in the future.', { field: 'email.receivedAt' });
    // Only an order the lockout applies to is held; anything else is booked as usual.
    const lockout = await findLaunchLockout(ctx, input.lines.map((l) => l.productId), received);
    if (lockout === null) {
      throw new DeskError('conflict', 'This order did not arrive during a launch-day lockout; register it as a normal email order.');
    }
    // B4: a product of a later launch is not released yet; the order cannot wait for it here.
    const [unreleased, ...more] = await notYetLaunched(ctx, input.lines.map((l) => l.productId), ctx.clock.now());
    if (unreleased !== undefined) {
      throw more.length === 0 ? unreleased : new DeskError(unreleased.code, unreleased.message, { ...unreleased.details, products: [unreleased, ...more].map((e) => e.details) });
    }
    const stored: StoredLines = { lines: input.lines, identity: input.identity };
    const { lastId } = await db.run(
      kysely.insertInto('held_orders').values({
        member_id: input.memberId,
        launch_id: lockout.launchId,
        received_at: received.toISOString(),
        email_from: input.email.from,
        email_subject: input.email.subject,
        lines: JSON.stringify(stored),
        delivery: input.delivery,
        status: 'held',
        outcome: null,
        created_at: nowIso(ctx),
        created_by: ctx.user?.id ?? null,
        resolved_at: null,
      }),
    );
    await audit(ctx, { action: 'heldOrders.register', channel: 'email', memberId: input.memberId, details: { heldOrderId: lastId, launchId: lockout.launchId } });
    return await heldOrderById(ctx, lastId);
  });
}

export async function listHeldOrders(ctx: ServiceContext, includeResolved: boolean): Promise<HeldOrder[]> {
  const db = ctx.store;
  const { kysely } = db;
  let query = kysely.selectFrom('held_orders').select('id').orderBy('received_at').orderBy('id').limit(500);
  if (!includeResolved) query = query.where('status', '=', 'held');
  const out: HeldOrder[] = [];
  for (const r of await db.all(query)) out.push(await heldOrderById(ctx, r.id));
  return out;
}

export async function bookHeldOrder(ctx: ServiceContext, heldOrderId: number): Promise<{ heldOrder: HeldOrder; redemption: Redemption | null; problem: DeskErrorShape | null }> {
  const db = ctx.store;
  const { kysely } = db;
  const row = await db.first(kysely.selectFrom('held_orders').selectAll().where('id', '=', heldOrderId));
  if (row === undefined) throw new DeskError('not_found', 'No such held order.');
  if (row.status !== 'held') throw new DeskError('invalid_transition', `The held order is already ${row.status}.`);
  const older = await db.first(
    kysely
      .selectFrom('held_orders')
      .select(['id', 'received_at'])
      .where('status', '=', 'held')
      .where((eb) => eb.or([eb('received_at', '<', row.received_at), eb.and([eb('received_at', '=', row.received_at), eb('id', '<', row.id)])]))
      .orderBy('received_at')
      .limit(1),
  );
  // L3: oldest first.
  if (older !== undefined) throw new DeskError('conflict', `Book the older held order #${older.id} first (oldest first).`, { nextId: older.id });
  const stored = JSON.parse(row.lines) as StoredLines;
  try {
    const { redemption } = await createRedemption(ctx, {
      memberId: row.member_id,
      channel: 'email',
      email: { from: row.email_from, receivedAt: row.received_at, subject: row.email_subject },
      lines: stored.lines,
      delivery: row.delivery,
      identity: stored.identity,
      idempotencyKey: `held-order-${row.id}`,
      postageOre: row.delivery === 'separate' ? await getSetting(ctx.store, 'postage_ore') : 0,
      heldOrderId: row.id,
    });
    await db.transaction(async () => {
      await db.run(kysely.updateTable('held_orders').set({ status: 'booked', outcome: `redemption ${redemption.id}`, resolved_at: nowIso(ctx) }).where('id', '=', row.id));
    });
    return { heldOrder: await heldOrderById(ctx, row.id), redemption, problem: null };
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    // Still before 10:00: the order stays held. Anything else (sold out meanwhile, too few
    // points, no subscription) closes it as failed, with the reason to tell the customer.
    if (error.code === 'launch_lockout') throw error;
    await db.transaction(async () => {
      await db.run(kysely.updateTable('held_orders').set({ status: 'failed', outcome: `${error.code}: ${error.message}`, resolved_at: nowIso(ctx) }).where('id', '=', row.id));
      await audit(ctx, { action: 'heldOrders.failed', channel: 'email', memberId: row.member_id, reason: error.message, details: { heldOrderId: row.id, code: error.code } });
    });
    return { heldOrder: await heldOrderById(ctx, row.id), redemption: null, problem: error.toShape() };
  }
}

export async function withdrawHeldOrder(ctx: ServiceContext, heldOrderId: number, reason: string): Promise<HeldOrder> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const row = await db.first(kysely.selectFrom('held_orders').select(['id', 'status', 'member_id']).where('id', '=', heldOrderId));
    if (row === undefined) throw new DeskError('not_found', 'No such held order.');
    if (row.status !== 'held') throw new DeskError('invalid_transition', `The held order is already ${row.status}.`);
    await db.run(kysely.updateTable('held_orders').set({ status: 'withdrawn', outcome: reason, resolved_at: nowIso(ctx) }).where('id', '=', row.id));
    await audit(ctx, { action: 'heldOrders.withdraw', channel: 'email', memberId: row.member_id, reason, details: { heldOrderId } });
    return await heldOrderById(ctx, row.id);
  });
}

/** A failed order stores "code: message" (the refusal it met when booked). */
function outcomeCodeOf(outcome: string | null): ErrorCode | null {
  const parsed = ErrorCode.safeParse(outcome?.split(':', 1)[0]);
  return parsed.success ? parsed.data : null;
}

async function heldOrderById(ctx: ServiceContext, id: number): Promise<HeldOrder> {
  const db = ctx.store;
  const { kysely } = db;
  const row = await db.first(
    kysely
      .selectFrom('held_orders as h')
      .innerJoin('members as m', 'm.id', 'h.member_id')
      .select(['h.id', 'h.member_id', 'm.member_no', 'm.first_name', 'm.last_name', 'h.launch_id', 'h.received_at', 'h.email_from', 'h.email_subject', 'h.lines', 'h.delivery', 'h.status', 'h.outcome'])
      .where('h.id', '=', id),
  );
  if (row === undefined) throw new DeskError('not_found', 'No such held order.');
  const stored = JSON.parse(row.lines) as StoredLines;
  const products = new Map(
    (await db.all(kysely.selectFrom('bonus_products').select(['id', 'name', 'points_price']).where('id', 'in', stored.lines.map((l) => l.productId))))
      .map((p) => [p.id, p]),
  );
  const first = await db.first(kysely.selectFrom('held_orders').select('id').where('status', '=', 'held').orderBy('received_at').orderBy('id').limit(1));
  const redemption = await db.first(kysely.selectFrom('redemptions').select('id').where('held_order_id', '=', id));
  const lockout = await findLaunchLockout(ctx, stored.lines.map((l) => l.productId), new Date(row.received_at));
  return {
    id: row.id,
    memberId: row.member_id,
    memberNo: row.member_no,
    memberName: `${row.first_name} ${row.last_name}`,
    launchId: row.launch_id,
    receivedAt: row.received_at,
    emailFrom: row.email_from,
    emailSubject: row.email_subject,
    lines: stored.lines.map((l) => ({ productId: l.productId, name: products.get(l.productId)?.name ?? '?', quantity: l.quantity, pointsEach: products.get(l.productId)?.points_price ?? 0 })),
    delivery: row.delivery,
    status: row.status,
    outcome: row.outcome,
    outcomeCode: row.status === 'failed' ? outcomeCodeOf(row.outcome) : null,
    next: row.status === 'held' && first?.id === row.id,
    opensAt: lockout?.opensAt ?? null,
    redemptionId: redemption?.id ?? null,
  };
}
