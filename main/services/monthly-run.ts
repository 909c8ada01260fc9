import { performance } from 'node:perf_hooks';
import { sql, type Compilable } from 'kysely';
import { DeskError } from '../../shared/errors.js';
import type { RunBooking, RunPreview, RunSummary, RunTotals } from '../../shared/channels/runs.js';
import { reasonColumns, reasonParamsOf, type Reason } from '../../shared/reasons.js';
import { balanceOf, capTakes, drawAll, lifecycleDue, liveLots, membershipEndDate } from '../domain/points.js';
import { MEMBERSHIP_AFTER_CANCEL_YEARS } from '../../shared/rules.js';
import { addDays, addMonths, addYears, firstDayOf, lastDayOf, monthOf, osloDate, type YearMonth } from '../domain/time.js';
import { renderServiceEmail } from '../domain/service-email.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';
import { bookDraw, bookEarning, expireLots, memberLots } from './ledger.js';
import { claimMonthlyRun, holdClaim, releaseClaim, type RunClaim } from './run-claims.js';
import { getSetting } from './settings.js';
import type { MemberRow } from '../db/schema.js';

/**
 * B6: the monthly run. One run per calendar month (Europe/Oslo) books, as of the month's last
 * day: the month's earnings rows (B2), expiry (B5), the 60-day caps and the 3-year deletions
 * (B9), and lists the service emails due (B12).
 *
 * Resumable: the work is done in batches, each its own transaction, and every step selects only
 * what is still to do (unbooked rows, lots with points left, caps not applied, members not
 * ended). A run cut off halfway simply continues; the unique index ledger_run_once refuses a
 * second entry of a kind for a member in one run. Idempotent: a finished month books nothing.
 */

const DEFAULT_BATCH = 2_000;

export interface RunHooks {
  onProgress?: (step: string, done: number) => void;
  /** Checked between batches: return true to stop (the run resumes on the next start). */
  shouldStop?: () => boolean;
  /** Test hook: called after each committed batch. */
  afterBatch?: (step: string) => void;
  /** Members (or rows) per transaction; smaller batches make a kill mid-run easy to test. */
  batchSize?: number;
  /** The token of a claim already taken for this run (the desk claims before starting the worker). */
  claimToken?: string;
  /**
   * Size each batch so its transaction holds the write lock about this long (issue 11: the
   * desk's writes wait for a batch, so a batch of 2,000 members — 40–150 ms on this machine under
   * load — was felt by every agent). Between `MIN_BATCH` and `batchSize`.
   */
  targetBatchMs?: number;
}

const MIN_BATCH = 25;

interface Stepper {
  ctx: ServiceContext;
  batch: number;
  runId: number;
  month: YearMonth;
  hooks: RunHooks;
  /** The run's claim on the store (B6 across processes); absent in a preview, which books nothing. */
  claim?: RunClaim;
  /** Preview: collect what is booked. */
  collect?: (b: RunBooking) => void;
}

export function emptyTotals(): RunTotals {
  return {
    earned: { entries: 0, points: 0, rows: 0 },
    expired: { entries: 0, points: 0 },
    capped: { entries: 0, points: 0 },
    deleted: { entries: 0, points: 0, members: 0 },
    serviceEmails: 0,
  };
}

/** Which month may be run next, and from when (the day after it ends). */
export async function nextRunnableMonth(ctx: ServiceContext): Promise<{ month: YearMonth | null; allowedFrom: string | null }> {
  const db = ctx.store;
  const { kysely } = db;
  const last = await db.first(kysely.selectFrom('monthly_runs').select(['month', 'status']).orderBy('month', 'desc').limit(1));
  // With no run yet, the first may be any ended month; offer the last one.
  const month = last === undefined ? addMonths(monthOf(osloDate(ctx.clock.now())), -1) : last.status === 'running' ? last.month : addMonths(last.month, 1);
  return { month, allowedFrom: addDays(lastDayOf(month), 1) };
}

/** The checks before a run (B6): not a month that has not ended, not skipping a month. */
export async function assertRunnable(ctx: ServiceContext, month: YearMonth): Promise<{ existing: { id: number; status: 'running' | 'done' } | undefined }> {
  const today = osloDate(ctx.clock.now());
  if (lastDayOf(month) >= today) {
    throw new DeskError('month_in_future', `The run for ${month} can be made from ${addDays(lastDayOf(month), 1)}, when the month has ended.`, {
      month,
      allowedFrom: addDays(lastDayOf(month), 1),
    });
  }
  const db = ctx.store;
  const { kysely } = db;
  const existing = await db.first(kysely.selectFrom('monthly_runs').select(['id', 'status']).where('month', '=', month));
  if (existing !== undefined) return { existing };
  const running = await db.first(kysely.selectFrom('monthly_runs').select('month').where('status', '=', 'running'));
  if (running !== undefined) {
    throw new DeskError('run_in_progress', `The run for ${running.month} has not finished; start it again to finish it first.`, {
      month: running.month,
    });
  }
  const last = await db.first(kysely.selectFrom('monthly_runs').select('month').orderBy('month', 'desc').limit(1));
  if (last !== undefined) {
    const expected = addMonths(last.month, 1);
    if (month !== expected) {
      throw new DeskError(
        'month_out_of_order',
        month < expected
          ? `${month} is before the last run (${last.month}); runs go forward only.`
          : `Run ${expected} first: months are run in order, none skipped.`,
        { month, expected },
      );
    }
  }
  return { existing };
}

export async function runMonth(ctx: ServiceContext, month: YearMonth, hooks: RunHooks = {}): Promise<RunSummary> {
  const db = ctx.store;
  const { kysely } = db;
  // The refusals that need no claim (a month not over, a skipped month); a finished month books nothing.
  if ((await assertRunnable(ctx, month)).existing?.status === 'done') return await runSummary(ctx, month);
  // B6: one run at a time across processes. The claim is a row in the store (not this process's
  // memory); a second start is refused with run_in_progress while a live owner holds it.
  const claim = await claimMonthlyRun(ctx, month, hooks.claimToken);
  try {
    // Asked again under the claim: the process that held it until now may have finished the month.
    const { existing } = await assertRunnable(ctx, month);
    if (existing?.status === 'done') return await runSummary(ctx, month);
    const runId =
      existing?.id ??
      await db.transaction(async () => {
        await holdClaim(ctx, claim);
        const { lastId } = await db.run(
          kysely.insertInto('monthly_runs').values({ month, status: 'running', started_at: nowIso(ctx), started_by: ctx.user?.id ?? null, finished_at: null, summary: null }),
        );
        await audit(ctx, { action: 'runs.start', channel: 'system', details: { month } });
        return lastId;
      });
    // Sized by time (issue 11), the first batch starts small and doubles up to its target: a first
    // batch of 2,000 members held the write gate 230 ms at 1M members, and a desk write waited that long.
    const stepper: Stepper = { ctx, runId, month, hooks, batch: hooks.targetBatchMs === undefined ? hooks.batchSize ?? DEFAULT_BATCH : MIN_BATCH, claim };
    const finished = await bookAll(stepper);
    if (!finished) return await runSummary(ctx, month);
    await db.transaction(async () => {
      await holdClaim(ctx, claim);
      const totals = await totalsOfRun(ctx, runId);
      await db.run(
        kysely
          .updateTable('monthly_runs')
          .set({ status: 'done', finished_at: nowIso(ctx), summary: JSON.stringify(totals) })
          .where('id', '=', runId),
      );
      await audit(ctx, { action: 'runs.finish', channel: 'system', details: { month, totals } });
    });
    return await runSummary(ctx, month);
  } finally {
    await releaseClaim(ctx, claim);
  }
}

/** B6 dry run: the same booking code inside a transaction that is rolled back. */
export async function previewMonth(ctx: ServiceContext, month: YearMonth, limit: number): Promise<RunPreview> {
  const { existing } = await assertRunnable(ctx, month);
  if (existing?.status === 'done') {
    return { month, asOf: lastDayOf(month), totals: emptyTotals(), bookings: [], truncated: false };
  }
  const bookings: RunBooking[] = [];
  let totals = emptyTotals();
  let truncated = false;
  const rollback = new Error('preview rollback');
  try {
    await ctx.store.transaction(async () => {
      const runId =
        existing?.id ??
        (await ctx.store.run(
          ctx.store.kysely.insertInto('monthly_runs').values({ month, status: 'running', started_at: nowIso(ctx), started_by: null, finished_at: null, summary: null }),
        )).lastId;
      await bookAll({
        ctx,
        batch: DEFAULT_BATCH,
        runId,
        month,
        hooks: {},
        collect: (b) => {
          if (bookings.length < limit) bookings.push(b);
          else truncated = true;
        },
      });
      totals = await totalsOfRun(ctx, runId);
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return { month, asOf: lastDayOf(month), totals, bookings, truncated };
}

/** Runs every step; false when stopped early (the run stays 'running'). */
async function bookAll(s: Stepper): Promise<boolean> {
  return await bookEarnings(s) && await bookExpiry(s) && await bookLifecycle(s) && await listServiceEmails(s);
}

async function batchLoop<T>(s: Stepper, step: string, next: () => Promise<T[]>, book: (item: T) => Promise<void>): Promise<boolean> {
  let done = 0;
  for (;;) {
    if (s.hooks.shouldStop?.() === true) return false;
    const limit = s.batch;
    const began = performance.now();
    // B6: the batch is read inside the write transaction that books it, so no other writer can
    // book the same rows or members in between; the heartbeat write proves the claim is still ours.
    const items = await s.ctx.store.transaction(async () => {
      if (s.claim !== undefined) await holdClaim(s.ctx, s.claim);
      const batch = await next();
      for (const item of batch) await book(item);
      return batch;
    });
    if (items.length === 0) return true;
    done += items.length;
    s.hooks.afterBatch?.(step);
    s.hooks.onProgress?.(step, done);
    if (items.length < limit && s.collect === undefined) return true;
    const target = s.hooks.targetBatchMs;
    if (target !== undefined) {
      const perItem = Math.max(performance.now() - began, 0.001) / items.length;
      s.batch = Math.max(MIN_BATCH, Math.min(s.hooks.batchSize ?? DEFAULT_BATCH, limit * 2, Math.round(target / perItem)));
    }
  }
}

/** Walks members in id order, a batch at a time, remembering where it got to. */
function byMemberId<R extends { id: number }>(s: Stepper, page: (afterId: number) => Compilable<R>): () => Promise<R[]> {
  let afterId = 0;
  return async () => {
    const rows = await s.ctx.store.all(page(afterId));
    const last = rows.at(-1);
    if (last !== undefined) afterId = last.id;
    return rows;
  };
}

interface NameRow {
  member_no: number;
  first_name: string;
  last_name: string;
}
const nameOf = (r: NameRow): string => `${r.first_name} ${r.last_name}`;

/** B2: every accepted earnings row delivered by the month's end becomes a lot earned on its delivery day. */
async function bookEarnings(s: Stepper): Promise<boolean> {
  const db = s.ctx.store;
  const { kysely } = db;
  const asOf = lastDayOf(s.month);
  const seen = new Set<number>();
  const markBooked = db.prepared<{ runId: number; id: number }, unknown>((p) => kysely.updateTable('earnings_rows').set({ run_id: p('runId') }).where('id', '=', p('id')));
  return await batchLoop(
    s,
    'earnings',
    async () =>
      (await db.all(
          kysely
            .selectFrom('earnings_rows as e')
            .innerJoin('members as m', 'm.id', 'e.member_id')
            .innerJoin('earning_products as p', 'p.code', 'e.product_code')
            .select(['e.id', 'e.member_id', 'e.points', 'e.delivered_on', 'e.quantity', 'e.line_no', 'e.file_id', 'p.name as product', 'm.member_no', 'm.first_name', 'm.last_name', 'm.state'])
            .where('e.run_id', 'is', null)
            .where('e.delivered_on', '<=', asOf)
            .orderBy('e.id')
            .limit(s.batch),
        ))
        .filter((r) => !seen.has(r.id)),
    async (row) => {
      seen.add(row.id);
      // B10: a member who has opted out earns nothing; the row is closed with no entry.
      if (row.state !== 'opted_out') {
        await bookEarning(s.ctx, row.member_id, row.points, row.delivered_on, {
          channel: 'file',
          reason: earningReason(row),
          effectiveOn: row.delivered_on,
          runId: s.runId,
          earningsRowId: row.id,
        });
        s.collect?.({ memberId: row.member_id, memberNo: row.member_no, name: nameOf(row), kind: 'earn', points: row.points, ...bookingReason(earningReason(row)) });
      }
      await markBooked.run({ runId: s.runId, id: row.id });
    },
  );
}

/**
 * B5: lots already older than 3 years when the month began lose what is left of them.
 * B11: withheld points belong to their lot and expire with it while withheld: a member whose lots
 * past the cutoff hold only withheld points is expired too (ledger.expireLots closes the
 * withholding with a system release, expires the lot's part, and withholds the live part again).
 * Members are walked in id order from one list, so a batch never picks up a member twice.
 */
async function bookExpiry(s: Stepper): Promise<boolean> {
  const db = s.ctx.store;
  const { kysely } = db;
  const cutoff = firstDayOf(s.month);
  // Withheld points in expired lots are rare and have no index of their own: one scan per run.
  const withheld = (await db.all(kysely.selectFrom('point_lots').select('member_id').distinct().where('withheld', '>', 0).where('expires_on', '<', cutoff).orderBy('member_id')))
    .map((r) => r.member_id);
  // Issue 11: the members with points left in lots past the cutoff, read once, before the batches
  // and outside their write transactions. Read per batch (keyset on the member id) it scanned
  // every such lot again and sorted them, 90 ms-1.4 s a batch at 1M members with the write gate
  // held, so desk writes waited that long. No lot comes to be past the cutoff with points left
  // during the run: the earnings are booked before this step, and a desk write that gives points
  // back into such a lot expires them at once (B5); each batch's expireLots reads the member's
  // lots again inside its transaction, so a member whose lots a desk write expired meanwhile
  // books nothing.
  const due = (await db.all(kysely.selectFrom('point_lots').select('member_id').distinct().where('remaining', '>', 0).where('expires_on', '<', cutoff).orderBy('member_id')))
    .map((r) => r.member_id);
  const members = [...new Set([...due, ...withheld])].sort((a, b) => a - b);
  let next = 0;
  const expiredReason: Reason = { code: 'expired', params: { before: `${addMonths(s.month, -36)}-01` } };
  const nameOfMember = db.prepared<{ id: number }, { member_no: number; first_name: string; last_name: string }>((p) =>
    kysely.selectFrom('members').select(['member_no', 'first_name', 'last_name']).where('id', '=', p('id')),
  );
  return await batchLoop(
    s,
    'expiry',
    () => {
      const batch = members.slice(next, next + s.batch);
      next += batch.length;
      return Promise.resolve(batch);
    },
    async (memberId) => {
      const { points } = await expireLots(s.ctx, memberId, cutoff, {
        channel: 'system',
        reason: expiredReason,
        effectiveOn: cutoff,
        runId: s.runId,
      });
      const row = points > 0 && s.collect !== undefined ? await nameOfMember.first({ id: memberId }) : undefined;
      if (row !== undefined) s.collect?.({ memberId, memberNo: row.member_no, name: nameOf(row), kind: 'expire', points: -points, ...bookingReason(expiredReason) });
    },
  );
}

const LIFECYCLE_COLUMNS = ['id', 'member_no', 'first_name', 'last_name', 'cancelled_on', 'balance_at_cancellation', 'cap_applied_on', 'keep_membership_on', 'balance'] as const;

/**
 * The next batch of cancelled members by id. On SQLite the index is named (migration 0007): with
 * no statistics the planner takes the date-ordered index of cancelled members for `state = ?` and
 * sorts all of them for every batch (13 ms a batch at 1M members, most of the run once batches
 * are short).
 */
function cancelledAfter(s: Stepper, afterId: number): Compilable<Pick<MemberRow, (typeof LIFECYCLE_COLUMNS)[number]>> {
  const { kysely, engine } = s.ctx.store;
  // The state as a literal: SQLite uses a partial index only for a query whose terms imply its WHERE.
  const query = kysely.selectFrom('members').select(LIFECYCLE_COLUMNS).where('state', '=', sql.lit('cancelled')).where('id', '>', afterId).orderBy('id').limit(s.batch);
  if (engine !== 'sqlite') return query;
  return {
    compile: () => {
      const compiled = query.compile();
      const named = compiled.sql.replace(/^(select .+? from "members")/, '$1 indexed by "members_cancelled_by_id"');
      if (named === compiled.sql) throw new Error('the lifecycle batch query did not name its index');
      return { ...compiled, sql: named };
    },
  };
}

/** B9: the 60-day cap and the 3-year deletion for members whose last subscription was cancelled. */
async function bookLifecycle(s: Stepper): Promise<boolean> {
  const db = s.ctx.store;
  const { kysely } = db;
  return await batchLoop(
    s,
    'lifecycle',
    byMemberId(s, (afterId) => cancelledAfter(s, afterId)),
    async (m) => {
      if (m.cancelled_on === null) return;
      const due = lifecycleDue(
        { cancelledOn: m.cancelled_on, balanceAtCancellation: m.balance_at_cancellation ?? 0, capAppliedOn: m.cap_applied_on, keepMembershipOn: m.keep_membership_on },
        s.month,
      );
      if (due.deletion !== null) {
        const lots = await memberLots(s.ctx.store, m.id);
        const draws = drawAll(lots);
        const points = draws.reduce((sum, d) => sum + d.amount, 0);
        const deleted: Reason = { code: 'deleted_after_cancel', params: { cancelledOn: m.cancelled_on, endsOn: due.deletion.on } };
        await bookDraw(s.ctx, m.id, 'delete_after_cancel', lots, draws, {
          channel: 'system',
          reason: deleted,
          effectiveOn: due.deletion.on,
          runId: s.runId,
        });
        await db.run(kysely.updateTable('members').set({ state: 'ended', ended_on: due.deletion.on }).where('id', '=', m.id));
        await db.run(
          // B6: booked with its run; membership_events_run_once makes a second 'ended' of this run impossible.
          kysely
            .insertInto('membership_events')
            .values({ member_id: m.id, kind: 'ended', on_date: due.deletion.on, at: nowIso(s.ctx), channel: 'system', user_id: null, ...reasonColumns(endedReason(s.month)), run_id: s.runId }),
        );
        s.collect?.({ memberId: m.id, memberNo: m.member_no, name: nameOf(m), kind: 'delete_after_cancel', points: -points, ...bookingReason(deleted) });
        return;
      }
      if (due.cap !== null) {
        const lots = await memberLots(s.ctx.store, m.id);
        // B5: on the cap day, lots already past their expiry hold nothing; the cap counts and
        // takes only live points (the expired ones are booked by an expiry run, not capped).
        const live = liveLots(lots, due.cap.on);
        const take = capTakes(m.balance_at_cancellation ?? 0, balanceOf(live));
        // B9: the cap keeps the newest points (it takes oldest first, like every draw).
        const draws = take > 0 ? takeOldest(live, take) : [];
        const capped: Reason = { code: 'capped', params: { cancelledOn: m.cancelled_on, capOn: due.cap.on } };
        await bookDraw(s.ctx, m.id, 'cap', lots, draws, {
          channel: 'system',
          reason: capped,
          effectiveOn: due.cap.on,
          runId: s.runId,
        });
        await db.run(kysely.updateTable('members').set({ cap_applied_on: due.cap.on }).where('id', '=', m.id));
        if (take > 0) s.collect?.({ memberId: m.id, memberNo: m.member_no, name: nameOf(m), kind: 'cap', points: -take, ...bookingReason(capped) });
      }
    },
  );
}

function takeOldest(lots: Awaited<ReturnType<typeof memberLots>>, points: number): { lotId: number; amount: number }[] {
  const draws: { lotId: number; amount: number }[] = [];
  let left = points;
  for (const d of drawAll(lots)) {
    if (left === 0) break;
    const amount = Math.min(d.amount, left);
    draws.push({ lotId: d.lotId, amount });
    left -= amount;
  }
  return draws;
}

/** B12: members whose membership ends soon (no keep-membership) get a service email listed. */
async function listServiceEmails(s: Stepper): Promise<boolean> {
  const db = s.ctx.store;
  const { kysely } = db;
  const daysBefore = await getSetting(s.ctx.store, 'service_email_days_before');
  const end = lastDayOf(s.month);
  const horizon = lastDayOf(addMonths(s.month, 1));
  // Members whose 3 years end after this month but whose email falls due by next month's end.
  // (a day of slack each side: 29 February constrains to 28 February; the exact test is below)
  const cancelledFrom = addDays(addYears(addDays(end, 1), -MEMBERSHIP_AFTER_CANCEL_YEARS), -1);
  const cancelledTo = addDays(addYears(addDays(horizon, daysBefore), -MEMBERSHIP_AFTER_CANCEL_YEARS), 1);
  return await batchLoop(
    s,
    'service-emails',
    byMemberId(s, (afterId) =>
      kysely
        .selectFrom('members')
        .select(['id', 'first_name', 'last_name', 'member_no', 'cancelled_on', 'balance'])
        .where('state', '=', 'cancelled')
        .where('keep_membership_on', 'is', null)
        .where('cancelled_on', '>=', cancelledFrom)
        .where('cancelled_on', '<=', cancelledTo)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(s.batch),
    ),
    async (m) => {
      if (m.cancelled_on === null) return;
      const endsOn = membershipEndDate(m.cancelled_on);
      const dueOn = addDays(endsOn, -daysBefore);
      if (endsOn <= end || dueOn > horizon) return;
      const message = renderServiceEmail({ firstName: m.first_name, endsOn, balance: m.balance });
      await db.run(
        kysely
          .insertInto('service_emails')
          .values({ member_id: m.id, kind: 'membership_ending', due_on: dueOn, ends_on: endsOn, run_id: s.runId, subject: message.subject, body: message.body, sent_at: null, sent_by: null })
          .onConflict((oc) => oc.columns(['member_id', 'kind', 'ends_on']).doNothing()),
      );
    },
  );
}

/** The reason of an 'ended' event the run books (its totals count those events by their run id). */
function endedReason(month: YearMonth): Reason {
  return { code: 'run_ended', params: { month } };
}

/** B2: an earnings row's line, as data (the renderer says it). */
function earningReason(row: { quantity: number; product: string; file_id: number; line_no: number }): Reason {
  return { code: 'earning', params: { quantity: row.quantity, product: row.product, fileId: row.file_id, lineNo: row.line_no } };
}

/** A preview booking carries the same code and parameters as the entry it would book. */
function bookingReason(reason: Reason): Pick<RunBooking, 'reasonCode' | 'reasonParams'> {
  return { reasonCode: reason.code, reasonParams: reasonParamsOf(reason) };
}

/**
 * What a run booked so far (its summary once done). Every count is a range of a partial index of
 * the run's own rows (migration 0010): a running run's totals are read on every `jobs` event, on
 * the server's one thread, and a scan of the ledger there made every desk wait (issue 11).
 */
export async function totalsOfRun(ctx: ServiceContext, runId: number): Promise<RunTotals> {
  const db = ctx.store;
  const { kysely } = db;
  const totals = emptyTotals();
  const rows = await db.all(
    kysely
      .selectFrom('ledger_entries')
      .select((eb) => ['kind', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount').as('points')])
      .where('run_id', '=', runId)
      .groupBy('kind'),
  );
  for (const r of rows) {
    const points = Math.abs(Number(r.points));
    if (r.kind === 'earn') totals.earned = { ...totals.earned, entries: Number(r.n), points };
    if (r.kind === 'expire') totals.expired = { entries: Number(r.n), points };
    if (r.kind === 'cap') totals.capped = { entries: Number(r.n), points };
    if (r.kind === 'delete_after_cancel') totals.deleted = { ...totals.deleted, entries: Number(r.n), points };
  }
  totals.earned.rows = Number(
    (await db.first(kysely.selectFrom('earnings_rows').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', runId)))?.n ?? 0,
  );
  // Members the run ended (some had no points left, so they have no deletion entry); each 'ended'
  // the run books carries its run (membership_events_run_once, a covering index range).
  totals.deleted.members = Number(
    (await db.first(
      kysely
        .selectFrom('membership_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', runId)
        .where('kind', '=', 'ended'),
    ))?.n ?? 0,
  );
  totals.serviceEmails = Number(
    (await db.first(kysely.selectFrom('service_emails').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', runId)))?.n ?? 0,
  );
  return totals;
}

export async function runSummary(ctx: ServiceContext, month: YearMonth): Promise<RunSummary> {
  const db = ctx.store;
  const { kysely } = db;
  const row = await db.first(
    kysely
      .selectFrom('monthly_runs as r')
      .leftJoin('users as u', 'u.id', 'r.started_by')
      .select(['r.id', 'r.month', 'r.status', 'r.started_at', 'r.finished_at', 'r.summary', 'u.display_name'])
      .where('r.month', '=', month),
  );
  if (row === undefined) throw new DeskError('not_found', `No run for ${month}.`);
  return {
    month: row.month,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    startedBy: row.display_name,
    totals: row.summary === null ? await totalsOfRun(ctx, row.id) : (JSON.parse(row.summary) as RunTotals),
  };
}

export async function listRuns(ctx: ServiceContext): Promise<RunSummary[]> {
  const db = ctx.store;
  const { kysely } = db;
  const out: RunSummary[] = [];
  for (const r of await db.all(kysely.selectFrom('monthly_runs').select('month').orderBy('month', 'desc').limit(36))) out.push(await runSummary(ctx, r.month));
  return out;
}
