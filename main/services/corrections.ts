import { DeskError } from '../../shared/errors.js';
import { noteReason } from '../../shared/reasons.js';
import type { CorrectionOutcome, CorrectionRequest } from '../../shared/channels/corrections.js';
import { balanceOf, drawFifo, isPastExpiry, type Draw, type Lot } from '../domain/points.js';
import { osloDate } from '../domain/time.js';
import { audit } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';
import { CLOSED_BY_OPT_OUT, bookDraw, bookGiveBack, entryAllocations, expireDue, memberLots } from './ledger.js';
import { getSetting } from './settings.js';

/**
 * B11: misregistered points. A supervisor may withhold them (they stop counting until
 * released), delete them, or reduce the balance for unpaid invoices — always with a reason,
 * never below zero; above the threshold (a setting) a second supervisor must approve.
 */

type Kind = 'withhold' | 'correction_delete' | 'unpaid_reduction';

export interface CorrectionInput {
  memberId: number;
  kind: Kind;
  points: number;
  reason: string;
  channel: 'phone' | 'email' | 'desk';
  lotId?: number | undefined;
}

async function balance(ctx: ServiceContext, memberId: number): Promise<number> {
  const row = await ctx.store.first(ctx.store.kysely.selectFrom('members').select('balance').where('id', '=', memberId));
  if (row === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
  return row.balance;
}

/** From one named lot (the misregistered one), or oldest first. Refuses to go below zero. */
function drawsFor(lots: readonly Lot[], points: number, lotId: number | undefined): Draw[] {
  const available = balanceOf(lots);
  if (points > available) {
    throw new DeskError('negative_balance', `The balance is ${available}; a correction of ${points} would make it negative.`, { balance: available, points });
  }
  if (lotId === undefined) return drawFifo(lots, points);
  const lot = lots.find((l) => l.id === lotId);
  if (lot === undefined) throw new DeskError('not_found', 'That lot is not this member’s, or it is empty.');
  if (lot.remaining < points) {
    throw new DeskError('negative_balance', `That lot holds ${lot.remaining}; it cannot give ${points}.`, { balance: lot.remaining, points });
  }
  return [{ lotId, amount: points }];
}

async function book(ctx: ServiceContext, input: CorrectionInput, approvedBy: number | null): Promise<number> {
  // B5: a correction never draws from a lot past its expiry; what is left there expires first.
  await expireDue(ctx, input.memberId);
  const lots = await memberLots(ctx.store, input.memberId);
  const entryId = await bookDraw(ctx, input.memberId, input.kind, lots, drawsFor(lots, input.points, input.lotId), {
    channel: input.channel,
    reason: noteReason(input.reason),
    effectiveOn: osloDate(ctx.clock.now()),
    approvedBy,
  });
  if (entryId === null) throw new DeskError('invalid_input', 'Nothing to correct.');
  return entryId;
}

export async function createCorrection(ctx: ServiceContext, input: CorrectionInput): Promise<CorrectionOutcome> {
  const db = ctx.store;
  const { kysely } = db;
  const user = actor(ctx);
  return await db.transaction(async () => {
    // B5: expired points are not there to correct (nor to count towards the balance shown).
    await expireDue(ctx, input.memberId);
    const current = await balance(ctx, input.memberId);
    // Checked here too, so a request that could never be booked is refused at once.
    drawsFor(await memberLots(ctx.store, input.memberId), input.points, input.lotId);
    if (input.points > await getSetting(ctx.store, 'correction_approval_threshold')) {
      const { lastId } = await db.run(
        kysely.insertInto('correction_requests').values({
          member_id: input.memberId,
          kind: input.kind,
          points: input.points,
          reason: input.reason,
          channel: input.channel,
          requested_at: nowIso(ctx),
          requested_by: user.id,
          status: 'pending',
          decided_at: null,
          decided_by: null,
          entry_id: null,
        }),
      );
      await audit(ctx, { action: 'corrections.request', channel: input.channel, memberId: input.memberId, reason: input.reason, details: { requestId: lastId, kind: input.kind, points: input.points } });
      return { status: 'pending', entryId: null, requestId: lastId, balance: current };
    }
    const entryId = await book(ctx, input, null);
    await audit(ctx, { action: `corrections.${input.kind}`, channel: input.channel, memberId: input.memberId, reason: input.reason, details: { entryId, points: input.points } });
    return { status: 'booked', entryId, requestId: null, balance: await balance(ctx, input.memberId) };
  });
}

/**
 * B11: withheld points go back to the lots they came from. Withheld points belong to their lot
 * and expire with it, and what has expired cannot be released — decided: refused with
 * `withholding_expired` (not "released as zero"), so the supervisor is told nothing came back:
 * - when the monthly run already expired the withholding (it closed it with a system release;
 *   a part still in live lots continues as the new withholding `continuedAs`, released on its own);
 * - when every lot it withheld from is past its expiry, though no run has booked that yet.
 * A withholding with only part of its points in lots past expiry is released whole, and that part
 * expires at once in the same transaction as an 'expire' entry (B5, ledger.bookGiveBack).
 * B10: a withholding the opt-out forfeited is refused with `withholding_forfeited`; one from
 * before an opt-out that is still open gives its points back only to forfeit them at once.
 */
export async function releaseWithheld(ctx: ServiceContext, withholdEntryId: number, reason: string): Promise<CorrectionOutcome> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const entry = await db.first(kysely.selectFrom('ledger_entries').select(['id', 'member_id', 'kind']).where('id', '=', withholdEntryId));
    if (entry === undefined || entry.kind !== 'withhold') throw new DeskError('not_found', 'No withholding with that id.');
    const released = await db.first(kysely.selectFrom('ledger_entries').select(['id', 'channel', 'reason_code']).where('reverses_entry_id', '=', withholdEntryId));
    if (released !== undefined) {
      if (released.channel === 'system' && released.reason_code === CLOSED_BY_OPT_OUT) {
        throw new DeskError('withholding_forfeited', 'These withheld points were forfeited when the member opted out (B10).', { withholdEntryId });
      }
      if (released.channel === 'system') {
        const continued = await db.first(kysely.selectFrom('ledger_entries').select('id').where('reverses_entry_id', '=', released.id).where('kind', '=', 'withhold'));
        throw new DeskError('withholding_expired', 'These withheld points expired with their lot and cannot be released (B11).', {
          withholdEntryId,
          continuedAs: continued?.id ?? null,
        });
      }
      throw new DeskError('conflict', 'Those points have already been released.');
    }
    const draws = await entryAllocations(ctx.store, withholdEntryId);
    const today = osloDate(ctx.clock.now());
    const lotsNow = await memberLots(ctx.store, entry.member_id);
    const expiredLots = draws.filter((d) => {
      const lot = lotsNow.find((l) => l.id === d.lotId);
      return lot === undefined || isPastExpiry(lot, today);
    });
    if (draws.length > 0 && expiredLots.length === draws.length) {
      throw new DeskError('withholding_expired', 'These withheld points are in lots past their expiry and cannot be released (B11).', {
        withholdEntryId,
        continuedAs: null,
      });
    }
    const entryId = await bookGiveBack(ctx, entry.member_id, 'release', lotsNow, draws, {
      channel: 'desk',
      reason: noteReason(reason),
      effectiveOn: osloDate(ctx.clock.now()),
      reversesEntryId: withholdEntryId,
    });
    await audit(ctx, { action: 'corrections.release', channel: 'desk', memberId: entry.member_id, reason, details: { entryId, withholdEntryId } });
    return { status: 'booked', entryId, requestId: null, balance: await balance(ctx, entry.member_id) };
  });
}

/** B11: a second supervisor — not the one who asked — approves or rejects. */
export async function decideCorrection(ctx: ServiceContext, requestId: number, approve: boolean, note: string | undefined): Promise<CorrectionOutcome> {
  const db = ctx.store;
  const { kysely } = db;
  const user = actor(ctx);
  return await db.transaction(async () => {
    const r = await db.first(kysely.selectFrom('correction_requests').selectAll().where('id', '=', requestId));
    if (r === undefined) throw new DeskError('not_found', 'No such correction request.');
    if (r.status !== 'pending') throw new DeskError('invalid_transition', `The request is already ${r.status}.`);
    if (r.requested_by === user.id) throw new DeskError('approval_required', 'A second supervisor must decide; you made this request.');
    let entryId: number | null = null;
    if (approve) {
      // book() expires what is past its expiry first (B5), then draws from the live lots only.
      entryId = await book(ctx, { memberId: r.member_id, kind: r.kind as Kind, points: r.points, reason: r.reason, channel: r.channel as CorrectionInput['channel'] }, user.id);
    }
    await db.run(
      kysely
        .updateTable('correction_requests')
        .set({ status: approve ? 'approved' : 'rejected', decided_at: nowIso(ctx), decided_by: user.id, entry_id: entryId })
        .where('id', '=', requestId),
    );
    await audit(ctx, { action: approve ? 'corrections.approve' : 'corrections.reject', channel: 'desk', memberId: r.member_id, reason: note ?? null, details: { requestId, entryId } });
    return { status: approve ? 'booked' : 'pending', entryId, requestId, balance: await balance(ctx, r.member_id) };
  });
}

export async function pendingCorrections(ctx: ServiceContext): Promise<CorrectionRequest[]> {
  const db = ctx.store;
  const { kysely } = db;
  return (await db.all(
      kysely
        .selectFrom('correction_requests as c')
        .innerJoin('members as m', 'm.id', 'c.member_id')
        .innerJoin('users as u', 'u.id', 'c.requested_by')
        .leftJoin('users as d', 'd.id', 'c.decided_by')
        .select(['c.id', 'c.member_id', 'm.member_no', 'm.first_name', 'm.last_name', 'c.kind', 'c.points', 'c.reason', 'c.requested_at', 'c.requested_by as requested_by_id', 'u.display_name as requested_by', 'c.status', 'd.display_name as decided_by', 'c.entry_id'])
        .where('c.status', '=', 'pending')
        .orderBy('c.id'),
    ))
    .map((c) => ({
      id: c.id,
      memberId: c.member_id,
      memberNo: c.member_no,
      memberName: `${c.first_name} ${c.last_name}`,
      kind: c.kind as Kind,
      points: c.points,
      reason: c.reason,
      requestedAt: c.requested_at,
      requestedBy: c.requested_by,
      requestedById: c.requested_by_id,
      status: c.status,
      decidedBy: c.decided_by,
      entryId: c.entry_id,
    }));
}
