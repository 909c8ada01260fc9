import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { bookHeldOrder, checkHeldOrder, listHeldOrders, registerHeldOrder } from './held-orders.js';
import { queuedUnits } from './held-queue.js';
import { launchesToday } from './launches.js';
import { createRedemption, listCatalog, type CreateInput } from './redemptions.js';

/** L3 and L5 through the redemption booking itself: the service refuses, not only the UI. */

let t: TestDesk;
let launchProduct: number;
let plainProduct: number;
let members: number[];
let key = 0;

beforeEach(async () => {
  t = await testDesk('2027-01-10T09:00:00Z');
  launchProduct = await t.aProduct({ sku: 'NY-1', name: 'Nyhet: Kollagen Pro', pointsPrice: 1_000, stock: 2 });
  plainProduct = await t.aProduct({ sku: 'B-1', name: 'Vitamin D3', pointsPrice: 500, stock: 50 });
  members = [await t.aMember(), await t.aMember(), await t.aMember()];
  for (const m of members) await t.earn(m, 5_000, '2026-06-01');
  for (const day of ['2027-01-22', '2027-03-26', '2027-03-29', '2027-06-18']) await t.aLaunch(day, [launchProduct]);
});
afterEach(() => t.close());

const order = (memberId: number, productId: number): CreateInput => ({
  memberId,
  channel: 'phone',
  lines: [{ productId, quantity: 1 }],
  delivery: 'next_delivery',
  identity: { memberNo: true, address: false, email: false, phone: true },
  idempotencyKey: `k-${(key += 1)}`,
  postageOre: 0,
});


describe('customer-service lockout in the booking (L3)', () => {
  it.each([
    ['winter', '2027-01-22', '2027-01-22T08:59:59Z', '2027-01-22T09:00:00Z'],
    ['the Friday before summer time (SPEC example 5)', '2027-03-26', '2027-03-26T08:59:59Z', '2027-03-26T09:00:00Z'],
    ['the Monday after summer time (SPEC example 5)', '2027-03-29', '2027-03-29T07:59:59Z', '2027-03-29T08:00:00Z'],
    ['summer', '2027-06-18', '2027-06-18T07:59:59Z', '2027-06-18T08:00:00Z'],
  ])('%s: refused at 09:59:59 Oslo with the opening instant, accepted at 10:00:00', async (_label, _day, before, at) => {
    t.clock.set(before);
    const e = await refusal(() => createRedemption(t.ctx('agent'), order(members[0] as number, launchProduct)));
    expect(e.code).toBe('launch_lockout');
    expect(e.details).toMatchObject({ opensAt: new Date(at).toISOString() });
    expect(t.desk.store.sqlite.prepare('SELECT count(*) FROM redemptions').pluck().get()).toBe(0);
    t.clock.set(at);
    expect((await createRedemption(t.ctx('agent'), order(members[0] as number, launchProduct))).redemption.status).toBe('registered');
  });

  it('SPEC example 5: a product not in the launch is accepted at 08:30', async () => {
    t.clock.set('2027-03-29T06:30:00Z');
    expect((await createRedemption(t.ctx('agent'), order(members[0] as number, plainProduct))).redemption.status).toBe('registered');
  });
});

describe('held email orders (L3, L5)', () => {
  const email = (at: string, from = 'kunde@example.no') => ({ from, receivedAt: at, subject: 'Bestilling nyhet' });
  const identity = { memberNo: true, address: true, email: false, phone: false };

  it('wait in received order, cannot be booked before 10:00, are booked oldest first, and report a product that sold out meanwhile', async () => {
    t.clock.set('2027-01-22T08:30:00Z'); // 09:30 Oslo
    const [a, b, c] = members as [number, number, number];
    const { heldOrder: second } = await registerHeldOrder(t.ctx('agent'), { memberId: b, email: email('2027-01-22T07:40:00Z'), lines: [{ productId: launchProduct, quantity: 1 }], delivery: 'next_delivery', identity });
    const { heldOrder: first } = await registerHeldOrder(t.ctx('agent'), { memberId: a, email: email('2027-01-22T06:05:00Z'), lines: [{ productId: launchProduct, quantity: 1 }], delivery: 'next_delivery', identity });
    const { heldOrder: third } = await registerHeldOrder(t.ctx('agent'), { memberId: c, email: email('2027-01-22T08:10:00Z'), lines: [{ productId: launchProduct, quantity: 1 }], delivery: 'next_delivery', identity });
    expect((await listHeldOrders(t.ctx('agent'), false)).map((h) => [h.id, h.next])).toEqual([
      [first.id, true],
      [second.id, false],
      [third.id, false],
    ]);
    expect(first.opensAt).toBe('2027-01-22T09:00:00.000Z');
    expect((await refusal(() => bookHeldOrder(t.ctx('agent'), first.id))).code).toBe('launch_lockout');

    t.clock.set('2027-01-22T09:00:00Z');
    expect((await refusal(() => bookHeldOrder(t.ctx('agent'), second.id))).code).toBe('conflict');
    expect((await bookHeldOrder(t.ctx('agent'), first.id)).redemption?.status).toBe('registered');
    // Meanwhile the web shop sells the last one (L5).
    expect((await bookHeldOrder(t.ctx('agent'), second.id)).redemption?.status).toBe('registered');
    const sold = await bookHeldOrder(t.ctx('agent'), third.id);
    expect(sold.redemption).toBeNull();
    expect(sold.problem?.code).toBe('sold_out');
    expect(sold.heldOrder.status).toBe('failed');
    expect(t.desk.store.sqlite.prepare('SELECT balance FROM members WHERE id = ?').pluck().get(c)).toBe(5_000);
  });

  it('L3: refuses to hold an order received at or after 10:00 on launch day (received_after_lockout, on the received field), and one that was never locked', async () => {
    t.clock.set('2027-01-22T10:00:00Z'); // 11:00 Oslo
    for (const at of ['2027-01-22T09:30:00Z', '2027-01-22T09:00:00Z']) {
      const e = await refusal(() =>
        registerHeldOrder(t.ctx('agent'), { memberId: members[0] as number, email: email(at), lines: [{ productId: launchProduct, quantity: 1 }], delivery: 'next_delivery', identity }),
      );
      expect(e.code).toBe('received_after_lockout');
      expect(e.details).toMatchObject({ field: 'email.receivedAt', opensAt: '2027-01-22T09:00:00.000Z' });
    }
    // 09:59:59 Oslo is still locked: held.
    const held = await registerHeldOrder(t.ctx('agent'), { memberId: members[0] as number, email: email('2027-01-22T08:59:59Z'), lines: [{ productId: launchProduct, quantity: 1 }], delivery: 'next_delivery', identity });
    expect(held.heldOrder.status).toBe('held');
    // A day without a launch: not a held order at all.
    t.clock.set('2027-01-23T08:00:00Z');
    const e = await refusal(() =>
      registerHeldOrder(t.ctx('agent'), { memberId: members[0] as number, email: email('2027-01-23T07:00:00Z'), lines: [{ productId: launchProduct, quantity: 1 }], delivery: 'next_delivery', identity }),
    );
    expect(e.code).toBe('conflict');
    expect(t.desk.store.sqlite.prepare('SELECT count(*) FROM held_orders').pluck().get()).toBe(1);
  });
});

describe('checks of a held order before it is registered (L3, L5, B3, B7; issue 12)', () => {
  const identity = { memberNo: true, address: true, email: false, phone: false };
  const draft = (memberId: number, at: string, lines: { productId: number; quantity: number }[], from?: string) => ({
    memberId,
    email: { ...(from === undefined ? {} : { from }), receivedAt: at, subject: 'Bestilling' },
    lines,
    delivery: 'next_delivery' as const,
  });
  const register = (memberId: number, at: string, productId: number, quantity = 1) =>
    registerHeldOrder(t.ctx('agent'), { memberId, email: { from: 'kunde@example.no', receivedAt: at, subject: 'Bestilling' }, lines: [{ productId, quantity }], delivery: 'next_delivery', identity });
  const codes = (items: readonly { code: string }[]) => items.map((i) => i.code);

  it('L5: the stock left after the held orders received earlier is a warning, not a refusal; an order received later does not count', async () => {
    t.clock.set('2027-01-22T08:30:00Z'); // 09:30 Oslo, stock 2
    const [a, b, c] = members as [number, number, number];
    await register(a, '2027-01-22T07:00:00Z', launchProduct, 2);
    // Received before the first: nothing ahead of it, both units are its.
    const early = await checkHeldOrder(t.ctx('agent'), draft(b, '2027-01-22T06:00:00Z', [{ productId: launchProduct, quantity: 1 }]));
    expect(early.lines).toEqual([{ productId: launchProduct, name: 'Nyhet: Kollagen Pro', quantity: 1, stock: 2, queuedAhead: 0, promisable: 2, inLaunch: true }]);
    expect(early.refusals).toEqual([]);
    expect(early.warnings).toEqual([]);
    expect(early.opensAt).toBe('2027-01-22T09:00:00.000Z');
    // Received after it: the queue ahead takes both.
    const late = await checkHeldOrder(t.ctx('agent'), draft(c, '2027-01-22T07:30:00Z', [{ productId: launchProduct, quantity: 1 }]));
    expect(late.lines[0]).toMatchObject({ stock: 2, queuedAhead: 2, promisable: 0 });
    expect(late.refusals).toEqual([]);
    expect(late.warnings).toEqual([expect.objectContaining({ code: 'queue_short', details: expect.objectContaining({ stock: 2, queuedAhead: 2, promisable: 0, quantity: 1 }) })]);
    // Registering it anyway is allowed (L3: checked again at 10:00) and answers the same warning.
    const registered = await register(c, '2027-01-22T07:30:00Z', launchProduct);
    expect(registered.heldOrder.status).toBe('held');
    // (The helper's sender is not the member's registered email: that is said too.)
    expect(codes(registered.warnings)).toEqual(['sender_mismatch', 'queue_short']);
  });

  it('B7/B3: a sender that is not the registered email, too few points and no active subscription are warnings; the order is still held', async () => {
    t.clock.set('2027-01-22T08:30:00Z');
    const poor = await t.aMember({ email: 'fattig@example.no' });
    await t.earn(poor, 400, '2026-06-01');
    const check = await checkHeldOrder(t.ctx('agent'), draft(poor, '2027-01-22T07:00:00Z', [{ productId: launchProduct, quantity: 1 }], 'noen.andre@example.com'));
    expect(check.refusals).toEqual([]);
    expect(codes(check.warnings)).toEqual(['sender_mismatch', 'insufficient_points']);
    expect(check.warnings[0]?.details).toEqual({ from: 'noen.andre@example.com', registered: 'fattig@example.no' });
    expect(check.warnings[1]?.details).toMatchObject({ balance: 400, needed: 1_000, shortfall: 600 });
    expect(check).toMatchObject({ total: 1_000, balance: 400 });
    // The same sender, any case: no warning.
    const same = await checkHeldOrder(t.ctx('agent'), draft(poor, '2027-01-22T07:00:00Z', [{ productId: launchProduct, quantity: 1 }], 'fattig@example.no'));
    expect(codes(same.warnings)).toEqual(['insufficient_points']);
    t.desk.store.sqlite.prepare("UPDATE subscriptions SET status = 'cancelled', cancelled_on = '2027-01-01' WHERE member_id = ?").run(poor);
    const noSub = await checkHeldOrder(t.ctx('agent'), draft(poor, '2027-01-22T07:00:00Z', [{ productId: launchProduct, quantity: 1 }]));
    expect(codes(noSub.warnings)).toEqual(['no_active_subscription', 'insufficient_points']);
    expect((await register(poor, '2027-01-22T07:00:00Z', launchProduct)).heldOrder.status).toBe('held');
  });

  it('L3: a product not in the launch beside a launch product is a warning; an order of none is refused as not locked; a time after 10:00 or in the future is refused on the received field', async () => {
    t.clock.set('2027-01-22T08:30:00Z');
    const [a] = members as [number];
    const mixed = await checkHeldOrder(t.ctx('agent'), draft(a, '2027-01-22T07:00:00Z', [{ productId: launchProduct, quantity: 1 }, { productId: plainProduct, quantity: 2 }]));
    expect(mixed.refusals).toEqual([]);
    expect(mixed.warnings).toEqual([expect.objectContaining({ code: 'not_in_launch', details: { productId: plainProduct, name: 'Vitamin D3' } })]);
    expect(mixed.lines.map((l) => [l.productId, l.inLaunch])).toEqual([[launchProduct, true], [plainProduct, false]]);
    const plain = await checkHeldOrder(t.ctx('agent'), draft(a, '2027-01-22T07:00:00Z', [{ productId: plainProduct, quantity: 1 }]));
    expect(plain.refusals).toEqual([expect.objectContaining({ code: 'conflict', details: { reason: 'not_locked' } })]);
    expect(plain.opensAt).toBeNull();
    const future = await checkHeldOrder(t.ctx('agent'), draft(a, '2027-01-22T08:45:00Z', [{ productId: launchProduct, quantity: 1 }]));
    expect(future.refusals).toEqual([expect.objectContaining({ code: 'invalid_input', details: { field: 'email.receivedAt', reason: 'future' } })]);
    t.clock.set('2027-01-22T09:30:00Z');
    const after = await checkHeldOrder(t.ctx('agent'), draft(a, '2027-01-22T09:05:00Z', [{ productId: plainProduct, quantity: 1 }]));
    expect(after.refusals).toEqual([expect.objectContaining({ code: 'received_after_lockout', details: expect.objectContaining({ field: 'email.receivedAt' }) })]);
    expect(after.refusals[0]?.message).toContain('before 10:00');
    // The check stores nothing.
    expect(t.desk.store.sqlite.prepare('SELECT count(*) FROM held_orders').pluck().get()).toBe(0);
  });

  it('L5: the catalog and the launch banner carry the units queued in held orders, from one read', async () => {
    t.clock.set('2027-01-22T08:30:00Z');
    const [a, b] = members as [number, number];
    await register(a, '2027-01-22T07:00:00Z', launchProduct, 1);
    await register(b, '2027-01-22T07:10:00Z', launchProduct, 1);
    const catalog = await listCatalog(t.ctx('agent'), false);
    expect(catalog.find((p) => p.id === launchProduct)).toMatchObject({ stock: 2, queued: 2 });
    expect(catalog.find((p) => p.id === plainProduct)).toMatchObject({ stock: 50, queued: 0 });
    const today = await launchesToday(t.ctx('agent'));
    expect(today.launches[0]?.products).toEqual([expect.objectContaining({ id: launchProduct, stock: 2, queued: 2 })]);
    // Booked from 10:00: the stock goes down and the queue with it.
    t.clock.set('2027-01-22T09:00:00Z');
    const [first] = await listHeldOrders(t.ctx('agent'), false);
    await bookHeldOrder(t.ctx('agent'), first?.id ?? 0);
    expect((await listCatalog(t.ctx('agent'), false)).find((p) => p.id === launchProduct)).toMatchObject({ stock: 1, queued: 1 });
    expect(await queuedUnits(t.desk.store)).toEqual(new Map([[launchProduct, 1]]));
    expect(await queuedUnits(t.desk.store, '2027-01-22T07:05:00Z')).toEqual(new Map());
  });
});
