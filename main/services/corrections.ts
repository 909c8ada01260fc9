import { DeskError } from '../../shared/errors.js';
import { noteReason, type Reason } from '../../shared/reasons.js';
import type {
  CorrectionEffect,
  CorrectionKind,
  CorrectionOutcome,
  CorrectionRequest,
  LotTouched,
  ManualReason,
  MemberCorrections,
  MemberInvoice,
  MemberWithholding,
} from '../../shared/channels/corrections.js';
import { balanceOf, drawFifo, expiryDate, isPastExpiry, liveLots, type Draw, type Lot } from '../domain/points.js';
import { osloDate, type IsoDate } from '../domain/time.js';
import { audit, logMemberAccess } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';
import { CLOSED_BY_OPT_OUT, bookCredit, bookDraw, bookGiveBack, entryAllocations, expireDue, memberLots, openWithholdings, spendableBalance } from './ledger.js';
import { getSetting } from './settings.js';

/**
 * B11: misregistered points. A supervisor may withhold them (they stop counting until
 * released), delete them, reduce the balance for an unpaid invoice (which the reduction names),
 * or credit or debit by hand with a reason from a list and a case reference — always with a
 * reason, never below zero; above the threshold (a setting) a second supervisor must approve.
 * Every correction can be previewed first (`previewCorrection`: balance now → after, the lots it
 * touches, the largest amount allowed), and the preview and the booking share one calculation.
 */

export interface CorrectionInput {
  memberId: number;
  kind: CorrectionKind;
  points: number;
  reason: string;
  channel: 'phone' | 'email' | 'desk';
  lotId?: number | undefined;
  invoiceId?: number | undefined;
  reasonCategory?: ManualReason | undefined;
  caseRef?: string | undefined;
}

interface Invoice {
  id: number;
  invoice_no: string;
  status: 'open' | 'paid' | 'unpaid';
  member_id: number;
}

function today(ctx: ServiceContext): IsoDate {
  return osloDate(ctx.clock.now());
}

/** The checks every correction passes before its amount is looked at (preview, create, approve). */
async function checkInput(ctx: ServiceContext, input: Omit<CorrectionInput, 'reason'>, preview = false): Promise<{ state: string; invoice: Invoice | null }> {
  const db = ctx.store;
  const member = await db.first(db.kysely.selectFrom('members').select(['state', 'anonymised_at']).where('id', '=', input.memberId));
  if (member === undefined) throw new DeskError('not_found', `No member with id ${input.memberId}.`);
  const manual = input.kind === 'manual_credit' || input.kind === 'manual_debit';
  if (manual && !preview && (input.reasonCategory === undefined || input.caseRef === undefined)) {
    throw new DeskError('invalid_input', 'A credit or debit by hand needs a reason from the list and a case reference (B11).', { field: input.reasonCategory === undefined ? 'reasonCategory' : 'caseRef' });
  }
  if (!manual && (input.reasonCategory !== undefined || input.caseRef !== undefined)) {
    throw new DeskError('invalid_input', 'A reason from the list and a case reference belong to a credit or debit by hand.', { field: 'reasonCategory' });
  }
  if (input.lotId !== undefined && input.kind !== 'withhold' && input.kind !== 'correction_delete') {
    throw new DeskError('invalid_input', 'Only a withholding or a deletion names the lot it takes from.', { field: 'lotId' });
  }
  if (input.kind === 'manual_credit' && (member.state === 'opted_out' || member.state === 'ended')) {
    throw new DeskError('invalid_transition', 'The member has left the program; points cannot be credited (B10, B9).', { state: member.state });
  }
  let invoice: Invoice | null = null;
  if (input.kind === 'unpaid_reduction') {
    if (input.invoiceId === undefined) throw new DeskError('invalid_input', 'A reduction for an unpaid invoice names the invoice (B11).', { field: 'invoiceId' });
    const row = await db.first(db.kysely.selectFrom('invoices').select(['id', 'invoice_no', 'status', 'member_id']).where('id', '=', input.invoiceId));
    if (row === undefined || row.member_id !== input.memberId) throw new DeskError('not_found', 'That invoice is not this member’s.', { field: 'invoiceId' });
    if (row.status !== 'unpaid') throw new DeskError('invalid_transition', `Invoice ${row.invoice_no} is ${row.status}, not unpaid (B11).`, { invoiceNo: row.invoice_no, status: row.status });
    const reduced = (await invoiceReductions(ctx, input.memberId)).get(row.id);
    if (reduced !== undefined && !reduced.givenBack) throw new DeskError('conflict', `Invoice ${row.invoice_no} has already been reduced for.`, { invoiceNo: row.invoice_no, entryId: reduced.entryId });
    const waiting = await db.first(
      db.kysely.selectFrom('correction_requests').select('id').where('invoice_id', '=', row.id).where('status', '=', 'pending'),
    );
    if (waiting !== undefined) throw new DeskError('conflict', `A reduction for invoice ${row.invoice_no} is waiting for approval.`, { invoiceNo: row.invoice_no, requestId: waiting.id });
    invoice = row;
  } else if (input.invoiceId !== undefined) {
    throw new DeskError('invalid_input', 'Only a reduction for an unpaid invoice names an invoice.', { field: 'invoiceId' });
  }
  return { state: member.state, invoice };
}

/**
 * The draws a taking correction makes: from one named lot (the misregistered one) or oldest first,
 * over the live lots only (B5: points past their expiry are not there to correct). Refuses to go
 * below zero with the largest amount allowed in the details.
 */
function drawsFor(lots: readonly Lot[], points: number, lotId: number | undefined): Draw[] {
  const available = balanceOf(lots);
  if (points > available) {
    throw new DeskError('negative_balance', `The balance is ${available}; a correction of ${points} would make it negative.`, { balance: available, points, max: available });
  }
  if (lotId === undefined) return drawFifo(lots, points);
  const lot = lots.find((l) => l.id === lotId);
  if (lot === undefined) throw new DeskError('not_found', 'That lot is not this member’s, or it is empty or past its expiry.', { field: 'lotId' });
  if (lot.remaining < points) {
    throw new DeskError('negative_balance', `That lot holds ${lot.remaining}; it cannot give ${points}.`, { balance: lot.remaining, points, max: lot.remaining });
  }
  return [{ lotId, amount: points }];
}

/** What a correction of `input` does to `lots` (the live lots), or the refusal it meets. */
function effectOf(lots: readonly Lot[], input: Omit<CorrectionInput, 'reason'>, day: IsoDate, threshold: number): CorrectionEffect {
  const before = balanceOf(lots);
  const needsApproval = input.points > threshold;
  if (input.kind === 'manual_credit') {
    const lot: LotTouched = { lotId: null, earnedOn: day, expiresOn: expiryDate(day), points: input.points, remainingBefore: 0, remainingAfter: input.points };
    return { balanceBefore: before, balanceAfter: before + input.points, lots: [lot], maxPoints: null, needsApproval, threshold };
  }
  const max = input.lotId === undefined ? before : (lots.find((l) => l.id === input.lotId)?.remaining ?? 0);
  const draws = input.points > max ? [] : drawsFor(lots, input.points, input.lotId);
  const byId = new Map(lots.map((l) => [l.id, l]));
  const touched: LotTouched[] = [];
  for (const d of draws) {
    const lot = byId.get(d.lotId);
    if (lot !== undefined) touched.push({ lotId: lot.id, earnedOn: lot.earnedOn, expiresOn: lot.expiresOn, points: -d.amount, remainingBefore: lot.remaining, remainingAfter: lot.remaining - d.amount });
  }
  return { balanceBefore: before, balanceAfter: input.points > max ? before : before - input.points, lots: touched, maxPoints: max, needsApproval, threshold };
}

/** B11: what a correction would do, without writing anything (not even the B5 expiry it would book first). */
export async function previewCorrection(ctx: ServiceContext, input: Omit<CorrectionInput, 'reason'> & { reason?: string | undefined }): Promise<CorrectionEffect> {
  await checkInput(ctx, input, true);
  const day = today(ctx);
  const lots = liveLots(await memberLots(ctx.store, input.memberId), day);
  if (input.lotId !== undefined && !lots.some((l) => l.id === input.lotId && l.remaining > 0)) {
    throw new DeskError('not_found', 'That lot is not this member’s, or it is empty or past its expiry.', { field: 'lotId' });
  }
  return effectOf(lots, input, day, await getSetting(ctx.store, 'correction_approval_threshold'));
}

function reasonOf(input: CorrectionInput, invoice: Invoice | null): Reason {
  if ((input.kind === 'manual_credit' || input.kind === 'manual_debit') && input.reasonCategory !== undefined && input.caseRef !== undefined) {
    return { code: input.kind, params: { category: input.reasonCategory, caseRef: input.caseRef }, note: input.reason };
  }
  if (input.kind === 'unpaid_reduction' && invoice !== null) return { code: 'unpaid_invoice', params: { invoiceId: invoice.id, invoiceNo: invoice.invoice_no }, note: input.reason };
  return noteReason(input.reason);
}

async function book(ctx: ServiceContext, input: CorrectionInput, invoice: Invoice | null, approvedBy: number | null): Promise<number> {
  // B5: a correction never draws from a lot past its expiry; what is left there expires first.
  await expireDue(ctx, input.memberId);
  const meta = { channel: input.channel, reason: reasonOf(input, invoice), effectiveOn: today(ctx), approvedBy };
  if (input.kind === 'manual_credit') return (await bookCredit(ctx, input.memberId, input.points, meta)).entryId;
  const lots = await memberLots(ctx.store, input.memberId);
  const kind = input.kind === 'manual_debit' ? 'correction_delete' : input.kind;
  const entryId = await bookDraw(ctx, input.memberId, kind, lots, drawsFor(lots, input.points, input.lotId), meta);
  if (entryId === null) throw new DeskError('invalid_input', 'Nothing to correct.');
  return entryId;
}

async function storedBalance(ctx: ServiceContext, memberId: number): Promise<number> {
  const row = await ctx.store.first(ctx.store.kysely.selectFrom('members').select('balance').where('id', '=', memberId));
  if (row === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
  return row.balance;
}

export async function createCorrection(ctx: ServiceContext, input: CorrectionInput): Promise<CorrectionOutcome> {
  const db = ctx.store;
  const user = actor(ctx);
  return await db.transaction(async () => {
    const { invoice } = await checkInput(ctx, input);
    // B5: expired points are not there to correct (nor to count towards the balance shown).
    await expireDue(ctx, input.memberId);
    const current = await storedBalance(ctx, input.memberId);
    // Checked here too, so a request that could never be booked is refused at once.
    if (input.kind !== 'manual_credit') drawsFor(await memberLots(ctx.store, input.memberId), input.points, input.lotId);
    const details = { kind: input.kind, points: input.points, lotId: input.lotId ?? null, invoiceNo: invoice?.invoice_no ?? null, reasonCategory: input.reasonCategory ?? null, caseRef: input.caseRef ?? null };
    if (input.points > await getSetting(ctx.store, 'correction_approval_threshold')) {
      const { lastId } = await db.run(
        db.kysely.insertInto('correction_requests').values({
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
          lot_id: input.lotId ?? null,
          invoice_id: input.invoiceId ?? null,
          reason_category: input.reasonCategory ?? null,
          case_ref: input.caseRef ?? null,
        }),
      );
      await audit(ctx, { action: 'corrections.request', channel: input.channel, memberId: input.memberId, reason: input.reason, details: { requestId: lastId, ...details } });
      return { status: 'pending', entryId: null, requestId: lastId, balance: current };
    }
    const entryId = await book(ctx, input, invoice, null);
    const after = await storedBalance(ctx, input.memberId);
    await audit(ctx, { action: `corrections.${input.kind}`, channel: input.channel, memberId: input.memberId, reason: input.reason, details: { entryId, ...details, before: { balance: current }, after: { balance: after } } });
    return { status: 'booked', entryId, requestId: null, balance: after };
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
    const before = await storedBalance(ctx, entry.member_id);
    const draws = await entryAllocations(ctx.store, withholdEntryId);
    const day = today(ctx);
    const lotsNow = await memberLots(ctx.store, entry.member_id);
    const expiredLots = draws.filter((d) => {
      const lot = lotsNow.find((l) => l.id === d.lotId);
      return lot === undefined || isPastExpiry(lot, day);
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
      effectiveOn: day,
      reversesEntryId: withholdEntryId,
    });
    const after = await storedBalance(ctx, entry.member_id);
    await audit(ctx, { action: 'corrections.release', channel: 'desk', memberId: entry.member_id, reason, details: { entryId, withholdEntryId, before: { balance: before }, after: { balance: after } } });
    return { status: 'booked', entryId, requestId: null, balance: after };
  });
}

/**
 * B11: when the invoice an unpaid-invoice reduction was for is paid, the desk offers the points
 * back: a 'reversal' entry pointing at the reduction, to the very lots it took from (points that
 * come back into a lot past its expiry expire at once, B5; after an opt-out they are forfeited,
 * B10 — ledger.bookGiveBack). Not a new correction, so no threshold: it undoes an approved one.
 */
export async function giveBackReduction(ctx: ServiceContext, reductionEntryId: number, reason: string | undefined): Promise<CorrectionOutcome> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const entry = await db.first(kysely.selectFrom('ledger_entries').select(['id', 'member_id', 'kind', 'reason_code', 'reason_params']).where('id', '=', reductionEntryId));
    if (entry === undefined || entry.kind !== 'unpaid_reduction') throw new DeskError('not_found', 'No unpaid-invoice reduction with that id.');
    const invoiceId = invoiceIdOf(entry.reason_params);
    const invoice = invoiceId === null ? undefined : await db.first(kysely.selectFrom('invoices').select(['id', 'invoice_no', 'status']).where('id', '=', invoiceId));
    if (invoice === undefined) throw new DeskError('invalid_transition', 'This reduction names no invoice, so there is no payment to give it back for (B11).');
    if (invoice.status !== 'paid') throw new DeskError('invalid_transition', `Invoice ${invoice.invoice_no} is not paid yet (B11).`, { invoiceNo: invoice.invoice_no, status: invoice.status });
    const reversed = await db.first(kysely.selectFrom('ledger_entries').select('id').where('reverses_entry_id', '=', reductionEntryId));
    if (reversed !== undefined) throw new DeskError('conflict', 'These points have already been given back.', { entryId: reversed.id });
    const before = await storedBalance(ctx, entry.member_id);
    const draws = await entryAllocations(ctx.store, reductionEntryId);
    const entryId = await bookGiveBack(ctx, entry.member_id, 'reversal', await memberLots(ctx.store, entry.member_id), draws, {
      channel: 'desk',
      reason: { code: 'invoice_paid', params: { invoiceId: invoice.id, invoiceNo: invoice.invoice_no, reductionId: reductionEntryId } },
      effectiveOn: today(ctx),
      reversesEntryId: reductionEntryId,
    });
    const after = await storedBalance(ctx, entry.member_id);
    await audit(ctx, {
      action: 'corrections.giveBack',
      channel: 'desk',
      memberId: entry.member_id,
      reason: reason ?? null,
      details: { entryId, reductionEntryId, invoiceNo: invoice.invoice_no, before: { balance: before }, after: { balance: after } },
    });
    return { status: 'booked', entryId, requestId: null, balance: after };
  });
}

function invoiceIdOf(params: string | null): number | null {
  if (params === null) return null;
  const value: unknown = JSON.parse(params);
  if (typeof value !== 'object' || value === null || !('invoiceId' in value)) return null;
  return typeof value.invoiceId === 'number' ? value.invoiceId : null;
}

/** The member's unpaid-invoice reductions by the invoice they name, and whether each was given back. */
async function invoiceReductions(ctx: ServiceContext, memberId: number): Promise<Map<number, { entryId: number; points: number; givenBack: boolean }>> {
  const db = ctx.store;
  const rows = await db.all(
    db.kysely
      .selectFrom('ledger_entries as e')
      .select(['e.id', 'e.amount', 'e.reason_params'])
      .select((eb) => eb.exists(eb.selectFrom('ledger_entries as r').select('r.id').whereRef('r.reverses_entry_id', '=', 'e.id')).as('given_back'))
      .where('e.member_id', '=', memberId)
      .where('e.kind', '=', 'unpaid_reduction')
      .orderBy('e.id'),
  );
  const out = new Map<number, { entryId: number; points: number; givenBack: boolean }>();
  for (const r of rows) {
    const invoiceId = invoiceIdOf(r.reason_params);
    if (invoiceId !== null) out.set(invoiceId, { entryId: r.id, points: -r.amount, givenBack: Boolean(r.given_back) });
  }
  return out;
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
    if (r.kind === 'release') throw new DeskError('invalid_transition', 'A release is not approved here.');
    let entryId: number | null = null;
    const before = await storedBalance(ctx, r.member_id);
    if (approve) {
      const input: CorrectionInput = {
        memberId: r.member_id,
        kind: r.kind,
        points: r.points,
        reason: r.reason,
        channel: r.channel === 'phone' || r.channel === 'email' ? r.channel : 'desk',
        lotId: r.lot_id ?? undefined,
        invoiceId: r.invoice_id ?? undefined,
        reasonCategory: r.reason_category ?? undefined,
        caseRef: r.case_ref ?? undefined,
      };
      // The request was possible when it was made; the member's balance (or the invoice) may
      // have changed since: the same checks again, and the refusal says why (B11).
      const invoice = await approvalInvoice(ctx, input);
      // book() expires what is past its expiry first (B5), then draws from the live lots only.
      entryId = await book(ctx, input, invoice, user.id);
    }
    await db.run(
      kysely
        .updateTable('correction_requests')
        .set({ status: approve ? 'approved' : 'rejected', decided_at: nowIso(ctx), decided_by: user.id, entry_id: entryId, decision_note: note ?? null })
        .where('id', '=', requestId),
    );
    const after = await storedBalance(ctx, r.member_id);
    await audit(ctx, {
      action: approve ? 'corrections.approve' : 'corrections.reject',
      channel: 'desk',
      memberId: r.member_id,
      reason: note ?? null,
      details: { requestId, entryId, kind: r.kind, points: r.points, requestedBy: r.requested_by, before: { balance: before, status: 'pending' }, after: { balance: after, status: approve ? 'approved' : 'rejected' } },
    });
    return { status: approve ? 'booked' : 'pending', entryId, requestId, balance: after };
  });
}

/** The invoice an approved reduction still names, checked as at the request (the pending request itself does not count as a second one). */
async function approvalInvoice(ctx: ServiceContext, input: CorrectionInput): Promise<Invoice | null> {
  if (input.kind !== 'unpaid_reduction') {
    await checkInput(ctx, input);
    return null;
  }
  const db = ctx.store;
  const row = input.invoiceId === undefined ? undefined : await db.first(db.kysely.selectFrom('invoices').select(['id', 'invoice_no', 'status', 'member_id']).where('id', '=', input.invoiceId));
  if (row === undefined) return null; // a request from before migration 0011 names no invoice: booked as it was asked
  if (row.status !== 'unpaid') throw new DeskError('invalid_transition', `Invoice ${row.invoice_no} is ${row.status} now, not unpaid (B11).`, { invoiceNo: row.invoice_no, status: row.status });
  return row;
}

function signed(kind: CorrectionKind, points: number): number {
  return kind === 'manual_credit' ? points : -points;
}

function requestsQuery(ctx: ServiceContext) {
  return ctx.store.kysely
    .selectFrom('correction_requests as c')
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .innerJoin('users as u', 'u.id', 'c.requested_by')
    .leftJoin('users as d', 'd.id', 'c.decided_by')
    .leftJoin('invoices as i', 'i.id', 'c.invoice_id')
    .select([
      'c.id',
      'c.member_id',
      'm.member_no',
      'm.first_name',
      'm.last_name',
      'm.balance',
      'c.kind',
      'c.points',
      'c.reason',
      'c.reason_category',
      'c.case_ref',
      'c.lot_id',
      'i.invoice_no',
      'c.requested_at',
      'c.requested_by as requested_by_id',
      'u.display_name as requested_by',
      'c.status',
      'd.display_name as decided_by',
      'c.entry_id',
    ])
    .where('c.status', '=', 'pending');
}

async function toRequests(ctx: ServiceContext, rows: Awaited<ReturnType<ReturnType<typeof requestsQuery>['execute']>>): Promise<CorrectionRequest[]> {
  const day = today(ctx);
  const out: CorrectionRequest[] = [];
  for (const c of rows) {
    const now = await spendableBalance(ctx.store, c.member_id, c.balance, day);
    out.push({
      id: c.id,
      memberId: c.member_id,
      memberNo: c.member_no,
      memberName: `${c.first_name} ${c.last_name}`,
      kind: c.kind === 'release' ? 'withhold' : c.kind,
      points: c.points,
      reason: c.reason,
      reasonCategory: c.reason_category,
      caseRef: c.case_ref,
      invoiceNo: c.invoice_no,
      lotId: c.lot_id,
      balanceNow: now,
      balanceAfter: now + signed(c.kind === 'release' ? 'withhold' : c.kind, c.points),
      requestedAt: c.requested_at,
      requestedBy: c.requested_by,
      requestedById: c.requested_by_id,
      status: c.status,
      decidedBy: c.decided_by,
      entryId: c.entry_id,
    });
  }
  return out;
}

export async function pendingCorrections(ctx: ServiceContext): Promise<CorrectionRequest[]> {
  return await toRequests(ctx, await ctx.store.all(requestsQuery(ctx).orderBy('c.id')));
}

/** B11, D2: what the member page's corrections card shows a supervisor (and a manager, read-only). */
export async function memberCorrections(ctx: ServiceContext, memberId: number): Promise<MemberCorrections> {
  const db = ctx.store;
  const { kysely } = db;
  const member = await db.first(kysely.selectFrom('members').select('id').where('id', '=', memberId));
  if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
  const day = today(ctx);
  const reductions = await invoiceReductions(ctx, memberId);
  const invoices: MemberInvoice[] = (
    await db.all(kysely.selectFrom('invoices').selectAll().where('member_id', '=', memberId).orderBy('issued_on', 'desc').orderBy('id', 'desc'))
  ).map((i) => {
    const reduction = reductions.get(i.id);
    return {
      id: i.id,
      invoiceNo: i.invoice_no,
      amountOre: i.amount_ore,
      issuedOn: i.issued_on,
      dueOn: i.due_on,
      paidOn: i.paid_on,
      status: i.status,
      reductionEntryId: reduction?.entryId ?? null,
      reducedPoints: reduction?.points ?? null,
      givenBack: reduction?.givenBack ?? false,
      offerGiveBack: reduction !== undefined && !reduction.givenBack && i.status === 'paid',
    };
  });
  const lots = await memberLots(ctx.store, memberId);
  const byId = new Map(lots.map((l) => [l.id, l]));
  const withholdings: MemberWithholding[] = [];
  for (const w of await openWithholdings(ctx.store, memberId)) {
    const entry = await db.first(kysely.selectFrom('ledger_entries').select(['amount', 'effective_on', 'reason']).where('id', '=', w.id));
    if (entry === undefined) continue;
    const held = w.draws.map((d) => ({ d, lot: byId.get(d.lotId) }));
    withholdings.push({
      entryId: w.id,
      points: -entry.amount,
      withheldOn: entry.effective_on,
      reason: entry.reason,
      releasable: held.filter((h) => h.lot !== undefined && !isPastExpiry(h.lot, day)).reduce((sum, h) => sum + h.d.amount, 0),
      expiresOn: held.map((h) => h.lot?.expiresOn ?? day).sort()[0] ?? day,
    });
  }
  const pending = await toRequests(ctx, await db.all(requestsQuery(ctx).where('c.member_id', '=', memberId).orderBy('c.id')));
  const result: MemberCorrections = {
    invoices,
    withholdings,
    pending,
    lots: liveLots(lots, day).map((l) => ({ id: l.id, earnedOn: l.earnedOn, expiresOn: l.expiresOn, amount: l.amount, remaining: l.remaining, withheld: l.withheld })),
    threshold: await getSetting(ctx.store, 'correction_approval_threshold'),
  };
  // B14: the member's invoices and lots are data about one member.
  await logMemberAccess(ctx, memberId, 'corrections');
  return result;
}
