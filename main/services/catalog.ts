import { INITIAL_STOCK_REASON, type StockAdjustment } from '../../shared/channels/catalog.js';
import type { BonusProduct } from '../../shared/channels/redemptions.js';
import { DeskError } from '../../shared/errors.js';
import type { BonusProductsTable } from '../db/schema.js';
import { osloDate } from '../domain/time.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext, type Store } from './context.js';
import { queuedUnits } from './held-queue.js';

/**
 * B4 "Catalog upkeep" (issue 13): supervisors add bonus products, change their name, description
 * and points price, adjust their stock with a reason (the product's stock history,
 * `stock_adjustments`, append-only) and set their state. Each write is one transaction with its
 * audit row (before and after of what changed); a change of nothing stores nothing.
 *
 * B4: a change never alters a registered redemption — a redemption line keeps its own
 * `points_each` (redemptions.ts), and nothing here writes `redemptions` or `redemption_lines`.
 */

type ProductState = BonusProductsTable['state'];

/** One product as `catalog.list` shows it (launch day, held-order queue), read in the caller's transaction. */
export async function getCatalogProduct(ctx: ServiceContext, productId: number): Promise<BonusProduct> {
  const { store } = ctx;
  const today = osloDate(ctx.clock.now());
  const p = await store.first(
    store.kysely
      .selectFrom('bonus_products as p')
      .select((eb) => [
        'p.id',
        'p.sku',
        'p.name',
        'p.description',
        'p.points_price',
        'p.stock',
        'p.state',
        // B4/L5: as listCatalog: the first planned launch from today on that lists the product.
        eb
          .selectFrom('launch_products as lp')
          .innerJoin('launches as l', 'l.id', 'lp.launch_id')
          .select((e) => e.fn.min('l.launch_on').as('d'))
          .whereRef('lp.product_id', '=', 'p.id')
          .where('l.status', '=', 'planned')
          .where('l.launch_on', '>=', today)
          .as('launch_on'),
      ])
      .where('p.id', '=', productId),
  );
  if (p === undefined) throw new DeskError('not_found', `No bonus product with id ${productId}.`, { productId });
  const queued = await queuedUnits(store);
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    description: p.description,
    pointsPrice: p.points_price,
    stock: p.stock,
    state: p.state,
    launchOn: p.launch_on ?? null,
    queued: queued.get(p.id) ?? 0,
  };
}

async function productRow(store: Store, productId: number) {
  const row = await store.first(
    store.kysely.selectFrom('bonus_products').select(['id', 'sku', 'name', 'description', 'points_price', 'stock', 'state', 'created_at']).where('id', '=', productId),
  );
  if (row === undefined) throw new DeskError('not_found', `No bonus product with id ${productId}.`, { productId });
  return row;
}

export interface CreateProductInput {
  sku: string;
  name: string;
  description: string;
  pointsPrice: number;
  stock: number;
}

/** B4: a new bonus product; the stock it starts with is the first row of its stock history. */
export async function createProduct(ctx: ServiceContext, input: CreateProductInput): Promise<BonusProduct> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    // Article numbers are unique whatever their case: BP-1001 and bp-1001 would be the same label on a shelf.
    const clash = await db.first(
      kysely
        .selectFrom('bonus_products')
        .select(['id', 'sku', 'name'])
        .where((eb) => eb(eb.fn('lower', ['sku']), '=', input.sku.toLowerCase())),
    );
    if (clash !== undefined) {
      throw new DeskError('conflict', `The article number ${clash.sku} is already used by ${clash.name}.`, { field: 'sku', sku: clash.sku, productId: clash.id, name: clash.name });
    }
    const now = nowIso(ctx);
    // B4: the last unit sold marks a product sold out; a product with none to start with is sold out from the start.
    const state: ProductState = input.stock > 0 ? 'available' : 'sold_out';
    const { lastId: productId } = await db.run(
      kysely.insertInto('bonus_products').values({
        sku: input.sku,
        name: input.name,
        description: input.description,
        points_price: input.pointsPrice,
        stock: input.stock,
        state,
        created_at: now,
        updated_at: now,
      }),
    );
    if (input.stock > 0) {
      await db.run(
        kysely.insertInto('stock_adjustments').values({ product_id: productId, at: now, user_id: ctx.user?.id ?? null, delta: input.stock, stock_after: input.stock, reason: INITIAL_STOCK_REASON }),
      );
    }
    await audit(ctx, {
      action: 'catalog.create',
      channel: 'desk',
      details: { productId, sku: input.sku, name: input.name, description: input.description, pointsPrice: input.pointsPrice, stock: input.stock, state },
    });
    return await getCatalogProduct(ctx, productId);
  });
}

export interface UpdateProductInput {
  productId: number;
  name?: string | undefined;
  description?: string | undefined;
  pointsPrice?: number | undefined;
  reason?: string | undefined;
}

/**
 * B4: changes a product's name, description or points price; only the fields given (and
 * different) change. B4: registered redemptions keep the points each line was booked at — the
 * new price applies to orders booked from now on.
 */
export async function updateProduct(ctx: ServiceContext, input: UpdateProductInput): Promise<BonusProduct> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const before = await productRow(db, input.productId);
    const was = { name: before.name, description: before.description, pointsPrice: before.points_price };
    const after = {
      name: input.name ?? before.name,
      description: input.description ?? before.description,
      pointsPrice: input.pointsPrice ?? before.points_price,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== was[k]);
    if (changed.length === 0) return await getCatalogProduct(ctx, before.id);
    await db.run(
      kysely
        .updateTable('bonus_products')
        .set({ name: after.name, description: after.description, points_price: after.pointsPrice, updated_at: nowIso(ctx) })
        .where('id', '=', before.id),
    );
    await audit(ctx, {
      action: 'catalog.update',
      channel: 'desk',
      reason: input.reason ?? null,
      details: {
        productId: before.id,
        sku: before.sku,
        before: Object.fromEntries(changed.map((k) => [k, was[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      },
    });
    return await getCatalogProduct(ctx, before.id);
  });
}

/**
 * B4: what the stock's new count does to the state. The last unit gone marks an available
 * product sold out; stock coming back to a product sold out for want of stock makes it
 * available again (as a cancelled order does). A product marked sold out while it had stock
 * stays sold out, and a discontinued one stays discontinued.
 */
export function stateAfterStock(state: ProductState, stockBefore: number, stockAfter: number): ProductState {
  if (state === 'available' && stockAfter === 0) return 'sold_out';
  if (state === 'sold_out' && stockBefore === 0 && stockAfter > 0) return 'available';
  return state;
}

/** B4: adds to or takes from the stock with a reason, as a row of the stock history; never below zero. */
export async function adjustStock(ctx: ServiceContext, input: { productId: number; delta: number; reason: string }): Promise<{ product: BonusProduct; adjustment: StockAdjustment }> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const before = await productRow(db, input.productId);
    const stockAfter = before.stock + input.delta;
    if (stockAfter < 0) {
      // B4: the stock never goes negative.
      throw new DeskError('insufficient_stock', `Only ${before.stock} of ${before.name} in stock; ${-input.delta} cannot be taken out.`, {
        productId: before.id,
        name: before.name,
        stock: before.stock,
        delta: input.delta,
      });
    }
    const state = stateAfterStock(before.state, before.stock, stockAfter);
    const at = nowIso(ctx);
    await db.run(kysely.updateTable('bonus_products').set({ stock: stockAfter, state, updated_at: at }).where('id', '=', before.id));
    const { lastId } = await db.run(
      kysely.insertInto('stock_adjustments').values({ product_id: before.id, at, user_id: ctx.user?.id ?? null, delta: input.delta, stock_after: stockAfter, reason: input.reason }),
    );
    await audit(ctx, {
      action: 'catalog.adjustStock',
      channel: 'desk',
      reason: input.reason,
      details: { productId: before.id, sku: before.sku, adjustmentId: lastId, delta: input.delta, before: { stock: before.stock, state: before.state }, after: { stock: stockAfter, state } },
    });
    return {
      product: await getCatalogProduct(ctx, before.id),
      adjustment: { id: lastId, productId: before.id, at, delta: input.delta, stockAfter, reason: input.reason, initial: false, by: ctx.user?.displayName ?? null },
    };
  });
}

/**
 * B4: marks a product available, sold out or discontinued. A discontinued product stays in the
 * catalog with its history (and may be made available again). Available needs stock: a product
 * with none is sold out until its stock is adjusted.
 */
export async function setProductState(ctx: ServiceContext, input: { productId: number; state: ProductState; reason?: string | undefined }): Promise<BonusProduct> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const before = await productRow(db, input.productId);
    if (before.state === input.state) return await getCatalogProduct(ctx, before.id);
    if (input.state === 'available' && before.stock === 0) {
      throw new DeskError('invalid_transition', `${before.name} has no stock and cannot be made available; adjust its stock first.`, {
        productId: before.id,
        name: before.name,
        stock: before.stock,
        state: before.state,
        wanted: input.state,
      });
    }
    await db.run(kysely.updateTable('bonus_products').set({ state: input.state, updated_at: nowIso(ctx) }).where('id', '=', before.id));
    await audit(ctx, {
      action: 'catalog.setState',
      channel: 'desk',
      reason: input.reason ?? null,
      details: { productId: before.id, sku: before.sku, before: { state: before.state }, after: { state: input.state } },
    });
    return await getCatalogProduct(ctx, before.id);
  });
}

/** B4: the product's stock history, newest first, a page at a time (`beforeId`: the last id of the page before). */
export async function stockHistory(
  ctx: ServiceContext,
  input: { productId: number; beforeId?: number | undefined; limit?: number | undefined },
): Promise<{ productId: number; entries: StockAdjustment[]; more: boolean }> {
  const db = ctx.store;
  const { kysely } = db;
  const limit = input.limit ?? 50;
  return await db.transaction(async () => {
    const product = await productRow(db, input.productId);
    let query = kysely
      .selectFrom('stock_adjustments as a')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.id', 'a.at', 'a.delta', 'a.stock_after', 'a.reason', 'u.display_name'])
      .where('a.product_id', '=', product.id)
      .orderBy('a.id', 'desc')
      .limit(limit + 1);
    if (input.beforeId !== undefined) query = query.where('a.id', '<', input.beforeId);
    const rows = await db.all(query);
    const entries = rows.slice(0, limit).map((r) => ({
      id: r.id,
      productId: product.id,
      at: r.at,
      delta: r.delta,
      stockAfter: r.stock_after,
      reason: r.reason,
      // The stock a product was created with: written with the product, in the same instant.
      initial: r.reason === INITIAL_STOCK_REASON && r.at === product.created_at,
      by: r.display_name,
    }));
    return { productId: product.id, entries, more: rows.length > limit };
  }, 'read');
}
