/**
 * `npm run bench:audit`: the audit screen (issue 13) over 10 million audit rows, against
 * hand-written SQL on the same file in the same run.
 *
 * Builds (or reuses) .bench/audit-<rows>.db: a migrated desk with 50 users, 100,000 members and
 * the audit rows, generated inside SQLite (a recursive CTE over a small table of weighted actions,
 * one transaction per million rows, fast-load settings), with every index the migrations make.
 * The rows span two years, newest at the bench's "now"; 18 % are the system's, the rest by 40
 * agents, 5 supervisors, 3 managers and 2 admins; three in four name a member, a thousand members
 * being "busy" (about 1,500 rows each, the rest ~60). The rows' `hash` is a cheap fake (the chain
 * is not walked here: `audit.verify` is not benchmarked, and `desk audit verify` on this file
 * reports it broken at row 1). Then p50/p95 of `audit.list` through the desk (router, session
 * check, zod, role check, service, the B14 access row) next to the same reads in prepared SQL on
 * the desk's connection (the member lookup, the day → id seeks, the page with its joins, the
 * details parsed, the access row appended), interleaved. Figures only: nothing here asserts a time.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TestClock } from '../clock.js';
import { accessHash } from '../db/audit-chain.js';
import { openDesk, type Desk } from '../desk.js';
import { osloWallToInstant } from '../../shared/oslo-time.js';
import { createUser } from '../services/auth.js';
import type { ServiceContext } from '../services/context.js';
import { mulberry32 } from './random.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    members: { type: 'string', default: '100000' },
    iterations: { type: 'string', default: '1000' },
    db: { type: 'string' },
    fresh: { type: 'boolean', default: false },
  },
});

const ROWS = Number(args.rows);
const MEMBERS = Number(args.members);
const ITER = Number(args.iterations);
const BENCH_NOW = '2026-11-15T10:00:00.000Z';
const SPAN_MS = 2 * 365 * 24 * 3_600_000;
const PASSWORD = 'bench-audit-passord';
const dir = resolve('.bench');
mkdirSync(dir, { recursive: true });
const file = resolve(args.db ?? join(dir, `audit-${ROWS}.db`));

/** The mix of actions, per thousand rows: who writes them, through which channel, about a member or not, and their details. */
type Who = 'agent' | 'supervisor' | 'manager' | 'admin' | 'system';
type Details = 'id' | 'correction' | 'setting' | 'contact' | 'none' | 'security';
const MIX: readonly [per1000: number, action: string, channel: string, who: Who, member: boolean, details: Details, reason: string | null][] = [
  [200, 'redemptions.create', 'phone', 'agent', true, 'id', null],
  [40, 'redemptions.create', 'email', 'agent', true, 'id', null],
  [150, 'members.addNote', 'desk', 'agent', true, 'id', null],
  [80, 'members.updateContact', 'phone', 'agent', true, 'contact', null],
  [80, 'redemptions.ship', 'desk', 'agent', true, 'id', null],
  [20, 'redemptions.cancel', 'phone', 'agent', true, 'id', null],
  [30, 'heldOrders.book', 'email', 'agent', true, 'id', null],
  [20, 'members.optOut', 'phone', 'agent', true, 'none', 'Ønsker ikke å være med'],
  [10, 'members.keepMembership', 'phone', 'agent', true, 'none', 'Vil beholde medlemskapet'],
  [30, 'corrections.withhold', 'desk', 'supervisor', true, 'correction', 'Dobbeltregistrert kjøp'],
  [10, 'corrections.release', 'desk', 'supervisor', true, 'correction', 'Kjøpet var riktig'],
  [10, 'corrections.correction_delete', 'desk', 'supervisor', true, 'correction', 'Feilregistrert'],
  [5, 'launches.create', 'desk', 'supervisor', false, 'id', null],
  [5, 'earnings.import', 'file', 'supervisor', false, 'id', null],
  [2, 'settings.set', 'desk', 'admin', false, 'setting', null],
  [1, 'users.update', 'desk', 'admin', false, 'id', null],
  [2, 'reports.exportMembers', 'desk', 'manager', false, 'id', null],
  [1, 'members.accessExport', 'desk', 'manager', true, 'id', null],
  [10, 'security.forbidden', 'desk', 'agent', false, 'security', null],
  [104, 'members.enrol', 'file', 'system', true, 'id', null],
  [40, 'subscriptions.cancel', 'file', 'system', true, 'id', null],
  [30, 'subscriptions.start', 'file', 'system', true, 'id', null],
  [6, 'runs.finish', 'system', 'system', false, 'id', null],
  [4, 'security.unauthenticated', 'desk', 'system', false, 'security', null],
  [110, 'redemptions.create', 'desk', 'agent', true, 'id', null],
];
const USERS: Record<Exclude<Who, 'system'>, number> = { agent: 40, supervisor: 5, manager: 3, admin: 2 };

/** A calendar day plus n days (YYYY-MM-DD; calendar days have no time zone). */
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const ms = (n: number): string => (n < 1 ? `${(n * 1000).toFixed(0)} µs` : `${n.toFixed(2)} ms`);

async function time(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The file, built in a temporary name and renamed into place when complete. */
async function build(): Promise<number> {
  const partial = `${file}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  const started = performance.now();
  // The users (and their audit rows) come first, the day before the generated rows begin: ids grow with time.
  const clock = new TestClock(new Date(new Date(BENCH_NOW).getTime() - SPAN_MS - 86_400_000));
  const desk = await openDesk({ file: partial, clock, passwordN: 2 ** 12, idleCheckpointMs: 0 });
  try {
    const ctx: ServiceContext = { store: desk.store, clock, user: null, passwords: { N: 2 ** 12 } };
    const ids: Record<string, number[]> = {};
    for (const [role, n] of Object.entries(USERS) as [Exclude<Who, 'system'>, number][]) {
      ids[role] = [];
      for (let i = 1; i <= n; i += 1) {
        const u = await createUser(ctx, { username: n === 1 ? role : `${role}${i}`, displayName: `${role[0]?.toUpperCase() ?? ''}${role.slice(1)} ${i}`, role, password: PASSWORD });
        ids[role].push(u.id);
      }
    }
    const sqlite = desk.store.sqlite;
    const restore = desk.store.bulk({}).fast();
    // Members: names from two short lists (the FTS triggers index them as any insert does).
    const firsts = ['Kari', 'Ola', 'Bjørn', 'Ingrid', 'Åse', 'Per', 'Nora', 'Emil', 'Sofie', 'Lars', 'Marit', 'Jonas', 'Hilde', 'Øyvind', 'Silje', 'Knut'];
    const lasts = ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen', 'Karlsen', 'Ødegård', 'Haugen', 'Berg', 'Dahl', 'Lie', 'Ås'];
    sqlite.exec('CREATE TEMP TABLE bench_first (k INTEGER PRIMARY KEY, v TEXT); CREATE TEMP TABLE bench_last (k INTEGER PRIMARY KEY, v TEXT)');
    firsts.forEach((v, k) => sqlite.prepare('INSERT INTO bench_first VALUES (?, ?)').run(k, v));
    lasts.forEach((v, k) => sqlite.prepare('INSERT INTO bench_last VALUES (?, ?)').run(k, v));
    sqlite.transaction(() => {
      sqlite
        .prepare(
          `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
           INSERT INTO members (id, member_no, first_name, last_name, enrolled_on, created_at)
           SELECT i, 100000 + i, (SELECT v FROM bench_first WHERE k = i % ${firsts.length}), (SELECT v FROM bench_last WHERE k = (i / ${firsts.length}) % ${lasts.length}), '2022-01-01', '2022-01-01T08:00:00.000Z' FROM n`,
        )
        .run(MEMBERS);
    })();
    // The weighted mix as 1,000 buckets.
    sqlite.exec('CREATE TEMP TABLE bench_mix (k INTEGER PRIMARY KEY, action TEXT, channel TEXT, who TEXT, member INTEGER, details TEXT, reason TEXT, users INTEGER, first_user INTEGER)');
    const mixRow = sqlite.prepare('INSERT INTO bench_mix VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    let k = 0;
    for (const [per, action, channel, who, member, details, reason] of MIX) {
      const users = who === 'system' ? 0 : USERS[who];
      const first = who === 'system' ? 0 : (ids[who]?.[0] ?? 0);
      for (let j = 0; j < per; j += 1) mixRow.run(k++, action, channel, who, member ? 1 : 0, details, reason, users, first);
    }
    if (k !== 1_000) throw new Error(`the mix has ${k} buckets, not 1000`);
    const base = sqlite.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number;
    const startMs = new Date(BENCH_NOW).getTime() - SPAN_MS;
    const stepMs = SPAN_MS / ROWS;
    // Pseudo-random but fixed per row: h1 picks the bucket, h2 the user, h3 the member.
    const insert = sqlite.prepare(`
      WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?),
      r AS (SELECT i, (i * 2654435761) % 4294967296 AS h1, (i * 40503 + 7) % 65521 AS h2, (i * 2246822519) % 4294967291 AS h3 FROM n)
      INSERT INTO audit_log (id, at, user_id, action, channel, member_id, reason, details, hash)
      SELECT r.i,
        strftime('%Y-%m-%dT%H:%M:%fZ', (${startMs} + (r.i - ${base}) * ${stepMs}) / 1000.0, 'unixepoch'),
        CASE WHEN x.users = 0 THEN NULL ELSE x.first_user + r.h2 % x.users END,
        x.action, x.channel,
        CASE WHEN x.member = 0 THEN NULL WHEN r.h3 % 5 = 0 THEN 1 + r.h3 % 1000 ELSE 1 + r.h3 % ${MEMBERS} END,
        x.reason,
        CASE x.details
          WHEN 'id' THEN '{"id":' || r.i || '}'
          WHEN 'correction' THEN '{"entryId":' || r.i || ',"points":' || (1 + r.h2 % 900) || '}'
          WHEN 'setting' THEN '{"key":"postage_ore","before":' || (9900 + (r.h2 % 5) * 100) || ',"after":' || (9900 + (r.h2 % 7) * 100) || '}'
          WHEN 'contact' THEN '{"fields":["phone"],"identityChecked":true}'
          WHEN 'security' THEN '{"channel":"members.erase"}'
          ELSE NULL END,
        'bench-not-chained'
      FROM r JOIN bench_mix x ON x.k = r.h1 % 1000`);
    const BATCH = 1_000_000;
    for (let from = 1; from <= ROWS; from += BATCH) {
      const to = Math.min(ROWS, from + BATCH - 1);
      sqlite.transaction(() => insert.run(base + from, base + to))();
      process.stdout.write(`\r  ${to.toLocaleString('nb-NO')} / ${ROWS.toLocaleString('nb-NO')} audit rows, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    process.stdout.write('\n');
    restore();
  } finally {
    desk.close();
  }
  for (const f of [`${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  renameSync(partial, file);
  return (performance.now() - started) / 1000;
}

interface Figure {
  name: string;
  desk: number[];
  raw: number[];
  rows: number;
}

async function main(): Promise<void> {
  if (args.fresh) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  let built: number | null = null;
  if (!existsSync(file)) {
    console.log(`Building ${file}: ${MEMBERS.toLocaleString('nb-NO')} members, ${ROWS.toLocaleString('nb-NO')} audit rows …`);
    built = await build();
    console.log(`  built in ${built.toFixed(1)} s`);
  }
  const clock = new TestClock(BENCH_NOW);
  const desk: Desk = await openDesk({ file, clock, idleCheckpointMs: 0 });
  const sqlite = desk.store.sqlite;
  const rowsInFile = sqlite.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
  console.log(`File: ${file}\n  ${rowsInFile.toLocaleString('nb-NO')} audit rows, ${(sqlite.prepare('SELECT count(*) FROM members').pluck().get() as number).toLocaleString('nb-NO')} members`);
  const sup = desk.connect();
  await sup.call('auth.login', { username: 'supervisor1', password: PASSWORD });
  const supId = sqlite.prepare("SELECT id FROM users WHERE username = 'supervisor1'").pluck().get() as number;

  // Hand-written SQL for the same reads (and the same B14 append).
  const cols = 'a.id, a.at, a.user_id, a.action, a.channel, a.member_id, a.reason, a.details, u.display_name, u.username, m.member_no, m.first_name, m.last_name';
  const from = 'FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN members m ON m.id = a.member_id';
  const raw = {
    first: sqlite.prepare(`SELECT ${cols} ${from} ORDER BY a.id DESC LIMIT ?`),
    before: sqlite.prepare(`SELECT ${cols} ${from} WHERE a.id < ? ORDER BY a.id DESC LIMIT ?`),
    memberNo: sqlite.prepare('SELECT id, member_no, first_name, last_name FROM members WHERE member_no = ?'),
    member: sqlite.prepare(`SELECT ${cols} ${from} WHERE a.member_id = ? ORDER BY a.id DESC LIMIT ?`),
    action: sqlite.prepare(`SELECT ${cols} ${from} WHERE a.action = ? ORDER BY a.id DESC LIMIT ?`),
    userRange: sqlite.prepare(`SELECT ${cols} ${from} WHERE a.user_id = ? AND a.id >= ? AND a.id <= ? ORDER BY a.id DESC LIMIT ?`),
    loId: sqlite.prepare('SELECT id FROM audit_log WHERE at >= ? ORDER BY at, id LIMIT 1'),
    hiId: sqlite.prepare('SELECT id FROM audit_log WHERE at < ? ORDER BY at DESC, id DESC LIMIT 1'),
    lastAccess: sqlite.prepare('SELECT id, hash FROM member_access_log ORDER BY id DESC LIMIT 1'),
    access: sqlite.prepare('INSERT INTO member_access_log (id, at, user_id, member_id, action, details, hash) VALUES (?, ?, ?, NULL, ?, ?, ?)'),
  };
  type RawRow = { id: number; member_id: number | null; details: string | null };
  /** What the service does with a page besides reading it: the details parsed, one B14 row naming the members shown. */
  const rawPage = (rows: RawRow[], filter: Record<string, unknown>): number => {
    for (const r of rows) if (r.details !== null) JSON.parse(r.details);
    const page = rows.slice(0, 50);
    const memberIds = [...new Set(page.flatMap((r) => (r.member_id === null ? [] : [r.member_id])))];
    if (memberIds.length > 0) {
      const last = raw.lastAccess.get() as { id: number; hash: string } | undefined;
      const id = (last?.id ?? 0) + 1;
      const details = JSON.stringify({ filter, before: null, rows: page.length, memberIds });
      const row = { at: clock.now().toISOString(), user_id: supId, member_id: null, action: 'audit_list', details };
      raw.access.run(id, row.at, supId, 'audit_list', details, accessHash(last?.hash ?? '', id, row));
    }
    return page.length;
  };
  const dayStart = (day: string): string => osloWallToInstant(`${day}T00:00`) ?? day;

  const rnd = mulberry32(13);
  const agents = sqlite.prepare("SELECT id FROM users WHERE role = 'agent' ORDER BY id").pluck().all() as number[];
  const actionList = MIX.map((m) => m[1]).filter((a, i, all) => all.indexOf(a) === i);
  const today = BENCH_NOW.slice(0, 10);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

  const figures: Figure[] = [];
  async function measure(name: string, inputs: Record<string, unknown>[], rawFn: (input: Record<string, unknown>) => number): Promise<void> {
    const fig: Figure = { name, desk: [], raw: [], rows: 0 };
    const deskCall = async (input: Record<string, unknown>): Promise<number> => {
      const r = await sup.invoke('audit.list', { ...input, limit: 50 });
      if (!r.ok) throw new Error(`audit.list failed: ${JSON.stringify(r)}`);
      return (r.value as { items: unknown[] }).items.length;
    };
    // A pass first, so both sides run JIT-compiled and over a warm page cache.
    for (const input of inputs.slice(0, Math.min(200, inputs.length))) {
      await deskCall(input);
      rawFn(input);
    }
    // Interleaved, so both see the same machine load; each input is new to the page cache (a
    // member's rows lie on pages all over the file), and whichever side reads it first pays for
    // bringing its pages in: the sides take turns going first.
    for (const [i, input] of inputs.entries()) {
      let shown = 0;
      let rawShown = 0;
      const deskTurn = async (): Promise<void> => void fig.desk.push(await time(async () => (shown = await deskCall(input))));
      const rawTurn = async (): Promise<void> => void fig.raw.push(await time(() => (rawShown = rawFn(input))));
      if (i % 2 === 0) {
        await deskTurn();
        await rawTurn();
      } else {
        await rawTurn();
        await deskTurn();
      }
      if (shown !== rawShown) throw new Error(`${name}: the desk showed ${shown} rows, the raw SQL ${rawShown} for ${JSON.stringify(input)}`);
      fig.rows += shown;
    }
    fig.desk.sort((a, b) => a - b);
    fig.raw.sort((a, b) => a - b);
    figures.push(fig);
    console.log(`  ${name}: desk p50 ${ms(pct(fig.desk, 50))}, raw p50 ${ms(pct(fig.raw, 50))}`);
  }
  const inputs = (make: () => Record<string, unknown>): Record<string, unknown>[] => Array.from({ length: ITER }, make);

  console.log(`Measuring ${ITER} pages of 50 per case …`);
  await measure('first page (no filter)', inputs(() => ({})), () => rawPage(raw.first.all(51) as RawRow[], {}));
  await measure(
    'member (by member number)',
    inputs(() => ({ memberNo: 100_000 + 1 + Math.floor(rnd() * MEMBERS) })),
    (input) => {
      const m = raw.memberNo.get(input['memberNo']) as { id: number } | undefined;
      if (m === undefined) throw new Error('no member');
      return rawPage(raw.member.all(m.id, 51) as RawRow[], input);
    },
  );
  await measure(
    'user + date range (an agent, 7 days)',
    inputs(() => {
      const to = addDays(today, -Math.floor(rnd() * 700));
      return { userId: pick(agents), from: addDays(to, -6), to };
    }),
    (input) => {
      const lo = raw.loId.get(dayStart(String(input['from']))) as { id: number } | undefined;
      const hi = raw.hiId.get(dayStart(addDays(String(input['to']), 1))) as { id: number } | undefined;
      if (lo === undefined || hi === undefined) return 0;
      return rawPage(raw.userRange.all(input['userId'], lo.id, hi.id, 51) as RawRow[], input);
    },
  );
  await measure('action (any of the mix, rare and common)', inputs(() => ({ action: pick(actionList) })), (input) => rawPage(raw.action.all(input['action'], 51) as RawRow[], input));
  await measure(
    'deep page via the cursor (before an id in the oldest tenth)',
    inputs(() => ({ before: 1 + Math.floor(rnd() * (rowsInFile / 10)) + 60 })),
    (input) => rawPage(raw.before.all(input['before'], 51) as RawRow[], input),
  );
  // A busy member (one of the thousand with ~1,500 rows), 100 rows from their oldest.
  const memberDeep = sqlite.prepare(`SELECT ${cols} ${from} WHERE a.member_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?`);
  const hundredth = sqlite.prepare('SELECT id FROM audit_log WHERE member_id = ? ORDER BY id LIMIT 1 OFFSET 100').pluck();
  await measure(
    'busy member, a page deep via the cursor',
    inputs(() => ({ memberNo: 100_000 + 1 + Math.floor(rnd() * 1000) })).map((input) => {
      const m = raw.memberNo.get(input['memberNo']) as { id: number };
      return { ...input, before: (hundredth.get(m.id) as number | undefined) ?? rowsInFile };
    }),
    (input) => {
      const m = raw.memberNo.get(input['memberNo']) as { id: number };
      return rawPage(memberDeep.all(m.id, input['before'], 51) as RawRow[], input);
    },
  );
  // The filter's lists (a loose index scan per column), and one export of the newest 100,000 rows.
  const facetTimes: number[] = [];
  for (let i = 0; i < 200; i += 1) facetTimes.push(await time(async () => void (await sup.call('audit.facets', {}))));
  facetTimes.sort((a, b) => a - b);
  const exportStarted = performance.now();
  const written = await sup.call('audit.export', { format: 'csv' });
  const exportMs = performance.now() - exportStarted;
  rmSync(written.path, { force: true });
  desk.close();

  console.log(`\naudit.list over ${rowsInFile.toLocaleString('nb-NO')} audit rows, pages of 50 (desk = router + session + zod + roles + service + B14 row; raw = prepared SQL + the same B14 row)`);
  console.log(`${'page'.padEnd(62)} ${'desk p50'.padStart(10)} ${'desk p95'.padStart(10)} ${'raw p50'.padStart(10)} ${'raw p95'.padStart(10)} ${'×p50'.padStart(6)} ${'×p95'.padStart(6)}`);
  for (const f of figures) {
    const d50 = pct(f.desk, 50);
    const d95 = pct(f.desk, 95);
    const r50 = pct(f.raw, 50);
    const r95 = pct(f.raw, 95);
    console.log(`${f.name.padEnd(62)} ${ms(d50).padStart(10)} ${ms(d95).padStart(10)} ${ms(r50).padStart(10)} ${ms(r95).padStart(10)} ${(d50 / r50).toFixed(2).padStart(6)} ${(d95 / r95).toFixed(2).padStart(6)}`);
  }
  console.log(`\naudit.facets (every user, the actions and the channels by loose index scans): p50 ${ms(pct(facetTimes, 50))}, p95 ${ms(pct(facetTimes, 95))}`);
  console.log(`audit.export, no filter, CSV: ${written.rows.toLocaleString('nb-NO')} rows${written.truncated ? ' (the most one export holds)' : ''} in ${(exportMs / 1000).toFixed(1)} s, ${(written.bytes / 1e6).toFixed(1)} MB`);
  if (built !== null) console.log(`\nBuilt the file in ${built.toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
