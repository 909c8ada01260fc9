import type { Launch, LaunchDayStatus, LaunchesToday, LaunchProduct, LaunchScope, LaunchScript, LaunchWithStatus } from '../../shared/channels/launches.js';
import { DeskError } from '../../shared/errors.js';
import type { Prepared } from '../db/store.js';
import type { LaunchesTable } from '../db/schema.js';
import {
  customerServiceLockout,
  defaultLaunchScript,
  launchDayStatus,
  type LaunchForLockout,
  type Lockout,
} from '../domain/launch-day.js';
import { addDays, isIsoDate, osloDate, osloInstant, osloTime, type IsoDate } from '../domain/time.js';
import { CUSTOMER_SERVICE_OPENS } from '../../shared/rules.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext, type Store } from './context.js';
import { queuedUnits } from './held-queue.js';

/**
 * The launch calendar (SPEC L1–L5) and the customer-service lockout (L3) that the redemption
 * service enforces. Each write is one transaction with its audit row.
 */

/** The setting that holds the agent script, as a JSON string. */
export const LAUNCH_SCRIPT_KEY = 'launch_script';
/** How many launches after today 'launches.today' shows. */
const UPCOMING = 5;
/** How far back 'launches.list' starts by default. */
const RECENT_DAYS = 30;

type LaunchRow = Pick<LaunchesTable, 'launch_on' | 'name' | 'cancel_reason' | 'created_at'> & {
  id: number;
  scope: LaunchScope;
  status: 'planned' | 'cancelled';
  created_by_name: string | null;
};

const today = (ctx: ServiceContext): IsoDate => osloDate(ctx.clock.now());

async function launchRows(ctx: ServiceContext, build: (where: ReturnType<typeof baseQuery>) => ReturnType<typeof baseQuery>): Promise<LaunchRow[]> {
  return await ctx.store.all(build(baseQuery(ctx.store)));
}

function baseQuery(store: Store) {
  return store.kysely
    .selectFrom('launches as l')
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .select(['l.id', 'l.launch_on', 'l.name', 'l.scope', 'l.status', 'l.cancel_reason', 'l.created_at', 'u.display_name as created_by_name']);
}

async function productsOf(store: Store, launchIds: number[]): Promise<Map<number, LaunchProduct[]>> {
  const byLaunch = new Map<number, LaunchProduct[]>(launchIds.map((id) => [id, []]));
  if (launchIds.length === 0) return byLaunch;
  const rows = await store.all(
    store.kysely
      .selectFrom('launch_products as lp')
      .innerJoin('bonus_products as p', 'p.id', 'lp.product_id')
      .select(['lp.launch_id', 'p.id', 'p.sku', 'p.name', 'p.points_price', 'p.stock', 'p.state'])
      .where('lp.launch_id', 'in', launchIds)
      .orderBy('p.id'),
  );
  // L5: what the held orders will take first (one read for all the launches' products).
  const queued = rows.length === 0 ? new Map<number, number>() : await queuedUnits(store);
  for (const r of rows) {
    byLaunch.get(r.launch_id)?.push({ id: r.id, sku: r.sku, name: r.name, pointsPrice: r.points_price, stock: r.stock, state: r.state, queued: queued.get(r.id) ?? 0 });
  }
  return byLaunch;
}

async function toLaunches(ctx: ServiceContext, rows: LaunchRow[]): Promise<Launch[]> {
  const products = await productsOf(ctx.store, rows.map((r) => r.id));
  const day = today(ctx);
  return rows.map((r) => ({
    id: r.id,
    launchOn: r.launch_on,
    name: r.name,
    scope: r.scope,
    status: r.status,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
    products: products.get(r.id) ?? [],
    editable: r.status === 'planned' && r.launch_on >= day,
  }));
}

export async function getLaunch(ctx: ServiceContext, launchId: number): Promise<Launch> {
  const [launch] = await toLaunches(ctx, await launchRows(ctx, (q) => q.where('l.id', '=', launchId)));
  if (launch === undefined) throw new DeskError('not_found', `There is no launch ${launchId}.`, { launchId });
  return launch;
}

export interface ListLaunchesInput {
  /** First day to list (default: 30 days before today, Oslo). */
  from?: IsoDate | undefined;
  includeCancelled?: boolean | undefined;
  limit?: number | undefined;
}

/** The calendar from `from` on, by day: recent and upcoming launches. */
export async function listLaunches(ctx: ServiceContext, input: ListLaunchesInput = {}): Promise<{ today: IsoDate; launches: Launch[] }> {
  const day = today(ctx);
  const from = input.from ?? addDays(day, -RECENT_DAYS);
  const rows = await launchRows(ctx, (q) => {
    let query = q.where('l.launch_on', '>=', from);
    if (input.includeCancelled === false) query = query.where('l.status', '=', 'planned');
    return query.orderBy('l.launch_on').orderBy('l.id').limit(input.limit ?? 100);
  });
  return { today: day, launches: await toLaunches(ctx, rows) };
}

export function serializeDayStatus(s: ReturnType<typeof launchDayStatus>): LaunchDayStatus {
  const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
  const tl = s.timeline;
  return {
    at: s.at.toISOString(),
    phase: s.phase,
    webOnly: s.webOnly,
    webShop: { state: s.webShop.state, nextChangeAt: iso(s.webShop.nextChangeAt) },
    customerService: { state: s.customerService.state, nextChangeAt: iso(s.customerService.nextChangeAt) },
    stores: { state: s.stores.state, nextChangeAt: iso(s.stores.nextChangeAt), inStockSales: s.stores.inStockSales },
    nextChangeAt: iso(s.nextChangeAt),
    timeline: {
      dayStartsAt: tl.dayStartsAt.toISOString(),
      waitingRoomAt: tl.waitingRoomAt.toISOString(),
      webOpensAt: tl.webOpensAt.toISOString(),
      customerServiceOpensAt: tl.customerServiceOpensAt.toISOString(),
      storesOrdersAt: tl.storesOrdersAt.toISOString(),
      dayEndsAt: tl.dayEndsAt.toISOString(),
    },
  };
}

/** L1–L4 for the desk's banner: today's planned launches and the next ones, with channel states now. */
export async function launchesToday(ctx: ServiceContext): Promise<LaunchesToday> {
  const now = ctx.clock.now();
  const day = osloDate(now);
  const withStatus = (launches: Launch[]): LaunchWithStatus[] =>
    launches.map((l) => ({ ...l, day: serializeDayStatus(launchDayStatus(l.launchOn, now)) }));
  const todays = await launchRows(ctx, (q) => q.where('l.launch_on', '=', day).where('l.status', '=', 'planned').orderBy('l.id'));
  const upcoming = await launchRows(ctx, (q) =>
    q.where('l.launch_on', '>', day).where('l.status', '=', 'planned').orderBy('l.launch_on').orderBy('l.id').limit(UPCOMING),
  );
  return {
    now: now.toISOString(),
    today: day,
    launches: withStatus(await toLaunches(ctx, todays)),
    upcoming: withStatus(await toLaunches(ctx, upcoming)),
    script: (await getLaunchScript(ctx)).script,
  };
}

export interface CreateLaunchInput {
  launchOn: IsoDate;
  name: string;
  productIds: readonly number[];
  scope?: LaunchScope | undefined;
}

export async function createLaunch(ctx: ServiceContext, input: CreateLaunchInput): Promise<Launch> {
  const db = ctx.store;
  const { kysely } = db;
  const scope = input.scope ?? 'launch_products';
  assertLaunchDay(ctx, input.launchOn);
  const productIds = uniqueIds(input.productIds);
  assertLocksSomething(scope, productIds);
  const launchId = await db.transaction(async () => {
    await assertProductsExist(ctx.store, productIds);
    const { lastId } = await db.run(
      kysely.insertInto('launches').values({
        launch_on: input.launchOn,
        name: input.name,
        scope,
        status: 'planned',
        cancel_reason: null,
        created_at: nowIso(ctx),
        created_by: ctx.user?.id ?? null,
      }),
    );
    await setProducts(ctx.store, lastId, productIds);
    await audit(ctx, { action: 'launches.create', channel: 'desk', details: { launchId: lastId, launchOn: input.launchOn, name: input.name, scope, productIds } });
    return lastId;
  });
  return await getLaunch(ctx, launchId);
}

export interface UpdateLaunchInput {
  launchId: number;
  launchOn?: IsoDate | undefined;
  name?: string | undefined;
  productIds?: readonly number[] | undefined;
  scope?: LaunchScope | undefined;
  reason?: string | undefined;
}

/** Changes a planned launch whose day has not passed (Oslo); only the fields given change. */
export async function updateLaunch(ctx: ServiceContext, input: UpdateLaunchInput): Promise<Launch> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    const before = await getLaunch(ctx, input.launchId);
    assertChangeable(ctx, before);
    if (input.launchOn !== undefined) assertLaunchDay(ctx, input.launchOn);
    const productIds = input.productIds === undefined ? before.products.map((p) => p.id) : uniqueIds(input.productIds);
    assertLocksSomething(input.scope ?? before.scope, productIds);
    if (input.productIds !== undefined) await assertProductsExist(ctx.store, productIds);
    const changes = {
      ...(input.launchOn === undefined ? {} : { launch_on: input.launchOn }),
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.scope === undefined ? {} : { scope: input.scope }),
    };
    if (Object.keys(changes).length > 0) await db.run(kysely.updateTable('launches').set(changes).where('id', '=', before.id));
    if (input.productIds !== undefined) await setProducts(ctx.store, before.id, productIds);
    await audit(ctx, {
      action: 'launches.update',
      channel: 'desk',
      reason: input.reason ?? null,
      details: {
        launchId: before.id,
        before: { launchOn: before.launchOn, name: before.name, scope: before.scope, productIds: before.products.map((p) => p.id) },
        changes: {
          ...(input.launchOn === undefined ? {} : { launchOn: input.launchOn }),
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.scope === undefined ? {} : { scope: input.scope }),
          ...(input.productIds === undefined ? {} : { productIds }),
        },
      },
    });
  });
  return await getLaunch(ctx, input.launchId);
}

/** Cancels a planned launch; it stays in the calendar with its reason and locks nothing from now on. */
export async function cancelLaunch(ctx: ServiceContext, input: { launchId: number; reason: string }): Promise<Launch> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    const before = await getLaunch(ctx, input.launchId);
    assertChangeable(ctx, before);
    await db.run(kysely.updateTable('launches').set({ status: 'cancelled', cancel_reason: input.reason }).where('id', '=', before.id));
    await audit(ctx, { action: 'launches.cancel', channel: 'desk', reason: input.reason, details: { launchId: before.id, launchOn: before.launchOn, name: before.name } });
  });
  return await getLaunch(ctx, input.launchId);
}

export async function getLaunchScript(ctx: ServiceContext): Promise<LaunchScript> {
  const db = ctx.store;
  const { kysely } = db;
  const row = await db.first(
    kysely
      .selectFrom('settings as s')
      .leftJoin('users as u', 'u.id', 's.updated_by')
      .select(['s.value', 's.updated_at', 'u.display_name'])
      .where('s.key', '=', LAUNCH_SCRIPT_KEY),
  );
  const stored: unknown = row === undefined ? undefined : JSON.parse(row.value);
  if (row === undefined || typeof stored !== 'string') return { script: defaultLaunchScript(), isDefault: true, updatedAt: null, updatedBy: null };
  return { script: stored, isDefault: false, updatedAt: row.updated_at, updatedBy: row.display_name };
}

/** Stores the agent script; null goes back to the default text. */
export async function setLaunchScript(ctx: ServiceContext, script: string | null): Promise<LaunchScript> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    if (script === null) {
      await db.run(kysely.deleteFrom('settings').where('key', '=', LAUNCH_SCRIPT_KEY));
    } else {
      const value = JSON.stringify(script);
      const at = nowIso(ctx);
      const by = ctx.user?.id ?? null;
      await db.run(
        kysely
          .insertInto('settings')
          .values({ key: LAUNCH_SCRIPT_KEY, value, updated_at: at, updated_by: by })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at, updated_by: by })),
      );
    }
    await audit(ctx, { action: 'launches.setScript', channel: 'desk', details: { reset: script === null, length: script?.length ?? 0 } });
  });
  return await getLaunchScript(ctx);
}

/* ---------------------------------------------------------------- the L3 lockout */

type DayLaunchRow = { id: number; name: string; launch_on: string; scope: LaunchScope; product_id: number | null };

const lockoutQueries = new WeakMap<Store, Prepared<{ day: string }, DayLaunchRow>>();

/** The planned launches of one Oslo day with their product ids, compiled once per store (hot path of every redemption). */
async function dayLaunches(store: Store, day: IsoDate): Promise<LaunchForLockout[]> {
  let stmt = lockoutQueries.get(store);
  if (stmt === undefined) {
    stmt = store.prepared<{ day: string }, DayLaunchRow>((p) =>
      store.kysely
        .selectFrom('launches as l')
        .leftJoin('launch_products as lp', 'lp.launch_id', 'l.id')
        .select(['l.id', 'l.name', 'l.launch_on', 'l.scope', 'lp.product_id'])
        .where('l.launch_on', '=', p('day'))
        .where('l.status', '=', 'planned')
        .orderBy('l.id'),
    );
    lockoutQueries.set(store, stmt);
  }
  const byId = new Map<number, { id: number; name: string; launchOn: string; scope: LaunchScope; status: 'planned'; productIds: number[] }>();
  for (const r of await stmt.all({ day })) {
    let launch = byId.get(r.id);
    if (launch === undefined) {
      launch = { id: r.id, name: r.name, launchOn: r.launch_on, scope: r.scope, status: 'planned', productIds: [] };
      byId.set(r.id, launch);
    }
    if (r.product_id !== null) launch.productIds.push(r.product_id);
  }
  return [...byId.values()];
}

/**
 * L3: the lockout facts for a customer-service order of `productIds` at `at`, or null.
 * Reads only; call it inside the booking transaction so the answer and the booking agree.
 */
export async function findLaunchLockout(ctx: ServiceContext, productIds: readonly number[], at: Date): Promise<Lockout | null> {
  const launches = await dayLaunches(ctx.store, osloDate(at));
  if (launches.length === 0) return null;
  return customerServiceLockout(launches, productIds, at);
}

/**
 * L3, not throwing: the DeskError('launch_lockout') that refuses this order now, or null when
 * customer service may book it. The message names the launch and the opening time in Oslo;
 * details carry launchId, launchName, launchOn, opensAt (ISO instant), opensAtOslo ('10:00'),
 * productIds (the locked ones of the order) and scope.
 */
export async function launchLockout(ctx: ServiceContext, productIds: readonly number[], at: Date): Promise<DeskError | null> {
  const lockout = await findLaunchLockout(ctx, productIds, at);
  return lockout === null ? null : lockoutError(lockout);
}

/**
 * L3: 10:00 (the instant customer service opens) on the Oslo day of `at` when a planned launch
 * falls on that day, else null: a held order received from then on came after the lockout.
 */
export async function launchDayOpening(ctx: ServiceContext, at: Date): Promise<Date | null> {
  const day = osloDate(at);
  const launches = await dayLaunches(ctx.store, day);
  return launches.length === 0 ? null : osloInstant(day, CUSTOMER_SERVICE_OPENS);
}

/** L3: throws DeskError('launch_lockout') (see launchLockout) when customer service may not book this order yet. */
export async function assertNoLaunchLockout(ctx: ServiceContext, productIds: readonly number[], at: Date): Promise<void> {
  const error = await launchLockout(ctx, productIds, at);
  if (error !== null) throw error;
}

function lockoutError(lockout: Lockout): DeskError {
  const opensAt = new Date(lockout.opensAt);
  const opensAtOslo = osloTime(opensAt);
  const launchOn = osloDate(opensAt);
  const what = lockout.scope === 'all_orders' ? 'any orders' : 'orders for products in the launch';
  return new DeskError(
    'launch_lockout',
    `Launch day "${lockout.launchName}" (${launchOn}): customer service takes no ${what} before ${opensAtOslo} Oslo time. The order can be booked from ${opensAtOslo}.`,
    {
      launchId: lockout.launchId,
      launchName: lockout.launchName,
      launchOn,
      opensAt: lockout.opensAt,
      opensAtOslo,
      productIds: lockout.products,
      scope: lockout.scope,
    },
  );
}

/* ---------------------------------------------------------------- checks */

function assertLaunchDay(ctx: ServiceContext, launchOn: IsoDate): void {
  if (!isIsoDate(launchOn)) throw new DeskError('invalid_input', `${launchOn} is not a date.`, { launchOn });
  const day = today(ctx);
  if (launchOn < day) {
    throw new DeskError('launch_in_past', `The launch day ${launchOn} has passed (today is ${day} in Oslo).`, { launchOn, today: day });
  }
}

function assertChangeable(ctx: ServiceContext, launch: Launch): void {
  const day = today(ctx);
  if (launch.launchOn < day) {
    throw new DeskError('launch_in_past', `The launch on ${launch.launchOn} has passed and can no longer be changed.`, { launchId: launch.id, launchOn: launch.launchOn, today: day });
  }
  if (launch.status === 'cancelled') {
    throw new DeskError('invalid_transition', `The launch on ${launch.launchOn} is cancelled and can no longer be changed.`, { launchId: launch.id, status: launch.status });
  }
}

function assertLocksSomething(scope: LaunchScope, productIds: readonly number[]): void {
  if (scope === 'launch_products' && productIds.length === 0) {
    throw new DeskError('invalid_input', 'A launch that locks only its own products needs at least one product.', { scope });
  }
}

async function assertProductsExist(store: Store, productIds: readonly number[]): Promise<void> {
  if (productIds.length === 0) return;
  const found = new Set(
    (await store.all(store.kysely.selectFrom('bonus_products').select('id').where('id', 'in', [...productIds]))).map((r) => r.id),
  );
  const missing = productIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new DeskError('not_found', `No bonus product with id ${missing.join(', ')}.`, { productIds: missing });
  }
}

async function setProducts(store: Store, launchId: number, productIds: readonly number[]): Promise<void> {
  await store.run(store.kysely.deleteFrom('launch_products').where('launch_id', '=', launchId));
  if (productIds.length === 0) return;
  await store.run(store.kysely.insertInto('launch_products').values(productIds.map((productId) => ({ launch_id: launchId, product_id: productId }))));
}

const uniqueIds = (ids: readonly number[]): number[] => [...new Set(ids)];

/* ---------------------------------------------------------------- B4: released on launch day */

/**
 * B4: a product that belongs to a launch is not released before its launch day. For each of
 * `productIds` that belongs to a planned launch after the Oslo day of `at` and to none on that
 * day, a DeskError('not_yet_launched') naming the product and the launch that releases it
 * (details: productId, name, launchOn, launchId, launchName). On launch day L3 decides
 * (launchLockout); a cancelled launch holds nothing back. The same rule as listCatalog's
 * `launchOn` after today. Reads only; call it inside the booking transaction.
 */
export async function notYetLaunched(ctx: ServiceContext, productIds: readonly number[], at: Date): Promise<DeskError[]> {
  if (productIds.length === 0) return [];
  const day = osloDate(at);
  const rows = await ctx.store.all(
    ctx.store.kysely
      .selectFrom('launch_products as lp')
      .innerJoin('launches as l', 'l.id', 'lp.launch_id')
      .innerJoin('bonus_products as p', 'p.id', 'lp.product_id')
      .select(['lp.product_id', 'p.name as product_name', 'l.id as launch_id', 'l.name as launch_name', 'l.launch_on'])
      .where('lp.product_id', 'in', [...new Set(productIds)])
      .where('l.status', '=', 'planned')
      .where('l.launch_on', '>=', day)
      .orderBy('l.launch_on')
      .orderBy('l.id'),
  );
  const first = new Map<number, (typeof rows)[number]>();
  for (const r of rows) if (!first.has(r.product_id)) first.set(r.product_id, r);
  const errors: DeskError[] = [];
  for (const id of new Set(productIds)) {
    const r = first.get(id);
    if (r === undefined || r.launch_on === day) continue;
    errors.push(
      new DeskError('not_yet_launched', `${r.product_name} is released on ${r.launch_on} ("${r.launch_name}"); customer service cannot order it before its launch day.`, {
        productId: r.product_id,
        name: r.product_name,
        launchOn: r.launch_on,
        launchId: r.launch_id,
        launchName: r.launch_name,
      }),
    );
  }
  return errors;
}
