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
import { MEMBER_TABLES, packedRows, plainRows } from './writer.js';

/**
 * Demo and benchmark data (issue 2 part 9, issue 3): realistic Norwegian members with five years
 * of history, built deterministically from a seed and the clock — the same seed, member count and
 * "now" give the same database.
 *
 * Speed: the benchmark seeds a million members (~39M rows: 11.6M ledger entries, 8.1M lots,
 * 8.4M lot allocations, 2.9M redemptions …). Each member's history is computed in memory with the
 * domain rules (FIFO draws, expiry, cap, deletion) and written through the store's bulk loader
 * (Store.bulk: multi-row INSERTs on SQLite), 5,000 members per transaction; for big seeds a worker
 * thread generates while this thread writes (generate.ts). Every row still passes the schema's
 * CHECK constraints, foreign keys and triggers (the name index is filled by its trigger, so it is
 * the index the desk builds). The fixed part (settings, terms, catalog, launches, runs) is a few
 * dozen rows and goes through the Store's ordinary queries.
 *
 * Whole or absent (issue 10): a bulk load (`bulk: true`, one transaction per batch, no WAL, no
 * fsync) goes only into a private temporary file that is renamed into place when complete
 * (main/cli/seed-file.ts); a seed into a live desk is one transaction in WAL, so a kill
 * half-way leaves the desk as empty as it was, never users and runs without members.
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
   * Fast bulk loading into a private file (issue 10): no WAL and no fsync while the members go in,
   * a 1 GiB page cache, one transaction per batch. Only for a temporary file nobody else sees and
   * that is thrown away when the seed is cut off (main/cli/seed-file.ts: the CLI and the bench).
   *
   * Default off: the seed then runs as ONE transaction in the file's normal mode (WAL), so a desk
   * killed mid-seed has nothing of it and can be seeded again — the app's first-start demo into
   * its open desk.
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
  // Whole or absent: on a live file everything, users included, commits at once (see SeedOptions.bulk).
  if (options.bulk === true) return await seedInBatches(ctx, options, true);
  return await ctx.store.transaction(() => seedInBatches(ctx, options, false));
}

async function seedInBatches(ctx: ServiceContext, options: SeedOptions, fast: boolean): Promise<SeedSummary> {
  const total = options.members;
  if (!Number.isInteger(total) || total < 0) throw new DeskError('invalid_input', 'The number of members must be a whole number, 0 or more.');
  if (!Number.isInteger(options.seed)) throw new DeskError('invalid_input', 'The seed must be a whole number.');
  const batch = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
  const store = ctx.store;
  const db = store.kysely;
  type Counted = 'members' | 'monthly_runs' | 'ledger_entries';
  const count = async (table: Counted): Promise<number> =>
    Number((await store.first(db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'))))?.n ?? 0);
  type WithId = 'members' | 'subscriptions' | 'invoices' | 'redemptions' | 'redemption_lines' | 'ledger_entries' | 'point_lots' | 'membership_events' | 'member_notes' | 'service_emails';
  const maxId = async (table: WithId): Promise<number> =>
    Number((await store.first(db.selectFrom(table).select((eb) => eb.fn.max<number | null>('id').as('n'))))?.n ?? 0);
  const existing = await count('members');
  if (existing > 0) {
    throw new DeskError('conflict', `This desk already holds ${existing} members; demo data goes only into an empty desk.`, { members: existing });
  }
  if ((await count('monthly_runs')) > 0 || (await count('ledger_entries')) > 0) {
    throw new DeskError('conflict', 'This desk already has monthly runs or ledger entries; demo data goes only into an empty desk.');
  }

  const now = ctx.clock.now();
  const cal = new Calendar(now, RUN_MONTHS);
  const T = cal.today;

  // ---- users, through the auth service (hashing with the context's cost).
  const created: string[] = [];
  const userId = async (username: string): Promise<number | undefined> =>
    (await store.first(db.selectFrom('users').select('id').where('username', '=', username)))?.id;
  for (const u of DEMO_USERS) {
    if ((await userId(u.username)) !== undefined) continue;
    await createUser(ctx, { username: u.username, displayName: u.displayName, role: u.role, password: DEMO_PASSWORDS[u.username] });
    created.push(u.username);
  }
  const users: SeedUsers = {
    agent: (await userId('agent')) ?? 0,
    supervisor: (await userId('supervisor')) ?? 0,
    manager: (await userId('manager')) ?? 0,
    admin: (await userId('admin')) ?? 0,
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

  // The desk is empty of members, so member numbers start at the program's first.
  const firstMemberNo = 100_001;
  const ids: IdCounters = {
    member: (await maxId('members')) + 1,
    memberNo: firstMemberNo,
    subscription: (await maxId('subscriptions')) + 1,
    invoice: (await maxId('invoices')) + 1,
    redemption: (await maxId('redemptions')) + 1,
    redemptionLine: (await maxId('redemption_lines')) + 1,
    ledger: (await maxId('ledger_entries')) + 1,
    lot: (await maxId('point_lots')) + 1,
    event: (await maxId('membership_events')) + 1,
    note: (await maxId('member_notes')) + 1,
    serviceEmail: (await maxId('service_emails')) + 1,
  };

  const at = nowIso(ctx);
  const catalog: CatalogProduct[] = [];

  // ---- the fixed part: settings, terms, earning table, catalog, launches, monthly runs
  await store.transaction(async () => {
    for (const [key, value] of Object.entries(settingDefaults)) {
      await store.run(db.insertInto('settings').values({ key, value: JSON.stringify(value), updated_at: at, updated_by: users.admin }).onConflict((oc) => oc.column('key').doNothing()));
    }

    const terms = (title: string, body: string, day: number, effectiveIn: number) =>
      store.run(
        db.insertInto('terms_versions').values({
          title,
          body,
          published_on: cal.iso(day),
          effective_on: cal.iso(day + effectiveIn),
          legally_required: 0,
          created_at: cal.instant(day, 600),
          created_by: users.admin,
        }),
      );
    await terms('Vilkår for bonusprogrammet', TERMS_BODY, cal.firstDay - 75, 35);
    await terms('Vilkår for bonusprogrammet (oppdatert)', `${TERMS_BODY}\n\nEndret: poeng sendes med neste ordinære levering, eller separat mot porto.`, T - 420, 40);

    for (const p of EARNING_PRODUCTS) {
      await store.run(
        db.insertInto('earning_products').values({ code: p.code, name: p.name, points_per_unit: p.pointsPerUnit, active: p.active ? 1 : 0 }).onConflict((oc) => oc.column('code').doNothing()),
      );
    }

    const addProduct = async (p: (typeof BONUS_PRODUCTS)[number], availableFrom: number, createdOn: number): Promise<number> => {
      const ended = p.endedDaysAgo === undefined ? Infinity : T - p.endedDaysAgo;
      const updatedOn = Number.isFinite(ended) ? ended : Math.max(createdOn, T - 1 - (p.sku.charCodeAt(p.sku.length - 1) % 20));
      const { lastId: id } = await store.run(
        db
          .insertInto('bonus_products')
          .values({
            sku: p.sku,
            name: p.name,
            description: p.description,
            points_price: p.pointsPrice,
            stock: p.stock,
            state: p.state,
            created_at: cal.instant(createdOn, 540),
            updated_at: cal.instant(updatedOn, 600),
          })
          .returning('id'),
      );
      // Products bought only while they were in the catalog and in stock.
      catalog.push({ id, name: p.name, pointsPrice: p.pointsPrice, availableFrom, availableTo: ended });
      return id;
    };
    for (const p of BONUS_PRODUCTS) await addProduct(p, T - p.addedDaysAgo, T - p.addedDaysAgo);

    for (const l of LAUNCHES) {
      const day = T + l.inDays;
      const createdOn = Math.min(day - 45, T - 3);
      const { lastId: launchId } = await store.run(
        db
          .insertInto('launches')
          .values({
            launch_on: cal.iso(day),
            name: `${l.name} ${cal.iso(day).slice(0, 4)}`,
            scope: l.scope,
            status: l.status,
            cancel_reason: l.cancelReason ?? null,
            created_at: cal.instant(createdOn, 600),
            created_by: users.supervisor,
          })
          .returning('id'),
      );
      for (const p of l.products) {
        // A launch product enters the catalog when the launch is planned and sells from launch day.
        const productId = await addProduct({ ...p, addedDaysAgo: T - createdOn }, day, createdOn);
        await store.run(db.insertInto('launch_products').values({ launch_id: launchId, product_id: productId }));
      }
    }

    for (let i = 0; i < cal.currentMonth; i++) {
      const m = cal.month(i);
      const finished = new Date(Date.parse(m.runAt) + 17 * 60_000 + i * 1_000).toISOString();
      const { lastId } = await store.run(
        db.insertInto('monthly_runs').values({ month: m.month, status: 'done', started_at: m.runAt, finished_at: finished, started_by: null, summary: null }).returning('id'),
      );
      m.runId = lastId;
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
  const loader = store.bulk(MEMBER_TABLES);
  const write: BatchWriter = {
    plain: (tables) => loader.write(tables.map(plainRows)),
    packed: (batch) => loader.write(batch.tables.map((table) => packedRows(table, batch.strings))),
  };
  // A big seed from source (the CLI, the bench) takes both cores; the app's first-start demo
  // (bundled, at most 50,000 members) stays on its thread. Fast-load settings only on a private file.
  const big = total >= PARALLEL_FROM && workerScript() !== null;
  const parallel = options.parallel ?? big;
  const restore = fast ? loader.fast() : () => undefined;
  let tallies: RunTally[];
  try {
    tallies = parallel ? await seedInWorker(input, total, batch, write, options.onProgress) : await seedHere(input, total, batch, write, options.onProgress);
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

  const rows: Record<string, number> = { ...loader.written };
  return {
    members: total,
    firstMemberNo,
    lastMemberNo: firstMemberNo + total - 1,
    users: created,
    runs: cal.currentMonth,
    rows,
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
