import { sql } from 'kysely';
import { DeskError } from '../../shared/errors.js';
import { reasonFromColumns } from '../../shared/reasons.js';
import type { MembershipState } from '../../shared/channels/members.js';
import {
  activityColumns,
  correctionKinds,
  type ActivityColumn,
  type ActivityMonth,
  type CorrectionRow,
  type MemberFilter,
  type MemberReportRow,
  type PointsLiability,
  type RedemptionsReport,
} from '../../shared/channels/manager-reports.js';
import { expiryRunMonth } from '../domain/explain.js';
import { addDays, addMonths, firstDayOf, lastDayOf, monthOf, osloDate } from '../domain/time.js';
import { recordBulkAccess } from './audit.js';
import type { ServiceContext } from './context.js';

/**
 * Issue 15: the managers' reports, computed from the ledger (ledger_entries, point_lots,
 * lot_allocations, redemptions). What each counts and how: docs/reports.md. Every report is one
 * read transaction, so its figures agree with each other.
 */

const DRAWS = ['spend', 'expire', 'cap', 'delete_after_cancel', 'forfeit', 'withhold', 'correction_delete', 'unpaid_reduction'] as const;
const GIVE_BACKS = ['spend_reversal', 'release', 'reversal'] as const;

const today = (ctx: ServiceContext): string => osloDate(ctx.clock.now());

function notInFuture(ctx: ServiceContext, day: string, what: string): void {
  if (day > today(ctx)) throw new DeskError('invalid_input', `${what} ${day} is in the future.`, { field: what });
}

interface LotGroup {
  year: string;
  expires_on: string;
  remaining: number;
  withheld: number;
}

/**
 * B5/B11: the points liability on a day. Today it reads the lots as they stand; on a past day
 * it rebuilds every lot from the ledger up to that day: a lot exists when its earning entry is
 * effective by then, and what it held then is its amount minus the allocations of the draws
 * effective by then plus those of the give-backs (cancellations, releases, give-backs after an
 * invoice was paid); what it withheld is the allocations of the withholdings minus those of the
 * releases. A lot counts as outstanding while its expiry date is on or after the day (B5: a lot
 * still counts on its expiry date).
 */
export async function pointsLiability(ctx: ServiceContext, asOfIn?: string): Promise<PointsLiability> {
  const asOf = asOfIn ?? today(ctx);
  notInFuture(ctx, asOf, 'asOf');
  const { store } = ctx;
  const k = store.kysely;
  const current = asOf === today(ctx);
  return await store.transaction(async () => {
    let groups: LotGroup[];
    let members: number;
    if (current) {
      groups = await store.all(
        sql<LotGroup>`SELECT substr(earned_on, 1, 4) AS year, expires_on, SUM(remaining) AS remaining, SUM(withheld) AS withheld
          FROM point_lots WHERE remaining > 0 OR withheld > 0 GROUP BY 1, 2`.compile(k),
      );
      members = Number((await store.first(sql<{ n: number }>`SELECT COUNT(DISTINCT member_id) AS n FROM point_lots WHERE remaining > 0 AND expires_on >= ${asOf}`.compile(k)))?.n ?? 0);
    } else {
      const lotsThen = sql`WITH moves AS (
          SELECT a.lot_id,
            SUM(CASE WHEN e.kind IN (${sql.join(GIVE_BACKS)}) THEN a.amount ELSE -a.amount END) AS delta,
            SUM(CASE e.kind WHEN 'withhold' THEN a.amount WHEN 'release' THEN -a.amount ELSE 0 END) AS held
          FROM lot_allocations a JOIN ledger_entries e ON e.id = a.entry_id
          WHERE e.effective_on <= ${asOf} AND e.kind IN (${sql.join([...DRAWS, ...GIVE_BACKS])})
          GROUP BY a.lot_id),
        lots AS (
          SELECT l.member_id, l.earned_on, l.expires_on, l.amount + COALESCE(m.delta, 0) AS remaining, COALESCE(m.held, 0) AS withheld
          FROM point_lots l JOIN ledger_entries c ON c.id = l.entry_id LEFT JOIN moves m ON m.lot_id = l.id
          WHERE c.effective_on <= ${asOf})`;
      groups = await store.all(
        sql<LotGroup>`${lotsThen} SELECT substr(earned_on, 1, 4) AS year, expires_on, SUM(remaining) AS remaining, SUM(withheld) AS withheld
          FROM lots WHERE remaining > 0 OR withheld > 0 GROUP BY 1, 2`.compile(k),
      );
      members = Number((await store.first(sql<{ n: number }>`${lotsThen} SELECT COUNT(DISTINCT member_id) AS n FROM lots WHERE remaining > 0 AND expires_on >= ${asOf}`.compile(k)))?.n ?? 0);
    }
    let outstanding = 0;
    let withheld = 0;
    let awaitingExpiry = 0;
    const byYear = new Map<number, { outstanding: number; withheld: number }>();
    const firstRun = addMonths(monthOf(asOf), 1);
    const runs = Array.from({ length: 12 }, (_, i) => addMonths(firstRun, i));
    const expiring = new Map(runs.map((m) => [m, { outstanding: 0, withheld: 0 }]));
    for (const g of groups) {
      const remaining = Number(g.remaining);
      const held = Number(g.withheld);
      if (g.expires_on < asOf) {
        // B5: past its expiry: not owed, whether or not the run has booked it yet.
        awaitingExpiry += remaining;
        continue;
      }
      outstanding += remaining;
      withheld += held;
      const year = Number(g.year);
      const y = byYear.get(year) ?? { outstanding: 0, withheld: 0 };
      y.outstanding += remaining;
      y.withheld += held;
      byYear.set(year, y);
      // B5/B6: removed by the run of the month after its expiry date.
      const run = expiring.get(expiryRunMonth(g.expires_on));
      if (run !== undefined) {
        run.outstanding += remaining;
        run.withheld += held;
      }
    }
    return {
      asOf,
      outstanding,
      withheld,
      awaitingExpiry,
      members,
      byYear: [...byYear.entries()].sort(([a], [b]) => a - b).map(([year, v]) => ({ year, ...v })),
      expiring: runs.map((runMonth) => ({ runMonth, expiresIn: addMonths(runMonth, -1), ...(expiring.get(runMonth) ?? { outstanding: 0, withheld: 0 }) })),
    };
  }, 'read');
}

/** How the ledger's kinds fold into the activity report's columns. */
export const ACTIVITY_KIND: Record<string, ActivityColumn> = {
  earn: 'earned',
  spend: 'redeemed',
  spend_reversal: 'returned',
  expire: 'expired',
  cap: 'capped',
  delete_after_cancel: 'deleted',
  forfeit: 'forfeited',
  withhold: 'withheld',
  release: 'released',
  correction_delete: 'corrected',
  unpaid_reduction: 'corrected',
  correction_add: 'corrected',
  reversal: 'corrected',
};

const MAX_MONTHS = 120;

function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < MAX_MONTHS; m = addMonths(m, 1)) out.push(m);
  return out;
}

function checkRange(from: string, to: string): void {
  if (from > to) throw new DeskError('invalid_input', 'The range ends before it starts.', { field: 'to' });
  if (monthsOf(from, to).at(-1) !== to) throw new DeskError('invalid_input', `A report covers at most ${MAX_MONTHS} months.`, { field: 'to' });
}

/** Points per month by ledger kind and effective day, signed as in the ledger (docs/reports.md). */
export async function activityReport(ctx: ServiceContext, from: string, to: string): Promise<{ from: string; to: string; months: ActivityMonth[] }> {
  checkRange(from, to);
  const rows = await ctx.store.all(
    sql<{ month: string; kind: string; points: number; n: number }>`SELECT substr(effective_on, 1, 7) AS month, kind, SUM(amount) AS points, COUNT(*) AS n
      FROM ledger_entries WHERE effective_on >= ${firstDayOf(from)} AND effective_on <= ${lastDayOf(to)} GROUP BY 1, 2`.compile(ctx.store.kysely),
  );
  const months = new Map(monthsOf(from, to).map((m): [string, ActivityMonth] => [m, { month: m, ...zeroActivity(), net: 0, entries: 0 }]));
  for (const r of rows) {
    const month = months.get(r.month);
    const column = ACTIVITY_KIND[r.kind];
    if (month === undefined || column === undefined) continue;
    month[column] += Number(r.points);
    month.net += Number(r.points);
    month.entries += Number(r.n);
  }
  return { from, to, months: [...months.values()] };
}

function zeroActivity(): Record<ActivityColumn, number> {
  return Object.fromEntries(activityColumns.map((c) => [c, 0])) as Record<ActivityColumn, number>;
}

/**
 * B7/B7a: redemptions per month of booking (the Oslo day of their spend entry), by channel and
 * delivery; by product (orders not cancelled); cancellations booked in the range by reason.
 */
export async function redemptionsReport(ctx: ServiceContext, from: string, to: string): Promise<RedemptionsReport> {
  checkRange(from, to);
  const { store } = ctx;
  const k = store.kysely;
  const start = firstDayOf(from);
  const end = lastDayOf(to);
  return await store.transaction(async () => {
    const perMonth = await store.all(
      sql<{ month: string; orders: number; points: number; phone: number; email: number; next: number; separate: number; cancelled: number }>`
        SELECT substr(e.effective_on, 1, 7) AS month, COUNT(*) AS orders, SUM(r.total_points) AS points,
          SUM(r.channel = 'phone') AS phone, SUM(r.channel = 'email') AS email,
          SUM(r.delivery = 'next_delivery') AS next, SUM(r.delivery = 'separate') AS separate, SUM(r.status = 'cancelled') AS cancelled
        FROM ledger_entries e JOIN redemptions r ON r.id = e.redemption_id
        WHERE e.kind = 'spend' AND e.effective_on >= ${start} AND e.effective_on <= ${end}
        GROUP BY 1`.compile(k),
    );
    const products = await store.all(
      sql<{ productId: number; sku: string; name: string; orders: number; units: number; points: number }>`
        SELECT p.id AS productId, p.sku, p.name, COUNT(DISTINCT r.id) AS orders, SUM(l.quantity) AS units, SUM(l.quantity * l.points_each) AS points
        FROM ledger_entries e JOIN redemptions r ON r.id = e.redemption_id
          JOIN redemption_lines l ON l.redemption_id = r.id JOIN bonus_products p ON p.id = l.product_id
        WHERE e.kind = 'spend' AND e.effective_on >= ${start} AND e.effective_on <= ${end} AND r.status <> 'cancelled'
        GROUP BY p.id ORDER BY points DESC, p.id`.compile(k),
    );
    const cancellations = await store.all(
      sql<{ reason: string | null; count: number; points: number }>`
        SELECT r.cancel_reason AS reason, COUNT(*) AS count, SUM(e.amount) AS points
        FROM ledger_entries e JOIN redemptions r ON r.id = e.redemption_id
        WHERE e.kind = 'spend_reversal' AND e.effective_on >= ${start} AND e.effective_on <= ${end}
        GROUP BY r.cancel_reason ORDER BY count DESC, reason`.compile(k),
    );
    const byMonth = new Map(perMonth.map((r) => [r.month, r]));
    return {
      from,
      to,
      months: monthsOf(from, to).map((month) => {
        const r = byMonth.get(month);
        return {
          month,
          orders: Number(r?.orders ?? 0),
          points: Number(r?.points ?? 0),
          phone: Number(r?.phone ?? 0),
          email: Number(r?.email ?? 0),
          nextDelivery: Number(r?.next ?? 0),
          separate: Number(r?.separate ?? 0),
          cancelled: Number(r?.cancelled ?? 0),
        };
      }),
      products: products.map((p) => ({ productId: p.productId, sku: p.sku, name: p.name, orders: Number(p.orders), units: Number(p.units), points: Number(p.points) })),
      cancellations: cancellations.map((c) => ({ reason: (c.reason ?? '').trim(), count: Number(c.count), points: Number(c.points) })),
    };
  }, 'read');
}

interface CorrectionDbRow {
  id: number;
  member_no: number;
  kind: CorrectionRow['kind'];
  amount: number;
  effective_on: string;
  occurred_at: string;
  requested_by: string;
  approved_by: string | null;
  reason: string;
  reason_code: string | null;
  reason_params: string | null;
}

/**
 * B11: the manual corrections — entries of the correction kinds that a person booked (user_id
 * set; the desk's own entries on channel 'system', such as a withholding closed by expiry during
 * a run, are not manual). Who asked is the request's author when a second supervisor approved it.
 */
function correctionsWhere(from: string, to: string) {
  return sql`e.kind IN (${sql.join([...correctionKinds])}) AND e.user_id IS NOT NULL AND e.channel <> 'system' AND e.effective_on >= ${from} AND e.effective_on <= ${to}`;
}

function correctionsQuery(ctx: ServiceContext, from: string, to: string, page: { limit: number; offset: number } | null) {
  return sql<CorrectionDbRow>`SELECT e.id, m.member_no, e.kind, e.amount, e.effective_on, e.occurred_at, rq.display_name AS requested_by, ap.display_name AS approved_by,
      e.reason, e.reason_code, e.reason_params
    FROM ledger_entries e JOIN members m ON m.id = e.member_id
      LEFT JOIN correction_requests cr ON cr.entry_id = e.id
      JOIN users rq ON rq.id = COALESCE(cr.requested_by, e.user_id)
      LEFT JOIN users ap ON ap.id = e.approved_by
    WHERE ${correctionsWhere(from, to)} ORDER BY e.id ${page === null ? sql`` : sql`LIMIT ${page.limit} OFFSET ${page.offset}`}`.compile(ctx.store.kysely);
}

function toCorrection(r: CorrectionDbRow): CorrectionRow {
  const reason = reasonFromColumns(r);
  return {
    entryId: r.id,
    memberNo: r.member_no,
    kind: r.kind,
    amount: r.amount,
    effectiveOn: r.effective_on,
    occurredAt: r.occurred_at,
    requestedBy: r.requested_by,
    approvedBy: r.approved_by,
    reasonCode: reason.reasonCode,
    reasonParams: reason.reasonParams,
    note: reason.note,
  };
}

export async function correctionsReport(ctx: ServiceContext, input: { from: string; to: string; limit: number; offset: number }): Promise<{ total: number; items: CorrectionRow[] }> {
  if (input.from > input.to) throw new DeskError('invalid_input', 'The range ends before it starts.', { field: 'to' });
  const { store } = ctx;
  const { total, rows } = await store.transaction(async () => ({
    total: Number((await store.first(sql<{ n: number }>`SELECT COUNT(*) AS n FROM ledger_entries e WHERE ${correctionsWhere(input.from, input.to)}`.compile(store.kysely)))?.n ?? 0),
    rows: await store.all(correctionsQuery(ctx, input.from, input.to, input)),
  }), 'read');
  const items = rows.map(toCorrection);
  // B14: member numbers with their ledger entries: one access row per page read.
  await recordBulkAccess(ctx, 'report_corrections', { from: input.from, to: input.to, offset: input.offset, rows: items.length });
  return { total, items };
}

/** Every correction of the range, for the export (streamed). */
export function correctionRows(ctx: ServiceContext, from: string, to: string): AsyncIterable<CorrectionRow> {
  const stream = ctx.store.stream(correctionsQuery(ctx, from, to, null));
  return (async function* () {
    for await (const r of stream) yield toCorrection(r);
  })();
}

// ---- the member report

export type MemberSort = 'memberNo' | 'name' | 'balance' | 'enrolledOn' | 'cancelledOn' | 'postcode';

const ORDER: Record<MemberSort, readonly string[]> = {
  memberNo: ['m.member_no'],
  name: ['m.last_name', 'm.first_name', 'm.member_no'],
  balance: ['m.balance', 'm.member_no'],
  enrolledOn: ['m.enrolled_on', 'm.member_no'],
  cancelledOn: ['m.cancelled_on', 'm.member_no'],
  postcode: ['m.postcode', 'm.member_no'],
};

interface MemberDbRow {
  id: number;
  member_no: number;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  state: MembershipState;
  balance: number;
  postcode: string | null;
  city: string | null;
  enrolled_on: string;
  cancelled_on: string | null;
  expiring: number | null;
}
export type MemberExportRow = MemberDbRow;

function memberWhere(ctx: ServiceContext, f: MemberFilter) {
  const parts = [sql`1 = 1`];
  if (f.states !== undefined && f.states.length > 0) parts.push(sql`m.state IN (${sql.join(f.states)})`);
  if (f.balanceMin !== undefined) parts.push(sql`m.balance >= ${f.balanceMin}`);
  if (f.balanceMax !== undefined) parts.push(sql`m.balance <= ${f.balanceMax}`);
  if (f.cancelledFrom !== undefined) parts.push(sql`m.cancelled_on >= ${f.cancelledFrom}`);
  if (f.cancelledTo !== undefined) parts.push(sql`m.cancelled_on <= ${f.cancelledTo}`);
  if (f.enrolledFrom !== undefined) parts.push(sql`m.enrolled_on >= ${f.enrolledFrom}`);
  if (f.enrolledTo !== undefined) parts.push(sql`m.enrolled_on <= ${f.enrolledTo}`);
  if (f.postcode !== undefined) parts.push(sql`m.postcode LIKE ${`${f.postcode}%`}`);
  if (f.place !== undefined) parts.push(sql`lower(m.city) = ${f.place.toLowerCase()}`);
  if (f.expiringWithinDays !== undefined) parts.push(sql`EXISTS (SELECT 1 FROM point_lots l WHERE l.member_id = m.id AND l.remaining > 0 AND l.expires_on >= ${today(ctx)} AND l.expires_on < ${addDays(today(ctx), f.expiringWithinDays)})`);
  return sql.join(parts, sql` AND `);
}

function memberSelect(ctx: ServiceContext, f: MemberFilter) {
  const expiring =
    f.expiringWithinDays === undefined
      ? sql`NULL`
      : sql`(SELECT SUM(l.remaining) FROM point_lots l WHERE l.member_id = m.id AND l.remaining > 0 AND l.expires_on >= ${today(ctx)} AND l.expires_on < ${addDays(today(ctx), f.expiringWithinDays)})`;
  return sql`SELECT m.id, m.member_no, m.first_name, m.last_name, m.email, m.phone, m.address, m.state, m.balance, m.postcode, m.city, m.enrolled_on, m.cancelled_on, ${expiring} AS expiring
    FROM members m WHERE ${memberWhere(ctx, f)}`;
}

function memberOrder(sort: MemberSort, direction: 'asc' | 'desc') {
  const dir = direction === 'desc' ? sql`DESC` : sql`ASC`;
  return sql.join(ORDER[sort].map((c) => sql`${sql.ref(c)} ${dir}`));
}

export function checkMemberFilter(f: MemberFilter): void {
  if (f.balanceMin !== undefined && f.balanceMax !== undefined && f.balanceMin > f.balanceMax) throw new DeskError('invalid_input', 'The balance range ends before it starts.', { field: 'balanceMax' });
  if (f.cancelledFrom !== undefined && f.cancelledTo !== undefined && f.cancelledFrom > f.cancelledTo) throw new DeskError('invalid_input', 'The cancellation range ends before it starts.', { field: 'cancelledTo' });
  if (f.enrolledFrom !== undefined && f.enrolledTo !== undefined && f.enrolledFrom > f.enrolledTo) throw new DeskError('invalid_input', 'The membership range ends before it starts.', { field: 'enrolledTo' });
}

/**
 * The member report: the filters combine (AND), the order is total (member number breaks ties),
 * the page is LIMIT/OFFSET over that order with the exact count in the same read transaction.
 * B14: each page read is one access row naming the filter, the page and its number of rows.
 */
export async function memberReport(
  ctx: ServiceContext,
  input: { filter: MemberFilter; sort: MemberSort; direction: 'asc' | 'desc'; limit: number; offset: number },
): Promise<{ total: number; items: MemberReportRow[] }> {
  checkMemberFilter(input.filter);
  const { store } = ctx;
  const k = store.kysely;
  const { total, rows } = await store.transaction(async () => ({
    total: Number((await store.first(sql<{ n: number }>`SELECT COUNT(*) AS n FROM members m WHERE ${memberWhere(ctx, input.filter)}`.compile(k)))?.n ?? 0),
    rows: await store.all(sql<MemberDbRow>`${memberSelect(ctx, input.filter)} ORDER BY ${memberOrder(input.sort, input.direction)} LIMIT ${input.limit} OFFSET ${input.offset}`.compile(k)),
  }), 'read');
  const items = rows.map(
    (r): MemberReportRow => ({
      memberId: r.id,
      memberNo: r.member_no,
      name: `${r.first_name} ${r.last_name}`,
      state: r.state,
      balance: r.balance,
      postcode: r.postcode,
      place: r.city,
      enrolledOn: r.enrolled_on,
      cancelledOn: r.cancelled_on,
      expiring: input.filter.expiringWithinDays === undefined ? null : Number(r.expiring ?? 0),
    }),
  );
  await recordBulkAccess(ctx, 'member_report', { filter: input.filter, sort: input.sort, direction: input.direction, offset: input.offset, rows: items.length });
  return { total, items };
}

/** How many members the filter finds (the export job's total, issue 15). */
export async function memberCount(ctx: ServiceContext, filter: MemberFilter): Promise<number> {
  checkMemberFilter(filter);
  const row = await ctx.store.first(sql<{ n: number }>`SELECT COUNT(*) AS n FROM members m WHERE ${memberWhere(ctx, filter)}`.compile(ctx.store.kysely));
  return Number(row?.n ?? 0);
}

/** Every member the filter finds, in the report's order, streamed (the export). */
export function memberRows(ctx: ServiceContext, filter: MemberFilter, sort: MemberSort, direction: 'asc' | 'desc'): AsyncIterable<MemberExportRow> {
  checkMemberFilter(filter);
  return ctx.store.stream(sql<MemberDbRow>`${memberSelect(ctx, filter)} ORDER BY ${memberOrder(sort, direction)}`.compile(ctx.store.kysely));
}
