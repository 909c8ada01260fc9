import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { createCorrection } from './corrections.js';
import { checkLedger } from './invariants.js';
import { cancelSubscription, endKeptMembership, keepMembership, optOut } from './lifecycle.js';
import { createRedemption } from './redemptions.js';

/**
 * B9 at its edges: keep-membership only before the end date (3 years after the cancellation),
 * and ending a kept membership on the member's request (B9's deletion, like an opt-out).
 */

let t: TestDesk;
let m: number;

const db = () => t.desk.store.sqlite;
const count = (sql: string, ...args: unknown[]): number => db().prepare(sql).pluck().get(...args) as number;
const memberRow = (): Record<string, unknown> =>
  db().prepare('SELECT state, balance, keep_membership_on, ended_on, cancelled_on FROM members WHERE id = ?').get(m) as Record<string, unknown>;
const lots = (): number[] => db().prepare('SELECT remaining FROM point_lots WHERE member_id = ? ORDER BY earned_on').pluck().all(m) as number[];

/** Everything a refused write could have touched, to prove nothing was written. */
function snapshot(): string {
  return JSON.stringify({
    member: memberRow(),
    lots: lots(),
    ledger: count('SELECT count(*) FROM ledger_entries'),
    events: count('SELECT count(*) FROM membership_events'),
    audit: count("SELECT count(*) FROM audit_log WHERE action LIKE 'members.%'"),
  });
}

async function cancelOn(day: string): Promise<void> {
  const sub = db().prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(m) as number;
  await cancelSubscription(t.ctx(null), sub, day);
}

beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
  m = await t.aMember({ startedOn: '2022-01-01' });
  await t.earn(m, 4_000, '2025-02-10');
  await t.earn(m, 3_000, '2026-03-01');
});
afterEach(() => t.close());

const request = { channel: 'phone' as const, reason: 'Medlemmet ringte' };

describe('keep-membership only before the end date (B9)', () => {
  beforeEach(() => cancelOn('2023-12-05'));

  it('B9: accepted on the day before the end date (3 years after the cancellation)', async () => {
    t.clock.set('2026-12-04T12:00:00Z');
    expect(await keepMembership(t.ctx('agent'), m, request)).toEqual({ keptOn: '2026-12-04' });
    expect(memberRow()).toMatchObject({ state: 'cancelled', keep_membership_on: '2026-12-04' });
  });

  it.each([
    ['on the end date itself', '2026-12-05T08:00:00Z'],
    ['after the end date, the monthly run not yet booked', '2027-01-03T08:00:00Z'],
  ])('B9: refused as membership_ended %s, with the end date, and nothing is written', async (_label, at) => {
    t.clock.set(at);
    const before = snapshot();
    const e = await refusal(() => keepMembership(t.ctx('agent'), m, request));
    expect(e.code).toBe('membership_ended');
    expect(e.details).toMatchObject({ endedOn: '2026-12-05', cancelledOn: '2023-12-05' });
    expect(snapshot()).toBe(before);
    expect(memberRow()).toMatchObject({ state: 'cancelled', keep_membership_on: null, balance: 7_000 });
  });

  it('B9: the Oslo date decides — 23:30 UTC the evening before is already the end date in Oslo', async () => {
    t.clock.set('2026-12-04T23:30:00Z');
    expect((await refusal(() => keepMembership(t.ctx('agent'), m, request))).code).toBe('membership_ended');
  });

  it('B9: a membership already ended by the monthly run is refused as membership_ended', async () => {
    db().prepare("UPDATE members SET state = 'ended', ended_on = '2026-12-05' WHERE id = ?").run(m);
    t.clock.set('2026-12-10T08:00:00Z');
    expect((await refusal(() => keepMembership(t.ctx('agent'), m, request))).code).toBe('membership_ended');
  });

  it('B9: a request kept before the end date is still answered with its date after it (a retry changes nothing)', async () => {
    t.clock.set('2026-06-01T08:00:00Z');
    await keepMembership(t.ctx('agent'), m, request);
    t.clock.set('2027-02-01T08:00:00Z');
    const before = snapshot();
    expect(await keepMembership(t.ctx('agent'), m, request)).toEqual({ keptOn: '2026-06-01' });
    expect(snapshot()).toBe(before);
  });
});

describe('ending a kept membership on the member’s request (B9)', () => {
  beforeEach(async () => {
    await cancelOn('2026-09-15');
    t.clock.set('2026-10-01T09:00:00Z');
    await keepMembership(t.ctx('agent'), m, request);
    t.clock.set('2026-11-21T10:00:00Z');
  });

  it('B9: deletes every point (delete_after_cancel from each lot), ends the membership, writes the event and the audit row', async () => {
    const out = await endKeptMembership(t.ctx('agent'), m, { channel: 'email', reason: 'Medlemmet vil avslutte', memberInformed: true });
    expect(out).toEqual({ deleted: 7_000, endedOn: '2026-11-21' });
    expect(memberRow()).toMatchObject({ state: 'ended', ended_on: '2026-11-21', balance: 0 });
    expect(lots()).toEqual([0, 0]);
    const entry = db().prepare("SELECT id, amount, channel, user_id, effective_on, reason FROM ledger_entries WHERE member_id = ? AND kind = 'delete_after_cancel'").all(m) as Record<string, unknown>[];
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({ amount: -7_000, channel: 'email', user_id: t.users.agent.id, effective_on: '2026-11-21' });
    expect(String(entry[0]?.['reason'])).toContain('Medlemmet vil avslutte');
    expect(db().prepare('SELECT amount FROM lot_allocations WHERE entry_id = ? ORDER BY lot_id').pluck().all(entry[0]?.['id'])).toEqual([4_000, 3_000]);
    const events = db().prepare("SELECT kind, on_date, channel, user_id, reason FROM membership_events WHERE member_id = ? AND kind = 'ended'").all(m);
    expect(events).toEqual([{ kind: 'ended', on_date: '2026-11-21', channel: 'email', user_id: t.users.agent.id, reason: 'Medlemmet vil avslutte' }]);
    const auditRow = db().prepare("SELECT user_id, channel, reason, details FROM audit_log WHERE action = 'members.endKeptMembership'").get() as Record<string, string>;
    expect(auditRow).toMatchObject({ user_id: t.users.agent.id, channel: 'email', reason: 'Medlemmet vil avslutte' });
    expect(JSON.parse(auditRow.details ?? '{}')).toEqual({ deleted: 7_000 });
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('B9 + B11: withheld points go with the deletion — the withholding is closed and nothing stays withheld', async () => {
    await createCorrection(t.ctx('supervisor'), { memberId: m, kind: 'withhold', points: 1_000, reason: 'Feilregistrert kjøp', channel: 'desk' });
    expect(await t.balanceOf(m)).toBe(6_000);
    const out = await endKeptMembership(t.ctx('agent'), m, { ...request, memberInformed: true });
    expect(out.deleted).toBe(7_000);
    expect(db().prepare('SELECT remaining + withheld FROM point_lots WHERE member_id = ?').pluck().all(m)).toEqual([0, 0]);
    expect(db().prepare("SELECT kind, amount, channel FROM ledger_entries WHERE member_id = ? AND kind IN ('release', 'delete_after_cancel') ORDER BY id").all(m)).toEqual([
      { kind: 'release', amount: 1_000, channel: 'system' },
      { kind: 'delete_after_cancel', amount: -7_000, channel: 'phone' },
    ]);
    expect(await t.balanceOf(m)).toBe(0);
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('B9 + B5: points of a lot already past its expiry expire, the rest is deleted', async () => {
    await t.earn(m, 500, '2023-11-01'); // expired on 2026-11-01, not yet booked by a run
    const out = await endKeptMembership(t.ctx('agent'), m, { ...request, memberInformed: true });
    expect(out.deleted).toBe(7_000);
    expect(count("SELECT sum(amount) FROM ledger_entries WHERE member_id = ? AND kind = 'expire'", m)).toBe(-500);
    expect(await t.balanceOf(m)).toBe(0);
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('B9: an ended membership cannot redeem, cannot be kept again and cannot be ended twice', async () => {
    await endKeptMembership(t.ctx('agent'), m, { ...request, memberInformed: true });
    const before = snapshot();
    expect((await refusal(() => endKeptMembership(t.ctx('agent'), m, { ...request, memberInformed: true }))).code).toBe('membership_ended');
    expect((await refusal(() => keepMembership(t.ctx('agent'), m, request))).code).toBe('membership_ended');
    const product = await t.aProduct({ pointsPrice: 100 });
    const order = { memberId: m, channel: 'phone' as const, lines: [{ productId: product, quantity: 1 }], delivery: 'next_delivery' as const, identity: { memberNo: true, address: true, email: false, phone: false }, idempotencyKey: 'x-1', postageOre: 0 };
    expect((await refusal(() => createRedemption(t.ctx('agent'), order))).code).toBe('membership_ended');
    expect(snapshot()).toBe(before);
  });

  it('B9: refused without the agent confirming the member was told, and nothing is written', async () => {
    const before = snapshot();
    const e = await refusal(() => endKeptMembership(t.ctx('agent'), m, { ...request, memberInformed: false }));
    expect(e.code).toBe('invalid_input');
    expect(e.details).toEqual({ field: 'memberInformed' });
    expect(snapshot()).toBe(before);
  });

  it('B9: through the router an agent ends it; a manager is forbidden', async () => {
    const manager = await t.as('manager');
    expect(await manager.invoke('members.endKeptMembership', { memberId: m, ...request, memberInformed: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const agent = await t.as('agent');
    expect(await agent.invoke('members.endKeptMembership', { memberId: m, ...request, memberInformed: true })).toEqual({ ok: true, value: { deleted: 7_000, endedOn: '2026-11-21' } });
  });
});

describe('only a kept membership is ended on request (B9)', () => {
  it.each([
    ['an active member', async (): Promise<void> => undefined],
    ['a cancelled member who has not asked to keep membership', async (): Promise<void> => cancelOn('2026-09-15')],
    ['a member who opted out', async (): Promise<void> => void await optOut(t.ctx('agent'), m, { ...request, memberInformed: true })],
  ])('B9: %s is refused with membership_not_kept, and nothing is written', async (_label, arrange) => {
    await arrange();
    const before = snapshot();
    const e = await refusal(() => endKeptMembership(t.ctx('agent'), m, { ...request, memberInformed: true }));
    expect(e.code).toBe('membership_not_kept');
    expect(snapshot()).toBe(before);
  });
});
