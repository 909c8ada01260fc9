import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { checkLedger } from './invariants.js';
import { cancelSubscription, optOut } from './lifecycle.js';
import { cancelRedemption, createRedemption, quoteRedemption, shipRedemption, type CreateInput } from './redemptions.js';

/** B3, B4, B7, B7a, B8: every refusal and success, with the ledger, lots, stock and audit after. */

let t: TestDesk;
let member: number;
let omega: number;
let shaker: number;
let gone: number;
let empty: number;
let key = 0;

beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
  omega = await t.aProduct({ sku: 'B-OM', name: 'Omega-3 Forte 120 kapsler', pointsPrice: 1_500, stock: 10 });
  shaker = await t.aProduct({ sku: 'B-SH', name: 'Shakerflaske', pointsPrice: 400, stock: 2 });
  gone = await t.aProduct({ sku: 'B-OLD', name: 'Gammel boks', pointsPrice: 100, stock: 5, state: 'discontinued' });
  empty = await t.aProduct({ sku: 'B-EMP', name: 'Tursekk', pointsPrice: 900, stock: 0, state: 'sold_out' });
  await t.withSetting('postage_ore', 7_900);
  member = await t.aMember({ email: 'kari@example.no', nextDeliveryOn: '2026-12-03' });
  await t.earn(member, 2_000, '2024-01-10');
  await t.earn(member, 3_000, '2025-03-01');
});
afterEach(() => t.close());

const order = (overrides: Partial<CreateInput> = {}): CreateInput => ({
  memberId: member,
  channel: 'phone',
  lines: [{ productId: omega, quantity: 2 }],
  delivery: 'next_delivery',
  identity: { memberNo: true, address: true, email: false, phone: false },
  idempotencyKey: `form-${(key += 1)}`,
  postageOre: 0,
  ...overrides,
});

const db = () => t.desk.store.sqlite;
const balance = (): number => db().prepare('SELECT balance FROM members WHERE id = ?').pluck().get(member) as number;
const stock = (id: number): number => db().prepare('SELECT stock FROM bonus_products WHERE id = ?').pluck().get(id) as number;
const lots = (): number[] => db().prepare('SELECT remaining FROM point_lots WHERE member_id = ? ORDER BY earned_on').pluck().all(member) as number[];
const count = (sql: string, ...args: unknown[]): number => db().prepare(sql).pluck().get(...args) as number;


function assertNothingBooked(): void {
  expect(balance()).toBe(5_000);
  expect(lots()).toEqual([2_000, 3_000]);
  expect(stock(omega)).toBe(10);
  expect(count('SELECT count(*) FROM redemptions')).toBe(0);
  expect(count("SELECT count(*) FROM ledger_entries WHERE kind = 'spend'")).toBe(0);
  expect(count("SELECT count(*) FROM audit_log WHERE action = 'redemptions.create'")).toBe(0);
}

describe('redemption booking (B7)', () => {
  it('books points oldest lot first, the stock, the lines and an audit row, with the next delivery date (B5, B8)', async () => {
    const { redemption, repeated } = await createRedemption(t.ctx('agent'), order());
    expect(repeated).toBe(false);
    expect(redemption).toMatchObject({ status: 'registered', totalPoints: 3_000, deliveryOn: '2026-12-03', postageOre: 0, createdBy: 'Test agent' });
    expect(balance()).toBe(2_000);
    expect(lots()).toEqual([0, 2_000]);
    expect(stock(omega)).toBe(8);
    const spend = db().prepare("SELECT id, amount, channel, user_id, redemption_id FROM ledger_entries WHERE kind = 'spend'").get() as Record<string, number>;
    expect(spend).toMatchObject({ amount: -3_000, channel: 'phone', user_id: t.users.agent.id, redemption_id: redemption.id });
    expect(db().prepare('SELECT amount FROM lot_allocations WHERE entry_id = ? ORDER BY lot_id').pluck().all(spend.id)).toEqual([2_000, 1_000]);
    const auditRow = db().prepare("SELECT user_id, channel, details FROM audit_log WHERE action = 'redemptions.create'").get() as Record<string, string>;
    expect(JSON.parse(auditRow.details ?? '{}')).toMatchObject({ identity: { memberNo: true, address: true } });
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('a double-click or retry with the same form key books once and returns the first booking', async () => {
    const input = order();
    const first = await createRedemption(t.ctx('agent'), input);
    const second = await createRedemption(t.ctx('agent'), input);
    expect(second.repeated).toBe(true);
    expect(second.redemption.id).toBe(first.redemption.id);
    expect(balance()).toBe(2_000);
    expect(stock(omega)).toBe(8);
    expect(count('SELECT count(*) FROM redemptions')).toBe(1);
  });

  it('separate shipping charges the postage from settings, and refuses a stale postage figure (B8)', async () => {
    expect(await quoteRedemption(t.ctx('agent'), { ...order(), delivery: 'separate' })).toMatchObject({ postageOre: 7_900, deliveryOn: null });
    expect((await refusal(() => createRedemption(t.ctx('agent'), order({ delivery: 'separate', postageOre: 5_000 })))).code).toBe('conflict');
    assertNothingBooked();
    const { redemption } = await createRedemption(t.ctx('agent'), order({ delivery: 'separate', postageOre: 7_900 }));
    expect(redemption).toMatchObject({ delivery: 'separate', postageOre: 7_900 });
  });

  it('B4: a points price changed between the quote and the confirm is refused with both totals; nothing is booked (issue 13)', async () => {
    const quoted = await quoteRedemption(t.ctx('agent'), order());
    db().prepare('UPDATE bonus_products SET points_price = points_price + 100 WHERE id = ?').run(omega);
    const refused = await refusal(() => createRedemption(t.ctx('agent'), order({ totalPoints: quoted.total })));
    expect(refused).toMatchObject({ code: 'conflict', details: { shownTotal: quoted.total, currentTotal: quoted.total + 200 } });
    assertNothingBooked();
    const { redemption } = await createRedemption(t.ctx('agent'), order({ totalPoints: quoted.total + 200 }));
    expect(redemption.totalPoints).toBe(quoted.total + 200);
  });

  it('an email order records the sender and flags a sender that is not the registered address', async () => {
    const email = { from: 'someone.else@example.no', receivedAt: '2026-11-21T08:12:00.000Z', subject: 'Bestilling' };
    expect(await quoteRedemption(t.ctx('agent'), { ...order({ channel: 'email', email }) })).toMatchObject({ senderMismatch: true, registeredEmail: 'kari@example.no' });
    const { redemption } = await createRedemption(t.ctx('agent'), order({ channel: 'email', email }));
    expect(redemption).toMatchObject({ channel: 'email', emailFrom: 'someone.else@example.no', senderMismatch: true });
  });

  it('refuses too few points with the balance and the shortfall (B7)', async () => {
    const e = await refusal(() => createRedemption(t.ctx('agent'), order({ lines: [{ productId: omega, quantity: 4 }] })));
    expect(e.code).toBe('insufficient_points');
    expect(e.details).toMatchObject({ balance: 5_000, needed: 6_000, shortfall: 1_000 });
    assertNothingBooked();
  });

  it('refuses a sold-out product, a discontinued one, and more than the stock (B4)', async () => {
    expect((await refusal(() => createRedemption(t.ctx('agent'), order({ lines: [{ productId: empty, quantity: 1 }] })))).code).toBe('sold_out');
    expect((await refusal(() => createRedemption(t.ctx('agent'), order({ lines: [{ productId: gone, quantity: 1 }] })))).code).toBe('discontinued');
    const e = await refusal(() => createRedemption(t.ctx('agent'), order({ lines: [{ productId: shaker, quantity: 3 }] })));
    expect(e.code).toBe('insufficient_stock');
    expect(e.details).toMatchObject({ stock: 2, quantity: 3 });
    assertNothingBooked();
  });

  it('the last item in stock marks the product sold out; cancelling brings it back', async () => {
    const { redemption } = await createRedemption(t.ctx('agent'), order({ lines: [{ productId: shaker, quantity: 2 }] }));
    expect(db().prepare('SELECT stock, state FROM bonus_products WHERE id = ?').get(shaker)).toEqual({ stock: 0, state: 'sold_out' });
    await cancelRedemption(t.ctx('agent'), redemption.id, 'Kunden ombestemte seg');
    expect(db().prepare('SELECT stock, state FROM bonus_products WHERE id = ?').get(shaker)).toEqual({ stock: 2, state: 'available' });
  });

  it('refuses a member without an active subscription, and one who opted out (B3)', async () => {
    const sub = db().prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(member) as number;
    await cancelSubscription(t.ctx(null), sub, '2026-11-01');
    expect((await refusal(() => createRedemption(t.ctx('agent'), order()))).code).toBe('no_active_subscription');
    assertNothingBooked();
    const other = await t.aMember();
    await t.earn(other, 5_000, '2025-01-01');
    await optOut(t.ctx('agent'), other, { channel: 'phone', reason: 'Ønsker ikke bonus', memberInformed: true });
    expect((await refusal(() => createRedemption(t.ctx('agent'), order({ memberId: other })))).code).toBe('opted_out');
  });
});

describe('redemption lifecycle (B7a)', () => {
  it('cancelling gives the points back to the very lots they came from, with their expiry dates, and returns the stock', async () => {
    const { redemption } = await createRedemption(t.ctx('agent'), order());
    const cancelled = await cancelRedemption(t.ctx('agent'), redemption.id, 'Produktet ble utsolgt før sending');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Produktet ble utsolgt før sending' });
    expect(balance()).toBe(5_000);
    expect(lots()).toEqual([2_000, 3_000]);
    expect(stock(omega)).toBe(10);
    const reversal = db().prepare("SELECT id, amount, reverses_entry_id FROM ledger_entries WHERE kind = 'spend_reversal'").get() as Record<string, number>;
    const spendId = db().prepare("SELECT id FROM ledger_entries WHERE kind = 'spend'").pluck().get();
    expect(reversal).toMatchObject({ amount: 3_000, reverses_entry_id: spendId });
    expect(db().prepare('SELECT expires_on FROM point_lots WHERE member_id = ? ORDER BY earned_on').pluck().all(member)).toEqual(['2027-01-10', '2028-03-01']);
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('moves forward only: shipped cannot be cancelled, cancelled cannot be shipped or cancelled again', async () => {
    const a = (await createRedemption(t.ctx('agent'), order())).redemption;
    expect((await shipRedemption(t.ctx('agent'), a.id)).status).toBe('shipped');
    expect((await refusal(() => cancelRedemption(t.ctx('agent'), a.id, 'for sent'))).code).toBe('invalid_transition');
    expect((await refusal(() => shipRedemption(t.ctx('agent'), a.id))).code).toBe('invalid_transition');
    const b = (await createRedemption(t.ctx('agent'), order({ lines: [{ productId: shaker, quantity: 1 }] }))).redemption;
    await cancelRedemption(t.ctx('agent'), b.id, 'Feil vare');
    expect((await refusal(() => cancelRedemption(t.ctx('agent'), b.id, 'igjen'))).code).toBe('invalid_transition');
    expect((await refusal(() => shipRedemption(t.ctx('agent'), b.id))).code).toBe('invalid_transition');
    expect(count("SELECT count(*) FROM ledger_entries WHERE kind = 'spend_reversal'")).toBe(1);
  });
});

describe('through the router', () => {
  it('a manager may not register a redemption; an agent needs two identity checks', async () => {
    const manager = await t.as('manager');
    const base = { memberId: member, channel: 'phone', lines: [{ productId: omega, quantity: 1 }], delivery: 'next_delivery', idempotencyKey: 'form-router-1', postageOre: 0 };
    expect(await manager.invoke('redemptions.create', { ...base, identity: { memberNo: true, address: true, email: false, phone: false } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const agent = await t.as('agent');
    expect(await agent.invoke('redemptions.create', { ...base, identity: { memberNo: true, address: false, email: false, phone: false } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await agent.invoke('redemptions.create', { ...base, channel: 'email', identity: { memberNo: true, address: true, email: false, phone: false } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    assertNothingBooked();
  });
});
