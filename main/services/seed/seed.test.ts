import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../clock.js';
import { openDesk, type Desk } from '../../desk.js';
import { DeskError } from '../../../shared/errors.js';
import { ReasonCodeSchema, reasonParamSchemas } from '../../../shared/reasons.js';
import type { ServiceContext } from '../context.js';
import { checkLedger } from '../invariants.js';
import { nextRunnableMonth, runMonth } from '../monthly-run.js';
import { POSTCODES } from './data.js';
import { DEMO_PASSWORDS, DEMO_USERS, seedDemo, type SeedOptions, type SeedSummary } from './index.js';

const NOW = '2026-11-21T09:00:00Z';
const dir = mkdtempSync(join(tmpdir(), 'seed-test-'));
const opened: Desk[] = [];

async function seeded(name: string, options: SeedOptions, now = NOW): Promise<{ desk: Desk; ctx: ServiceContext; summary: SeedSummary; clock: TestClock }> {
  const clock = new TestClock(now);
  const desk = await openDesk({ file: join(dir, `${name}.db`), clock, passwordN: 1024, idleCheckpointMs: 0 });
  opened.push(desk);
  const ctx: ServiceContext = { store: desk.store, clock, user: null, passwords: { N: 1024 } };
  const summary = await seedDemo(ctx, options);
  return { desk, ctx, summary, clock };
}

/** A digest of what the seeder wrote: every generated table, in id order. */
function digest(desk: Desk): string {
  const hash = createHash('sha256');
  const tables = [
    'members', 'subscriptions', 'invoices', 'redemptions', 'redemption_lines', 'ledger_entries', 'point_lots', 'lot_allocations',
    'membership_events', 'member_notes', 'service_emails', 'monthly_runs', 'bonus_products', 'launches', 'launch_products', 'earning_products', 'settings',
  ];
  for (const table of tables) {
    const columns = table === 'settings' ? 'key, value' : '*';
    for (const row of desk.store.sqlite.prepare(`SELECT ${columns} FROM ${table} ORDER BY 1, 2`).raw().iterate()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

let main: Awaited<ReturnType<typeof seeded>>;
const all = <T>(sql: string, ...params: unknown[]): T[] => main.desk.store.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]): T => main.desk.store.sqlite.prepare(sql).pluck().get(...params) as T;

beforeAll(async () => {
  main = await seeded('main', { members: 300, seed: 7 });
});

afterAll(() => {
  for (const desk of opened) desk.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seedDemo', () => {
  it('reports what it wrote', () => {
    expect(main.summary.members).toBe(300);
    expect(main.summary.firstMemberNo).toBe(100_001);
    expect(main.summary.lastMemberNo).toBe(100_300);
    expect(main.summary.users).toEqual(['agent', 'supervisor', 'manager', 'admin']);
    expect(main.summary.rows['members']).toBe(300);
    for (const [table, rows] of Object.entries(main.summary.rows)) expect(one<number>(`SELECT count(*) FROM ${table}`), table).toBe(rows);
  });

  it('creates the four demo users, who can sign in with the demo passwords', async () => {
    for (const u of DEMO_USERS) {
      const session = await main.desk.login(u.username, DEMO_PASSWORDS[u.username]);
      expect(session.user).toMatchObject({ username: u.username, role: u.role, displayName: u.displayName });
    }
    expect(DEMO_USERS.map((u) => u.username)).toEqual(['agent', 'supervisor', 'manager', 'admin']);
    expect(all<{ display_name: string }>('SELECT display_name FROM users').some((u) => /[æøåÆØÅ]/.test(u.display_name))).toBe(true);
  });

  it('gives members Norwegian names (a fair share with æ, ø or å), phones, emails and real postcodes', () => {
    const members = all<{ first_name: string; last_name: string; phone: string | null; email: string | null; postcode: string; city: string; birth_date: string }>(
      'SELECT first_name, last_name, phone, email, postcode, city, birth_date FROM members',
    );
    const aeoa = members.filter((m) => /[æøåÆØÅ]/.test(`${m.first_name} ${m.last_name}`));
    expect(aeoa.length).toBeGreaterThan(members.length * 0.2);
    expect(members.filter((m) => /^[ÆØÅ]/.test(m.first_name) || /^[ÆØÅ]/.test(m.last_name)).length).toBeGreaterThan(0);
    const phones = members.map((m) => m.phone).filter((p): p is string => p !== null);
    expect(phones.length).toBeGreaterThan(members.length * 0.9);
    for (const phone of phones) expect(phone).toMatch(/^\+47[49]\d{7}$/);
    for (const m of members) {
      if (m.email !== null) expect(m.email).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+$/);
      expect(m.postcode).toMatch(/^\d{4}$/);
      expect(POSTCODES.some(([code, place]) => code === m.postcode && place === m.city)).toBe(true);
      expect(m.birth_date < '2008-11-21' && m.birth_date > '1935-01-01').toBe(true);
    }
    expect(new Set(members.map((m) => m.city)).size).toBeGreaterThan(20);
    expect(members.some((m) => m.city === 'Tromsø')).toBe(true);
  });

  it('holds B12a for every member: balance = ledger = lots, never negative (SQL)', async () => {
    const broken = all(`
      SELECT m.id, m.balance,
             (SELECT coalesce(sum(amount), 0) FROM ledger_entries l WHERE l.member_id = m.id) AS ledger,
             (SELECT coalesce(sum(remaining), 0) FROM point_lots p WHERE p.member_id = m.id) AS lots
      FROM members m
      WHERE m.balance < 0
         OR m.balance <> (SELECT coalesce(sum(amount), 0) FROM ledger_entries l WHERE l.member_id = m.id)
         OR m.balance <> (SELECT coalesce(sum(remaining), 0) FROM point_lots p WHERE p.member_id = m.id)`);
    expect(broken).toEqual([]);
    expect(one<number>('SELECT count(*) FROM point_lots WHERE remaining < 0 OR withheld < 0 OR remaining + withheld > amount')).toBe(0);
    expect((await checkLedger(main.ctx)).failures).toEqual([]);
    expect(main.desk.store.sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(one<number>('SELECT count(*) FROM members WHERE balance > 0')).toBeGreaterThan(100);
  });

  it('records which lots each draw took, and gives cancelled orders back to the same lots (B7a)', () => {
    // Every draw's allocations add up to its amount; earnings have none.
    const mismatched = all(`
      SELECT l.id FROM ledger_entries l
      LEFT JOIN (SELECT entry_id, sum(amount) AS s FROM lot_allocations GROUP BY entry_id) a ON a.entry_id = l.id
      WHERE (l.kind = 'earn' AND a.s IS NOT NULL) OR (l.kind <> 'earn' AND coalesce(a.s, 0) <> abs(l.amount))`);
    expect(mismatched).toEqual([]);
    // Allocations stay within the member's own lots (B1: points never move to another member).
    expect(one<number>(`SELECT count(*) FROM lot_allocations a JOIN ledger_entries l ON l.id = a.entry_id JOIN point_lots p ON p.id = a.lot_id WHERE p.member_id <> l.member_id`)).toBe(0);
    const cancelled = all<{ id: number; total_points: number }>("SELECT id, total_points FROM redemptions WHERE status = 'cancelled'");
    expect(cancelled.length).toBeGreaterThan(0);
    for (const r of cancelled) {
      const spend = all<{ id: number }>("SELECT id FROM ledger_entries WHERE redemption_id = ? AND kind = 'spend'", r.id);
      const reversal = all<{ amount: number; reverses_entry_id: number }>("SELECT amount, reverses_entry_id FROM ledger_entries WHERE redemption_id = ? AND kind = 'spend_reversal'", r.id);
      expect(spend).toHaveLength(1);
      expect(reversal).toEqual([{ amount: r.total_points, reverses_entry_id: spend[0]?.id }]);
      const lotsOf = (entryId: number): unknown[] => all('SELECT lot_id, amount FROM lot_allocations WHERE entry_id = ? ORDER BY lot_id', entryId);
      const reversalId = one<number>("SELECT id FROM ledger_entries WHERE redemption_id = ? AND kind = 'spend_reversal'", r.id);
      expect(lotsOf(reversalId)).toEqual(lotsOf(spend[0]?.id ?? 0));
    }
    // Lines add up to the order; shipped orders have a ship time, registered ones are recent.
    expect(one<number>('SELECT count(*) FROM redemptions r WHERE total_points <> (SELECT sum(quantity * points_each) FROM redemption_lines WHERE redemption_id = r.id)')).toBe(0);
    expect(one<number>("SELECT count(*) FROM redemptions WHERE status = 'shipped' AND shipped_at IS NULL")).toBe(0);
    expect(one<number>("SELECT count(*) FROM redemptions WHERE status = 'shipped'")).toBeGreaterThan(0);
    expect(one<number>("SELECT count(*) FROM redemptions WHERE status = 'registered' AND created_at < '2026-11-01'")).toBe(0);
  });

  it('spends oldest points first (B5)', () => {
    // For each spend, no lot earned strictly earlier than a lot it drew from kept points that the
    // spend could have taken (lots only lose points later, so "remaining now" is a lower bound).
    const violations = one<number>(`
      SELECT count(*) FROM ledger_entries l
      JOIN lot_allocations a ON a.entry_id = l.id
      JOIN point_lots drawn ON drawn.id = a.lot_id
      WHERE l.kind = 'spend'
        AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_entry_id = l.id)
        AND EXISTS (
          SELECT 1 FROM point_lots older
          WHERE older.member_id = l.member_id AND older.remaining > 0
            AND (older.earned_on < drawn.earned_on OR (older.earned_on = drawn.earned_on AND older.id < drawn.id))
            AND NOT EXISTS (SELECT 1 FROM ledger_entries later JOIN lot_allocations la ON la.entry_id = later.id
                            WHERE la.lot_id = older.id AND later.id > l.id AND later.kind IN ('spend_reversal', 'release')))`);
    expect(violations).toBe(0);
  });

  it('has every kind of cancellation (B9) and opt-outs (B10)', () => {
    const today = '2026-11-21';
    // Within the last 60 days: no cap yet.
    expect(one<number>("SELECT count(*) FROM members WHERE state = 'cancelled' AND cancelled_on > date(?, '-60 days') AND cap_applied_on IS NULL", today)).toBeGreaterThan(0);
    // Past the cap: the run applied it, and for some it took points down to 10 000.
    expect(one<number>("SELECT count(*) FROM members WHERE state = 'cancelled' AND cap_applied_on IS NOT NULL")).toBeGreaterThan(0);
    const caps = all<{ bac: number; after: number }>(`
      SELECT m.balance_at_cancellation AS bac,
             (SELECT sum(amount) FROM ledger_entries x WHERE x.member_id = m.id AND x.id <= l.id) AS after
      FROM ledger_entries l JOIN members m ON m.id = l.member_id WHERE l.kind = 'cap'`);
    expect(caps.length).toBeGreaterThan(0);
    for (const c of caps) {
      expect(c.bac).toBeGreaterThan(10_000);
      expect(c.after).toBe(10_000);
    }
    // Near the end of the 3 years (cancelled about 2 years 11 months ago), with the service email listed.
    const nearEnd = all<{ id: number; cancelled_on: string }>(
      "SELECT id, cancelled_on FROM members WHERE state = 'cancelled' AND keep_membership_on IS NULL AND cancelled_on BETWEEN date(?, '-3 years') AND date(?, '-3 years', '+60 days')",
      today,
      today,
    );
    expect(nearEnd.length).toBeGreaterThan(0);
    expect(one<number>('SELECT count(*) FROM service_emails WHERE sent_at IS NULL')).toBeGreaterThan(0);
    // Keep-membership requests, some older than 3 years (membership goes on).
    expect(one<number>("SELECT count(*) FROM members WHERE state = 'cancelled' AND keep_membership_on IS NOT NULL AND keep_membership_on > cancelled_on")).toBeGreaterThan(0);
    expect(one<number>("SELECT count(*) FROM membership_events WHERE kind = 'keep_membership'")).toBe(one<number>('SELECT count(*) FROM members WHERE keep_membership_on IS NOT NULL'));
    // Ended after 3 years: balance deleted.
    expect(one<number>("SELECT count(*) FROM members WHERE state = 'ended' AND ended_on IS NOT NULL AND balance = 0")).toBeGreaterThan(0);
    expect(one<number>("SELECT count(*) FROM members WHERE state = 'ended' AND ended_on <> date(cancelled_on, '+3 years') AND substr(cancelled_on, 6) <> '02-29'")).toBe(0);
    // Opt-outs forfeited everything.
    expect(one<number>("SELECT count(*) FROM members WHERE state = 'opted_out' AND opted_out_on IS NOT NULL AND balance = 0")).toBeGreaterThan(0);
    expect(one<number>("SELECT count(*) FROM members WHERE state = 'opted_out' AND balance <> 0")).toBe(0);
    // Cancelled members have no active subscription; active ones have one with a delivery ahead.
    expect(one<number>("SELECT count(*) FROM members m WHERE state IN ('cancelled', 'ended') AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.member_id = m.id AND s.status = 'active')")).toBe(0);
    expect(one<number>("SELECT count(*) FROM members m WHERE state = 'active' AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.member_id = m.id AND s.status = 'active' AND s.next_delivery_on > ?)", today)).toBe(0);
    expect(one<number>('SELECT count(*) FROM members m WHERE enrolled_on <> (SELECT min(started_on) FROM subscriptions s WHERE s.member_id = m.id)')).toBe(0);
    for (const kind of ['enrolled', 'cancelled', 'opted_out', 'ended']) {
      expect(one<number>('SELECT count(*) FROM membership_events WHERE kind = ?', kind), kind).toBeGreaterThan(0);
    }
  });

  it('has five years of earnings, expiry by the monthly runs, and runs done up to last month', async () => {
    const earned = all<{ first: string; last: string }>("SELECT min(earned_on) AS first, max(earned_on) AS last FROM point_lots")[0];
    expect(earned?.first.slice(0, 7)).toBe('2021-11');
    expect(earned?.last.slice(0, 7)).toBe('2026-10');
    expect(one<number>("SELECT count(*) FROM ledger_entries WHERE kind = 'earn' AND (channel <> 'file' OR reason_code IS NOT 'earning' OR json_extract(reason_params, '$.product') IS NULL OR run_id IS NULL)")).toBe(0);
    expect(one<number>("SELECT count(*) FROM ledger_entries WHERE kind = 'expire'")).toBeGreaterThan(0);
    // Nothing older than 3 years at the start of the last run's month keeps points.
    expect(one<number>("SELECT count(*) FROM point_lots WHERE remaining > 0 AND expires_on < '2026-10-01'")).toBe(0);
    const runs = all<{ month: string; status: string; summary: string }>('SELECT month, status, summary FROM monthly_runs ORDER BY month');
    expect(runs).toHaveLength(60);
    expect(runs[0]?.month).toBe('2021-11');
    expect(runs.at(-1)?.month).toBe('2026-10');
    expect(runs.every((r) => r.status === 'done')).toBe(true);
    const totals = runs.map((r) => JSON.parse(r.summary) as { earned: { points: number }; expired: { points: number } });
    expect(totals.reduce((s, t) => s + t.earned.points, 0)).toBe(one<number>("SELECT sum(amount) FROM ledger_entries WHERE kind = 'earn'"));
    expect(totals.reduce((s, t) => s + t.expired.points, 0)).toBe(-one<number>("SELECT sum(amount) FROM ledger_entries WHERE kind = 'expire'"));
    expect((await nextRunnableMonth(main.ctx)).month).toBe('2026-11');
  });

  it('has a catalog, launches, earning products, invoices, notes and settings', () => {
    expect(one<number>('SELECT count(*) FROM earning_products')).toBeGreaterThanOrEqual(12);
    expect(one<number>('SELECT count(*) FROM bonus_products')).toBeGreaterThanOrEqual(20);
    expect(one<number>("SELECT count(*) FROM bonus_products WHERE state = 'sold_out' AND stock = 0")).toBeGreaterThan(0);
    expect(one<number>("SELECT count(*) FROM bonus_products WHERE state = 'discontinued'")).toBeGreaterThan(0);
    expect(one<number>('SELECT count(*) FROM launches WHERE launch_on < ?', '2026-11-21')).toBeGreaterThan(1);
    expect(one<number>('SELECT count(*) FROM launches WHERE launch_on > ?', '2026-11-21')).toBeGreaterThan(1);
    expect(one<number>('SELECT count(*) FROM launch_products')).toBeGreaterThan(3);
    // Launch products were ordered only from launch day, 10:00 Oslo (L3).
    expect(one<number>(`SELECT count(*) FROM redemption_lines rl JOIN redemptions r ON r.id = rl.redemption_id
      JOIN launch_products lp ON lp.product_id = rl.product_id JOIN launches l ON l.id = lp.launch_id
      WHERE r.created_at < l.launch_on || 'T08:00:00Z'`)).toBe(0);
    expect(one<number>("SELECT count(*) FROM invoices WHERE status = 'unpaid'")).toBeGreaterThan(0);
    expect(one<number>("SELECT count(*) FROM invoices WHERE status = 'paid'")).toBeGreaterThan(one<number>('SELECT count(*) FROM members') / 2);
    expect(Object.fromEntries(all<{ key: string; value: string }>('SELECT key, value FROM settings').map((s) => [s.key, JSON.parse(s.value) as unknown]))).toMatchObject({
      postage_ore: 7900,
      correction_approval_threshold: 5000,
      service_email_days_before: 30,
    });
  });

  it('refuses a desk that already has members', async () => {
    await expect(seedDemo(main.ctx, { members: 5, seed: 1 })).rejects.toThrow(DeskError);
    try {
      await seedDemo(main.ctx, { members: 5, seed: 1 });
    } catch (error) {
      expect((error as DeskError).code).toBe('conflict');
    }
  });

  it('B12a: gives every ledger entry and membership event a reason code from the closed list, with valid parameters', () => {
    expect(one<number>('SELECT count(*) FROM ledger_entries WHERE reason_code IS NULL')).toBe(0);
    expect(one<number>('SELECT count(*) FROM membership_events WHERE reason_code IS NULL')).toBe(0);
    const rows = all<{ reason: string; reason_code: string; reason_params: string }>(
      'SELECT reason, reason_code, reason_params FROM ledger_entries UNION ALL SELECT reason, reason_code, reason_params FROM membership_events',
    );
    const bad = rows.filter((row) => {
      const code = ReasonCodeSchema.safeParse(row.reason_code);
      return !code.success || !reasonParamSchemas[code.data].safeParse(JSON.parse(row.reason_params)).success;
    });
    expect(bad).toEqual([]);
    // No English sentence with a rule id is stored any more; user-typed notes stay as written.
    expect(one<number>("SELECT count(*) FROM ledger_entries WHERE reason LIKE '%(B_)%' OR reason LIKE '%(B1_)%'")).toBe(0);
    const codes = all<{ reason_code: string }>('SELECT DISTINCT reason_code FROM ledger_entries ORDER BY 1').map((r) => r.reason_code);
    expect(codes).toEqual(expect.arrayContaining(['earning', 'expired', 'order', 'opt_out']));
    const optOut = all<{ reason: string }>("SELECT reason FROM ledger_entries WHERE reason_code = 'opt_out' LIMIT 1")[0];
    expect(optOut?.reason).not.toMatch(/^Opt-out/);
  });

  it('leaves data the desk’s own monthly run can carry on from (B6)', async () => {
    const next = await seeded('run', { members: 300, seed: 7 });
    next.clock.set('2026-12-01T06:00:00Z');
    const summary = await runMonth(next.ctx, '2026-11');
    expect(summary.status).toBe('done');
    expect((await checkLedger(next.ctx)).failures).toEqual([]);
    const stale = next.desk.store.sqlite.prepare("SELECT count(*) FROM point_lots WHERE remaining > 0 AND expires_on < '2026-11-01'").pluck().get();
    expect(stale).toBe(0);
  });

  it('is deterministic: the same seed gives the same data, another seed other data', async () => {
    const again = await seeded('again', { members: 300, seed: 7, batchSize: 64 });
    const other = await seeded('other', { members: 300, seed: 8 });
    expect(digest(again.desk)).toBe(digest(main.desk));
    expect(digest(other.desk)).not.toBe(digest(main.desk));
  });

  it('issue 10: into a live desk it is one transaction in WAL — cut off half-way it leaves nothing, and runs again', async () => {
    const clock = new TestClock(NOW);
    const desk = await openDesk({ file: join(dir, 'cut.db'), clock, passwordN: 1024, idleCheckpointMs: 0 });
    opened.push(desk);
    const ctx: ServiceContext = { store: desk.store, clock, user: null, passwords: { N: 1024 } };
    const settings: string[] = [];
    const cut = seedDemo(ctx, {
      members: 600,
      seed: 2,
      batchSize: 200,
      onProgress: (done) => {
        // Never the bulk loader's fast settings on a live file.
        settings.push(`${String(desk.store.sqlite.pragma('journal_mode', { simple: true }))}/${String(desk.store.sqlite.pragma('synchronous', { simple: true }))}`);
        if (done >= 400) throw new Error('cut off (simulated)');
      },
    });
    await expect(cut).rejects.toThrow('cut off (simulated)');
    expect(new Set(settings)).toEqual(new Set(['wal/1']));
    const count = (table: string): unknown => desk.store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    // Not users and runs without members (the stranded desk of before): nothing at all.
    for (const table of ['users', 'monthly_runs', 'members', 'ledger_entries', 'bonus_products', 'audit_log']) expect(count(table), table).toBe(0);
    const again = await seedDemo(ctx, { members: 40, seed: 2 });
    expect(again.members).toBe(40);
    expect(again.users).toHaveLength(4);
    expect(count('members')).toBe(40);
  });

  it('gives the same data when a worker thread generates (the parallel path of the benchmark)', async () => {
    const serial = await seeded('serial', { members: 1_500, seed: 3, batchSize: 200, parallel: false });
    const parallel = await seeded('parallel', { members: 1_500, seed: 3, batchSize: 200, parallel: true });
    expect(parallel.summary).toEqual(serial.summary);
    expect(digest(parallel.desk)).toBe(digest(serial.desk));
  });
});
