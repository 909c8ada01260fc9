import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { createCorrection, releaseWithheld } from './corrections.js';
import { explainBalance } from './explain.js';
import { checkLedger } from './invariants.js';
import { cancelSubscription, optOut, rejoin } from './lifecycle.js';
import { memberPage, searchMembers } from './members.js';
import { runMonth } from './monthly-run.js';
import { cancelRedemption, createRedemption, quoteRedemption, type CreateInput } from './redemptions.js';

/** Ledger truth at the edges (issue 8): B5, B7a, B10, B11, B12a, B12b. */

let t: TestDesk;
let product: number;
let key = 0;

beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
  product = Number(
    t.desk.store.sqlite
      .prepare("INSERT INTO bonus_products (sku, name, points_price, stock, state, created_at, updated_at) VALUES ('B-1', 'Termokopp', 500, 100, 'available', '2026-01-01', '2026-01-01')")
      .run().lastInsertRowid,
  );
});
afterEach(() => t.close());

const db = () => t.desk.store.sqlite;
const stored = (m: number): number => db().prepare('SELECT balance FROM members WHERE id = ?').pluck().get(m) as number;
const lotOf = (id: number) => db().prepare('SELECT remaining, withheld FROM point_lots WHERE id = ?').get(id) as { remaining: number; withheld: number };
const kinds = (m: number): [string, number][] =>
  (db().prepare('SELECT kind, amount FROM ledger_entries WHERE member_id = ? ORDER BY id').all(m) as { kind: string; amount: number }[]).map((r) => [r.kind, r.amount]);
const lastEntryId = (m: number, kind: string): number => db().prepare('SELECT max(id) FROM ledger_entries WHERE member_id = ? AND kind = ?').pluck().get(m, kind) as number;
const ok = async (): Promise<void> => expect((await checkLedger(t.ctx(null))).failures).toEqual([]);

const order = (memberId: number, quantity: number): CreateInput => ({
  memberId,
  channel: 'phone',
  lines: [{ productId: product, quantity }],
  delivery: 'next_delivery',
  identity: { memberNo: true, address: true, email: false, phone: false },
  idempotencyKey: `edge-${(key += 1)}`,
  postageOre: 0,
});

const withhold = async (m: number, points: number, lotId?: number): Promise<number> => {
  const out = await createCorrection(t.ctx('supervisor'), { memberId: m, kind: 'withhold', points, reason: 'misregistered', channel: 'desk', lotId });
  if (out.entryId === null) throw new Error('not booked');
  return out.entryId;
};

describe('B5: expired lots hold nothing', () => {
  it('B5: the balance the desk shows leaves out a lot past its expiry before any run has booked it', async () => {
    const m = await t.aMember();
    await t.earn(m, 1_000, '2023-11-01'); // expires 2026-11-01, past on 2026-11-21; its run (2026-12) is not done
    await t.earn(m, 600, '2025-01-01');
    expect(stored(m)).toBe(1_600);
    const agent = t.ctx('agent');
    // Issue 12: "expiring soon" looks 12 months ahead by default; 24 reaches the live lot's 2028-01-01.
    await t.withSetting('expiring_soon_months', 24);
    const page = await memberPage(agent, m);
    expect(page.member.balance).toBe(600);
    expect(page.nextExpiries.map((e) => e.expiresOn)).toEqual(['2028-01-01']);
    expect((await searchMembers(agent, String(page.member.memberNo), 5))[0]?.balance).toBe(600);
    const explained = await explainBalance(agent, m);
    expect(explained.story).toMatchObject({ earned: 1_600, expired: -1_000, balance: 600 });
    // B12b: nothing "coming" that has already passed.
    expect(explained.nextExpiries).toEqual([{ expiresOn: '2028-01-01', runMonth: '2028-02', points: 600 }]);
    expect(explained.ifCancelledToday?.capTakes).toBe(0);
    // On its expiry date itself the lot still counts.
    t.clock.set('2026-11-01T10:00:00Z');
    expect((await memberPage(agent, m)).member.balance).toBe(1_600);
  });

  it('B5: a name search with several hits shows each hit its own balance without expired lots (one read for all hits, issue 11)', async () => {
    const expiredToo = await t.aMember({ firstName: 'Ingvild', lastName: 'Haldorsen' });
    await t.earn(expiredToo, 1_000, '2023-11-01'); // past its expiry on 2026-11-21, not booked
    await t.earn(expiredToo, 600, '2025-01-01');
    const liveOnly = await t.aMember({ firstName: 'Ingvild', lastName: 'Haldorsen' });
    await t.earn(liveOnly, 700, '2025-02-01');
    const onlyExpired = await t.aMember({ firstName: 'Ingvild', lastName: 'Haldorsen' });
    await t.earn(onlyExpired, 400, '2023-10-01');
    const none = await t.aMember({ firstName: 'Ingvild', lastName: 'Haldorsen' });
    const hits = await searchMembers(t.ctx('agent'), 'ingvild haldorsen', 25);
    const balances = new Map(hits.map((h) => [h.id, h.balance]));
    expect(balances).toEqual(new Map([[expiredToo, 600], [liveOnly, 700], [onlyExpired, 0], [none, 0]]));
    expect([stored(expiredToo), stored(onlyExpired)]).toEqual([1_600, 400]);
  });

  it('B5: a booking never draws expired points: refused when only they would cover it, else drawn from live lots with the expiry booked in the same transaction', async () => {
    const m = await t.aMember();
    const old = await t.earn(m, 1_000, '2023-11-01');
    const live = await t.earn(m, 600, '2025-01-01');
    expect((await refusal(() => createRedemption(t.ctx('agent'), order(m, 2)))).code).toBe('insufficient_points');
    expect(stored(m)).toBe(1_600);
    expect(kinds(m).map(([k]) => k)).toEqual(['earn', 'earn']);

    await createRedemption(t.ctx('agent'), order(m, 1));
    expect(lotOf(old)).toEqual({ remaining: 0, withheld: 0 });
    expect(lotOf(live)).toEqual({ remaining: 100, withheld: 0 });
    expect(kinds(m)).toEqual([
      ['earn', 1_000],
      ['earn', 600],
      ['expire', -1_000],
      ['spend', -500],
    ]);
    expect(stored(m)).toBe(100);
    await ok();
  });

  it('B5/B7a: points of a cancelled redemption that come back into a lot past its expiry expire at once', async () => {
    const m = await t.aMember();
    const lot = await t.earn(m, 1_000, '2023-12-01'); // expires 2026-12-01
    const { redemption } = await createRedemption(t.ctx('agent'), order(m, 2));
    expect(stored(m)).toBe(0);
    t.clock.set('2026-12-15T10:00:00Z');
    await cancelRedemption(t.ctx('agent'), redemption.id, 'changed their mind');
    expect(kinds(m).slice(-2)).toEqual([
      ['spend_reversal', 1_000],
      ['expire', -1_000],
    ]);
    expect(stored(m)).toBe(0);
    expect(lotOf(lot)).toEqual({ remaining: 0, withheld: 0 });
    await ok();
  });

  it('B5: points.explain lists no expiry as coming once its run month has been run', async () => {
    t.clock.set('2026-11-05T10:00:00Z');
    const m = await t.aMember();
    await t.earn(m, 700, '2023-09-15'); // expires 2026-09-15, booked by the run for 2026-10
    await t.earn(m, 300, '2025-05-01');
    expect((await explainBalance(t.ctx('agent'), m)).nextExpiries.map((e) => e.runMonth)).toEqual(['2028-06']);
    await runMonth(t.ctx('supervisor'), '2026-10');
    const after = await explainBalance(t.ctx('agent'), m);
    expect(after.nextExpiries.map((e) => e.runMonth)).toEqual(['2028-06']);
    expect(after.story).toMatchObject({ expired: -700, balance: 300 });
    await ok();
  });

  it('B5 (found edge): a correction never draws from a lot past its expiry, named or oldest first', async () => {
    const m = await t.aMember();
    const old = await t.earn(m, 1_000, '2023-11-01');
    const live = await t.earn(m, 600, '2025-01-01');
    expect((await refusal(() => withhold(m, 100, old))).code).toBe('not_found');
    expect((await refusal(() => createCorrection(t.ctx('supervisor'), { memberId: m, kind: 'correction_delete', points: 700, reason: 'x', channel: 'desk' }))).code).toBe(
      'negative_balance',
    );
    await withhold(m, 200);
    expect(lotOf(live)).toEqual({ remaining: 400, withheld: 200 });
    expect(lotOf(old)).toEqual({ remaining: 0, withheld: 0 });
    await ok();
  });
});

describe('B5 (found edges): the quote, the balance at cancellation and the cap count only live points', () => {
  it('B5: the quote counts only live points, so it never promises what the booking will refuse', async () => {
    const m = await t.aMember();
    await t.earn(m, 1_000, '2023-11-01'); // past its expiry on 2026-11-21
    await t.earn(m, 600, '2025-01-01');
    const quote = await quoteRedemption(t.ctx('agent'), order(m, 2));
    expect(quote.balance).toBe(600);
    expect(quote.shortfall).toBe(400);
    expect(quote.problems.map((p) => p.code)).toContain('insufficient_points');
    expect((await quoteRedemption(t.ctx('agent'), order(m, 1))).problems).toEqual([]);
  });

  it('B5/B9: the balance at cancellation leaves out lots already past their expiry, so they cannot trigger the cap', async () => {
    const m = await t.aMember();
    await t.earn(m, 9_000, '2023-11-01'); // past its expiry on 2026-11-21
    await t.earn(m, 6_000, '2025-01-01');
    const sub = db().prepare("SELECT id FROM subscriptions WHERE member_id = ? AND status = 'active'").pluck().get(m) as number;
    await cancelSubscription(t.ctx(null), sub, '2026-11-21');
    expect(db().prepare('SELECT balance_at_cancellation FROM members WHERE id = ?').pluck().get(m)).toBe(6_000);
    // 60 days on, in the run for 2027-01: no cap (6,000 was below 10,000 at cancellation).
    t.clock.set('2027-02-02T10:00:00Z');
    for (const month of ['2026-11', '2026-12', '2027-01']) await runMonth(t.ctx(null), month);
    expect(kinds(m).filter(([k]) => k === 'cap')).toEqual([]);
    expect(stored(m)).toBe(6_000);
    await ok();
  });

  it('B5/B9: the cap takes the balance down to 10,000 counting only lots live on the cap day', async () => {
    const m = await t.aMember();
    await t.earn(m, 3_000, '2024-01-10'); // expires 2027-01-10, before the cap day
    await t.earn(m, 12_000, '2025-01-01');
    const sub = db().prepare("SELECT id FROM subscriptions WHERE member_id = ? AND status = 'active'").pluck().get(m) as number;
    await cancelSubscription(t.ctx(null), sub, '2026-11-21'); // 15,000 at cancellation; cap day 2027-01-20
    t.clock.set('2027-02-02T10:00:00Z');
    for (const month of ['2026-11', '2026-12', '2027-01']) await runMonth(t.ctx(null), month);
    // Live on 2027-01-20: 12,000, capped to 10,000; the expired 3,000 are not capped but expire.
    const caps = kinds(m).filter(([k]) => k === 'cap');
    expect(caps).toEqual([['cap', -2_000]]);
    expect((await memberPage(t.ctx('agent'), m)).member.balance).toBe(10_000);
    await ok();
  });
});

describe('B11: withheld points belong to their lot', () => {
  it('B11: the monthly run expires withheld points of an expired lot; the closed withholding cannot be released, its live part can', async () => {
    t.clock.set('2026-09-01T10:00:00Z');
    const m = await t.aMember();
    const a = await t.earn(m, 1_000, '2023-09-15'); // expires 2026-09-15
    const b = await t.earn(m, 2_000, '2025-05-01');
    const w = await withhold(m, 1_500); // 1,000 from a, 500 from b
    expect(lotOf(a)).toEqual({ remaining: 0, withheld: 1_000 });
    t.clock.set('2026-11-05T10:00:00Z');
    expect((await memberPage(t.ctx('agent'), m)).withheld).toBe(500);
    await runMonth(t.ctx('supervisor'), '2026-10');
    expect(lotOf(a)).toEqual({ remaining: 0, withheld: 0 });
    expect(lotOf(b)).toEqual({ remaining: 1_500, withheld: 500 });
    expect(stored(m)).toBe(1_500);
    await ok();
    const refused = await refusal(() => releaseWithheld(t.ctx('supervisor'), w, 'was fine after all'));
    expect(refused.code).toBe('withholding_expired');
    const continuedAs = refused.details?.['continuedAs'];
    expect(continuedAs).toBe(lastEntryId(m, 'withhold'));
    await releaseWithheld(t.ctx('supervisor'), continuedAs as number, 'was fine after all');
    expect(stored(m)).toBe(2_000);
    expect(lotOf(b)).toEqual({ remaining: 2_000, withheld: 0 });
    await ok();
  });

  it('B11: a withholding whose lots are all past their expiry is refused as expired, also before the run', async () => {
    t.clock.set('2026-09-01T10:00:00Z');
    const m = await t.aMember();
    const a = await t.earn(m, 1_000, '2023-09-15');
    await t.earn(m, 2_000, '2025-05-01');
    const w = await withhold(m, 400, a);
    t.clock.set('2026-09-20T10:00:00Z');
    expect((await refusal(() => releaseWithheld(t.ctx('supervisor'), w, 'ok'))).code).toBe('withholding_expired');
    expect(lotOf(a)).toEqual({ remaining: 600, withheld: 400 });
    expect((await memberPage(t.ctx('agent'), m)).member.balance).toBe(2_000);
    await ok();
  });

  it('B11/B5: a partly expired withholding released before the run gives back the live part; the expired part expires at once', async () => {
    t.clock.set('2026-09-01T10:00:00Z');
    const m = await t.aMember();
    const a = await t.earn(m, 1_000, '2023-09-15');
    const b = await t.earn(m, 2_000, '2025-05-01');
    const w = await withhold(m, 1_500);
    t.clock.set('2026-09-20T10:00:00Z');
    const out = await releaseWithheld(t.ctx('supervisor'), w, 'ok');
    expect(out.balance).toBe(2_000);
    expect(kinds(m).slice(-3)).toEqual([
      ['withhold', -1_500],
      ['release', 1_500],
      ['expire', -1_000],
    ]);
    expect(lotOf(a)).toEqual({ remaining: 0, withheld: 0 });
    expect(lotOf(b)).toEqual({ remaining: 2_000, withheld: 0 });
    await ok();
  });
});

describe('B10: opt-out takes everything, for good', () => {
  it('B10: the forfeit includes withheld points; that withholding can never be released', async () => {
    const m = await t.aMember();
    const lot = await t.earn(m, 3_000, '2025-01-01');
    const w = await withhold(m, 1_000);
    expect(await optOut(t.ctx('agent'), m, { channel: 'phone', reason: 'leaves', memberInformed: true })).toEqual({ forfeited: 3_000 });
    expect(lotOf(lot)).toEqual({ remaining: 0, withheld: 0 });
    expect((await explainBalance(t.ctx('agent'), m)).story.withheldNow).toBe(0);
    expect((await refusal(() => releaseWithheld(t.ctx('supervisor'), w, 'ok'))).code).toBe('withholding_forfeited');
    await rejoin(t.ctx('agent'), m, { channel: 'phone', reason: 'back' });
    expect((await refusal(() => releaseWithheld(t.ctx('supervisor'), w, 'ok'))).code).toBe('withholding_forfeited');
    expect(stored(m)).toBe(0);
    await ok();
  });

  it('B10: a redemption from before the opt-out cancelled after a re-join is forfeited as it returns; the balance is what was earned after', async () => {
    const m = await t.aMember();
    await t.earn(m, 1_500, '2025-01-01');
    const { redemption } = await createRedemption(t.ctx('agent'), order(m, 2));
    t.clock.set('2026-11-22T10:00:00Z');
    expect(await optOut(t.ctx('agent'), m, { channel: 'phone', reason: 'leaves', memberInformed: true })).toEqual({ forfeited: 500 });
    t.clock.set('2026-11-23T10:00:00Z');
    await rejoin(t.ctx('agent'), m, { channel: 'phone', reason: 'back' });
    await t.earn(m, 800, '2026-11-23');
    t.clock.set('2026-11-24T10:00:00Z');
    await cancelRedemption(t.ctx('agent'), redemption.id, 'sold out before shipping');
    expect(kinds(m).slice(-2)).toEqual([
      ['spend_reversal', 1_000],
      ['forfeit', -1_000],
    ]);
    expect((await memberPage(t.ctx('agent'), m)).member.balance).toBe(800);
    await ok();
  });

  it('B10: a redemption cancelled while the member is opted out is forfeited at once', async () => {
    const m = await t.aMember();
    await t.earn(m, 1_000, '2025-01-01');
    const { redemption } = await createRedemption(t.ctx('agent'), order(m, 2));
    await optOut(t.ctx('agent'), m, { channel: 'phone', reason: 'leaves', memberInformed: true });
    await cancelRedemption(t.ctx('agent'), redemption.id, 'changed their mind');
    expect(stored(m)).toBe(0);
    expect(kinds(m).at(-1)).toEqual(['forfeit', -1_000]);
    await ok();
  });
});

/** Drops the ledger's append-only triggers and CHECKs for planting damage, and puts them back. */
function plant(sql: string, ...args: unknown[]): void {
  db().exec('DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete; PRAGMA ignore_check_constraints = ON;');
  try {
    db().prepare(sql).run(...args);
  } finally {
    db().exec(`PRAGMA ignore_check_constraints = OFF;
      CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only (B12a)'); END;
      CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only (B12a)'); END;`);
  }
}

/** The check's verdict for one member: its problems, and that no one else is named. */
async function problemsOf(m: number): Promise<string> {
  const failures = (await checkLedger(t.ctx(null))).failures;
  expect(failures.map((f) => f.memberId)).toEqual([m]);
  return failures[0]?.problem ?? '';
}

describe('B12a: the check proves all of it', () => {
  it('B12a: names a member with points remaining in a lot past its expiry after the run that should have expired it', async () => {
    t.clock.set('2026-11-05T10:00:00Z');
    const m = await t.aMember();
    await t.aMember();
    await t.earn(m, 1_000, '2025-01-01');
    await runMonth(t.ctx('supervisor'), '2026-10');
    await ok();
    // A consistent earning (balance = ledger = lots) of a lot that expired 2025-01-01.
    const entry = Number(
      db()
        .prepare("INSERT INTO ledger_entries (member_id, kind, amount, occurred_at, effective_on, channel, reason) VALUES (?, 'earn', 300, '2022-01-01T10:00:00Z', '2022-01-01', 'file', 'planted')")
        .run(m).lastInsertRowid,
    );
    db().prepare("INSERT INTO point_lots (member_id, earned_on, expires_on, amount, remaining, entry_id) VALUES (?, '2022-01-01', '2025-01-01', 300, 300, ?)").run(m, entry);
    db().prepare('UPDATE members SET balance = balance + 300 WHERE id = ?').run(m);
    expect(await problemsOf(m)).toBe('a lot past its expiry still holds points (remaining or withheld; expired before 2026-10-01)');
  });

  it('B12a: names a member with withheld points left in a lot past its expiry', async () => {
    t.clock.set('2026-11-05T10:00:00Z');
    const m = await t.aMember();
    const a = await t.earn(m, 1_000, '2023-09-15');
    await runMonth(t.ctx('supervisor'), '2026-10');
    await ok();
    plant('UPDATE point_lots SET withheld = 200 WHERE id = ?', a);
    expect(await problemsOf(m)).toContain('a lot past its expiry still holds points');
  });

  it('B12a: names a member whose withheld points exceed what the lot can hold, or are negative', async () => {
    const m = await t.aMember();
    const lot = await t.earn(m, 1_000, '2025-01-01');
    plant('UPDATE point_lots SET withheld = 500 WHERE id = ?', lot);
    expect(await problemsOf(m)).toBe('a lot holds more than it was earned with (withheld above what remains possible)');
    plant('UPDATE point_lots SET withheld = -5 WHERE id = ?', lot);
    expect(await problemsOf(m)).toBe('a lot holds a negative amount (remaining or withheld below zero)');
  });

  it('B12a: names a member with a spend whose lot allocations do not add up to its amount', async () => {
    const m = await t.aMember();
    await t.earn(m, 400, '2024-06-01');
    await t.earn(m, 2_000, '2025-01-01');
    await createRedemption(t.ctx('agent'), order(m, 2));
    await ok();
    plant('UPDATE lot_allocations SET amount = amount - 100 WHERE entry_id = ? AND amount > 100', lastEntryId(m, 'spend'));
    expect(await problemsOf(m)).toBe('an entry’s lot allocations do not add up to its amount');
  });

  it('B12a: names a member with a give-back that does not give back to the lots of the spend it reverses', async () => {
    const m = await t.aMember();
    const first = await t.earn(m, 1_000, '2024-06-01');
    const second = await t.earn(m, 2_000, '2025-01-01');
    const { redemption } = await createRedemption(t.ctx('agent'), order(m, 2));
    await cancelRedemption(t.ctx('agent'), redemption.id, 'changed their mind');
    await ok();
    // Same amount, another lot.
    plant('UPDATE lot_allocations SET lot_id = ? WHERE entry_id = ? AND lot_id = ?', second, lastEntryId(m, 'spend_reversal'), first);
    expect(await problemsOf(m)).toBe('a give-back does not match the entry it reverses');
  });

  it('B12a: names a member with a give-back that points at a spend it does not match', async () => {
    const m = await t.aMember();
    await t.earn(m, 5_000, '2025-01-01');
    const { redemption } = await createRedemption(t.ctx('agent'), order(m, 2));
    await createRedemption(t.ctx('agent'), order(m, 1));
    await cancelRedemption(t.ctx('agent'), redemption.id, 'changed their mind');
    await ok();
    plant('UPDATE ledger_entries SET reverses_entry_id = ? WHERE id = ?', lastEntryId(m, 'spend'), lastEntryId(m, 'spend_reversal'));
    expect(await problemsOf(m)).toBe('a give-back does not match the entry it reverses');
  });
});
