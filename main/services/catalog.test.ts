import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../shared/events.js';
import type { Role } from '../../shared/roles.js';
import type { Connection } from '../desk.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { stateAfterStock } from './catalog.js';

/**
 * B4 "Catalog upkeep" (issue 13) through the router, as a supervisor's screen calls it: add a
 * product, change it, adjust its stock with a reason (its stock history), set its state; the
 * roles, the refusals (nothing written), and that a change never alters a registered redemption.
 */

let t: TestDesk;
let sup: Connection;
let agent: Connection;
let member: number;
let key = 0;

beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
  await t.withSetting('postage_ore', 0);
  member = await t.aMember({ nextDeliveryOn: '2026-12-03' });
  await t.earn(member, 10_000, '2025-03-01');
  sup = await t.as('supervisor');
  agent = await t.as('agent');
});
afterEach(() => t.close());

const db = () => t.desk.store.sqlite;
const count = (sql: string, ...args: unknown[]): number => db().prepare(sql).pluck().get(...args) as number;
const audits = (action: string): number => count('SELECT count(*) FROM audit_log WHERE action = ?', action);
const stockOf = (id: number): { stock: number; state: string } => db().prepare('SELECT stock, state FROM bonus_products WHERE id = ?').get(id) as { stock: number; state: string };
const auditDetails = (action: string): Record<string, unknown> =>
  JSON.parse((db().prepare('SELECT details FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1').pluck().get(action) as string | undefined) ?? '{}') as Record<string, unknown>;

/** Everything a catalog write could leave behind, to prove a refusal left nothing. */
const written = (): number[] => [
  count('SELECT count(*) FROM bonus_products'),
  count('SELECT count(*) FROM stock_adjustments'),
  count("SELECT count(*) FROM audit_log WHERE action LIKE 'catalog.%'"),
  count("SELECT coalesce(sum(stock), 0) FROM bonus_products"),
  count("SELECT count(*) FROM bonus_products WHERE updated_at <> created_at"),
];

async function refusedWith(c: Connection, channel: string, input: unknown): Promise<{ code: string; details?: Record<string, unknown> | undefined }> {
  const before = written();
  const result = await c.invoke(channel, input);
  if (result.ok) throw new Error(`${channel} was accepted: ${JSON.stringify(result.value)}`);
  // B4: a refused catalog write stores nothing at all, not even an audit row.
  expect(written(), `${channel} wrote something although it was refused`).toEqual(before);
  return result.error;
}

const order = (productId: number, quantity: number) => ({
  memberId: member,
  channel: 'phone' as const,
  lines: [{ productId, quantity }],
  delivery: 'next_delivery' as const,
  identity: { memberNo: true, address: true, email: false, phone: false },
  idempotencyKey: `catalog-form-${(key += 1)}`,
  postageOre: 0,
});

describe('catalog.create (B4)', () => {
  it('B4: a supervisor adds a product; the stock it starts with is the first row of its history, and agents find it in catalog.list at once', async () => {
    const { product } = await sup.call('catalog.create', { sku: 'BP-2001', name: '  Ullsokker  ', description: 'Varme sokker i merinoull', pointsPrice: 1_800, stock: 24 });
    expect(product).toMatchObject({ sku: 'BP-2001', name: 'Ullsokker', description: 'Varme sokker i merinoull', pointsPrice: 1_800, stock: 24, state: 'available', launchOn: null, queued: 0 });
    const { products } = await agent.call('catalog.list', {});
    expect(products.find((p) => p.id === product.id)).toEqual(product);
    const history = await sup.call('catalog.stockHistory', { productId: product.id });
    expect(history.entries).toEqual([
      { id: expect.any(Number), productId: product.id, at: '2026-11-21T10:00:00.000Z', delta: 24, stockAfter: 24, reason: 'initial_stock', initial: true, by: 'Test supervisor' },
    ]);
    expect(history.more).toBe(false);
    expect(audits('catalog.create')).toBe(1);
    expect(auditDetails('catalog.create')).toMatchObject({ productId: product.id, sku: 'BP-2001', pointsPrice: 1_800, stock: 24, state: 'available' });
  });

  it('B4: a product with no stock to start with is sold out, has an empty history, and cannot be ordered', async () => {
    const { product } = await sup.call('catalog.create', { sku: 'BP-2002', name: 'Pledd', pointsPrice: 9_000 });
    expect(product).toMatchObject({ stock: 0, state: 'sold_out', description: '' });
    expect((await sup.call('catalog.stockHistory', { productId: product.id })).entries).toEqual([]);
    const quote = await agent.call('redemptions.quote', { memberId: member, channel: 'phone', lines: [{ productId: product.id, quantity: 1 }], delivery: 'next_delivery' });
    expect(quote.problems.map((p) => p.code)).toContain('sold_out');
  });

  it('B4: a taken article number (in any case) and bad input are refused; nothing is written', async () => {
    await t.aProduct({ sku: 'BP-1001', name: 'Termokopp' });
    expect(await refusedWith(sup, 'catalog.create', { sku: 'bp-1001', name: 'Ny kopp', pointsPrice: 100 })).toMatchObject({
      code: 'conflict',
      details: { field: 'sku', sku: 'BP-1001', name: 'Termokopp' },
    });
    const bad = [
      { sku: 'BP 9', name: 'Mellomrom i varenummer', pointsPrice: 100 },
      { sku: '', name: 'Uten varenummer', pointsPrice: 100 },
      { sku: 'BP-9', name: '   ', pointsPrice: 100 },
      { sku: 'BP-9', name: 'Gratis', pointsPrice: 0 },
      { sku: 'BP-9', name: 'Brøk', pointsPrice: 10.5 },
      { sku: 'BP-9', name: 'Minus', pointsPrice: 100, stock: -1 },
      { sku: 'BP-9', name: 'Lang', pointsPrice: 100, description: 'x'.repeat(1_001) },
      { sku: 'BP-9', name: 'Ukjent felt', pointsPrice: 100, state: 'available' },
      { sku: 'BP-9', name: 'Uten pris' },
    ];
    for (const input of bad) expect((await refusedWith(sup, 'catalog.create', input)).code, JSON.stringify(input)).toBe('invalid_input');
  });
});

describe('catalog.update (B4)', () => {
  it('B4: a price change never alters a registered redemption: its lines keep the points they were booked at, the next order pays the new price', async () => {
    const { product } = await sup.call('catalog.create', { sku: 'BP-3001', name: 'Termokopp', pointsPrice: 1_000, stock: 10 });
    const booked = await agent.call('redemptions.create', order(product.id, 2));
    expect(booked.redemption).toMatchObject({ totalPoints: 2_000, lines: [{ productId: product.id, quantity: 2, pointsEach: 1_000, name: 'Termokopp' }] });
    const balance = await t.balanceOf(member);
    const ledger = count('SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE member_id = ?', member);

    t.clock.advance(60_000);
    const { product: changed } = await sup.call('catalog.update', { productId: product.id, name: 'Termokopp 500 ml', pointsPrice: 1_500, reason: 'Ny innkjøpspris' });
    expect(changed).toMatchObject({ name: 'Termokopp 500 ml', pointsPrice: 1_500, description: '', stock: 8 });

    // The registered redemption is as it was booked: its lines, its total, the member's points.
    const { redemptions } = await agent.call('redemptions.list', { memberId: member });
    expect(redemptions).toHaveLength(1);
    expect(redemptions[0]).toMatchObject({ id: booked.redemption.id, status: 'registered', totalPoints: 2_000, lines: [{ productId: product.id, quantity: 2, pointsEach: 1_000 }] });
    expect(db().prepare('SELECT points_each FROM redemption_lines WHERE redemption_id = ?').pluck().all(booked.redemption.id)).toEqual([1_000]);
    expect(count('SELECT total_points FROM redemptions WHERE id = ?', booked.redemption.id)).toBe(2_000);
    expect(await t.balanceOf(member)).toBe(balance);
    expect(count('SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE member_id = ?', member)).toBe(ledger);
    // A cancellation gives back what was spent, not the new price.
    const { redemption: cancelled } = await agent.call('redemptions.cancel', { redemptionId: booked.redemption.id, reason: 'Kunden angret' });
    expect(cancelled.totalPoints).toBe(2_000);
    expect(await t.balanceOf(member)).toBe(balance + 2_000);

    // The next order pays the new price.
    const quote = await agent.call('redemptions.quote', { memberId: member, channel: 'phone', lines: [{ productId: product.id, quantity: 1 }], delivery: 'next_delivery' });
    expect(quote.lines[0]).toMatchObject({ pointsEach: 1_500, name: 'Termokopp 500 ml' });
    // The audit row keeps before and after of what changed, and the reason.
    expect(auditDetails('catalog.update')).toEqual({ productId: product.id, sku: 'BP-3001', before: { name: 'Termokopp', pointsPrice: 1_000 }, after: { name: 'Termokopp 500 ml', pointsPrice: 1_500 } });
    expect(db().prepare("SELECT reason FROM audit_log WHERE action = 'catalog.update'").pluck().get()).toBe('Ny innkjøpspris');
  });

  it('B4: only the fields given change; a change of nothing stores nothing', async () => {
    const id = await t.aProduct({ sku: 'BP-3002', name: 'Pledd', pointsPrice: 9_000 });
    const { product } = await sup.call('catalog.update', { productId: id, description: 'Mykt pledd i ull' });
    expect(product).toMatchObject({ name: 'Pledd', pointsPrice: 9_000, description: 'Mykt pledd i ull' });
    expect(audits('catalog.update')).toBe(1);
    const before = written();
    expect((await sup.call('catalog.update', { productId: id, name: 'Pledd', description: 'Mykt pledd i ull', pointsPrice: 9_000 })).product).toEqual(product);
    expect(written()).toEqual(before);
  });

  it('B4: an unknown product and bad input are refused; nothing is written', async () => {
    const id = await t.aProduct({ sku: 'BP-3003' });
    expect((await refusedWith(sup, 'catalog.update', { productId: 999_999, name: 'Finnes ikke' })).code).toBe('not_found');
    for (const input of [{ productId: id, pointsPrice: 0 }, { productId: id, name: '' }, { productId: id, sku: 'NYTT' }, { productId: id, reason: 'x' }, { productId: 'en', name: 'X' }]) {
      expect((await refusedWith(sup, 'catalog.update', input)).code, JSON.stringify(input)).toBe('invalid_input');
    }
  });
});

describe('catalog.adjustStock (B4)', () => {
  it('B4: each adjustment is a row of the stock history with its reason, who and the stock after; the last unit out marks it sold out, stock back makes it available', async () => {
    const id = await t.aProduct({ sku: 'BP-4001', name: 'Drikkeflaske', stock: 3 });
    const out = await sup.call('catalog.adjustStock', { productId: id, delta: -3, reason: 'Tre flasker kom i retur ødelagt' });
    expect(out.product).toMatchObject({ stock: 0, state: 'sold_out' });
    expect(out.adjustment).toMatchObject({ productId: id, delta: -3, stockAfter: 0, reason: 'Tre flasker kom i retur ødelagt', initial: false, by: 'Test supervisor' });
    t.clock.advance(30 * 60_000);
    const back = await sup.call('catalog.adjustStock', { productId: id, delta: 20, reason: '  Varemottak fra leverandør  ' });
    expect(back.product).toMatchObject({ stock: 20, state: 'available' });
    expect(stockOf(id)).toEqual({ stock: 20, state: 'available' });

    const { entries } = await sup.call('catalog.stockHistory', { productId: id });
    expect(entries.map((e) => [e.at, e.delta, e.stockAfter, e.reason, e.by])).toEqual([
      ['2026-11-21T10:30:00.000Z', 20, 20, 'Varemottak fra leverandør', 'Test supervisor'],
      ['2026-11-21T10:00:00.000Z', -3, 0, 'Tre flasker kom i retur ødelagt', 'Test supervisor'],
    ]);
    // Managers read the history (they read everything); the audit rows carry before and after.
    expect((await (await t.as('manager')).call('catalog.stockHistory', { productId: id })).entries).toHaveLength(2);
    expect(auditDetails('catalog.adjustStock')).toMatchObject({ productId: id, delta: 20, before: { stock: 0, state: 'sold_out' }, after: { stock: 20, state: 'available' } });
    expect(db().prepare("SELECT reason FROM audit_log WHERE action = 'catalog.adjustStock' ORDER BY id").pluck().all()).toEqual(['Tre flasker kom i retur ødelagt', 'Varemottak fra leverandør']);
  });

  it('B4: the stock never goes below zero; a zero change, a missing or too short reason are refused; nothing is written', async () => {
    const id = await t.aProduct({ sku: 'BP-4002', stock: 5 });
    expect(await refusedWith(sup, 'catalog.adjustStock', { productId: id, delta: -6, reason: 'Telling på lageret' })).toMatchObject({ code: 'insufficient_stock', details: { stock: 5, delta: -6 } });
    expect((await refusedWith(sup, 'catalog.adjustStock', { productId: 999_999, delta: 1, reason: 'Telling på lageret' })).code).toBe('not_found');
    for (const input of [
      { productId: id, delta: 0, reason: 'Telling på lageret' },
      { productId: id, delta: 2, reason: 'ab' },
      { productId: id, delta: 2, reason: '    ' },
      { productId: id, delta: 2 },
      { productId: id, delta: 1.5, reason: 'Telling på lageret' },
      { productId: id, delta: 2_000_000, reason: 'Telling på lageret' },
    ]) {
      expect((await refusedWith(sup, 'catalog.adjustStock', input)).code, JSON.stringify(input)).toBe('invalid_input');
    }
    expect(stockOf(id)).toEqual({ stock: 5, state: 'available' });
  });

  it('B4: a product marked sold out while it had stock stays sold out when stock comes in; a discontinued one stays discontinued', async () => {
    expect(stateAfterStock('sold_out', 4, 9)).toBe('sold_out');
    expect(stateAfterStock('sold_out', 0, 1)).toBe('available');
    expect(stateAfterStock('available', 1, 0)).toBe('sold_out');
    expect(stateAfterStock('discontinued', 0, 5)).toBe('discontinued');
    expect(stateAfterStock('discontinued', 5, 0)).toBe('discontinued');
    const held = await t.aProduct({ sku: 'BP-4003', stock: 4, state: 'sold_out' });
    expect((await sup.call('catalog.adjustStock', { productId: held, delta: 5, reason: 'Varemottak' })).product).toMatchObject({ stock: 9, state: 'sold_out' });
    const gone = await t.aProduct({ sku: 'BP-4004', stock: 0, state: 'discontinued' });
    expect((await sup.call('catalog.adjustStock', { productId: gone, delta: 2, reason: 'Funnet på lageret' })).product).toMatchObject({ stock: 2, state: 'discontinued' });
  });

  it('L5: other desks hear `stock` naming the product, so open product lists and banners update at once', async () => {
    const id = await t.aProduct({ sku: 'BP-4005', stock: 1 });
    const heard: DeskEvent[] = [];
    const stop = t.desk.onEvent((e) => heard.push(e));
    await sup.call('catalog.adjustStock', { productId: id, delta: 10, reason: 'Varemottak' });
    await sup.call('catalog.setState', { productId: id, state: 'discontinued' });
    const { product } = await sup.call('catalog.create', { sku: 'BP-4006', name: 'Ny vare', pointsPrice: 10 });
    await refusedWith(sup, 'catalog.adjustStock', { productId: id, delta: -100, reason: 'For mye' });
    stop();
    expect(heard).toEqual([
      { kind: 'changed', topics: ['stock'], productIds: [id] },
      { kind: 'changed', topics: ['stock'], productIds: [id] },
      { kind: 'changed', topics: ['stock'], productIds: [product.id] },
    ]);
  });

  it('the stock history comes a page at a time, newest first', async () => {
    const id = await t.aProduct({ sku: 'BP-4007', stock: 0 });
    for (let i = 1; i <= 5; i += 1) await sup.call('catalog.adjustStock', { productId: id, delta: i, reason: `Mottak nr. ${i}` });
    const first = await sup.call('catalog.stockHistory', { productId: id, limit: 2 });
    expect([first.entries.map((e) => e.delta), first.more]).toEqual([[5, 4], true]);
    const second = await sup.call('catalog.stockHistory', { productId: id, limit: 2, beforeId: first.entries[1]?.id });
    expect([second.entries.map((e) => e.delta), second.more]).toEqual([[3, 2], true]);
    const last = await sup.call('catalog.stockHistory', { productId: id, limit: 2, beforeId: second.entries[1]?.id });
    expect([last.entries.map((e) => [e.delta, e.stockAfter]), last.more]).toEqual([[[1, 1]], false]);
    expect((await refusedWith(sup, 'catalog.stockHistory', { productId: 999_999 })).code).toBe('not_found');
  });
});

describe('catalog.setState (B4)', () => {
  it('B4: a discontinued product leaves the agents’ list but keeps its history and its redemptions; it can come back', async () => {
    const { product } = await sup.call('catalog.create', { sku: 'BP-5001', name: 'Handlenett', pointsPrice: 800, stock: 5 });
    const booked = await agent.call('redemptions.create', order(product.id, 1));
    const { product: gone } = await sup.call('catalog.setState', { productId: product.id, state: 'discontinued', reason: 'Leverandøren har sluttet å lage det' });
    expect(gone).toMatchObject({ state: 'discontinued', stock: 4 });
    expect((await agent.call('catalog.list', {})).products.map((p) => p.id)).not.toContain(product.id);
    expect((await agent.call('catalog.list', { includeDiscontinued: true })).products.map((p) => p.id)).toContain(product.id);
    const quote = await agent.call('redemptions.quote', { memberId: member, channel: 'phone', lines: [{ productId: product.id, quantity: 1 }], delivery: 'next_delivery' });
    expect(quote.problems.map((p) => p.code)).toEqual(['discontinued']);
    expect((await sup.call('catalog.stockHistory', { productId: product.id })).entries).toHaveLength(1);
    expect((await agent.call('redemptions.list', { memberId: member })).redemptions[0]).toMatchObject({ id: booked.redemption.id, lines: [{ name: 'Handlenett', pointsEach: 800 }] });
    expect(auditDetails('catalog.setState')).toMatchObject({ before: { state: 'available' }, after: { state: 'discontinued' } });

    expect((await sup.call('catalog.setState', { productId: product.id, state: 'sold_out' })).product.state).toBe('sold_out');
    expect((await sup.call('catalog.setState', { productId: product.id, state: 'available' })).product.state).toBe('available');
    expect(audits('catalog.setState')).toBe(3);
    // The same state again stores nothing.
    const before = written();
    expect((await sup.call('catalog.setState', { productId: product.id, state: 'available' })).product.state).toBe('available');
    expect(written()).toEqual(before);
  });

  it('B4: a product with no stock cannot be made available; an unknown state or product is refused; nothing is written', async () => {
    const id = await t.aProduct({ sku: 'BP-5002', stock: 0, state: 'sold_out' });
    expect(await refusedWith(sup, 'catalog.setState', { productId: id, state: 'available' })).toMatchObject({ code: 'invalid_transition', details: { stock: 0 } });
    expect((await refusedWith(sup, 'catalog.setState', { productId: id, state: 'gone' })).code).toBe('invalid_input');
    expect((await refusedWith(sup, 'catalog.setState', { productId: 999_999, state: 'discontinued' })).code).toBe('not_found');
    expect(stockOf(id)).toEqual({ stock: 0, state: 'sold_out' });
  });

  it('B4: a new product is marked for a planned launch through launches.update; the catalog then shows its launch day', async () => {
    const other = await t.aProduct({ sku: 'BP-5003' });
    const launchId = await t.aLaunch('2026-12-10', [other], 'Julenyheter');
    const { product } = await sup.call('catalog.create', { sku: 'BP-5004', name: 'Julekopp', pointsPrice: 1_200, stock: 50 });
    await sup.call('launches.update', { launchId, productIds: [other, product.id] });
    expect((await agent.call('catalog.list', {})).products.find((p) => p.id === product.id)?.launchOn).toBe('2026-12-10');
    // B4: not for sale before its launch day.
    const quote = await agent.call('redemptions.quote', { memberId: member, channel: 'phone', lines: [{ productId: product.id, quantity: 1 }], delivery: 'next_delivery' });
    expect(quote.problems.map((p) => p.code)).toEqual(['not_yet_launched']);
    expect((await sup.call('catalog.update', { productId: product.id, pointsPrice: 1_100 })).product.launchOn).toBe('2026-12-10');
  });
});

describe('who may keep the catalog (SPEC role table, B4)', () => {
  it('agents, managers and admins may not write the catalog; agents and admins do not read the stock history; nothing is written', async () => {
    const id = await t.aProduct({ sku: 'BP-6001', stock: 5 });
    const writes: [string, unknown][] = [
      ['catalog.create', { sku: 'BP-6002', name: 'Ny', pointsPrice: 100, stock: 1 }],
      ['catalog.update', { productId: id, pointsPrice: 1 }],
      ['catalog.adjustStock', { productId: id, delta: 5, reason: 'Varemottak' }],
      ['catalog.setState', { productId: id, state: 'discontinued' }],
    ];
    const admin = await t.as('admin');
    const connections: Partial<Record<Role, Connection>> = { agent, manager: await t.as('manager'), admin };
    for (const [role, c] of Object.entries(connections)) {
      for (const [channel, input] of writes) expect((await refusedWith(c, channel, input)).code, `${role} ${channel}`).toBe('forbidden');
    }
    expect((await refusedWith(agent, 'catalog.stockHistory', { productId: id })).code).toBe('forbidden');
    expect((await refusedWith(admin, 'catalog.stockHistory', { productId: id })).code).toBe('forbidden');
    expect(stockOf(id)).toEqual({ stock: 5, state: 'available' });
  });
});
