import { DeskError, ErrorCode, type DeskErrorShape } from '../../shared/errors.js';
import type { HeldCheckItem, HeldOrder, HeldOrderCheck, HeldOrderDraft } from '../../shared/channels/held-orders.js';
import type { IdentityChecks, Redemption } from '../../shared/channels/redemptions.js';
import { osloTime } from '../domain/time.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';
import { queuedUnits } from './held-queue.js';
import { findLaunchLockout, launchDayOpening } from './launches.js';
import { createRedemption, quoteRedemption } from './redemptions.js';
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

/** What the checks of a held order found: the refusals as errors (the first is thrown when registering). */
interface Assessment {
  refusals: DeskError[];
  warnings: HeldCheckItem[];
  check: HeldOrderCheck;
  launchId: number | null;
}

const item = (e: DeskError): HeldCheckItem => (e.details === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, details: e.details });

/**
 * L3/L5 (issue 12): the checks of a held order, run when it is registered and, through
 * `heldOrders.check`, while the agent fills it in, so the customer can be told before 10:00
 * instead of the order failing at 10:00. The quote's own checks (B3, B4, B7: sender, points,
 * stock, catalog state, membership) come from `quoteRedemption`, the queue ahead from the held
 * orders received at or before this one.
 *
 * Refusals — nothing is registered: the received time is in the future; it is at or after 10:00
 * on a launch day (`received_after_lockout`); the order was not locked at all (`conflict`,
 * reported as `not_locked`); a product launches later (B4, `not_yet_launched`).
 * Warnings — it is registered, and booked from 10:00 only if it then passes (L3: "balance,
 * stock and subscription are checked again at that moment"): the sender is not the member's
 * registered email (B7), too few points, sold out or too few left after the queue ahead, a
 * discontinued product, no active subscription or an ended membership (B3), a product of the
 * order that is not in today's launch.
 */
async function assess(ctx: ServiceContext, draft: HeldOrderDraft): Promise<Assessment> {
  const received = new Date(draft.email.receivedAt);
  const receivedAt = received.toISOString();
  const productIds = draft.lines.map((l) => l.productId);
  const refusals: DeskError[] = [];
  const quote = await quoteRedemption(ctx, {
    memberId: draft.memberId,
    channel: 'email',
    email: draft.email.from === undefined ? undefined : { from: draft.email.from, receivedAt, subject: draft.email.subject ?? '' },
    lines: draft.lines,
    delivery: draft.delivery,
  });
  if (received > ctx.clock.now()) {
    refusals.push(new DeskError('invalid_input', 'The received time is in the future.', { field: 'email.receivedAt', reason: 'future' }));
  }
  // Only an order the lockout applies to is held; anything else is booked as usual.
  const lockout = await findLaunchLockout(ctx, productIds, received);
  if (lockout === null) {
    const opensAt = await launchDayOpening(ctx, received);
    if (opensAt !== null && received >= opensAt) {
      // L3: the lockout ends at 10:00:00; an email received from then on is an ordinary order.
      refusals.push(
        new DeskError('received_after_lockout', `Held orders are for email orders received before ${osloTime(opensAt)} on launch day; this one was received at ${osloTime(received)}. Register it as an ordinary email order.`, {
          field: 'email.receivedAt',
          receivedAt,
          opensAt: opensAt.toISOString(),
        }),
      );
    } else {
      refusals.push(new DeskError('conflict', 'This order did not arrive during a launch-day lockout; register it as a normal email order.', { reason: 'not_locked' }));
    }
  }
  const warnings: HeldCheckItem[] = [];
  if (quote.senderMismatch && draft.email.from !== undefined) {
    warnings.push({ code: 'sender_mismatch', message: `The email came from ${draft.email.from}, not the registered ${quote.registeredEmail ?? ''}.`, details: { from: draft.email.from, registered: quote.registeredEmail } });
  }
  // L5: the held orders received at or before this one are booked first.
  const ahead = await queuedUnits(ctx.store, receivedAt);
  const lines = quote.lines.map((l) => {
    const queuedAhead = ahead.get(l.productId) ?? 0;
    return { productId: l.productId, name: l.name, quantity: l.quantity, stock: l.stock, queuedAhead, promisable: Math.max(0, l.stock - queuedAhead), inLaunch: lockout?.products.includes(l.productId) ?? false, state: l.state };
  });
  const queueShort = new Set(lines.filter((l) => l.queuedAhead > 0 && l.state !== 'discontinued' && l.promisable < l.quantity).map((l) => l.productId));
  for (const problem of quote.problems) {
    const code = ErrorCode.parse(problem.code);
    const productId = problem.details?.['productId'];
    // The order is held because of the lockout: that is no warning.
    if (code === 'launch_lockout') continue;
    // B4: a product of a later launch cannot wait here (the quote's wording, refused).
    if (code === 'not_yet_launched') {
      refusals.push(new DeskError(code, problem.message, problem.details));
      continue;
    }
    // Said once, with the queue, below.
    if ((code === 'sold_out' || code === 'insufficient_stock') && typeof productId === 'number' && queueShort.has(productId)) continue;
    warnings.push(problem.details === undefined ? { code, message: problem.message } : { code, message: problem.message, details: problem.details });
  }
  for (const l of lines) {
    if (!queueShort.has(l.productId)) continue;
    warnings.push({
      code: 'queue_short',
      message: `${l.stock} of ${l.name} in stock and ${l.queuedAhead} already queued in held orders received earlier: ${l.promisable} left for this order, which wants ${l.quantity}.`,
      details: { productId: l.productId, name: l.name, stock: l.stock, queuedAhead: l.queuedAhead, promisable: l.promisable, quantity: l.quantity },
    });
  }
  if (lockout !== null) {
    const later = new Set(refusals.flatMap((e) => (e.code === 'not_yet_launched' && typeof e.details?.['productId'] === 'number' ? [e.details['productId']] : [])));
    for (const l of lines.filter((x) => !x.inLaunch && !later.has(x.productId))) {
      warnings.push({ code: 'not_in_launch', message: `${l.name} is not in today's launch; it could be ordered now on its own.`, details: { productId: l.productId, name: l.name } });
    }
  }
  // B4: several products of later launches are named together, as the booking does.
  const [firstLater, ...moreLater] = refusals.filter((e) => e.code === 'not_yet_launched');
  const merged =
    firstLater === undefined || moreLater.length === 0
      ? refusals
      : [...refusals.filter((e) => e.code !== 'not_yet_launched'), new DeskError(firstLater.code, firstLater.message, { ...firstLater.details, products: [firstLater, ...moreLater].map((e) => e.details) })];
  return {
    refusals: merged,
    warnings,
    launchId: lockout?.launchId ?? null,
    check: {
      refusals: merged.map(item),
      warnings,
      lines: lines.map(({ state: _state, ...l }) => l),
      opensAt: lockout?.opensAt ?? null,
      total: quote.total,
      balance: quote.balance,
    },
  };
}

/** `heldOrders.check`: the checks of a held order as the agent types it; stores nothing. */
export async function checkHeldOrder(ctx: ServiceContext, draft: HeldOrderDraft): Promise<HeldOrderCheck> {
  return (await assess(ctx, draft)).check;
}

export async function registerHeldOrder(
  ctx: ServiceContext,
  input: { memberId: number; email: { from: string; receivedAt: string; subject: string }; lines: { productId: number; quantity: number }[]; delivery: 'next_delivery' | 'separate'; identity: IdentityChecks },
): Promise<{ heldOrder: HeldOrder; warnings: HeldCheckItem[] }> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const member = await db.first(kysely.selectFrom('members').select('id').where('id', '=', input.memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${input.memberId}.`);
    const received = new Date(input.email.receivedAt);
    // The same checks the dialog showed, again inside the transaction: a refusal stores nothing.
    const { refusals, warnings, launchId } = await assess(ctx, input);
    const [refusal] = refusals;
    if (refusal !== undefined) throw refusal;
    const stored: StoredLines = { lines: input.lines, identity: input.identity };
    const { lastId } = await db.run(
      kysely.insertInto('held_orders').values({
        member_id: input.memberId,
        launch_id: launchId,
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
    await audit(ctx, {
      action: 'heldOrders.register',
      channel: 'email',
      memberId: input.memberId,
      details: { heldOrderId: lastId, launchId, warnings: warnings.map((w) => w.code) },
    });
    return { heldOrder: await heldOrderById(ctx, lastId), warnings };
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
