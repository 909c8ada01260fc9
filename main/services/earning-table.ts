import type { EarningProduct, EarningStatus } from '../../shared/channels/earning-table.js';
import { DeskError } from '../../shared/errors.js';
import type { Selectable } from 'kysely';
import type { EarningProductsTable } from '../db/schema.js';
import { isIsoDate, osloDate, type IsoDate } from '../domain/time.js';
import { audit } from './audit.js';
import type { ServiceContext, Store } from './context.js';

/**
 * B2 "the earning table" (issue 13): the product codes of billing's earnings file that earn
 * points, how many per unit, and the delivery days they earn on (`active_from`..`active_to`,
 * inclusive, Oslo dates; migration 0011). Supervisors keep it; each write is one transaction
 * with its audit row (before and after of what changed), and a change of nothing stores nothing.
 *
 * B2: there is no delete. A code that stops earning (an end day, or switched off) stays with its
 * history: the rows already taken under it keep their points (`earnings_rows.points`, fixed when
 * the file was taken), are booked by the monthly run as usual, and a change of points per unit
 * applies only to files taken afterwards. The import (earnings.ts) refuses a row delivered outside
 * the code's days as `outside_earning_period` and any row of a switched-off code as `product_not_earning`.
 */

type Row = Selectable<EarningProductsTable>;

/** Where a code stands on `today` (Oslo): switched off, not begun, ended, or earning. */
export function earningStatus(row: { active: number; active_from: string; active_to: string | null }, today: IsoDate): EarningStatus {
  if (row.active !== 1) return 'stopped';
  if (today < row.active_from) return 'not_yet';
  if (row.active_to !== null && today > row.active_to) return 'ended';
  return 'earning';
}

const toProduct = (r: Row, today: IsoDate): EarningProduct => ({
  code: r.code,
  name: r.name,
  pointsPerUnit: r.points_per_unit,
  active: r.active === 1,
  activeFrom: r.active_from,
  activeTo: r.active_to,
  status: earningStatus(r, today),
});

const columns = ['code', 'name', 'points_per_unit', 'active', 'active_from', 'active_to'] as const;

async function row(store: Store, code: string): Promise<Row | undefined> {
  return await store.first(store.kysely.selectFrom('earning_products').select(columns).where('code', '=', code));
}

const today = (ctx: ServiceContext): IsoDate => osloDate(ctx.clock.now());

/** B2: the whole table, by code. */
export async function listEarningTable(ctx: ServiceContext): Promise<{ today: IsoDate; products: EarningProduct[] }> {
  const day = today(ctx);
  const rows = await ctx.store.all(ctx.store.kysely.selectFrom('earning_products').select(columns).orderBy('code'));
  return { today: day, products: rows.map((r) => toProduct(r, day)) };
}

/** B2: the days must be real days, and the last not before the first. */
function assertDays(activeFrom: string, activeTo: string | null): void {
  for (const [field, value] of [['activeFrom', activeFrom], ['activeTo', activeTo]] as const) {
    if (value !== null && !isIsoDate(value)) throw new DeskError('invalid_input', `${value} is not a date.`, { field, value });
  }
  if (activeTo !== null && activeTo < activeFrom) {
    throw new DeskError('invalid_input', `The last day ${activeTo} is before the first day ${activeFrom}.`, { field: 'activeTo', activeFrom, activeTo });
  }
}

export interface CreateEarningInput {
  code: string;
  name: string;
  pointsPerUnit: number;
  activeFrom?: string | undefined;
  activeTo?: string | null | undefined;
}

/** B2: a new code that earns `pointsPerUnit` per unit delivered from `activeFrom` (default today, Oslo) on. */
export async function createEarningProduct(ctx: ServiceContext, input: CreateEarningInput): Promise<EarningProduct> {
  const db = ctx.store;
  const { kysely } = db;
  const activeFrom = input.activeFrom ?? today(ctx);
  const activeTo = input.activeTo ?? null;
  assertDays(activeFrom, activeTo);
  return await db.transaction(async () => {
    // Billing's codes are matched exactly; two codes that differ only in case would be read as one by a person.
    const clash = await db.first(
      kysely
        .selectFrom('earning_products')
        .select(['code', 'name'])
        .where((eb) => eb(eb.fn('lower', ['code']), '=', input.code.toLowerCase())),
    );
    if (clash !== undefined) throw new DeskError('conflict', `The code ${clash.code} is already in the earning table (${clash.name}).`, { field: 'code', code: clash.code, name: clash.name });
    await db.run(
      kysely.insertInto('earning_products').values({ code: input.code, name: input.name, points_per_unit: input.pointsPerUnit, active: 1, active_from: activeFrom, active_to: activeTo }),
    );
    await audit(ctx, {
      action: 'earningTable.create',
      channel: 'desk',
      details: { code: input.code, name: input.name, pointsPerUnit: input.pointsPerUnit, activeFrom, activeTo },
    });
    const created = await row(db, input.code);
    if (created === undefined) throw new DeskError('internal', `The code ${input.code} was not stored.`);
    return toProduct(created, today(ctx));
  });
}

export interface UpdateEarningInput {
  code: string;
  name?: string | undefined;
  pointsPerUnit?: number | undefined;
  active?: boolean | undefined;
  activeFrom?: string | undefined;
  activeTo?: string | null | undefined;
  reason?: string | undefined;
}

/**
 * B2: changes a code; only the fields given (and different) change. Rows already taken keep their
 * points and stay booked as they are: the table decides only what files taken from now on earn.
 */
export async function updateEarningProduct(ctx: ServiceContext, input: UpdateEarningInput): Promise<EarningProduct> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const before = await row(db, input.code);
    if (before === undefined) throw new DeskError('not_found', `There is no code ${input.code} in the earning table.`, { code: input.code });
    const was = { name: before.name, pointsPerUnit: before.points_per_unit, active: before.active === 1, activeFrom: before.active_from, activeTo: before.active_to };
    const after = {
      name: input.name ?? was.name,
      pointsPerUnit: input.pointsPerUnit ?? was.pointsPerUnit,
      active: input.active ?? was.active,
      activeFrom: input.activeFrom ?? was.activeFrom,
      activeTo: input.activeTo === undefined ? was.activeTo : input.activeTo,
    };
    assertDays(after.activeFrom, after.activeTo);
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== was[k]);
    if (changed.length > 0) {
      await db.run(
        kysely
          .updateTable('earning_products')
          .set({ name: after.name, points_per_unit: after.pointsPerUnit, active: after.active ? 1 : 0, active_from: after.activeFrom, active_to: after.activeTo })
          .where('code', '=', before.code),
      );
      await audit(ctx, {
        action: 'earningTable.update',
        channel: 'desk',
        reason: input.reason ?? null,
        details: {
          code: before.code,
          before: Object.fromEntries(changed.map((k) => [k, was[k]])),
          after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        },
      });
    }
    const updated = await row(db, before.code);
    if (updated === undefined) throw new DeskError('internal', `The code ${before.code} is gone.`);
    return toProduct(updated, today(ctx));
  });
}
