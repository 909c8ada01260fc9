import { DeskError } from '../../shared/errors.js';
import type { LedgerKind, WriteChannel } from '../../shared/channels/members.js';
import { reasonColumns, type Reason, type ReasonCode } from '../../shared/reasons.js';
import { balanceOf, drawFifo, expiringBefore, expiryDate, isPastExpiry, type Draw, type Lot } from '../domain/points.js';
import { firstDayOf, osloDate, type IsoDate, type YearMonth } from '../domain/time.js';
import { preparedPerStore, type Prepared } from '../db/store.js';
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
  expiredRemaining: Prepared<{ memberId: number; day: string }, { s: number | null }>;
  openWithholds: Prepared<{ memberId: number }, { id: number }>;
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
  reasonCode: string;
  reasonParams: string;
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
  const db = store;
  const { kysely: k } = db;
  s = {
    lots: db.prepared<{ memberId: number }, LotRowLite>((p) =>
      k
        .selectFrom('point_lots')
        .select(['id', 'earned_on', 'expires_on', 'amount', 'remaining', 'withheld'])
        .where('member_id', '=', p('memberId'))
        .where((eb) => eb.or([eb('remaining', '>', 0), eb('withheld', '>', 0)]))
        .orderBy('earned_on')
        .orderBy('id'),
    ),
    insertEntry: db.prepared<EntryParams, unknown>((p) =>
      k.insertInto('ledger_entries').values({
        member_id: p('memberId'),
        kind: p('kind'),
        amount: p('amount'),
        occurred_at: p('occurredAt'),
        effective_on: p('effectiveOn'),
        channel: p('channel'),
        reason: p('reason'),
        reason_code: p('reasonCode'),
        reason_params: p('reasonParams'),
        user_id: p('userId'),
        run_id: p('runId'),
        reverses_entry_id: p('reversesEntryId'),
        redemption_id: p('redemptionId'),
        earnings_row_id: p('earningsRowId'),
        approved_by: p('approvedBy'),
      }),
    ),
    insertLot: db.prepared<{ memberId: number; earnedOn: string; expiresOn: string; amount: number; entryId: number }, unknown>((p) =>
      k.insertInto('point_lots').values({
        member_id: p('memberId'),
        earned_on: p('earnedOn'),
        expires_on: p('expiresOn'),
        amount: p('amount'),
        remaining: p('amount'),
        entry_id: p('entryId'),
      }),
    ),
    insertAllocation: db.prepared<{ entryId: number; lotId: number; amount: number }, unknown>((p) =>
      k.insertInto('lot_allocations').values({ entry_id: p('entryId'), lot_id: p('lotId'), amount: p('amount') }),
    ),
    moveLot: db.prepared<{ lotId: number; remaining: number; withheld: number }, unknown>((p) =>
      k.updateTable('point_lots').set({ remaining: p('remaining'), withheld: p('withheld') }).where('id', '=', p('lotId')),
    ),
    addBalance: db.prepared<{ memberId: number; delta: number }, unknown>((p) =>
      k
        .updateTable('members')
        .set((eb) => ({ balance: eb('balance', '+', p('delta')) }))
        .where('id', '=', p('memberId')),
    ),
    allocations: db.prepared<{ entryId: number }, Draw>((p) =>
      k.selectFrom('lot_allocations').select(['lot_id as lotId', 'amount']).where('entry_id', '=', p('entryId')).orderBy('lot_id'),
    ),
    // B5: what a member's lots past their expiry still hold (the balance shown leaves it out).
    expiredRemaining: db.prepared<{ memberId: number; day: string }, { s: number | null }>((p) =>
      k
        .selectFrom('point_lots')
        .select((eb) => eb.fn.sum<number | null>('remaining').as('s'))
        .where('member_id', '=', p('memberId'))
        .where('remaining', '>', 0)
        .where('expires_on', '<', p('day')),
    ),
    // B11: the member's withholdings not yet released (or closed by expiry or opt-out).
    openWithholds: db.prepared<{ memberId: number }, { id: number }>((p) =>
      k
        .selectFrom('ledger_entries as w')
        .select('w.id')
        .where('w.member_id', '=', p('memberId'))
        .where('w.kind', '=', 'withhold')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('ledger_entries as r').select('r.id').whereRef('r.reverses_entry_id', '=', 'w.id'))))
        .orderBy('w.id'),
    ),
  };
  cache.set(store, s);
  return s;
}

/** The member's lots that still hold points (spendable or withheld), oldest first. */
export async function memberLots(store: Store, memberId: number): Promise<Lot[]> {
  return (await statements(store)
    .lots.all({ memberId }))
    .map((r) => ({ id: r.id, earnedOn: r.earned_on, expiresOn: r.expires_on, amount: r.amount, remaining: r.remaining, withheld: r.withheld }));
}

export async function entryAllocations(store: Store, entryId: number): Promise<Draw[]> {
  return await statements(store).allocations.all({ entryId });
}

export interface EntryMeta {
  channel: WriteChannel;
  /** Why: a code with its parameters, and the user's note where the code carries one (shared/reasons.ts). */
  reason: Reason;
  /** The Oslo date the entry takes effect (earning day, run month end, booking day). */
  effectiveOn: string;
  runId?: number | null;
  reversesEntryId?: number | null;
  redemptionId?: number | null;
  earningsRowId?: number | null;
  approvedBy?: number | null;
}

async function insertEntry(ctx: ServiceContext, memberId: number, kind: LedgerKind, amount: number, meta: EntryMeta): Promise<number> {
  const columns = reasonColumns(meta.reason);
  if (columns.reason.trim() === '') throw new DeskError('invalid_input', 'Every ledger entry needs a reason (B12a).');
  const { lastId } = await statements(ctx.store).insertEntry.run({
    memberId,
    kind,
    amount,
    occurredAt: ctx.clock.now().toISOString(),
    effectiveOn: meta.effectiveOn,
    channel: meta.channel,
    reason: columns.reason,
    reasonCode: columns.reason_code,
    reasonParams: columns.reason_params,
    userId: ctx.user?.id ?? null,
    runId: meta.runId ?? null,
    reversesEntryId: meta.reversesEntryId ?? null,
    redemptionId: meta.redemptionId ?? null,
    earningsRowId: meta.earningsRowId ?? null,
    approvedBy: meta.approvedBy ?? null,
  });
  await statements(ctx.store).addBalance.run({ memberId, delta: amount });
  return lastId;
}

/** B2/B5: a new lot of earned points with its own expiry date, and its 'earn' entry. */
export async function bookEarning(ctx: ServiceContext, memberId: number, points: number, earnedOn: string, meta: EntryMeta): Promise<{ entryId: number; lotId: number }> {
  if (!Number.isInteger(points) || points <= 0) throw new DeskError('invalid_input', 'Earned points must be a positive whole number.');
  const entryId = await insertEntry(ctx, memberId, meta.reversesEntryId === undefined || meta.reversesEntryId === null ? 'earn' : 'correction_add', points, meta);
  const { lastId: lotId } = await statements(ctx.store).insertLot.run({
    memberId,
    earnedOn,
    expiresOn: expiryDate(earnedOn),
    amount: points,
    entryId,
  });
  return { entryId, lotId };
}

/**
 * B11: a supervisor's credit by hand ('correction_add'): a new lot earned today, expiring like
 * any earning (B5), so the credited points are spent and expire like the rest.
 */
export async function bookCredit(ctx: ServiceContext, memberId: number, points: number, meta: EntryMeta): Promise<{ entryId: number; lotId: number }> {
  if (!Number.isInteger(points) || points <= 0) throw new DeskError('invalid_input', 'A credit must be a positive whole number of points.');
  const today = todayOf(ctx);
  const entryId = await insertEntry(ctx, memberId, 'correction_add', points, meta);
  const { lastId: lotId } = await statements(ctx.store).insertLot.run({ memberId, earnedOn: today, expiresOn: expiryDate(today), amount: points, entryId });
  return { entryId, lotId };
}

/**
 * Books an entry that takes points out of lots (spend, expire, cap, forfeit, delete, withhold).
 * `draws` come from the domain (drawFifo, expiringInRun, drawAll) over `lots`.
 */
export async function bookDraw(
  ctx: ServiceContext,
  memberId: number,
  kind: Extract<LedgerKind, 'spend' | 'expire' | 'cap' | 'delete_after_cancel' | 'forfeit' | 'withhold' | 'correction_delete' | 'unpaid_reduction'>,
  lotsIn: readonly Lot[],
  drawsIn: readonly Draw[],
  meta: EntryMeta,
): Promise<number | null> {
  const total = drawsIn.reduce((sum, d) => sum + d.amount, 0);
  if (total === 0) return null;
  let lots = lotsIn;
  let draws = drawsIn;
  if (kind === 'spend') {
    // B5: a spend never takes points of a lot past its expiry, even before a run has booked it.
    // If the caller's lots still held such points, they expire first (same transaction) and the
    // spend is drawn again, oldest first (FIFO), from the live lots; too few left refuses
    // with insufficient_points.
    const today = todayOf(ctx);
    if (lots.some((l) => l.remaining > 0 && isPastExpiry(l, today))) {
      await expireDue(ctx, memberId);
      lots = await memberLots(ctx.store, memberId);
      draws = drawFifo(lots, total);
    }
  }
  // B12a: a balance never goes negative; the lots are the truth the draws were computed from.
  if (total > balanceOf(lots)) throw new DeskError('negative_balance', 'This would make the balance negative.', { balance: balanceOf(lots), points: total });
  const entryId = await insertEntry(ctx, memberId, kind, -total, meta);
  const s = statements(ctx.store);
  const byId = new Map(lots.map((l) => [l.id, l]));
  for (const d of draws) {
    const lot = byId.get(d.lotId);
    if (lot === undefined || d.amount > lot.remaining) throw new Error(`draw of ${d.amount} from lot ${d.lotId} is not possible`);
    await s.insertAllocation.run({ entryId, lotId: d.lotId, amount: d.amount });
    await s.moveLot.run({ lotId: d.lotId, remaining: lot.remaining - d.amount, withheld: lot.withheld + (kind === 'withhold' ? d.amount : 0) });
  }
  return entryId;
}

/**
 * Books an entry that gives points back to the lots they came from (B7a cancel, B11 release,
 * B11 'reversal' of an unpaid-invoice reduction whose invoice is paid), pointing at the entry it
 * reverses.
 */
export async function bookGiveBack(
  ctx: ServiceContext,
  memberId: number,
  kind: Extract<LedgerKind, 'spend_reversal' | 'release' | 'reversal'>,
  lots: readonly Lot[],
  draws: readonly Draw[],
  meta: EntryMeta & { reversesEntryId: number },
): Promise<number> {
  const entryId = await giveBackRaw(ctx, memberId, kind, lots, draws, meta);
  await settleReturn(ctx, memberId, draws);
  return entryId;
}

/**
 * What came back into lots must not count where the terms say it cannot, decided in the same
 * transaction as the give-back:
 * - B5: points that came back into a lot past its expiry expire at once, as an 'expire' entry;
 * - B10: points that came back into a lot from before the member's latest opt-out are forfeited
 *   as they come back, also after a re-join (nothing from before the opt-out ever returns); for a
 *   member who is opted out or whose membership ended, everything that comes back is forfeited.
 * "From before the opt-out" is read from time: the lot's earning entry was booked no later than
 * the latest 'opted_out' event (an opted-out member earns nothing, so no lot is born in between).
 */
async function settleReturn(ctx: ServiceContext, memberId: number, draws: readonly Draw[]): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  await expireDue(ctx, memberId);
  const member = await db.first(kysely.selectFrom('members').select('state').where('id', '=', memberId));
  const optedOut = (await db.first(
    kysely
      .selectFrom('membership_events')
      .select((eb) => eb.fn.max<string | null>('at').as('at'))
      .where('member_id', '=', memberId)
      .where('kind', '=', 'opted_out'),
  ))?.at;
  const gone = member?.state === 'opted_out' || member?.state === 'ended';
  if (!gone && (optedOut === null || optedOut === undefined)) return;
  const lots = await memberLots(ctx.store, memberId);
  const before = new Set(
    gone || optedOut === null || optedOut === undefined
      ? lots.map((l) => l.id)
      : (await db.all(
            kysely
              .selectFrom('point_lots as l')
              .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
              .select('l.id')
              .where('l.member_id', '=', memberId)
              .where('l.id', 'in', draws.length > 0 ? draws.map((d) => d.lotId) : [0])
              .where('e.occurred_at', '<=', optedOut),
          ))
          .map((r) => r.id),
  );
  const forfeits: Draw[] = [];
  for (const d of draws) {
    const lot = lots.find((l) => l.id === d.lotId);
    if (lot === undefined || !before.has(lot.id)) continue;
    const amount = Math.min(d.amount, lot.remaining);
    if (amount > 0) forfeits.push({ lotId: lot.id, amount });
  }
  await bookDraw(ctx, memberId, 'forfeit', lots, forfeits, {
    channel: 'system',
    reason: gone
      ? { code: 'returned_forfeited', params: { state: member?.state === 'ended' ? 'ended' : 'opted_out' } }
      : { code: 'returned_before_opt_out', params: {} },
    effectiveOn: todayOf(ctx),
  });
}

/** The give-back itself: the very lots and amounts of the entry it reverses (B7a, B11). */
async function giveBackRaw(
  ctx: ServiceContext,
  memberId: number,
  kind: Extract<LedgerKind, 'spend_reversal' | 'release' | 'reversal'>,
  lots: readonly Lot[],
  draws: readonly Draw[],
  meta: EntryMeta & { reversesEntryId: number },
): Promise<number> {
  const total = draws.reduce((sum, d) => sum + d.amount, 0);
  const entryId = await insertEntry(ctx, memberId, kind, total, meta);
  const s = statements(ctx.store);
  const byId = new Map(lots.map((l) => [l.id, l]));
  for (const d of draws) {
    const lot = byId.get(d.lotId) ?? await lotById(ctx.store, d.lotId);
    const withheld = kind === 'release' ? lot.withheld - d.amount : lot.withheld;
    if (withheld < 0 || lot.remaining + d.amount + withheld > lot.amount) throw new Error(`lot ${d.lotId} cannot take back ${d.amount}`);
    await s.insertAllocation.run({ entryId, lotId: d.lotId, amount: d.amount });
    await s.moveLot.run({ lotId: d.lotId, remaining: lot.remaining + d.amount, withheld });
  }
  return entryId;
}

async function lotById(store: Store, lotId: number): Promise<Lot> {
  const r = await store.first(store.kysely.selectFrom('point_lots').selectAll().where('id', '=', lotId));
  if (r === undefined) throw new Error(`no lot ${lotId}`);
  return { id: r.id, earnedOn: r.earned_on, expiresOn: r.expires_on, amount: r.amount, remaining: r.remaining, withheld: r.withheld };
}

function todayOf(ctx: ServiceContext): IsoDate {
  return osloDate(ctx.clock.now());
}

/** Reason codes of the entries the desk books itself when it closes a withholding (B10, B11). */
export const CLOSED_BY_EXPIRY = 'withhold_closed_expiry' satisfies ReasonCode;
export const CLOSED_BY_OPT_OUT = 'withhold_closed_opt_out' satisfies ReasonCode;

/**
 * B5: books an 'expire' entry (channel system) for what is left in the member's lots past their
 * expiry today. Every write that touches a member's lots calls it first inside its transaction,
 * so the stored balance, the ledger sum and the lot sums stay equal and no draw takes expired
 * points — without waiting for the monthly run (which books what no write has booked by then).
 * Withheld points are not in the balance; the monthly run expires them (B11, expireLots).
 */
export async function expireDue(ctx: ServiceContext, memberId: number): Promise<number> {
  const today = todayOf(ctx);
  const lots = await memberLots(ctx.store, memberId);
  const draws = expiringBefore(lots, today);
  if (draws.length === 0) return 0;
  const points = draws.reduce((sum, d) => sum + d.amount, 0);
  await bookDraw(ctx, memberId, 'expire', lots, draws, {
    channel: 'system',
    reason: { code: 'expired_due', params: { lots: draws.length } },
    effectiveOn: today,
  });
  return points;
}

interface Withholding {
  id: number;
  draws: Draw[];
}

export async function openWithholdings(store: Store, memberId: number): Promise<Withholding[]> {
  const rows = await statements(store).openWithholds.all({ memberId });
  const out: Withholding[] = [];
  for (const r of rows) out.push({ id: r.id, draws: await entryAllocations(store, r.id) });
  return out;
}

/**
 * B5/B11, for the monthly run: everything the member's lots past their expiry before `cutoff`
 * still hold expires — what remains and what is withheld. Withheld points belong to their lot:
 * a withholding with points in such a lot is closed by a system 'release' that gives back
 * exactly what it withheld (so balance = ledger = lots holds at every entry), the part in the
 * lots past expiry then expires in the one 'expire' entry, and the part in live lots is withheld
 * again at once by a new system 'withhold' pointing at that release (a supervisor releases that
 * one later). The release of the closed withholding is then refused (withholding_expired).
 */
export async function expireLots(ctx: ServiceContext, memberId: number, cutoff: IsoDate, meta: EntryMeta): Promise<{ points: number; lots: number }> {
  let lots = await memberLots(ctx.store, memberId);
  const past = new Set(lots.filter((l) => isPastExpiry(l, cutoff)).map((l) => l.id));
  if (lots.some((l) => past.has(l.id) && l.withheld > 0)) {
    for (const w of await openWithholdings(ctx.store, memberId)) {
      if (!w.draws.some((d) => past.has(d.lotId))) continue;
      const releaseId = await giveBackRaw(ctx, memberId, 'release', await memberLots(ctx.store, memberId), w.draws, {
        channel: 'system',
        reason: { code: CLOSED_BY_EXPIRY, params: { withholdingId: w.id } },
        effectiveOn: meta.effectiveOn,
        reversesEntryId: w.id,
      });
      const live = w.draws.filter((d) => !past.has(d.lotId));
      if (live.length > 0) {
        await bookDraw(ctx, memberId, 'withhold', await memberLots(ctx.store, memberId), live, {
          channel: 'system',
          reason: { code: 'still_withheld', params: { withholdingId: w.id } },
          effectiveOn: meta.effectiveOn,
          reversesEntryId: releaseId,
        });
      }
    }
    lots = await memberLots(ctx.store, memberId);
  }
  const draws = expiringBefore(lots, cutoff);
  await bookDraw(ctx, memberId, 'expire', lots, draws, meta);
  return { points: draws.reduce((sum, d) => sum + d.amount, 0), lots: draws.length };
}

/**
 * B10: the opt-out's forfeit takes every point the member holds, withheld points included. Each
 * open withholding is closed by a system release that gives back exactly what it withheld; what
 * is then in lots past their expiry expires (B5: expired points are not the member's to forfeit);
 * everything left is forfeited in one 'forfeit' entry. Returns the points forfeited.
 */
export async function forfeitAll(ctx: ServiceContext, memberId: number, meta: EntryMeta): Promise<number> {
  for (const w of await openWithholdings(ctx.store, memberId)) {
    await giveBackRaw(ctx, memberId, 'release', await memberLots(ctx.store, memberId), w.draws, {
      channel: 'system',
      reason: { code: CLOSED_BY_OPT_OUT, params: { withholdingId: w.id } },
      effectiveOn: meta.effectiveOn,
      reversesEntryId: w.id,
    });
  }
  await expireDue(ctx, memberId);
  const lots = await memberLots(ctx.store, memberId);
  const draws = lots.filter((l) => l.remaining > 0).map((l) => ({ lotId: l.id, amount: l.remaining }));
  await bookDraw(ctx, memberId, 'forfeit', lots, draws, meta);
  return draws.reduce((sum, d) => sum + d.amount, 0);
}

/** B5: points still stored in lots past their expiry on `day` that no entry has expired yet. */
export async function unbookedExpiry(store: Store, memberId: number, day: IsoDate): Promise<number> {
  return Number((await statements(store).expiredRemaining.first({ memberId, day }))?.s ?? 0);
}

/** B5: the balance that counts on `day`: the stored balance without points of lots past their expiry. */
export async function spendableBalance(store: Store, memberId: number, storedBalance: number, day: IsoDate): Promise<number> {
  return storedBalance === 0 ? 0 : storedBalance - await unbookedExpiry(store, memberId, day);
}

/**
 * B5 for many members at once (a search's hits): each member's points in lots past their expiry on
 * `day` (absent: none), in one read. The id list is padded to a power of two with repeats of
 * its first id, so a handful of statement texts serve every list length.
 */
export async function unbookedExpiries(store: Store, memberIds: readonly number[], day: IsoDate): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (memberIds.length === 0) return out;
  const rows = await store.all(
    store.kysely
      .selectFrom('point_lots')
      .select((eb) => ['member_id', eb.fn.sum<number>('remaining').as('s')])
      .where('member_id', 'in', paddedIds(memberIds))
      .where('remaining', '>', 0)
      .where('expires_on', '<', day)
      .groupBy('member_id'),
  );
  for (const r of rows) out.set(r.member_id, Number(r.s));
  return out;
}

/** `ids` (not empty) padded to the next power of two with repeats of the first, for IN lists whose SQL text repeats. */
export function paddedIds(ids: readonly number[]): number[] {
  const first = ids[0];
  if (first === undefined) return [];
  let size = 1;
  while (size < ids.length) size *= 2;
  const out = [...ids];
  while (out.length < size) out.push(first);
  return out;
}

/** The month of the latest completed monthly run, and the day its expiry cut off (B6). */
/** The member page asks it on every open. */
const lastRunRead = preparedPerStore<Record<string, never>, { month: string | null }>((store) =>
  store.kysely.selectFrom('monthly_runs').select((eb) => eb.fn.max<string | null>('month').as('month')).where('status', '=', 'done'),
);

export async function lastCompletedRun(store: Store): Promise<{ month: YearMonth; cutoff: IsoDate } | null> {
  const row = await lastRunRead(store).first({});
  if (row?.month === null || row?.month === undefined) return null;
  return { month: row.month, cutoff: firstDayOf(row.month) };
}
