/**
 * `npm run bench`: the desk at a million members, against hand-written SQL on the same file.
 *
 * Builds (or reuses) .bench/bench-<N>.db through the project's own seeder, then prints p50/p95
 * of every interactive call through the desk (router, zod, role check, service) next to the
 * same work done with raw better-sqlite3 prepared statements, and total time, rows/s and peak
 * memory of a monthly run and of a 100,000-line earnings import (each in a child process, so
 * its peak memory is its own). Figures only: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TestClock } from '../clock.js';
import { accessHash, auditHash } from '../db/audit-chain.js';
import { openDesk, type Connection } from '../desk.js';
import { drawFifo, type Lot } from '../domain/points.js';
import { addMonths, lastDayOf } from '../domain/time.js';
import { DEMO_PASSWORDS } from '../services/seed/index.js';
import { seedIntoFile } from './seed-file.js';
import { mulberry32 } from './random.js';

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    db: { type: 'string' },
    iterations: { type: 'string', default: '2000' },
    fresh: { type: 'boolean', default: false },
    seed: { type: 'string', default: '42' },
  },
});

const MEMBERS = Number(args.members);
const ITER = Number(args.iterations);
const BENCH_NOW = '2026-11-15T10:00:00.000Z';
const dir = resolve('.bench');
mkdirSync(dir, { recursive: true });
const file = resolve(args.db ?? join(dir, `bench-${MEMBERS}.db`));

interface Figure {
  name: string;
  desk: number[];
  raw: number[];
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function ms(n: number): string {
  return n < 1 ? `${(n * 1000).toFixed(0)} µs` : `${n.toFixed(2)} ms`;
}


async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main(): Promise<void> {
  if (args.fresh && existsSync(file)) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const clock = new TestClock(BENCH_NOW);
  let generation: { seconds: number; rows: number } | null = null;
  if (!existsSync(file)) {
    console.log(`Seeding ${MEMBERS.toLocaleString('nb-NO')} members into ${file} …`);
    const started = performance.now();
    // Built in a temporary file and renamed onto `file` when complete (seed-file.ts): a bench
    // stopped while seeding leaves no half-seeded file to be reused by the next run.
    const summary = await seedIntoFile(file, {
      clock,
      passwordN: 2 ** 14,
      members: MEMBERS,
      seed: Number(args.seed),
      onProgress: (done, total) => {
        if (done % 50_000 === 0 || done === total) process.stdout.write(`\r  ${done.toLocaleString('nb-NO')} / ${total.toLocaleString('nb-NO')}`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    generation = { seconds, rows };
    console.log(`\n  generated in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('nb-NO')} rows/s, ${rows.toLocaleString('nb-NO')} rows)`);
  }

  const desk = await openDesk({ file, clock });
  const sqlite = desk.store.sqlite;
  const counts = {
    members: sqlite.prepare('SELECT count(*) FROM members').pluck().get() as number,
    ledger: sqlite.prepare('SELECT max(id) FROM ledger_entries').pluck().get() as number,
    lots: sqlite.prepare('SELECT max(id) FROM point_lots').pluck().get() as number,
  };
  console.log(`File: ${file}\n  ${counts.members.toLocaleString('nb-NO')} members, ~${counts.ledger.toLocaleString('nb-NO')} ledger entries, ~${counts.lots.toLocaleString('nb-NO')} lots`);

  const agent: Connection = desk.connect();
  await agent.call('auth.login', { username: 'agent', password: DEMO_PASSWORDS.agent });

  // The sample: the same members every run.
  const rnd = mulberry32(7);
  const maxId = sqlite.prepare('SELECT max(id) FROM members').pluck().get() as number;
  const ids = Array.from({ length: ITER }, () => 1 + Math.floor(rnd() * maxId));
  const pick = sqlite.prepare<[number], { id: number; member_no: number; phone: string | null; email: string | null; last_name: string; first_name: string }>(
    'SELECT id, member_no, phone, email, last_name, first_name FROM members WHERE id = ?',
  );
  const sample = ids.map((id) => pick.get(id)).filter((m): m is NonNullable<typeof m> => m !== undefined);

  // Hand-written SQL for the same work.
  const raw = {
    byNo: sqlite.prepare('SELECT id, member_no, first_name, last_name, email, phone, postcode, city, state, balance FROM members WHERE member_no = ?'),
    byPhone: sqlite.prepare('SELECT id, member_no, first_name, last_name, email, phone, postcode, city, state, balance FROM members WHERE phone = ? ORDER BY id LIMIT 50'),
    byEmail: sqlite.prepare('SELECT id, member_no, first_name, last_name, email, phone, postcode, city, state, balance FROM members WHERE email = ? ORDER BY id LIMIT 50'),
    names: sqlite.prepare('SELECT rowid AS id FROM member_names WHERE member_names MATCH ? ORDER BY rowid LIMIT ?'),
    ranked: sqlite.prepare('SELECT rowid AS id FROM member_names WHERE member_names MATCH ? ORDER BY rank LIMIT ?'),
    byId: sqlite.prepare('SELECT id, member_no, first_name, last_name, email, phone, postcode, city, state, balance FROM members WHERE id = ?'),
    profile: sqlite.prepare('SELECT * FROM members WHERE id = ?'),
    subs: sqlite.prepare('SELECT id, plan, status, started_on, cancelled_on, next_delivery_on FROM subscriptions WHERE member_id = ? ORDER BY id DESC'),
    lots: sqlite.prepare('SELECT id, earned_on, expires_on, amount, remaining, withheld FROM point_lots WHERE member_id = ? AND (remaining > 0 OR withheld > 0) ORDER BY earned_on, id'),
    unpaid: sqlite.prepare("SELECT count(*) FROM invoices WHERE member_id = ? AND status = 'unpaid'"),
    ledger: sqlite.prepare(
      'SELECT l.*, u.display_name, r.month FROM ledger_entries l LEFT JOIN users u ON u.id = l.user_id LEFT JOIN monthly_runs r ON r.id = l.run_id WHERE l.member_id = ? ORDER BY l.id DESC LIMIT 50',
    ),
    lastAccess: sqlite.prepare('SELECT id, hash FROM member_access_log ORDER BY id DESC LIMIT 1'),
    access: sqlite.prepare('INSERT INTO member_access_log (id, at, user_id, member_id, action, details, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    lastAudit: sqlite.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1'),
    audit: sqlite.prepare('INSERT INTO audit_log (id, at, user_id, action, channel, member_id, reason, details, hash) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)'),
  };
  // The access and audit logs are hash chains (B14, issue 10): the raw side appends the same way.
  const rawAccess = (userId: number, memberId: number | null, action: string, details: string | null): void => {
    const last = raw.lastAccess.get() as { id: number; hash: string } | undefined;
    const id = (last?.id ?? 0) + 1;
    const row = { at: clock.now().toISOString(), user_id: userId, member_id: memberId, action, details };
    raw.access.run(id, row.at, userId, memberId, action, details, accessHash(last?.hash ?? '', id, row));
  };
  const rawAudit = (userId: number, action: string, channel: string, memberId: number): void => {
    const last = raw.lastAudit.get() as { id: number; hash: string } | undefined;
    const id = (last?.id ?? 0) + 1;
    const row = { at: clock.now().toISOString(), user_id: userId, action, channel, member_id: memberId, reason: null, details: null };
    raw.audit.run(id, row.at, userId, action, channel, memberId, auditHash(last?.hash ?? '', id, row));
  };
  const agentId = sqlite.prepare("SELECT id FROM users WHERE username = 'agent'").pluck().get() as number;
  /** A search's access row: the query and the member ids it returned. */
  const searched = <R>(query: string | undefined, rows: R[]): R[] => {
    rawAccess(agentId, null, 'search', JSON.stringify({ query, memberIds: rows.map((r) => (r as { id?: number }).id) }));
    return rows;
  };
  const fold = (s: string): string => s.replaceAll('ø', 'o').replaceAll('Ø', 'O').replaceAll('æ', 'ae').replaceAll('Æ', 'Ae').replaceAll('å', 'a').replaceAll('Å', 'A').toLowerCase();
  const rawNames = (tokens: string[], ranked: boolean, limit: number): unknown[] => {
    const exact = raw.names.all(`folded : (${tokens.map((t) => `"${t}"`).join(' AND ')})`, limit) as { id: number }[];
    const ids2 = exact.map((r) => r.id);
    if (ids2.length < limit) {
      const stmt = ranked ? raw.ranked : raw.names;
      for (const r of stmt.all(`folded : (${tokens.map((t) => `"${t}"*`).join(' AND ')})`, limit + ids2.length) as { id: number }[]) {
        if (ids2.length >= limit) break;
        if (!ids2.includes(r.id)) ids2.push(r.id);
      }
    }
    return ids2.map((id) => raw.byId.get(id));
  };

  const figures: Figure[] = [];
  async function measure(name: string, items: number, deskFn: (i: number) => Promise<unknown>, rawFn: (i: number) => unknown): Promise<void> {
    const fig: Figure = { name, desk: [], raw: [] };
    // One full pass first, so both sides run JIT-compiled and with a warm page cache.
    const warm = Math.min(items, 1_000);
    for (let i = 0; i < warm; i += 1) {
      await deskFn(i);
      rawFn(i);
    }
    // Interleaved, so both see the same cache and the same machine load.
    for (let i = 0; i < items; i += 1) {
      fig.desk.push(await time(() => deskFn(i)));
      fig.raw.push(await time(() => rawFn(i)));
    }
    fig.desk.sort((a, b) => a - b);
    fig.raw.sort((a, b) => a - b);
    figures.push(fig);
  }
  const check = (r: { ok: boolean }): void => {
    if (!r.ok) throw new Error(`desk call failed: ${JSON.stringify(r)}`);
  };
  const n = sample.length;
  const at = (i: number) => sample[i % n] as (typeof sample)[number];

  await measure('search: member number', n, async (i) => check(await agent.invoke('members.search', { query: String(at(i).member_no) })), (i) => searched(String(at(i).member_no), raw.byNo.all(at(i).member_no)));
  const withPhone = sample.filter((m) => m.phone !== null);
  await measure('search: phone', withPhone.length, async (i) => check(await agent.invoke('members.search', { query: (withPhone[i] as (typeof sample)[number]).phone?.slice(3) })), (i) => searched((withPhone[i] as (typeof sample)[number]).phone ?? undefined, raw.byPhone.all((withPhone[i] as (typeof sample)[number]).phone)));
  const withEmail = sample.filter((m) => m.email !== null);
  await measure('search: email', withEmail.length, async (i) => check(await agent.invoke('members.search', { query: (withEmail[i] as (typeof sample)[number]).email })), (i) => searched((withEmail[i] as (typeof sample)[number]).email ?? undefined, raw.byEmail.all((withEmail[i] as (typeof sample)[number]).email)));
  const prefix = (i: number): string => at(i).last_name.slice(0, 4);
  await measure('search: surname prefix (4 letters)', n, async (i) => check(await agent.invoke('members.search', { query: prefix(i) })), (i) => searched(prefix(i), rawNames([fold(prefix(i))], false, 25)));
  const two = (i: number): string => `${at(i).first_name.split(' ')[0] ?? ''} ${at(i).last_name.slice(0, 3)}`;
  await measure('search: first name + surname prefix (ranked)', n, async (i) => check(await agent.invoke('members.search', { query: two(i) })), (i) => searched(two(i), rawNames(fold(two(i)).split(/\s+/).filter(Boolean), true, 25)));
  await measure(
    'member page (profile, subscriptions, balance, expiring points, 50 ledger rows)',
    n,
    async (i) => check(await agent.invoke('members.get', { memberId: at(i).id })),
    (i) => {
      const id = at(i).id;
      rawAccess(agentId, id, 'view', null);
      return [raw.profile.get(id), raw.subs.all(id), raw.lots.all(id), raw.unpaid.get(id), raw.ledger.all(id)];
    },
  );

  // Redemption booking: members with an active subscription and points, a product with stock.
  const buyers = sqlite
    .prepare(
      // B5: points of lots past their expiry are not spendable, so buyers are chosen by their live lots.
      "SELECT m.id FROM members m WHERE m.state = 'active' AND m.balance >= 200 AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.member_id = m.id AND s.status = 'active') AND (SELECT coalesce(sum(l.remaining), 0) FROM point_lots l WHERE l.member_id = m.id AND l.remaining > 0 AND l.expires_on >= ?) >= 200 ORDER BY m.id LIMIT ?",
    )
    .pluck()
    .all(BENCH_NOW.slice(0, 10), 2 * n) as number[];
  const product = Number(
    sqlite
      .prepare("INSERT INTO bonus_products (sku, name, points_price, stock, state, created_at, updated_at) VALUES (?, 'Benchmark-vare', 50, 1000000000, 'available', ?, ?)")
      .run(`BENCH-${randomUUID()}`, BENCH_NOW, BENCH_NOW).lastInsertRowid,
  );
  const rawBook = sqlite.transaction((memberId: number, key: string) => {
    const m = sqlite.prepare('SELECT state, balance FROM members WHERE id = ?').get(memberId) as { state: string; balance: number };
    const sub = sqlite.prepare("SELECT next_delivery_on FROM subscriptions WHERE member_id = ? AND status = 'active'").all(memberId);
    const p = sqlite.prepare('SELECT points_price, stock, state FROM bonus_products WHERE id = ?').get(product) as { points_price: number; stock: number };
    const today = clock.now().toISOString().slice(0, 10);
    // The same B5 rule by hand: only lots live today count and are drawn from.
    const lots = (raw.lots.all(memberId) as { id: number; earned_on: string; expires_on: string; amount: number; remaining: number; withheld: number }[])
      .filter((l) => l.expires_on >= today)
      .map((l): Lot => ({ id: l.id, earnedOn: l.earned_on, expiresOn: l.expires_on, amount: l.amount, remaining: l.remaining, withheld: l.withheld }));
    const live = lots.reduce((sum, l) => sum + l.remaining, 0);
    if (m.state !== 'active' || sub.length === 0 || p.stock < 1 || m.balance < p.points_price || live < p.points_price) throw new Error('raw check failed');
    const draws = drawFifo(lots, p.points_price);
    const now = clock.now().toISOString();
    const rid = sqlite
      .prepare("INSERT INTO redemptions (member_id, idempotency_key, status, channel, total_points, delivery, identity_checks, created_at, created_by) VALUES (?, ?, 'registered', 'phone', ?, 'next_delivery', '{}', ?, ?)")
      .run(memberId, key, p.points_price, now, agentId).lastInsertRowid;
    sqlite.prepare('INSERT INTO redemption_lines (redemption_id, product_id, quantity, points_each) VALUES (?, ?, 1, ?)').run(rid, product, p.points_price);
    sqlite.prepare('UPDATE bonus_products SET stock = stock - 1 WHERE id = ?').run(product);
    const eid = sqlite
      .prepare("INSERT INTO ledger_entries (member_id, kind, amount, occurred_at, effective_on, channel, reason, user_id, redemption_id) VALUES (?, 'spend', ?, ?, ?, 'phone', 'bench', ?, ?)")
      .run(memberId, -p.points_price, now, now.slice(0, 10), agentId, rid).lastInsertRowid;
    for (const d of draws) {
      sqlite.prepare('INSERT INTO lot_allocations (entry_id, lot_id, amount) VALUES (?, ?, ?)').run(eid, d.lotId, d.amount);
      sqlite.prepare('UPDATE point_lots SET remaining = remaining - ? WHERE id = ?').run(d.amount, d.lotId);
    }
    sqlite.prepare('UPDATE members SET balance = balance - ? WHERE id = ?').run(p.points_price, memberId);
    rawAudit(agentId, 'redemptions.create', 'phone', memberId);
  });
  const stamp = randomUUID().slice(0, 8);
  const bookings = Math.min(n, Math.floor(buyers.length / 2));
  let keys = 0;
  await measure(
    'redemption booking (checks, FIFO, stock, ledger, audit)',
    bookings,
    async (i) =>
      check(
        await agent.invoke('redemptions.create', {
          memberId: buyers[2 * i],
          channel: 'phone',
          lines: [{ productId: product, quantity: 1 }],
          delivery: 'next_delivery',
          identity: { memberNo: true, address: true, email: false, phone: false },
          idempotencyKey: `bench-${stamp}-${(keys += 1)}`,
          postageOre: 0,
        }),
      ),
    (i) => rawBook(buyers[2 * i + 1] as number, `raw-${stamp}-${(keys += 1)}`),
  );
  const redemptionMs = figures.at(-1);

  // Monthly run: hand-written set-based SQL (rolled back), then the desk's run in a child process.
  const last = sqlite.prepare("SELECT month FROM monthly_runs WHERE status = 'done' ORDER BY month DESC LIMIT 1").pluck().get() as string;
  const month = addMonths(last, 1);
  const runNow = `${addMonths(month, 1)}-01T10:00:00.000Z`;
  const rawRun = (): { ms: number; rows: number } => {
    const started = performance.now();
    let rows = 0;
    try {
      sqlite.transaction(() => {
        const cutoff = `${month}-01`;
        const runId = sqlite.prepare("INSERT INTO monthly_runs (month, status, started_at) VALUES (?, 'running', ?)").run(month, runNow).lastInsertRowid;
        // Earnings rows delivered by the month's end: an entry and a lot each, balance, row booked.
        const pending = sqlite
          .prepare('SELECT id, member_id, points, delivered_on FROM earnings_rows WHERE run_id IS NULL AND delivered_on <= ?')
          .all(lastDayOf(month)) as { id: number; member_id: number; points: number; delivered_on: string }[];
        const entry = sqlite.prepare("INSERT INTO ledger_entries (member_id, kind, amount, occurred_at, effective_on, channel, reason, run_id, earnings_row_id) VALUES (?, 'earn', ?, ?, ?, 'file', 'raw earning', ?, ?)");
        const lot = sqlite.prepare('INSERT INTO point_lots (member_id, earned_on, expires_on, amount, remaining, entry_id) VALUES (?, ?, ?, ?, ?, ?)');
        const bal = sqlite.prepare('UPDATE members SET balance = balance + ? WHERE id = ?');
        const booked = sqlite.prepare('UPDATE earnings_rows SET run_id = ? WHERE id = ?');
        for (const r of pending) {
          const eid = entry.run(r.member_id, r.points, runNow, r.delivered_on, runId, r.id).lastInsertRowid;
          lot.run(r.member_id, r.delivered_on, `${Number(r.delivered_on.slice(0, 4)) + 3}${r.delivered_on.slice(4)}`, r.points, r.points, eid);
          bal.run(r.points, r.member_id);
          booked.run(runId, r.id);
          rows += 1;
        }
        rows += sqlite
          .prepare(
            "INSERT INTO ledger_entries (member_id, kind, amount, occurred_at, effective_on, channel, reason, run_id) SELECT member_id, 'expire', -sum(remaining), ?, ?, 'system', 'raw expiry', ? FROM point_lots WHERE remaining > 0 AND expires_on < ? GROUP BY member_id",
          )
          .run(runNow, cutoff, runId, cutoff).changes;
        rows += sqlite
          .prepare("INSERT INTO lot_allocations (entry_id, lot_id, amount) SELECT e.id, l.id, l.remaining FROM point_lots l JOIN ledger_entries e ON e.member_id = l.member_id AND e.run_id = ? AND e.kind = 'expire' WHERE l.remaining > 0 AND l.expires_on < ?")
          .run(runId, cutoff).changes;
        rows += sqlite.prepare("UPDATE members SET balance = balance + (SELECT amount FROM ledger_entries e WHERE e.member_id = members.id AND e.run_id = ? AND e.kind = 'expire') WHERE id IN (SELECT member_id FROM ledger_entries WHERE run_id = ? AND kind = 'expire')").run(runId, runId).changes;
        rows += sqlite.prepare('UPDATE point_lots SET remaining = 0 WHERE remaining > 0 AND expires_on < ?').run(cutoff).changes;
        const end = lastDayOf(month);
        const caps = sqlite
          .prepare("SELECT id, balance FROM members WHERE state = 'cancelled' AND cap_applied_on IS NULL AND balance_at_cancellation > 10000 AND date(cancelled_on, '+60 days') <= ?")
          .all(end) as { id: number; balance: number }[];
        for (const c of caps) {
          if (c.balance > 10_000) {
            sqlite.prepare("INSERT INTO ledger_entries (member_id, kind, amount, occurred_at, effective_on, channel, reason, run_id) VALUES (?, 'cap', ?, ?, ?, 'system', 'raw cap', ?)").run(c.id, 10_000 - c.balance, runNow, end, runId);
            sqlite.prepare('UPDATE members SET balance = 10000 WHERE id = ?').run(c.id);
          }
          rows += 1;
        }
        throw new Error('rollback');
      })();
    } catch (error) {
      if (!(error instanceof Error) || error.message !== 'rollback') throw error;
    }
    return { ms: performance.now() - started, rows };
  };
  const rawMonthly = rawRun();
  desk.close();

  const cli = (command: string[]): { ms: number; out: Record<string, unknown> } => {
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...command, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const ms2 = performance.now() - started;
    if (child.status !== 0) throw new Error(`${command.join(' ')} failed: ${child.stderr}`);
    const lines = child.stdout.trim().split('\n');
    return { ms: ms2, out: JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown> };
  };
  console.log(`\nMonthly run ${month} over ${counts.members.toLocaleString('nb-NO')} members (child process) …`);
  const run = cli(['monthly-run', '--db', file, '--month', month, '--now', runNow]);

  // Earnings import: 100,000 lines for sampled members.
  const importFile = join(dir, `earnings-${stamp}.csv`);
  const again = await openDesk({ file, clock });
  const memberNos = again.store.sqlite.prepare("SELECT member_no FROM members WHERE state IN ('active', 'cancelled') ORDER BY id LIMIT 100000").pluck().all() as number[];
  const codes = again.store.sqlite.prepare('SELECT code FROM earning_products WHERE active = 1').pluck().all() as string[];
  again.close();
  const nos = memberNos;
  const importDay = lastDayOf(addMonths(month, 1));
  const linesOut = ['medlemsnummer;produkt;antall;leveringsdato'];
  for (let i = 0; i < 100_000; i += 1) linesOut.push(`${nos[i % nos.length]};${codes[i % codes.length]};${1 + (i % 3)};${importDay}`);
  writeFileSync(importFile, `${linesOut.join('\n')}\n`);
  const importNow = `${addMonths(month, 2)}-01T10:00:00.000Z`;
  console.log('Earnings import of 100 000 lines (child process) …');
  const imp = cli(['import-earnings', '--db', file, importFile, '--keep-repeats', '--now', importNow]);
  const rawImport = (() => {
    const db2 = openDeskSync(file);
    const started = performance.now();
    try {
      db2.transaction(() => {
        const byNo = db2.prepare('SELECT id, state FROM members WHERE member_no = ?');
        const ins = db2.prepare("INSERT INTO earnings_rows (file_id, line_no, member_id, product_code, quantity, delivered_on, points) VALUES (?, ?, ?, ?, ?, ?, 100)");
        const fileId = db2.prepare("INSERT INTO earnings_files (file_name, content_hash, imported_at, rows_total, rows_accepted, rows_rejected, rejections) VALUES ('raw', ?, ?, 0, 0, 0, '[]')").run(`raw-${stamp}`, importNow).lastInsertRowid;
        linesOut.slice(1).forEach((line, i) => {
          const [no, code, qty, day] = line.split(';');
          const m = byNo.get(Number(no)) as { id: number } | undefined;
          if (m !== undefined) ins.run(fileId, i + 2, m.id, code, Number(qty), day);
        });
        throw new Error('rollback');
      })();
    } catch (error) {
      if (!(error instanceof Error) || error.message !== 'rollback') throw error;
    }
    const took = performance.now() - started;
    db2.close();
    return took;
  })();
  rmSync(importFile, { force: true });

  // The report.
  console.log('\nInteractive calls (desk = router + zod + roles + service; raw = hand-written prepared SQL)');
  console.log(`${'call'.padEnd(78)} ${'desk p50'.padStart(10)} ${'desk p95'.padStart(10)} ${'raw p50'.padStart(10)} ${'raw p95'.padStart(10)} ${'×p50'.padStart(6)} ${'×p95'.padStart(6)}`);
  const report: Record<string, unknown>[] = [];
  for (const f of figures) {
    const d50 = pct(f.desk, 50);
    const d95 = pct(f.desk, 95);
    const r50 = pct(f.raw, 50);
    const r95 = pct(f.raw, 95);
    report.push({ name: f.name, n: f.desk.length, deskP50: d50, deskP95: d95, rawP50: r50, rawP95: r95 });
    console.log(`${f.name.padEnd(78)} ${ms(d50).padStart(10)} ${ms(d95).padStart(10)} ${ms(r50).padStart(10)} ${ms(r95).padStart(10)} ${(d50 / r50).toFixed(2).padStart(6)} ${(d95 / r95).toFixed(2).padStart(6)}`);
  }
  const runOut = run.out as { ms?: number; maxRssMb?: number; baselineMb?: number; rows?: number };
  const impOut = imp.out as { ms?: number; maxRssMb?: number; baselineMb?: number; rows?: number };
  console.log('\nLong work');
  console.log(`  monthly run ${month}: ${((runOut.ms ?? run.ms) / 1000).toFixed(1)} s, ${Math.round(((runOut.rows ?? 0) * 1000) / (runOut.ms ?? run.ms)).toLocaleString('nb-NO')} bookings/s, peak ${runOut.maxRssMb ?? '?'} MB (process with tsx loaded before the run: ${runOut.baselineMb ?? '?'} MB); raw set-based SQL ${(rawMonthly.ms / 1000).toFixed(1)} s (×${((runOut.ms ?? run.ms) / rawMonthly.ms).toFixed(2)})`);
  console.log(`  earnings import 100 000 lines: ${((impOut.ms ?? imp.ms) / 1000).toFixed(1)} s, ${Math.round(100_000_000 / (impOut.ms ?? imp.ms)).toLocaleString('nb-NO')} lines/s, peak ${impOut.maxRssMb ?? '?'} MB (before: ${impOut.baselineMb ?? '?'} MB); raw inserts ${(rawImport / 1000).toFixed(1)} s (×${((impOut.ms ?? imp.ms) / rawImport).toFixed(2)})`);
  if (generation !== null) console.log(`  generation of ${MEMBERS.toLocaleString('nb-NO')} members: ${generation.seconds.toFixed(1)} s`);
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ file, counts, generation, interactive: report, monthlyRun: { month, ...runOut, raw: rawMonthly }, earningsImport: { ...impOut, rawMs: rawImport }, redemption: redemptionMs?.name }, null, 2));
}

/** The raw baseline opens its own plain connection, as a hand-written tool would. */
function openDeskSync(path: string): BetterSqlite3.Database {
  return new BetterSqlite3(path);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
