import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../clock.js';
import { openDesk, type Connection, type Desk } from '../desk.js';
import { osloDate } from '../domain/time.js';
import type { ServiceContext } from './context.js';
import { seedDemo, DEMO_PASSWORDS } from './seed/index.js';

/**
 * Issue 15: every manager report on a seeded desk (real SQLite, the demo generator's members,
 * lots, spends, cancellations, withholdings and invoice reductions, plus corrections booked here
 * through the router, one approved by a second supervisor), compared with figures the test works
 * out itself from the ledger's rows with raw SQL and its own arithmetic.
 */

const NOW = '2026-11-21T10:00:00Z';
const TODAY = '2026-11-21';
const dir = mkdtempSync(join(tmpdir(), 'manager-reports-'));
let desk: Desk;
let raw: Desk['store']['sqlite'];
let manager: Connection;
let supervisor: Connection;

const one = <T>(query: string, ...params: unknown[]): T => raw.prepare(query).get(...params) as T;
const all = <T>(query: string, ...params: unknown[]): T[] => raw.prepare(query).all(...params) as T[];
const n = (query: string, ...params: unknown[]): number => Number(raw.prepare(query).pluck().get(...params) ?? 0);

async function signIn(username: string, password: string): Promise<Connection> {
  const c = desk.connect();
  await c.call('auth.login', { username, password });
  return c;
}

beforeAll(async () => {
  // Seeded three weeks before "now": a withholding and its release, and another withholding, are
  // booked on 2026-10-20 (before the month end the as-of report rebuilds), then the clock moves on.
  const clock = new TestClock('2026-10-20T10:00:00Z');
  desk = await openDesk({ file: join(dir, 'desk.db'), clock, passwordN: 1024, idleCheckpointMs: 0, exportDir: join(dir, 'exports') });
  const ctx: ServiceContext = { store: desk.store, clock, user: null, passwords: { N: 1024 } };
  await seedDemo(ctx, { members: 600, seed: 15, parallel: false });
  raw = desk.store.sqlite;
  const early = await signIn('supervisor', DEMO_PASSWORDS.supervisor);
  const held = all<{ id: number }>("SELECT id FROM members WHERE state = 'active' AND balance > 3000 ORDER BY id DESC LIMIT 2");
  const [first, second] = held;
  if (first === undefined || second === undefined) throw new Error('expected two members with points');
  const w1 = await early.call('corrections.create', { memberId: first.id, kind: 'withhold', points: 400, reason: 'Feilregistrert opptjening' });
  await early.call('corrections.create', { memberId: second.id, kind: 'withhold', points: 300, reason: 'Feilregistrert opptjening' });
  if (w1.entryId === null) throw new Error('expected the withholding booked');
  await early.call('corrections.release', { withholdEntryId: w1.entryId, reason: 'Saken er avklart' });
  clock.set(NOW);
  manager = await signIn('manager', DEMO_PASSWORDS.manager);
  supervisor = await signIn('supervisor', DEMO_PASSWORDS.supervisor);
  const admin = await signIn('admin', DEMO_PASSWORDS.admin);
  await admin.call('users.create', { username: 'supervisor2', displayName: 'Siri Second', role: 'supervisor', password: 'second-supervisor-1' });
  const approver = await signIn('supervisor2', 'second-supervisor-1');
  // Corrections of today: a small credit by hand (booked at once) and a large debit (a second supervisor approves it).
  const rich = one<{ id: number; balance: number }>("SELECT id, balance FROM members WHERE state = 'active' AND balance > 8000 ORDER BY id LIMIT 1");
  await supervisor.call('corrections.create', { memberId: rich.id, kind: 'manual_credit', points: 250, reason: 'Kompensasjon for sen levering', reasonCategory: 'goodwill', caseRef: 'SAK-1' });
  const asked = await supervisor.call('corrections.create', { memberId: rich.id, kind: 'manual_debit', points: 6_000, reason: 'Dobbelt registrert opptjening', reasonCategory: 'earlier_entry', caseRef: 'SAK-2' });
  if (asked.requestId === null) throw new Error('expected a request waiting for approval');
  await approver.call('corrections.decide', { requestId: asked.requestId, approve: true });
}, 120_000);
afterAll(() => {
  desk.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The test's own replay of every lot up to a day, lot by lot in JS over the raw rows. */
function lotsAsOf(day: string): { earnedOn: string; expiresOn: string; memberId: number; remaining: number; withheld: number }[] {
  const lots = all<{ id: number; member_id: number; earned_on: string; expires_on: string; amount: number; made_on: string }>(
    'SELECT l.id, l.member_id, l.earned_on, l.expires_on, l.amount, e.effective_on AS made_on FROM point_lots l JOIN ledger_entries e ON e.id = l.entry_id',
  );
  const moves = all<{ lot_id: number; amount: number; kind: string; effective_on: string }>(
    'SELECT a.lot_id, a.amount, e.kind, e.effective_on FROM lot_allocations a JOIN ledger_entries e ON e.id = a.entry_id',
  );
  const state = new Map(lots.filter((l) => l.made_on <= day).map((l) => [l.id, { earnedOn: l.earned_on, expiresOn: l.expires_on, memberId: l.member_id, remaining: l.amount, withheld: 0 }]));
  for (const m of moves) {
    if (m.effective_on > day) continue;
    const lot = state.get(m.lot_id);
    if (lot === undefined) throw new Error(`allocation to lot ${m.lot_id} before the lot exists`);
    if (m.kind === 'spend_reversal' || m.kind === 'reversal') lot.remaining += m.amount;
    else if (m.kind === 'release') {
      lot.remaining += m.amount;
      lot.withheld -= m.amount;
    } else if (m.kind === 'withhold') {
      lot.remaining -= m.amount;
      lot.withheld += m.amount;
    } else lot.remaining -= m.amount;
  }
  return [...state.values()];
}

function expectLiabilityMatches(report: Awaited<ReturnType<Connection['call']>> & object, day: string): void {
  const lots = lotsAsOf(day);
  const live = lots.filter((l) => l.expiresOn >= day);
  const r = report as { outstanding: number; withheld: number; awaitingExpiry: number; members: number; byYear: { year: number; outstanding: number; withheld: number }[]; expiring: { runMonth: string; expiresIn: string; outstanding: number; withheld: number }[] };
  expect(r.outstanding).toBe(live.reduce((s, l) => s + l.remaining, 0));
  expect(r.withheld).toBe(live.reduce((s, l) => s + l.withheld, 0));
  expect(r.awaitingExpiry).toBe(lots.filter((l) => l.expiresOn < day).reduce((s, l) => s + l.remaining, 0));
  expect(r.members).toBe(new Set(live.filter((l) => l.remaining > 0).map((l) => l.memberId)).size);
  const years = new Map<number, number>();
  for (const l of live) years.set(Number(l.earnedOn.slice(0, 4)), (years.get(Number(l.earnedOn.slice(0, 4))) ?? 0) + l.remaining);
  expect(Object.fromEntries(r.byYear.filter((y) => y.outstanding !== 0).map((y) => [y.year, y.outstanding]))).toEqual(Object.fromEntries([...years].filter(([, p]) => p !== 0)));
  // B5: a lot is removed by the run of the month after the month its expiry date falls in.
  expect(r.expiring).toHaveLength(12);
  for (const e of r.expiring) expect(e.outstanding, e.runMonth).toBe(live.filter((l) => l.expiresOn.slice(0, 7) === e.expiresIn).reduce((s, l) => s + l.remaining, 0));
  // B12a: what the lots held then is what the ledger summed to then.
  expect(r.outstanding + r.awaitingExpiry).toBe(n('SELECT SUM(amount) FROM ledger_entries WHERE effective_on <= ?', day));
}

describe('issue 15: the managers’ reports against the ledger', () => {
  it('B5/B11: the points liability today: outstanding, withheld, by year earned and the next 12 runs', async () => {
    const report = await manager.call('reports.pointsLiability', {});
    expect(report.asOf).toBe(TODAY);
    expect(report.outstanding).toBeGreaterThan(100_000);
    expect(report.withheld).toBeGreaterThan(0);
    expectLiabilityMatches(report, TODAY);
    // Today's figure is also what the stored lots say (the fast path reads them).
    expect(report.outstanding).toBe(n('SELECT SUM(remaining) FROM point_lots WHERE expires_on >= ?', TODAY));
    expect(report.expiring[0]).toMatchObject({ runMonth: '2026-12', expiresIn: '2026-11' });
  });

  it.each(['2026-10-31', '2026-10-19', '2025-12-31', '2024-06-30'])('B5/B11: the points liability as of %s, rebuilt from the ledger up to that day', async (day) => {
    const report = await manager.call('reports.pointsLiability', { asOf: day });
    expect(report.asOf).toBe(day);
    expectLiabilityMatches(report, day);
  });

  it('refuses a liability as of a day in the future', async () => {
    await expect(manager.call('reports.pointsLiability', { asOf: '2026-12-31' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('monthly activity: each column is the sum of its ledger kinds by effective month', async () => {
    const report = await supervisor.call('reports.activity', { from: '2025-01', to: '2026-11' });
    expect(report.months).toHaveLength(23);
    const sum = (month: string, kinds: string[]): number =>
      n(`SELECT SUM(amount) FROM ledger_entries WHERE substr(effective_on, 1, 7) = ? AND kind IN (${kinds.map(() => '?').join(',')})`, month, ...kinds);
    for (const m of report.months) {
      expect(m.earned, m.month).toBe(sum(m.month, ['earn']));
      expect(m.redeemed, m.month).toBe(sum(m.month, ['spend']));
      expect(m.returned, m.month).toBe(sum(m.month, ['spend_reversal']));
      expect(m.expired, m.month).toBe(sum(m.month, ['expire']));
      expect(m.capped, m.month).toBe(sum(m.month, ['cap']));
      expect(m.deleted, m.month).toBe(sum(m.month, ['delete_after_cancel']));
      expect(m.forfeited, m.month).toBe(sum(m.month, ['forfeit']));
      expect(m.withheld, m.month).toBe(sum(m.month, ['withhold']));
      expect(m.released, m.month).toBe(sum(m.month, ['release']));
      expect(m.corrected, m.month).toBe(sum(m.month, ['correction_delete', 'unpaid_reduction', 'correction_add', 'reversal']));
      expect(m.net, m.month).toBe(n('SELECT SUM(amount) FROM ledger_entries WHERE substr(effective_on, 1, 7) = ?', m.month));
    }
    expect(report.months.some((m) => m.earned > 0 && m.redeemed < 0 && m.expired < 0)).toBe(true);
    // Today's corrections: +250 and -6,000.
    expect(report.months.at(-1)?.corrected).toBe(sum('2026-11', ['correction_delete', 'unpaid_reduction', 'correction_add', 'reversal']));
  });

  it('B7/B7a: redemptions per month by channel and delivery, by product, and cancellations by reason', async () => {
    const report = await manager.call('reports.redemptions', { from: '2024-01', to: '2026-11' });
    // The test's own month: the Oslo day the redemption was made, from its created_at.
    const rows = all<{ id: number; created_at: string; channel: string; delivery: string; status: string; total_points: number; cancelled_at: string | null; cancel_reason: string | null }>('SELECT * FROM redemptions');
    const inRange = rows.filter((r) => { const m = osloDate(new Date(r.created_at)).slice(0, 7); return m >= '2024-01' && m <= '2026-11'; });
    expect(inRange.length).toBeGreaterThan(20);
    for (const m of report.months) {
      const mine = inRange.filter((r) => osloDate(new Date(r.created_at)).startsWith(m.month));
      expect(m, m.month).toEqual({
        month: m.month,
        orders: mine.length,
        points: mine.reduce((s, r) => s + r.total_points, 0),
        phone: mine.filter((r) => r.channel === 'phone').length,
        email: mine.filter((r) => r.channel === 'email').length,
        nextDelivery: mine.filter((r) => r.delivery === 'next_delivery').length,
        separate: mine.filter((r) => r.delivery === 'separate').length,
        cancelled: mine.filter((r) => r.status === 'cancelled').length,
      });
    }
    const kept = new Set(inRange.filter((r) => r.status !== 'cancelled').map((r) => r.id));
    const lines = all<{ redemption_id: number; product_id: number; quantity: number; points_each: number }>('SELECT * FROM redemption_lines').filter((l) => kept.has(l.redemption_id));
    for (const p of report.products) {
      const mine = lines.filter((l) => l.product_id === p.productId);
      expect(p.units, p.sku).toBe(mine.reduce((s, l) => s + l.quantity, 0));
      expect(p.points, p.sku).toBe(mine.reduce((s, l) => s + l.quantity * l.points_each, 0));
    }
    expect(report.products.reduce((s, p) => s + p.points, 0)).toBe(lines.reduce((s, l) => s + l.quantity * l.points_each, 0));
    const cancelled = rows.filter((r) => r.cancelled_at !== null && osloDate(new Date(r.cancelled_at)) >= '2024-01-01' && osloDate(new Date(r.cancelled_at)) <= '2026-11-30');
    expect(cancelled.length).toBeGreaterThan(0);
    expect(report.cancellations.reduce((s, c) => s + c.count, 0)).toBe(cancelled.length);
    for (const c of report.cancellations) {
      const mine = cancelled.filter((r) => (r.cancel_reason ?? '').trim() === c.reason);
      expect(c.count, c.reason).toBe(mine.length);
      expect(c.points, c.reason).toBe(mine.reduce((s, r) => s + r.total_points, 0));
    }
  });

  it('B11: every manual correction with who asked, who approved, the reason and the amount', async () => {
    const from = '2020-01-01';
    const report = await manager.call('reports.corrections', { from, to: TODAY, limit: 1_000 });
    const expected = all<{ id: number; amount: number; kind: string }>(
      `SELECT id, amount, kind FROM ledger_entries WHERE kind IN ('withhold','release','correction_delete','unpaid_reduction','correction_add','reversal')
         AND user_id IS NOT NULL AND channel <> 'system' AND effective_on BETWEEN ? AND ? ORDER BY id`, from, TODAY);
    expect(report.total).toBe(expected.length);
    expect(report.items.map((c) => [c.entryId, c.amount, c.kind])).toEqual(expected.map((e) => [e.id, e.amount, e.kind]));
    expect(report.items.some((c) => c.kind === 'withhold')).toBe(true);
    // The approved debit: asked by one supervisor, approved by another.
    const debit = report.items.find((c) => c.kind === 'correction_delete' && c.amount === -6_000);
    expect(debit).toMatchObject({ requestedBy: 'Bjørn Løvås', approvedBy: 'Siri Second', reasonCode: 'manual_debit', note: 'Dobbelt registrert opptjening', reasonParams: { category: 'earlier_entry', caseRef: 'SAK-2' } });
    const credit = report.items.find((c) => c.kind === 'correction_add' && c.amount === 250);
    expect(credit).toMatchObject({ requestedBy: 'Bjørn Løvås', approvedBy: null, effectiveOn: TODAY });
    // Paged with the exact count.
    const page = await manager.call('reports.corrections', { from, to: TODAY, limit: 2, offset: 2 });
    expect(page.total).toBe(expected.length);
    expect(page.items.map((c) => c.entryId)).toEqual(expected.slice(2, 4).map((e) => e.id));
  });

  it('the member report: filters combine, sorted, paged with the exact total; each page is an access (B14)', async () => {
    const filter = { states: ['active' as const, 'cancelled' as const], balanceMin: 1_000, balanceMax: 40_000, enrolledFrom: '2015-01-01' };
    const where = "state IN ('active','cancelled') AND balance BETWEEN 1000 AND 40000 AND enrolled_on >= '2015-01-01'";
    const total = n(`SELECT COUNT(*) FROM members WHERE ${where}`);
    expect(total).toBeGreaterThan(30);
    const accessBefore = n("SELECT COUNT(*) FROM member_access_log WHERE action = 'member_report'");
    const page = await manager.call('reports.members', { filter, sort: 'balance', direction: 'desc', limit: 10, offset: 10 });
    expect(page.total).toBe(total);
    expect(page.items.map((m) => m.memberNo)).toEqual(all<{ member_no: number }>(`SELECT member_no FROM members WHERE ${where} ORDER BY balance DESC, member_no DESC LIMIT 10 OFFSET 10`).map((r) => r.member_no));
    expect(n("SELECT COUNT(*) FROM member_access_log WHERE action = 'member_report'")).toBe(accessBefore + 1);

    // Points expiring within 90 days, and a postcode prefix with a place.
    const soon = await manager.call('reports.members', { filter: { expiringWithinDays: 90 }, limit: 500 });
    const expiring = all<{ member_no: number; p: number }>(
      "SELECT m.member_no, SUM(l.remaining) AS p FROM members m JOIN point_lots l ON l.member_id = m.id WHERE l.remaining > 0 AND l.expires_on >= ? AND l.expires_on < date(?, '+90 days') GROUP BY m.id ORDER BY m.member_no",
      TODAY, TODAY,
    );
    expect(soon.total).toBe(expiring.length);
    expect(soon.items.map((m) => [m.memberNo, m.expiring])).toEqual(expiring.map((r) => [r.member_no, r.p]));

    const place = one<{ city: string; postcode: string }>('SELECT city, postcode FROM members WHERE city IS NOT NULL ORDER BY id LIMIT 1');
    const byPlace = await manager.call('reports.members', { filter: { postcode: place.postcode.slice(0, 2), place: place.city.toUpperCase() }, sort: 'name' });
    expect(byPlace.total).toBe(n('SELECT COUNT(*) FROM members WHERE postcode LIKE ? AND lower(city) = lower(?)', `${place.postcode.slice(0, 2)}%`, place.city));

    const cancelled = await manager.call('reports.members', { filter: { cancelledFrom: '2025-01-01', cancelledTo: '2025-12-31' }, sort: 'cancelledOn' });
    expect(cancelled.total).toBe(n("SELECT COUNT(*) FROM members WHERE cancelled_on BETWEEN '2025-01-01' AND '2025-12-31'"));
    expect(cancelled.items.every((m, i, a) => i === 0 || (a[i - 1]?.cancelledOn ?? '') <= (m.cancelledOn ?? ''))).toBe(true);
  });

  it('exports every report as CSV and XLSX with the screen’s figures; agents may not read them, supervisors may not export', async () => {
    const liability = await manager.call('reports.pointsLiability', {});
    const csv = await manager.call('reports.export', { report: 'liability', format: 'csv' });
    const text = readFileSync(csv.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain(`utestaende;${TODAY};${liability.outstanding};${liability.withheld}\r\n`);
    for (const report of ['activity', 'redemptions'] as const) {
      const written = await manager.call('reports.export', { report, format: 'xlsx', from: '2026-01', to: '2026-11' });
      expect((await readSheet(written.path))[0]?.[0]).toBeTypeOf('string');
      expect(written.rows).toBeGreaterThan(10);
    }
    const corrections = await manager.call('reports.export', { report: 'corrections', format: 'csv', from: TODAY, to: TODAY });
    expect(readFileSync(corrections.path, 'utf8')).toContain(';Bjørn Løvås;Siri Second;manual_debit;Dobbelt registrert opptjening\r\n');
    const members = await manager.call('reports.export', { report: 'members', format: 'xlsx', filter: { states: ['active'] } });
    expect(members.rows).toBe(n("SELECT COUNT(*) FROM members WHERE state = 'active'"));
    expect((await readSheet(members.path)).length).toBe(members.rows + 1);
    expect(n("SELECT COUNT(*) FROM member_access_log WHERE action = 'export_member_report'")).toBe(1);

    const agent = await signIn('agent', DEMO_PASSWORDS.agent);
    await expect(agent.call('reports.activity', { from: '2026-01', to: '2026-02' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(supervisor.call('reports.export', { report: 'activity', format: 'csv', from: '2026-01', to: '2026-02' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
