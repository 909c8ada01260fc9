import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { registerHeldOrder } from './held-orders.js';
import { cancelLaunch } from './launches.js';
import { createRedemption, listCatalog, quoteRedemption, type CreateInput } from './redemptions.js';

/**
 * B4: a product that belongs to a launch is not released before its launch day (Oslo). Until
 * then customer service cannot order it at all; on launch day L3 decides; a cancelled launch
 * holds nothing back.
 */

let t: TestDesk;
let member: number;
let novelty: number;
let plain: number;
let launchId: number;
let key = 0;

const LAUNCH_DAY = '2027-02-10';

beforeEach(async () => {
  t = await testDesk('2027-01-10T09:00:00Z');
  novelty = await t.aProduct({ sku: 'NY-1', name: 'Nyhet: Ullpledd', pointsPrice: 1_000, stock: 5 });
  plain = await t.aProduct({ sku: 'B-1', name: 'Vitamin D3', pointsPrice: 500, stock: 50 });
  launchId = await t.aLaunch(LAUNCH_DAY, [novelty], 'Vinternyheter');
  member = await t.aMember({ email: 'kari@example.no', nextDeliveryOn: '2027-02-20' });
  await t.earn(member, 5_000, '2026-06-01');
});
afterEach(() => t.close());

const order = (productIds: number[] = [novelty], overrides: Partial<CreateInput> = {}): CreateInput => ({
  memberId: member,
  channel: 'phone',
  lines: productIds.map((productId) => ({ productId, quantity: 1 })),
  delivery: 'next_delivery',
  identity: { memberNo: true, address: true, email: false, phone: false },
  idempotencyKey: `release-form-${(key += 1)}`,
  postageOre: 0,
  ...overrides,
});

const db = () => t.desk.store.sqlite;
const count = (sql: string, ...args: unknown[]): number => db().prepare(sql).pluck().get(...args) as number;

async function nothingBooked(): Promise<void> {
  expect(await t.balanceOf(member)).toBe(5_000);
  expect(count('SELECT stock FROM bonus_products WHERE id = ?', novelty)).toBe(5);
  expect(count('SELECT count(*) FROM redemptions')).toBe(0);
  expect(count("SELECT count(*) FROM ledger_entries WHERE kind = 'spend'")).toBe(0);
  expect(count("SELECT count(*) FROM audit_log WHERE action = 'redemptions.create'")).toBe(0);
}

describe('a launch product before its launch day (B4)', () => {
  it('B4: the quote names the product and its launch day, with a code of its own', async () => {
    const quote = await quoteRedemption(t.ctx('agent'), order());
    expect(quote.problems).toEqual([
      expect.objectContaining({ code: 'not_yet_launched', details: { productId: novelty, name: 'Nyhet: Ullpledd', launchOn: LAUNCH_DAY, launchId, launchName: 'Vinternyheter' } }),
    ]);
  });

  it('B4: the booking is refused with not_yet_launched and the launch date, and nothing is booked', async () => {
    const e = await refusal(() => createRedemption(t.ctx('agent'), order()));
    expect(e.code).toBe('not_yet_launched');
    expect(e.details).toMatchObject({ productId: novelty, launchOn: LAUNCH_DAY });
    expect(e.message).toContain(LAUNCH_DAY);
    await nothingBooked();
  });

  it('B4: holds back the whole order even when other lines are released; a plain product alone is booked', async () => {
    const e = await refusal(() => createRedemption(t.ctx('agent'), order([plain, novelty])));
    expect(e.code).toBe('not_yet_launched');
    await nothingBooked();
    expect((await createRedemption(t.ctx('agent'), order([plain]))).redemption.status).toBe('registered');
  });

  it('B4: still refused at 23:59 Oslo on the day before the launch (the Oslo date decides)', async () => {
    t.clock.set('2027-02-09T22:59:59Z'); // 23:59:59 Oslo (CET)
    expect((await refusal(() => createRedemption(t.ctx('agent'), order()))).code).toBe('not_yet_launched');
    await nothingBooked();
  });

  it('B4 + L3: on launch day L3 decides — locked before 10:00 Oslo, booked from 10:00', async () => {
    t.clock.set('2027-02-09T23:00:00Z'); // 00:00 Oslo on launch day
    expect((await refusal(() => createRedemption(t.ctx('agent'), order()))).code).toBe('launch_lockout');
    t.clock.set('2027-02-10T08:59:59Z');
    expect((await quoteRedemption(t.ctx('agent'), order())).problems.map((p) => p.code)).toEqual(['launch_lockout']);
    t.clock.set('2027-02-10T09:00:00Z');
    expect((await createRedemption(t.ctx('agent'), order())).redemption.status).toBe('registered');
  });

  it('B4: after the launch day the product is ordered as any other', async () => {
    t.clock.set('2027-03-01T09:00:00Z');
    expect((await quoteRedemption(t.ctx('agent'), order())).problems).toEqual([]);
    expect((await createRedemption(t.ctx('agent'), order())).redemption.status).toBe('registered');
  });

  it('B4: a product of a cancelled launch is not held back by it', async () => {
    await cancelLaunch(t.ctx('supervisor'), { launchId, reason: 'Leverandøren leverte ikke' });
    expect((await quoteRedemption(t.ctx('agent'), order())).problems).toEqual([]);
    expect((await createRedemption(t.ctx('agent'), order())).redemption.status).toBe('registered');
    expect((await listCatalog(t.ctx('agent'), false)).find((p) => p.id === novelty)?.launchOn).toBeNull();
  });

  it('B4: the catalog carries the launch day the product is released on', async () => {
    const catalog = await listCatalog(t.ctx('agent'), false);
    expect(catalog.find((p) => p.id === novelty)?.launchOn).toBe(LAUNCH_DAY);
    expect(catalog.find((p) => p.id === plain)?.launchOn).toBeNull();
  });

  it('B4: through the router the refusal keeps its code and launch date', async () => {
    const agent = await t.as('agent');
    const result = await agent.invoke('redemptions.create', order());
    expect(result).toMatchObject({ ok: false, error: { code: 'not_yet_launched', details: { launchOn: LAUNCH_DAY } } });
    await nothingBooked();
  });
});

describe('held email orders and a later launch (B4, L3)', () => {
  const identity = { memberNo: true, address: true, email: false, phone: false };
  const email = (at: string) => ({ from: 'kari@example.no', receivedAt: at, subject: 'Bestilling' });

  it('B4: an email order held on another launch day refuses a product whose own launch is later, and nothing is held', async () => {
    const today = await t.aProduct({ sku: 'NY-0', name: 'Dagens nyhet', stock: 5 });
    await t.aLaunch('2027-01-10', [today], 'Dagens lansering');
    t.clock.set('2027-01-10T08:00:00Z'); // 09:00 Oslo on today's launch day
    const e = await refusal(() =>
      registerHeldOrder(t.ctx('agent'), { memberId: member, email: email('2027-01-10T07:30:00Z'), lines: [{ productId: today, quantity: 1 }, { productId: novelty, quantity: 1 }], delivery: 'next_delivery', identity }),
    );
    expect(e.code).toBe('not_yet_launched');
    expect(e.details).toMatchObject({ productId: novelty, launchOn: LAUNCH_DAY });
    expect(count('SELECT count(*) FROM held_orders')).toBe(0);
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'heldOrders.register'")).toBe(0);
    // Today's launch product alone is held as before (L3).
    const held = await registerHeldOrder(t.ctx('agent'), { memberId: member, email: email('2027-01-10T07:30:00Z'), lines: [{ productId: today, quantity: 1 }], delivery: 'next_delivery', identity });
    expect(held.heldOrder.status).toBe('held');
  });
});
