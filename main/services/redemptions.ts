import { DeskError } from '../../shared/errors.js';
import type { BonusProduct, IdentityChecks, Quote, Redemption } from '../../shared/channels/redemptions.js';
import type { RedeemRefusal } from '../../shared/channels/members.js';
import { drawFifo, isPastExpiry, type Lot } from '../domain/points.js';
import { redeemRefusal } from '../domain/redeem.js';
import { osloDate } from '../domain/time.js';
import { audit, logMemberAccess } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';
import { launchLockout, notYetLaunched } from './launches.js';
import { bookDraw, bookGiveBack, entryAllocations, memberLots } from './ledger.js';
import { queuedUnits } from './held-queue.js';
import { getSetting } from './settings.js';
import { preparedPerStore, type ParamMaker } from '../db/store.js';

/**
 * Bonus redemptions (B3, B4, B7, B7a, B8, L3). Every check runs again inside the booking
 * transaction, so what the agent saw in the quote cannot go stale between quote and booking.
 */

export interface OrderInput {
  memberId: number;
  channel: 'phone' | 'email';
  email?: { from: string; receivedAt: string; subject: string } | undefined;
  lines: { productId: number; quantity: number }[];
  delivery: 'next_delivery' | 'separate';
}

interface Problem {
  code: DeskError['code'];
  message: string;
  details?: Record<string, unknown>;
}

interface Evaluation extends Quote {
  problemErrors: DeskError[];
  /** The member's lots as read for the balance, which the booking then draws from (one read, issue 12). */
  lots?: Lot[];
}

/** Same product twice in one order counts as one line with the summed quantity. */
function mergeLines(lines: OrderInput['lines']): OrderInput['lines'] {
  const byProduct = new Map<number, number>();
  for (const l of lines) byProduct.set(l.productId, (byProduct.get(l.productId) ?? 0) + l.quantity);
  return [...byProduct.entries()].map(([productId, quantity]) => ({ productId, quantity }));
}

const redeemRefusalMessages: Record<RedeemRefusal, string> = {
  opted_out: 'The member has opted out of the bonus program and cannot redeem.',
  membership_ended: 'The membership has ended; there are no points to redeem.',
  no_active_subscription: 'Only members with an active subscription can redeem points.',
};

/** The quote's and the booking's reads, compiled once per store (issue 12: a Kysely compile per read was a large part of a booking). */
const memberRead = preparedPerStore((store, p: ParamMaker<{ id: number }>) => store.kysely.selectFrom('members').select(['id', 'state', 'balance', 'email']).where('id', '=', p('id')));
const activeSubscriptionsRead = preparedPerStore((store, p: ParamMaker<{ id: number }>) =>
  store.kysely.selectFrom('subscriptions').select(['next_delivery_on']).where('member_id', '=', p('id')).where('status', '=', 'active'),
);
const productRead = preparedPerStore((store, p: ParamMaker<{ id: number }>) => store.kysely.selectFrom('bonus_products').select(['id', 'name', 'points_price', 'stock', 'state']).where('id', '=', p('id')));

async function evaluate(ctx: ServiceContext, order: OrderInput): Promise<Evaluation> {
  const db = ctx.store;
  const row = await memberRead(db).first({ id: order.memberId });
  if (row === undefined) throw new DeskError('not_found', `No member with id ${order.memberId}.`);
  // B5: points of a lot past its expiry are not spendable, even before the run books them: the
  // stored balance without what lots past their expiry still hold (B12a: balance = the lots' sum).
  const lots = await memberLots(ctx.store, row.id);
  const today = osloDate(ctx.clock.now());
  const unbooked = lots.reduce((sum, l) => (isPastExpiry(l, today) ? sum + l.remaining : sum), 0);
  const member = { ...row, balance: row.balance - unbooked };
  const errors: DeskError[] = [];
  const subs = await activeSubscriptionsRead(db).all({ id: order.memberId });
  // B3: only a member with an active subscription who has not opted out may redeem — decided
  // by redeemRefusal, the same function the member page's `redeem` flag uses.
  const refusal = redeemRefusal(member.state, subs.length);
  if (refusal !== null) errors.push(new DeskError(refusal, redeemRefusalMessages[refusal]));
  const lines = [];
  for (const l of mergeLines(order.lines)) {
    const p = await productRead(db).first({ id: l.productId });
    if (p === undefined) throw new DeskError('not_found', `No bonus product with id ${l.productId}.`, { productId: l.productId });
    // B4: the catalog state and the stock decide; an order may not take more than the stock.
    if (p.state === 'discontinued') errors.push(new DeskError('discontinued', `${p.name} is no longer in the catalog.`, { productId: p.id, name: p.name }));
    else if (p.state === 'sold_out' || p.stock === 0) errors.push(new DeskError('sold_out', `${p.name} is sold out.`, { productId: p.id, name: p.name }));
    else if (p.stock < l.quantity) {
      errors.push(new DeskError('insufficient_stock', `Only ${p.stock} of ${p.name} in stock.`, { productId: p.id, name: p.name, stock: p.stock, quantity: l.quantity }));
    }
    lines.push({ productId: p.id, name: p.name, quantity: l.quantity, pointsEach: p.points_price, points: p.points_price * l.quantity, stock: p.stock, state: p.state });
  }
  // B4: a launch product is not released before its launch day (Oslo); customer service cannot order it at all.
  errors.push(...await notYetLaunched(ctx, lines.map((l) => l.productId), ctx.clock.now()));
  // L3: customer service takes no orders for launch products before 10:00 on launch day.
  const lockout = await launchLockout(ctx, lines.map((l) => l.productId), ctx.clock.now());
  if (lockout !== null) errors.push(lockout);
  const total = lines.reduce((s, l) => s + l.points, 0);
  const shortfall = Math.max(0, total - member.balance);
  if (shortfall > 0) {
    errors.push(
      new DeskError('insufficient_points', `The member has ${member.balance} points; this order needs ${total}.`, { balance: member.balance, needed: total, shortfall }),
    );
  }
  const deliveries = subs.map((s) => s.next_delivery_on).filter((d): d is string => d !== null).sort();
  const senderMismatch = order.channel === 'email' && order.email !== undefined && member.email !== null && order.email.from.toLowerCase() !== member.email.toLowerCase();
  return {
    lines,
    total,
    balance: member.balance,
    shortfall,
    // B8: bonus products go with the next ordinary delivery, or separately for postage.
    deliveryOn: order.delivery === 'next_delivery' ? (deliveries[0] ?? null) : null,
    postageOre: order.delivery === 'separate' ? await getSetting(ctx.store, 'postage_ore') : 0,
    problems: errors.map((e): Problem => (e.details === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, details: e.details })),
    problemErrors: errors,
    lots,
    senderMismatch,
    registeredEmail: member.email,
  };
}

export async function quoteRedemption(ctx: ServiceContext, order: OrderInput): Promise<Quote> {
  const evaluation: Quote & { problemErrors?: DeskError[]; lots?: Lot[] } = await evaluate(ctx, order);
  delete evaluation.problemErrors;
  delete evaluation.lots;
  return evaluation;
}

export interface CreateInput extends OrderInput {
  identity: IdentityChecks;
  idempotencyKey: string;
  postageOre: number;
  /** The total the agent was shown (absent: not checked; a held order is booked at today's prices). */
  totalPoints?: number | undefined;
  heldOrderId?: number;
}

/**
 * B7: checks B3, B4, balance and lockouts (L3), then books points (FIFO, B5), stock, the
 * redemption and its audit row in one transaction. The idempotency key makes a double-click,
 * a retry after a timeout or a second window return the first booking instead of a second one.
 */
export async function createRedemption(ctx: ServiceContext, input: CreateInput): Promise<{ redemption: Redemption; repeated: boolean }> {
  const db = ctx.store;
  const { kysely } = db;
  const user = actor(ctx);
  return await db.transaction(async () => {
    const earlier = await db.first(kysely.selectFrom('redemptions').select(['id', 'member_id']).where('idempotency_key', '=', input.idempotencyKey));
    if (earlier !== undefined) {
      if (earlier.member_id !== input.memberId) throw new DeskError('conflict', 'This order form was already used for another member.');
      return { redemption: await getRedemption(ctx, earlier.id), repeated: true };
    }
    const evaluation = await evaluate(ctx, input);
    const first = evaluation.problemErrors[0];
    if (first !== undefined) {
      if (evaluation.problemErrors.length === 1) throw first;
      throw new DeskError(first.code, first.message, { ...first.details, problems: evaluation.problems });
    }
    if (input.postageOre !== evaluation.postageOre) {
      throw new DeskError('conflict', 'The postage has changed since it was shown; show the caller the new amount.', {
        shown: input.postageOre,
        current: evaluation.postageOre,
      });
    }
    // B4 (issue 13): a supervisor may reprice a product while the agent has the quote on screen;
    // the caller is told the new total before anything is booked.
    if (input.totalPoints !== undefined && input.totalPoints !== evaluation.total) {
      throw new DeskError('conflict', 'A points price has changed since the total was shown; show the caller the new total.', {
        shownTotal: input.totalPoints,
        currentTotal: evaluation.total,
      });
    }
    const now = nowIso(ctx);
    const { lastId: redemptionId } = await db.run(
      kysely.insertInto('redemptions').values({
        member_id: input.memberId,
        idempotency_key: input.idempotencyKey,
        status: 'registered',
        channel: input.channel,
        total_points: evaluation.total,
        delivery: input.delivery,
        delivery_on: evaluation.deliveryOn,
        postage_ore: evaluation.postageOre,
        identity_checks: JSON.stringify(input.identity),
        email_from: input.email?.from ?? null,
        email_received_at: input.email?.receivedAt ?? null,
        email_subject: input.email?.subject ?? null,
        created_at: now,
        created_by: user.id,
        shipped_at: null,
        cancelled_at: null,
        cancel_reason: null,
        held_order_id: input.heldOrderId ?? null,
      }),
    );
    for (const line of evaluation.lines) {
      await db.run(kysely.insertInto('redemption_lines').values({ redemption_id: redemptionId, product_id: line.productId, quantity: line.quantity, points_each: line.pointsEach }));
      await db.run(
        kysely
          .updateTable('bonus_products')
          .set((eb) => ({
            stock: eb('stock', '-', line.quantity),
            state: line.stock - line.quantity === 0 ? 'sold_out' : eb.ref('state'),
            updated_at: now,
          }))
          .where('id', '=', line.productId),
      );
    }
    // The lots read by the evaluation in this transaction: the stock updates above do not touch them.
    const lots = evaluation.lots ?? (await memberLots(ctx.store, input.memberId));
    await bookDraw(ctx, input.memberId, 'spend', lots, drawFifo(lots, evaluation.total), {
      channel: input.channel,
      reason: { code: 'order', params: { redemptionId, items: evaluation.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ') } },
      effectiveOn: osloDate(ctx.clock.now()),
      redemptionId,
    });
    await audit(ctx, {
      action: 'redemptions.create',
      channel: input.channel,
      memberId: input.memberId,
      details: { redemptionId, total: evaluation.total, identity: input.identity, senderMismatch: evaluation.senderMismatch },
    });
    return { redemption: await getRedemption(ctx, redemptionId), repeated: false };
  });
}

export async function shipRedemption(ctx: ServiceContext, redemptionId: number): Promise<Redemption> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const r = await db.first(kysely.selectFrom('redemptions').select(['id', 'status', 'member_id']).where('id', '=', redemptionId));
    if (r === undefined) throw new DeskError('not_found', `No redemption ${redemptionId}.`);
    // B7a: forward only.
    if (r.status !== 'registered') throw new DeskError('invalid_transition', `A ${r.status} redemption cannot be shipped.`, { status: r.status });
    await db.run(kysely.updateTable('redemptions').set({ status: 'shipped', shipped_at: nowIso(ctx) }).where('id', '=', redemptionId));
    await audit(ctx, { action: 'redemptions.ship', channel: 'desk', memberId: r.member_id, details: { redemptionId } });
    return await getRedemption(ctx, redemptionId);
  });
}

/**
 * B7a: cancelling gives the points back to the very lots they came from (with their original
 * expiry dates) and returns the stock. B5: what comes back into a lot past its expiry expires at
 * once. B10: a member who has since opted out forfeits them again, also after a re-join.
 */
export async function cancelRedemption(ctx: ServiceContext, redemptionId: number, reason: string): Promise<Redemption> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const r = await db.first(kysely.selectFrom('redemptions').select(['id', 'status', 'member_id', 'channel']).where('id', '=', redemptionId));
    if (r === undefined) throw new DeskError('not_found', `No redemption ${redemptionId}.`);
    if (r.status !== 'registered') throw new DeskError('invalid_transition', `A ${r.status} redemption cannot be cancelled.`, { status: r.status });
    const spend = await db.first(
      kysely.selectFrom('ledger_entries').select(['id']).where('redemption_id', '=', redemptionId).where('kind', '=', 'spend'),
    );
    if (spend === undefined) throw new DeskError('internal', `Redemption ${redemptionId} has no spend entry.`);
    const now = nowIso(ctx);
    const today = osloDate(ctx.clock.now());
    const lots = await memberLots(ctx.store, r.member_id);
    await bookGiveBack(ctx, r.member_id, 'spend_reversal', lots, await entryAllocations(ctx.store, spend.id), {
      channel: r.channel,
      reason: { code: 'order_cancelled', params: { redemptionId }, note: reason },
      effectiveOn: today,
      reversesEntryId: spend.id,
      redemptionId,
    });
    // B5/B10: in the same transaction (ledger.bookGiveBack), points that came back into a lot past
    // its expiry expire at once, and points from before an opt-out are forfeited as they return
    // (also after a re-join; for an opted-out or ended member all of them).
    for (const line of await db.all(kysely.selectFrom('redemption_lines').select(['product_id', 'quantity']).where('redemption_id', '=', redemptionId))) {
      await db.run(
        kysely
          .updateTable('bonus_products')
          .set((eb) => ({
            stock: eb('stock', '+', line.quantity),
            state: eb.case().when('state', '=', 'sold_out').then('available' as const).else(eb.ref('state')).end(),
            updated_at: now,
          }))
          .where('id', '=', line.product_id),
      );
    }
    await db.run(kysely.updateTable('redemptions').set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason }).where('id', '=', redemptionId));
    await audit(ctx, { action: 'redemptions.cancel', channel: r.channel, memberId: r.member_id, reason, details: { redemptionId } });
    return await getRedemption(ctx, redemptionId);
  });
}

const redemptionColumns = [
  'r.id',
  'r.member_id',
  'm.member_no',
  'm.first_name',
  'm.last_name',
  'm.email as member_email',
  'r.status',
  'r.channel',
  'r.total_points',
  'r.delivery',
  'r.delivery_on',
  'r.postage_ore',
  'r.email_from',
  'r.created_at',
  'u.display_name as created_by_name',
  'r.shipped_at',
  'r.cancelled_at',
  'r.cancel_reason',
] as const;

function baseQuery(ctx: ServiceContext) {
  return ctx.store.kysely
    .selectFrom('redemptions as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select(redemptionColumns);
}

type RedemptionRow = ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']> extends Promise<infer R> ? R : never;

/** A redemption's lines, and one redemption by id: compiled once per store (every booking answers with its redemption, issue 12). */
const linesRead = preparedPerStore((store, p: ParamMaker<{ id: number }>) =>
  store.kysely
    .selectFrom('redemption_lines as l')
    .innerJoin('bonus_products as p', 'p.id', 'l.product_id')
    .select(['l.product_id', 'p.name', 'l.quantity', 'l.points_each'])
    .where('l.redemption_id', '=', p('id'))
    .orderBy('l.id'),
);
const redemptionRead = preparedPerStore((store, p: ParamMaker<{ id: number }>) =>
  store.kysely
    .selectFrom('redemptions as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select(redemptionColumns)
    .where('r.id', '=', p('id')),
);

async function toRedemption(ctx: ServiceContext, row: RedemptionRow): Promise<Redemption> {
  const lines = await linesRead(ctx.store).all({ id: row.id });
  return {
    id: row.id,
    memberId: row.member_id,
    memberNo: row.member_no,
    memberName: `${row.first_name} ${row.last_name}`,
    status: row.status,
    channel: row.channel,
    totalPoints: row.total_points,
    delivery: row.delivery,
    deliveryOn: row.delivery_on,
    postageOre: row.postage_ore,
    lines: lines.map((l) => ({ productId: l.product_id, name: l.name, quantity: l.quantity, pointsEach: l.points_each })),
    emailFrom: row.email_from,
    senderMismatch: row.email_from !== null && row.member_email !== null && row.email_from !== row.member_email,
    createdAt: row.created_at,
    createdBy: row.created_by_name,
    shippedAt: row.shipped_at,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
  };
}

export async function getRedemption(ctx: ServiceContext, id: number): Promise<Redemption> {
  const row = await redemptionRead(ctx.store).first({ id });
  if (row === undefined) throw new DeskError('not_found', `No redemption ${id}.`);
  return await toRedemption(ctx, row);
}

/** Redemptions, newest first. B14: filtered to one member, logged as an access `redemptions`. */
export async function listRedemptions(
  ctx: ServiceContext,
  filter: { memberId?: number | undefined; status?: Redemption['status'] | undefined; beforeId?: number | undefined; limit: number },
): Promise<Redemption[]> {
  let query = baseQuery(ctx).orderBy('r.id', 'desc').limit(filter.limit);
  if (filter.memberId !== undefined) query = query.where('r.member_id', '=', filter.memberId);
  if (filter.status !== undefined) query = query.where('r.status', '=', filter.status);
  if (filter.beforeId !== undefined) query = query.where('r.id', '<', filter.beforeId);
  const out: Redemption[] = [];
  for (const row of await ctx.store.all(query)) out.push(await toRedemption(ctx, row));
  if (filter.memberId !== undefined) await logMemberAccess(ctx, filter.memberId, 'redemptions');
  return out;
}

/**
 * B4/L5: the catalog with live stock; launch products carry their launch day, and every product
 * the units waiting in held orders (L3: booked from 10:00 before a caller's order, so an agent
 * promises only stock − queued).
 */
export async function listCatalog(ctx: ServiceContext, includeDiscontinued: boolean): Promise<BonusProduct[]> {
  const db = ctx.store;
  const { kysely } = db;
  const today = osloDate(ctx.clock.now());
  let query = kysely
    .selectFrom('bonus_products as p')
    .select((eb) => [
      'p.id',
      'p.sku',
      'p.name',
      'p.description',
      'p.points_price',
      'p.stock',
      'p.state',
      eb
        .selectFrom('launch_products as lp')
        .innerJoin('launches as l', 'l.id', 'lp.launch_id')
        .select((e) => e.fn.min('l.launch_on').as('d'))
        .whereRef('lp.product_id', '=', 'p.id')
        .where('l.status', '=', 'planned')
        .where('l.launch_on', '>=', today)
        .as('launch_on'),
    ])
    .orderBy('p.name');
  if (!includeDiscontinued) query = query.where('p.state', '<>', 'discontinued');
  const queued = await queuedUnits(ctx.store);
  return (await db.all(query)).map((p) => ({
    id: p.id,
    sku: p.sku,
    name: p.name,
    description: p.description,
    pointsPrice: p.points_price,
    stock: p.stock,
    state: p.state,
    launchOn: p.launch_on ?? null,
    queued: queued.get(p.id) ?? 0,
  }));
}
