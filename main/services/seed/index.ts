import { Faker, base, en, nb_NO } from '@faker-js/faker';
import { DeskError } from '../../../shared/errors.js';
import type { Role } from '../../../shared/roles.js';
import { audit } from '../audit.js';
import { createUser } from '../auth.js';
import { nowIso, type ServiceContext } from '../context.js';
import { settingDefaults } from '../settings.js';
import { Calendar, type MonthInfo } from './calendar.js';
import { BONUS_PRODUCTS, EARNING_PRODUCTS, LAUNCHES } from './data.js';
import { RUN_MONTHS, seedHere, seedInWorker, workerScript, type BatchWriter, type GeneratorInput } from './generate.js';
import type { CatalogProduct, IdCounters, RunTally, SeedUsers } from './members.js';
import { tableWriters } from './writer.js';
import type { Sqlite } from '../../db/open.js';
import { sqliteConnection } from '../../db/sqlite-store.js';

/**
 * Demo and benchmark data (issue 2 part 9, issue 3): realistic Norwegian members with five years
 * of history, built deterministically from a seed and the clock — the same seed, member count and
 * "now" give the same database.
 *
 * Speed: the benchmark seeds a million members (~39M rows: 11.6M ledger entries, 8.1M lots,
 * 8.4M lot allocations, 2.9M redemptions …). Each member's history is computed in memory with the
 * domain rules (FIFO draws, expiry, cap, deletion) and written with raw better-sqlite3 multi-row
 * INSERTs, 5,000 members per transaction; for big seeds a worker thread generates while this
 * thread writes (generate.ts). That SQL is SQLite's (see writer.ts): the seeder is data
 * generation for the desk's SQLite file, not a service the PostgreSQL path needs. Every row still
 * passes the schema's CHECK constraints, foreign keys and triggers (the name index is filled by
 * its trigger, so it is the index the desk builds).
 */

/** The demo users' passwords (the desk's demo is for trying it out; change them for real use). */
export const DEMO_PASSWORDS = {
  agent: 'agent-demo',
  supervisor: 'supervisor-demo',
  manager: 'manager-demo',
  admin: 'admin-demo',
} as const satisfies Record<Role, string>;

export interface DemoUser {
  username: Role;
  displayName: string;
  role: Role;
}

/** One demo user per role; the username is the role. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'agent', displayName: 'Kari Nordmann', role: 'agent' },
  { username: 'supervisor', displayName: 'Bjørn Løvås', role: 'supervisor' },
  { username: 'manager', displayName: 'Åse Grønli', role: 'manager' },
  { username: 'admin', displayName: 'Øyvind Sæther', role: 'admin' },
];

export interface SeedOptions {
  members: number;
  seed: number;
  /** Called after each committed batch. */
  onProgress?: (done: number, total: number) => void;
  /** Members per transaction (default 5,000). */
  batchSize?: number;
  /**
   * Generate in a worker thread while this thread writes (two cores). Default: from 20,000
   * members when running from source (the CLI and the bench under tsx); the data is the same.
   */
  parallel?: boolean;
  /**
   * Bulk-load settings while the members go in (default: as `parallel`): no WAL and no
   * fsync (an interrupted seed leaves a file to throw away anyway), a 1 GiB page cache.
   * Restored afterwards; skipped if another connection holds the file.
   */
  bulk?: boolean;
}

export interface SeedSummary {
  members: number;
  firstMemberNo: number;
  lastMemberNo: number;
  /** Users created (existing usernames are left alone). */
  users: string[];
  /** Monthly runs recorded as done (the months before the current one). */
  runs: number;
  /** Rows written per table. */
  rows: Record<string, number>;
}

const DEFAULT_BATCH = 5_000;
/** From this many members the default is to generate in a worker thread. */
const PARALLEL_FROM = 20_000;

export async function seedDemo(ctx: ServiceContext, options: SeedOptions): Promise<SeedSummary> {
  const total = options.members;
  if (!Number.isInteger(total) || total < 0) throw new DeskError('invalid_input', 'The number of members must be a whole number, 0 or more.');
  if (!Number.isInteger(options.seed)) throw new DeskError('invalid_input', 'The seed must be a whole number.');
  const batch = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
  const sqlite = sqliteConnection(ctx.store);
  const count = (sql: string): number => Number((sqlite.prepare(sql).pluck().get() as number | bigint | null) ?? 0);
  const existing = count('SELECT count(*) FROM members');
  if (existing > 0) {
    throw new DeskError('conflict', `This desk already holds ${existing} members; demo data goes only into an empty desk.`, { members: existing });
  }
  if (count('SELECT count(*) FROM monthly_runs') > 0 || count('SELECT count(*) FROM ledger_entries') > 0) {
    throw new DeskError('conflict', 'This desk already has monthly runs or ledger entries; demo data goes only into an empty desk.');
  }

  const now = ctx.clock.now();
  const cal = new Calendar(now, RUN_MONTHS);
  const T = cal.today;

  // ---- users, through the auth service (hashing with the context's cost).
  const created: string[] = [];
  const userId = (username: string): number | undefined =>
    sqlite.prepare('SELECT id FROM users WHERE username = ?').pluck().get(username) as number | undefined;
  for (const u of DEMO_USERS) {
    if (userId(u.username) !== undefined) continue;
    await createUser(ctx, { username: u.username, displayName: u.displayName, role: u.role, password: DEMO_PASSWORDS[u.username] });
    created.push(u.username);
  }
  const users: SeedUsers = {
    agent: userId('agent') as number,
    supervisor: userId('supervisor') as number,
    manager: userId('manager') as number,
    admin: userId('admin') as number,
  };

  // ---- pools from faker, once (faker per row would dominate the run time)
  const faker = new Faker({ locale: [nb_NO, en, base], seed: options.seed });
  const pool = (n: number, make: () => string): string[] => [...new Set(Array.from({ length: n }, make))].sort();
  const pools = {
    femaleFirst: pool(400, () => faker.person.firstName('female')),
    maleFirst: pool(400, () => faker.person.firstName('male')),
    last: pool(600, () => faker.person.lastName()),
    streets: pool(800, () => faker.location.street()),
  };

  const maxId = (table: string): number => count(`SELECT coalesce(max(id), 0) FROM ${table}`);
  const firstMemberNo = Math.max(100_001, count('SELECT coalesce(max(member_no), 0) FROM members') + 1);
  const ids: IdCounters = {
    member: maxId('members') + 1,
    memberNo: firstMemberNo,
    subscription: maxId('subscriptions') + 1,
    invoice: maxId('invoices') + 1,
    redemption: maxId('redemptions') + 1,
    redemptionLine: maxId('redemption_lines') + 1,
    ledger: maxId('ledger_entries') + 1,
    lot: maxId('point_lots') + 1,
    event: maxId('membership_events') + 1,
    note: maxId('member_notes') + 1,
    serviceEmail: maxId('service_emails') + 1,
  };

  const at = nowIso(ctx);
  const catalog: CatalogProduct[] = [];
  const tx = <T>(fn: () => T): T => sqlite.transaction(fn).immediate();

  // ---- the fixed part: settings, terms, earning table, catalog, launches, monthly runs
  tx(() => {
    const setting = sqlite.prepare('INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING');
    for (const [key, value] of Object.entries(settingDefaults)) setting.run(key, JSON.stringify(value), at, users.admin);

    const terms = sqlite.prepare(
      'INSERT INTO terms_versions (title, body, published_on, effective_on, legally_required, created_at, created_by) VALUES (?, ?, ?, ?, 0, ?, ?)',
    );
    const firstTerms = cal.firstDay - 75;
    terms.run('Vilkår for bonusprogrammet', TERMS_BODY, cal.iso(firstTerms), cal.iso(firstTerms + 35), cal.instant(firstTerms, 600), users.admin);
    const secondTerms = T - 420;
    terms.run('Vilkår for bonusprogrammet (oppdatert)', `${TERMS_BODY}\n\nEndret: poeng sendes med neste ordinære levering, eller separat mot porto.`, cal.iso(secondTerms), cal.iso(secondTerms + 40), cal.instant(secondTerms, 600), users.admin);

    const earning = sqlite.prepare('INSERT INTO earning_products (code, name, points_per_unit, active) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING');
    for (const p of EARNING_PRODUCTS) earning.run(p.code, p.name, p.pointsPerUnit, p.active ? 1 : 0);

    const product = sqlite.prepare(
      'INSERT INTO bonus_products (sku, name, description, points_price, stock, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const addProduct = (p: (typeof BONUS_PRODUCTS)[number], availableFrom: number, createdOn: number): number => {
      const ended = p.endedDaysAgo === undefined ? Infinity : T - p.endedDaysAgo;
      const updatedOn = Number.isFinite(ended) ? ended : Math.max(createdOn, T - 1 - (p.sku.charCodeAt(p.sku.length - 1) % 20));
      const id = Number(product.run(p.sku, p.name, p.description, p.pointsPrice, p.stock, p.state, cal.instant(createdOn, 540), cal.instant(updatedOn, 600)).lastInsertRowid);
      // Products bought only while they were in the catalog and in stock.
      catalog.push({ id, name: p.name, pointsPrice: p.pointsPrice, availableFrom, availableTo: ended });
      return id;
    };
    for (const p of BONUS_PRODUCTS) addProduct(p, T - p.addedDaysAgo, T - p.addedDaysAgo);

    const launch = sqlite.prepare('INSERT INTO launches (launch_on, name, scope, status, cancel_reason, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const launchProduct = sqlite.prepare('INSERT INTO launch_products (launch_id, product_id) VALUES (?, ?)');
    for (const l of LAUNCHES) {
      const day = T + l.inDays;
      const createdOn = Math.min(day - 45, T - 3);
      const launchId = Number(launch.run(cal.iso(day), `${l.name} ${cal.iso(day).slice(0, 4)}`, l.scope, l.status, l.cancelReason ?? null, cal.instant(createdOn, 600), users.supervisor).lastInsertRowid);
      for (const p of l.products) {
        // A launch product enters the catalog when the launch is planned and sells from launch day.
        const productId = addProduct({ ...p, addedDaysAgo: T - createdOn }, day, createdOn);
        launchProduct.run(launchId, productId);
      }
    }

    const run = sqlite.prepare("INSERT INTO monthly_runs (month, status, started_at, finished_at, started_by, summary) VALUES (?, 'done', ?, ?, NULL, NULL)");
    for (let i = 0; i < cal.currentMonth; i++) {
      const m = cal.month(i);
      m.runId = Number(run.run(m.month, m.runAt, new Date(Date.parse(m.runAt) + 17 * 60_000 + i * 1_000).toISOString()).lastInsertRowid);
    }
  });

  // ---- members, in batches of `batch` per transaction
  const input: GeneratorInput = {
    seed: options.seed,
    now: now.toISOString(),
    pools,
    ids,
    users,
    catalog,
    runIds: cal.months.map((m) => m.runId),
    postageOre: settingDefaults.postage_ore,
  };
  const writers = tableWriters(sqlite);
  const write: BatchWriter = {
    plain: (tables) => {
      tx(() => writers.forEach((writer, i) => writer.write(tables[i] ?? [])));
    },
    packed: (batch) => {
      tx(() => writers.forEach((writer, i) => writer.writePacked(batch.tables[i] ?? { tags: new Int32Array(0), numbers: new Float64Array(0) }, batch.strings)));
    },
  };
  // A big seed from source (the CLI, the bench) takes both cores and bulk-load settings; the app's
  // first-start demo (bundled, at most 50,000 members) stays on its thread and in WAL.
  const big = total >= PARALLEL_FROM && workerScript() !== null;
  const parallel = options.parallel ?? big;
  const restore = (options.bulk ?? big) ? bulkMode(sqlite) : () => undefined;
  let tallies: RunTally[];
  try {
    tallies = parallel ? seedInWorker(input, total, batch, write, options.onProgress) : seedHere(input, total, batch, write, options.onProgress);
  } finally {
    restore();
  }

  // ---- what each monthly run booked, and the seeding's own audit row
  await ctx.store.transaction(async () => {
    for (let i = 0; i < cal.currentMonth; i++) {
      const m: MonthInfo = cal.month(i);
      await ctx.store.run(ctx.store.kysely.updateTable('monthly_runs').set({ summary: JSON.stringify(runTotals(tallies[i] as RunTally)) }).where('id', '=', m.runId));
    }
    await audit(ctx, { action: 'setup.demo', channel: 'system', details: { members: total, seed: options.seed, users: created } });
  });

  const rows: Record<string, number> = {};
  for (const t of writers) rows[t.table] = t.written;
  return {
    members: total,
    firstMemberNo,
    lastMemberNo: firstMemberNo + total - 1,
    users: created,
    runs: cal.currentMonth,
    rows,
  };
}

/**
 * Bulk loading: the members go into an empty desk, and a seed cut off halfway is thrown away,
 * so the WAL's crash safety buys nothing here while it writes every page twice and fsyncs at
 * each checkpoint. Returns what puts the connection back as it was.
 */
function bulkMode(sqlite: Sqlite): () => void {
  const journal = String(sqlite.pragma('journal_mode', { simple: true }));
  const synchronous = Number(sqlite.pragma('synchronous', { simple: true }));
  const cache = Number(sqlite.pragma('cache_size', { simple: true }));
  let switched = false;
  try {
    switched = String(sqlite.pragma('journal_mode = MEMORY', { simple: true })).toLowerCase() === 'memory';
  } catch {
    // Another connection has the file open (WAL cannot be left then): seed in WAL.
  }
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -1048576');
  return () => {
    sqlite.pragma(`cache_size = ${cache}`);
    sqlite.pragma(`synchronous = ${synchronous}`);
    if (switched) sqlite.pragma(`journal_mode = ${journal}`);
  };
}

/** The monthly_runs summary, in the shape the desk's run writes (RunTotals in shared/channels/runs.ts). */
function runTotals(t: RunTally): unknown {
  return {
    earned: { entries: t.earnedEntries, points: t.earnedPoints, rows: 0 },
    expired: { entries: t.expiredEntries, points: t.expiredPoints },
    capped: { entries: t.cappedEntries, points: t.cappedPoints },
    deleted: { entries: t.deletedEntries, points: t.deletedPoints, members: t.deletedMembers },
    serviceEmails: t.serviceEmails,
  };
}

const TERMS_BODY = [
  'Alle kunder blir automatisk medlem av bonusprogrammet når det første abonnementet starter. Medlemskapet er personlig.',
  'Poeng opptjenes ved kjøp av utvalgte produkter og oppdateres månedlig.',
  'Ubrukte poeng som er eldre enn 3 år slettes. Eldste poeng brukes først.',
  'Bonusprodukter bestilles hos kundeservice på telefon eller e-post og sendes med neste ordinære levering.',
  'Ved oppsigelse av siste abonnement beholdes medlemskapet i 3 år. 60 dager etter oppsigelsen reduseres saldoen til 10 000 poeng dersom den er høyere.',
  'Vilkårene kan endres med én måneds varsel.',
].join('\n\n');
