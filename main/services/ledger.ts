import { DeskError } from '../../shared/errors.js';
import type { LedgerKind, WriteChannel } from '../../shared/channels/members.js';
import { balanceOf, expiryDate, type Draw, type Lot } from '../domain/points.js';
import type { Prepared } from '../db/query.js';
import type { ServiceContext, Store } from './context.js';

/**
 * The one place that writes ledger entries, lots and allocations (B12a). Callers run it inside
 * their transaction; every booking keeps members.balance = SUM(ledger) = SUM(lots.remaining).
 */

interface LedgerStatements {
  lots: Prepared<{ memberId: number }, LotRowLite>;
  insertEntry: Prepared<EntryParams, unknown>;
  insertLot: Prepared<{ memberId: number; earnedOn: string; expiresOn: string; amount: number; entryId: number }, unknown>;
  insertAllocation: Prepared<{ entryId: number; lotId: number; amount: number }, unknown>;
  moveLot: Prepared<{ lotId: number; remaining: number; withheld: number }, unknown>;
  addBalance: Prepared<{ memberId: number; delta: number }, unknown>;
  allocations: Prepared<{ entryId: number }, Draw>;
}

interface LotRowLite {
  id: number;
  earned_on: string;
  expires_on: string;
  amount: number;
  remaining: number;
  withheld: number;
}

interface EntryParams extends Record<string, unknown> {
  memberId: number;
  kind: LedgerKind;
  amount: number;
  occurredAt: string;
  effectiveOn: string;
  channel: WriteChannel;
  reason: string;
  userId: number | null;
  runId: number | null;
  reversesEntryId: number | null;
  redemptionId: number | null;
  earningsRowId: number | null;
  approvedBy: number | null;
}

const cache = new WeakMap<Store, LedgerStatements>();

function statements(store: Store): LedgerStatements {
  let s = cache.get(store);
  if (s !== undefined) return s;
  const { q, kysely: k } = store;
  s = {
    lots: q.prepared<{ memberId: number }, LotRowLite>((p) =>
      k
        .selectFrom('point_lots')
        .select(['id', 'earned_on', 'expires_on', 'amount', 'remaining', 'withheld'])
        .where('member_id', '=', p('memberId'))
        .where((eb) => eb.or([eb('remaining', '>', 0), eb('withheld', '>', 0)]))
        .orderBy('earned_on')
        .orderBy('id'),
    ),
    insertEntry: q.prepared<EntryParams, unknown>((p) =>
      k.insertInto('ledger_entries').values({
        member_id: p('memberId'),
        kind: p('kind'),
        amount: p('amount'),
        occurred_at: p('occurredAt'),
        effective_on: p('effectiveOn'),
        channel: p('channel'),
        reason: p('reason'),
        user_id: p('userId'),
        run_id: p('runId'),
        reverses_entry_id: p('reversesEntryId'),
        redemption_id: p('redemptionId'),
        earnings_row_id: p('earningsRowId'),
        approved_by: p('approvedBy'),
      }),
    ),
    insertLot: q.prepared<{ memberId: number; earnedOn: string; expiresOn: string; amount: number; entryId: number }, unknown>((p) =>
      k.insertInto('point_lots').values({
        member_id: p('memberId'),
        earned_on: p('earnedOn'),
        expires_on: p('expiresOn'),
        amount: p('amount'),
        remaining: p('amount'),
        entry_id: p('entryId'),
      }),
    ),
    insertAllocation: q.prepared<{ entryId: number; lotId: number; amount: number }, unknown>((p) =>
      k.insertInto('lot_allocations').values({ entry_id: p('entryId'), lot_id: p('lotId'), amount: p('amount') }),
    ),
    moveLot: q.prepared<{ lotId: number; remaining: number; withheld: number }, unknown>((p) =>
      k.updateTable('point_lots').set({ remaining: p('remaining'), withheld: p('withheld') }).where('id', '=', p('lotId')),
    ),
    addBalance: q.prepared<{ memberId: number; delta: number }, unknown>((p) =>
      k
        .updateTable('members')
        .set((eb) => ({ balance: eb('balance', '+', p('delta')) }))
        .where('id', '=', p('memberId')),
    ),
    allocations: q.prepared<{ entryId: number }, Draw>((p) =>
      k.selectFrom('lot_allocations').select(['lot_id as lotId', 'amount']).where('entry_id', '=', p('entryId')).orderBy('lot_id'),
    ),
  };
  cache.set(store, s);
  return s;
}

/** The member's lots that still hold points (spendable or withheld), oldest first. */
export function memberLots(store: Store, memberId: number): Lot[] {
  return statements(store)
    .lots.all({ memberId })
    .map((r) => ({ id: r.id, earnedOn: r.earned_on, expiresOn: r.expires_on, amount: r.amount, remaining: r.remaining, withheld: r.withheld }));
}

export function entryAllocations(store: Store, entryId: number): Draw[] {
  return statements(store).allocations.all({ entryId });
}

export interface EntryMeta {
  channel: WriteChannel;
  reason: string;
  /** The Oslo date the entry takes effect (earning day, run month end, booking day). */
  effectiveOn: string;
  runId?: number | null;
  reversesEntryId?: number | null;
  redemptionId?: number | null;
  earningsRowId?: number | null;
  approvedBy?: number | null;
}

function insertEntry(ctx: ServiceContext, memberId: number, kind: LedgerKind, amount: number, meta: EntryMeta): number {
  if (meta.reason.trim() === '') throw new DeskError('invalid_input', 'Every ledger entry needs a reason (B12a).');
  const { lastId } = statements(ctx.store).insertEntry.run({
    memberId,
    kind,
    amount,
    occurredAt: ctx.clock.now().toISOString(),
    effectiveOn: meta.effectiveOn,
    channel: meta.channel,
    reason: meta.reason,
    userId: ctx.user?.id ?? null,
    runId: meta.runId ?? null,
    reversesEntryId: meta.reversesEntryId ?? null,
    redemptionId: meta.redemptionId ?? null,
    earningsRowId: meta.earningsRowId ?? null,
    approvedBy: meta.approvedBy ?? null,
  });
  statements(ctx.store).addBalance.run({ memberId, delta: amount });
  return lastId;
}

/** B2/B5: a new lot of earned points with its own expiry date, and its 'earn' entry. */
export function bookEarning(ctx: ServiceContext, memberId: number, points: number, earnedOn: string, meta: EntryMeta): { entryId: number; lotId: number } {
  if (!Number.isInteger(points) || points <= 0) throw new DeskError('invalid_input', 'Earned points must be a positive whole number.');
  const entryId = insertEntry(ctx, memberId, meta.reversesEntryId === undefined || meta.reversesEntryId === null ? 'earn' : 'correction_add', points, meta);
  const { lastId: lotId } = statements(ctx.store).insertLot.run({
    memberId,
    earnedOn,
    expiresOn: expiryDate(earnedOn),
    amount: points,
    entryId,
  });
  return { entryId, lotId };
}

/**
 * Books an entry that takes points out of lots (spend, expire, cap, forfeit, delete, withhold).
 * `draws` come from the domain (drawFifo, expiringInRun, drawAll) over `lots`.
 */
export function bookDraw(
  ctx: ServiceContext,
  memberId: number,
  kind: Extract<LedgerKind, 'spend' | 'expire' | 'cap' | 'delete_after_cancel' | 'forfeit' | 'withhold' | 'correction_delete' | 'unpaid_reduction'>,
  lots: readonly Lot[],
  draws: readonly Draw[],
  meta: EntryMeta,
): number | null {
  const total = draws.reduce((sum, d) => sum + d.amount, 0);
  if (total === 0) return null;
  // B12a: a balance never goes negative; the lots are the truth the draws were computed from.
  if (total > balanceOf(lots)) throw new DeskError('negative_balance', 'This would make the balance negative.', { balance: balanceOf(lots), points: total });
  const entryId = insertEntry(ctx, memberId, kind, -total, meta);
  const s = statements(ctx.store);
  const byId = new Map(lots.map((l) => [l.id, l]));
  for (const d of draws) {
    const lot = byId.get(d.lotId);
    if (lot === undefined || d.amount > lot.remaining) throw new Error(`draw of ${d.amount} from lot ${d.lotId} is not possible`);
    s.insertAllocation.run({ entryId, lotId: d.lotId, amount: d.amount });
    s.moveLot.run({ lotId: d.lotId, remaining: lot.remaining - d.amount, withheld: lot.withheld + (kind === 'withhold' ? d.amount : 0) });
  }
  return entryId;
}

/**
 * Books an entry that gives points back to the lots they came from (B7a cancel, B11 release),
 * pointing at the entry it reverses.
 */
export function bookGiveBack(
  ctx: ServiceContext,
  memberId: number,
  kind: Extract<LedgerKind, 'spend_reversal' | 'release'>,
  lots: readonly Lot[],
  draws: readonly Draw[],
  meta: EntryMeta & { reversesEntryId: number },
): number {
  const total = draws.reduce((sum, d) => sum + d.amount, 0);
  const entryId = insertEntry(ctx, memberId, kind, total, meta);
  const s = statements(ctx.store);
  const byId = new Map(lots.map((l) => [l.id, l]));
  for (const d of draws) {
    const lot = byId.get(d.lotId) ?? lotById(ctx.store, d.lotId);
    const withheld = kind === 'release' ? lot.withheld - d.amount : lot.withheld;
    if (withheld < 0 || lot.remaining + d.amount + withheld > lot.amount) throw new Error(`lot ${d.lotId} cannot take back ${d.amount}`);
    s.insertAllocation.run({ entryId, lotId: d.lotId, amount: d.amount });
    s.moveLot.run({ lotId: d.lotId, remaining: lot.remaining + d.amount, withheld });
  }
  return entryId;
}

function lotById(store: Store, lotId: number): Lot {
  const r = store.q.first(store.kysely.selectFrom('point_lots').selectAll().where('id', '=', lotId));
  if (r === undefined) throw new Error(`no lot ${lotId}`);
  return { id: r.id, earnedOn: r.earned_on, expiresOn: r.expires_on, amount: r.amount, remaining: r.remaining, withheld: r.withheld };
}
