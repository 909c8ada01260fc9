import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { bookHeldOrder, listHeldOrders, registerHeldOrder } from './held-orders.js';
import { createRedemption, type CreateInput } from './redemptions.js';

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
    const second = await registerHeldOrder(t.ctx('agent'), { memberId: b, email: email('2027-01-22T07:40:00Z'), lines: [{ productId: launchProduct, quantity: 1 }], delivery: 'next_delivery', identity });
    const first = await registerHeldOrder(t.ctx('agent'), { memberId: a, email: email('2027-01-22T06:05:00Z'), lines: [{ productId: launchProduct, quantity: 1 }], delivery: 'next_delivery', identity });
    const third = await registerHeldOrder(t.ctx('agent'), { memberId: c, email: email('2027-01-22T08:10:00Z'), lines: [{ productId: launchProduct, quantity: 1 }], delivery: 'next_delivery', identity });
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

  it('refuses to hold an order that arrived outside a lockout', async () => {
    t.clock.set('2027-01-22T10:00:00Z');
    const e = await refusal(() =>
      registerHeldOrder(t.ctx('agent'), { memberId: members[0] as number, email: email('2027-01-22T09:30:00Z'), lines: [{ productId: launchProduct, quantity: 1 }], delivery: 'next_delivery', identity }),
    );
    expect(e.code).toBe('conflict');
  });
});
