import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Launch } from '../../shared/channels/launches.js';
import { DeskError } from '../../shared/errors.js';
import type { Connection } from '../desk.js';
import { defaultLaunchScript } from '../domain/launch-day.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { assertNoLaunchLockout, createLaunch, findLaunchLockout, launchLockout, LAUNCH_SCRIPT_KEY } from './launches.js';

/** The launch calendar and the customer-service lockout (SPEC L1–L4), over a real SQLite desk. */

let t: TestDesk;
let sup: Connection;
/** Bonus products: two for the launch, one that is not in it. */
let nyhet1: number;
let nyhet2: number;
let vanlig: number;

beforeEach(async () => {
  t = await testDesk('2026-10-01T08:00:00Z');
  nyhet1 = aProduct('NY-1', 'Nyhet én', 5);
  nyhet2 = aProduct('NY-2', 'Nyhet to', 0);
  vanlig = aProduct('VA-1', 'Vanlig vare', 40);
  sup = await t.as('supervisor');
});
afterEach(() => t.close());

function aProduct(sku: string, name: string, stock: number): number {
  const info = t.desk.store.sqlite
    .prepare("INSERT INTO bonus_products (sku, name, points_price, stock, state, created_at, updated_at) VALUES (?, ?, 1000, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
    .run(sku, name, stock, stock === 0 ? 'sold_out' : 'available');
  return Number(info.lastInsertRowid);
}

const rows = (sql: string, ...params: unknown[]): Record<string, unknown>[] => t.desk.store.sqlite.prepare(sql).all(...params) as Record<string, unknown>[];

async function refused(c: Connection, channel: string, input: unknown): Promise<{ code: string; message: string; details?: Record<string, unknown> | undefined }> {
  const result = await c.invoke(channel, input);
  if (result.ok) throw new Error(`${channel} was accepted`);
  return result.error;
}

async function caught(fn: () => unknown): Promise<DeskError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof DeskError) return e;
    throw e;
  }
  throw new Error('nothing was thrown');
}

describe('launch calendar', () => {
  it('a supervisor creates, updates and cancels a launch; each write is one audit row', async () => {
    const created = await sup.call('launches.create', { launchOn: '2026-10-23', name: 'Høstlansering', productIds: [nyhet1, nyhet2, nyhet1] });
    expect(created).toMatchObject({
      launchOn: '2026-10-23',
      name: 'Høstlansering',
      scope: 'launch_products',
      status: 'planned',
      cancelReason: null,
      createdBy: 'Test supervisor',
      editable: true,
    });
    // L5: live stock and state come with the products.
    expect(created.products.map((p) => [p.sku, p.stock, p.state])).toEqual([
      ['NY-1', 5, 'available'],
      ['NY-2', 0, 'sold_out'],
    ]);

    const updated = await sup.call('launches.update', { launchId: created.id, launchOn: '2026-10-26', productIds: [nyhet2], scope: 'all_orders', reason: 'Flyttet etter sommertid' });
    expect(updated).toMatchObject({ launchOn: '2026-10-26', name: 'Høstlansering', scope: 'all_orders' });
    expect(updated.products.map((p) => p.id)).toEqual([nyhet2]);

    const renamed = await sup.call('launches.update', { launchId: created.id, name: 'Høstnyheter' });
    expect(renamed).toMatchObject({ name: 'Høstnyheter', launchOn: '2026-10-26', scope: 'all_orders' });
    expect(renamed.products.map((p) => p.id)).toEqual([nyhet2]);

    const cancelled = await sup.call('launches.cancel', { launchId: created.id, reason: 'Leveransen er forsinket' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Leveransen er forsinket', editable: false });

    expect(rows("SELECT action, reason, user_id FROM audit_log WHERE action LIKE 'launches.%' ORDER BY id")).toEqual([
      { action: 'launches.create', reason: null, user_id: t.users.supervisor.id },
      { action: 'launches.update', reason: 'Flyttet etter sommertid', user_id: t.users.supervisor.id },
      { action: 'launches.update', reason: null, user_id: t.users.supervisor.id },
      { action: 'launches.cancel', reason: 'Leveransen er forsinket', user_id: t.users.supervisor.id },
    ]);

    // A cancelled launch is kept, and can no longer change.
    const agent = await t.as('agent');
    const list = await agent.call('launches.list', {});
    expect(list.launches.map((l) => [l.id, l.status])).toEqual([[created.id, 'cancelled']]);
    expect((await agent.call('launches.list', { includeCancelled: false })).launches).toEqual([]);
    expect(await refused(sup, 'launches.update', { launchId: created.id, name: 'Igjen' })).toMatchObject({ code: 'invalid_transition' });
    expect(await refused(sup, 'launches.cancel', { launchId: created.id, reason: 'To ganger' })).toMatchObject({ code: 'invalid_transition' });
  });

  it('refuses a launch day in the past (Oslo): create, update, move and cancel', async () => {
    // 23:30 UTC on 30 September is already 1 October in Oslo.
    t.clock.set('2026-09-30T23:30:00Z');
    expect(await refused(sup, 'launches.create', { launchOn: '2026-09-30', name: 'For sent', productIds: [nyhet1] })).toMatchObject({
      code: 'launch_in_past',
      details: { launchOn: '2026-09-30', today: '2026-10-01' },
    });
    const today = await sup.call('launches.create', { launchOn: '2026-10-01', name: 'I dag', productIds: [nyhet1] });
    expect(today.editable).toBe(true);
    expect(await refused(sup, 'launches.update', { launchId: today.id, launchOn: '2026-09-29' })).toMatchObject({ code: 'launch_in_past' });

    // The day after (Oslo), the launch has passed: no edits, no cancel. (A new day, a new session:
    // yesterday's has been idle for hours, issue 10.)
    t.clock.set('2026-10-01T22:00:00Z');
    sup = await t.as('supervisor');
    expect(await refused(sup, 'launches.update', { launchId: today.id, name: 'Endret' })).toMatchObject({ code: 'launch_in_past' });
    expect(await refused(sup, 'launches.cancel', { launchId: today.id, reason: 'For sent' })).toMatchObject({ code: 'launch_in_past' });
    expect((await sup.call('launches.list', {})).launches[0]).toMatchObject({ name: 'I dag', editable: false, status: 'planned' });
    expect(rows("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'launches.%'")).toEqual([{ n: 1 }]);
  });

  it('unknown product ids are not_found and nothing is stored', async () => {
    expect(await refused(sup, 'launches.create', { launchOn: '2026-10-23', name: 'Feil', productIds: [nyhet1, 9999] })).toMatchObject({
      code: 'not_found',
      details: { productIds: [9999] },
    });
    expect(rows('SELECT count(*) AS n FROM launches')).toEqual([{ n: 0 }]);
    const ok = await sup.call('launches.create', { launchOn: '2026-10-23', name: 'Riktig', productIds: [nyhet1] });
    expect(await refused(sup, 'launches.update', { launchId: ok.id, productIds: [8888], name: 'Ny' })).toMatchObject({ code: 'not_found' });
    expect((await sup.call('launches.list', {})).launches[0]).toMatchObject({ name: 'Riktig' });
    expect(await refused(sup, 'launches.update', { launchId: 777, name: 'Ingen' })).toMatchObject({ code: 'not_found' });
    expect(await refused(sup, 'launches.cancel', { launchId: 777, reason: 'Ingen' })).toMatchObject({ code: 'not_found' });
  });

  it('a launch that locks only its products needs products; one that locks all orders may have none', async () => {
    expect(await refused(sup, 'launches.create', { launchOn: '2026-10-23', name: 'Tom', productIds: [] })).toMatchObject({ code: 'invalid_input' });
    expect(await refused(sup, 'launches.create', { launchOn: '2026-02-30', name: 'Ingen dag', productIds: [nyhet1] })).toMatchObject({ code: 'invalid_input' });
    const all = await sup.call('launches.create', { launchOn: '2026-10-23', name: 'Alt stengt', productIds: [], scope: 'all_orders' });
    expect(all.products).toEqual([]);
    expect(await refused(sup, 'launches.update', { launchId: all.id, scope: 'launch_products' })).toMatchObject({ code: 'invalid_input' });
  });

  it('only supervisors change the calendar and the script; agents, supervisors and managers read it; admins do not', async () => {
    const launch = await sup.call('launches.create', { launchOn: '2026-10-23', name: 'Roller', productIds: [nyhet1] });
    for (const role of ['agent', 'manager', 'admin'] as const) {
      const c = await t.as(role);
      expect(await refused(c, 'launches.create', { launchOn: '2026-10-24', name: 'X', productIds: [nyhet1] })).toMatchObject({ code: 'forbidden' });
      expect(await refused(c, 'launches.update', { launchId: launch.id, name: 'X' })).toMatchObject({ code: 'forbidden' });
      expect(await refused(c, 'launches.cancel', { launchId: launch.id, reason: 'X' })).toMatchObject({ code: 'forbidden' });
      expect(await refused(c, 'launches.setScript', { script: 'X' })).toMatchObject({ code: 'forbidden' });
    }
    for (const role of ['agent', 'supervisor', 'manager'] as const) {
      const c = await t.as(role);
      expect((await c.call('launches.list', {})).launches).toHaveLength(1);
      expect((await c.call('launches.today', {})).upcoming).toHaveLength(1);
      expect((await c.call('launches.script', {})).isDefault).toBe(true);
    }
    const admin = await t.as('admin');
    for (const channel of ['launches.list', 'launches.today', 'launches.script']) {
      expect(await refused(admin, channel, {})).toMatchObject({ code: 'forbidden' });
    }
    expect(rows('SELECT name FROM launches')).toEqual([{ name: 'Roller' }]);
  });

  it('inputs are strict: unknown fields are invalid', async () => {
    expect(await refused(sup, 'launches.create', { launchOn: '2026-10-23', name: 'X', productIds: [nyhet1], status: 'cancelled' })).toMatchObject({ code: 'invalid_input' });
    expect(await refused(sup, 'launches.cancel', { launchId: 1 })).toMatchObject({ code: 'invalid_input' });
    expect(await refused(sup, 'launches.cancel', { launchId: 1, reason: '   ' })).toMatchObject({ code: 'invalid_input' });
  });
});

describe('launches.today (L1–L4 for the banner)', () => {
  it("shows today's launch with each channel's state and next change, the next launches, and the script", async () => {
    const today = await sup.call('launches.create', { launchOn: '2026-10-23', name: 'Fredag', productIds: [nyhet1] });
    await sup.call('launches.create', { launchOn: '2026-10-26', name: 'Mandag', productIds: [nyhet2] });
    const off = await sup.call('launches.create', { launchOn: '2026-10-24', name: 'Avlyst', productIds: [nyhet2] });
    await sup.call('launches.cancel', { launchId: off.id, reason: 'Avlyst' });

    t.clock.set('2026-10-23T07:15:00+02:00'); // the Friday before the autumn change, CEST
    const agent = await t.as('agent');
    const view = await agent.call('launches.today', {});
    expect(view.today).toBe('2026-10-23');
    expect(view.launches.map((l) => l.id)).toEqual([today.id]);
    expect(view.upcoming.map((l) => l.name)).toEqual(['Mandag']);
    expect(view.launches[0]?.day).toMatchObject({
      phase: 'waiting_room',
      webShop: { state: 'waiting_room', nextChangeAt: '2026-10-23T06:00:00.000Z' },
      customerService: { state: 'locked', nextChangeAt: '2026-10-23T08:00:00.000Z' },
      stores: { state: 'no_orders', nextChangeAt: '2026-10-23T10:00:00.000Z', inStockSales: true },
      nextChangeAt: '2026-10-23T06:00:00.000Z',
      timeline: { waitingRoomAt: '2026-10-23T05:00:00.000Z', customerServiceOpensAt: '2026-10-23T08:00:00.000Z' },
    });
    // Monday after the change is CET: 10:00 is 09:00 UTC.
    expect(view.upcoming[0]?.day).toMatchObject({ phase: 'before', timeline: { customerServiceOpensAt: '2026-10-26T09:00:00.000Z' } });
    expect(view.script).toBe(defaultLaunchScript());

    t.clock.set('2026-10-23T10:00:00+02:00');
    // Almost three hours later the morning's session has ended (idle, issue 10): the agent signs in again.
    const later = await (await t.as('agent')).call('launches.today', {});
    expect(later.launches[0]?.day).toMatchObject({ phase: 'stores_pending', webOnly: false, customerService: { state: 'open', nextChangeAt: null } });
  });
});

describe('the agent script (setting launch_script)', () => {
  it('is the default until a supervisor changes it; null restores the default', async () => {
    const agent = await t.as('agent');
    expect(await agent.call('launches.script', {})).toEqual({ script: defaultLaunchScript(), isDefault: true, updatedAt: null, updatedBy: null });
    const set = await sup.call('launches.setScript', { script: '  Nettbutikken fra kl. 08.00.  ' });
    expect(set).toEqual({ script: 'Nettbutikken fra kl. 08.00.', isDefault: false, updatedAt: '2026-10-01T08:00:00.000Z', updatedBy: 'Test supervisor' });
    expect(rows('SELECT value FROM settings WHERE key = ?', LAUNCH_SCRIPT_KEY)).toEqual([{ value: JSON.stringify('Nettbutikken fra kl. 08.00.') }]);
    expect((await agent.call('launches.today', {})).script).toBe('Nettbutikken fra kl. 08.00.');
    expect(await sup.call('launches.setScript', { script: null })).toMatchObject({ isDefault: true, script: defaultLaunchScript() });
    expect(rows("SELECT action FROM audit_log WHERE action = 'launches.setScript'")).toHaveLength(2);
  });
});

describe('customer-service lockout (L3), as the redemption service enforces it', () => {
  const cases = [
    { label: 'winter time', day: '2027-01-15', offset: '+01:00' },
    { label: 'summer time', day: '2027-06-11', offset: '+02:00' },
    { label: 'the Friday before spring DST', day: '2027-03-26', offset: '+01:00' },
    { label: 'the Monday after spring DST', day: '2027-03-29', offset: '+02:00' },
    { label: 'the Friday before autumn DST', day: '2026-10-23', offset: '+02:00' },
    { label: 'the Monday after autumn DST', day: '2026-10-26', offset: '+01:00' },
  ];

  it.each(cases)('$label ($day): refused at 09:59:59, accepted at 10:00:00', async ({ day, offset }) => {
    const launch = await createLaunch(t.ctx('supervisor'), { launchOn: day, name: 'Nyhetslansering', productIds: [nyhet1] });
    const ctx = t.ctx('agent');
    const error = await caught(() => assertNoLaunchLockout(ctx, [vanlig, nyhet1], new Date(`${day}T09:59:59${offset}`)));
    const opensAt = new Date(`${day}T10:00:00${offset}`).toISOString();
    expect(error.code).toBe('launch_lockout');
    expect(error.message).toContain('10:00');
    expect(error.message).toContain('Nyhetslansering');
    expect(error.details).toEqual({
      launchId: launch.id,
      launchName: 'Nyhetslansering',
      launchOn: day,
      opensAt,
      opensAtOslo: '10:00',
      productIds: [nyhet1],
      scope: 'launch_products',
    });
    expect((await launchLockout(ctx, [nyhet1], new Date(`${day}T09:59:59${offset}`)))?.code).toBe('launch_lockout');
    await expect(assertNoLaunchLockout(ctx, [vanlig, nyhet1], new Date(`${day}T10:00:00${offset}`))).resolves.toBeUndefined();
    expect(await launchLockout(ctx, [nyhet1], new Date(`${day}T10:00:00${offset}`))).toBeNull();
  });

  it('SPEC worked example 5 (service): 2027-03-26 and 2027-03-29, launch product refused at 09:59 and accepted at 10:00; a product not in the launch accepted at 08:30', async () => {
    const supervisor = t.ctx('supervisor');
    await createLaunch(supervisor, { launchOn: '2027-03-26', name: 'Fredag før sommertid', productIds: [nyhet1] });
    await createLaunch(supervisor, { launchOn: '2027-03-29', name: 'Mandag etter sommertid', productIds: [nyhet1] });
    const ctx = t.ctx('agent');
    for (const [day, offset] of [
      ['2027-03-26', '+01:00'],
      ['2027-03-29', '+02:00'],
    ] as const) {
      expect((await caught(() => assertNoLaunchLockout(ctx, [nyhet1], new Date(`${day}T09:59:00${offset}`)))).code).toBe('launch_lockout');
      await expect(assertNoLaunchLockout(ctx, [nyhet1], new Date(`${day}T10:00:00${offset}`))).resolves.toBeUndefined();
      await expect(assertNoLaunchLockout(ctx, [vanlig], new Date(`${day}T08:30:00${offset}`))).resolves.toBeUndefined();
    }
  });

  it("scope: a product not in the launch is accepted at 08:30 with 'launch_products' and refused with 'all_orders'", async () => {
    const launch = await sup.call('launches.create', { launchOn: '2027-01-15', name: 'Januar', productIds: [nyhet1] });
    const ctx = t.ctx('agent');
    const at = new Date('2027-01-15T08:30:00+01:00');
    await expect(assertNoLaunchLockout(ctx, [vanlig], at)).resolves.toBeUndefined();
    await sup.call('launches.update', { launchId: launch.id, scope: 'all_orders' });
    const error = await caught(() => assertNoLaunchLockout(ctx, [vanlig], at));
    expect(error.details).toMatchObject({ launchId: launch.id, scope: 'all_orders', productIds: [vanlig] });
    expect(error.message).toContain('any orders');
    expect(await findLaunchLockout(ctx, [vanlig], new Date('2027-01-15T10:00:00+01:00'))).toBeNull();
  });

  it('a cancelled launch locks nothing', async () => {
    const launch = await sup.call('launches.create', { launchOn: '2027-01-15', name: 'Avlyst', productIds: [nyhet1], scope: 'all_orders' });
    const at = new Date('2027-01-15T09:00:00+01:00');
    expect(await findLaunchLockout(t.ctx('agent'), [nyhet1], at)).not.toBeNull();
    const cancelled: Launch = await sup.call('launches.cancel', { launchId: launch.id, reason: 'Varene kom ikke' });
    expect(cancelled.status).toBe('cancelled');
    expect(await findLaunchLockout(t.ctx('agent'), [nyhet1, vanlig], at)).toBeNull();
    await expect(assertNoLaunchLockout(t.ctx('agent'), [nyhet1], at)).resolves.toBeUndefined();
  });

  it('a launch moved to another day locks that day instead', async () => {
    const launch = await sup.call('launches.create', { launchOn: '2027-01-15', name: 'Flyttes', productIds: [nyhet1] });
    await sup.call('launches.update', { launchId: launch.id, launchOn: '2027-01-22' });
    expect(await findLaunchLockout(t.ctx('agent'), [nyhet1], new Date('2027-01-15T09:00:00+01:00'))).toBeNull();
    expect(await findLaunchLockout(t.ctx('agent'), [nyhet1], new Date('2027-01-22T09:00:00+01:00'))).toMatchObject({ launchId: launch.id });
  });
});
