import { DeskError } from '../../shared/errors.js';
import type { BalanceStory, Explanation } from '../../shared/channels/points.js';
import { ifCancelledToday, upcomingExpiries } from '../domain/explain.js';
import { capDate, isPastExpiry, liveLots, membershipEndDate } from '../domain/points.js';
import { osloDate } from '../domain/time.js';
import { logMemberAccess } from './audit.js';
import type { ServiceContext } from './context.js';
import { lastCompletedRun, memberLots } from './ledger.js';

/** B12b: how the balance came about, what expires next, and what cancelling today would mean. B14: logged as an access `explain`. */
export async function explainBalance(ctx: ServiceContext, memberId: number): Promise<Explanation> {
  const db = ctx.store;
  const { kysely } = db;
  const m = await db.first(
    kysely
      .selectFrom('members')
      .select(['id', 'member_no', 'first_name', 'last_name', 'state', 'balance', 'cancelled_on', 'cap_applied_on', 'keep_membership_on'])
      .where('id', '=', memberId),
  );
  if (m === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
  const sums = new Map(
    (await db.all(kysely.selectFrom('ledger_entries').select((eb) => ['kind', eb.fn.sum<number>('amount').as('s')]).where('member_id', '=', memberId).groupBy('kind')))
      .map((r) => [r.kind, Number(r.s)]),
  );
  const sum = (...kinds: string[]): number => kinds.reduce((s, k) => s + (sums.get(k as never) ?? 0), 0);
  const today = osloDate(ctx.clock.now());
  const all = await memberLots(ctx.store, memberId);
  const lots = liveLots(all, today);
  // B5/B11, decided: points of lots past their expiry whose expiry no entry has booked yet (no
  // write for the member since, and the monthly run for it not done) are shown as expired
  // already — they stopped counting the day after their expiry date. Withheld ones move from
  // 'withheld' to 'expired' (they expire with their lot). The story then still adds up to the
  // balance shown, which leaves them out; the ledger rows follow with the next write or run.
  const pendingRemaining = all.filter((l) => isPastExpiry(l, today)).reduce((s, l) => s + l.remaining, 0);
  const pendingWithheld = all.filter((l) => isPastExpiry(l, today)).reduce((s, l) => s + l.withheld, 0);
  const story: BalanceStory = {
    earned: sum('earn'),
    spent: sum('spend'),
    returned: sum('spend_reversal'),
    expired: sum('expire') - pendingRemaining - pendingWithheld,
    capped: sum('cap'),
    deleted: sum('delete_after_cancel'),
    forfeited: sum('forfeit'),
    withheld: sum('withhold') + pendingWithheld,
    released: sum('release'),
    corrected: sum('correction_delete', 'unpaid_reduction', 'correction_add', 'reversal'),
    balance: m.balance - pendingRemaining,
    withheldNow: lots.reduce((s, l) => s + l.withheld, 0),
  };
  const hasActive = await db.first(kysely.selectFrom('subscriptions').select('id').where('member_id', '=', memberId).where('status', '=', 'active')) !== undefined;
  const lastRunMonth = (await lastCompletedRun(ctx.store))?.month ?? null;
  await logMemberAccess(ctx, memberId, 'explain');
  return {
    memberId: m.id,
    memberNo: m.member_no,
    name: `${m.first_name} ${m.last_name}`,
    state: m.state,
    today,
    story,
    nextExpiries: upcomingExpiries(lots, 5, lastRunMonth),
    ifCancelledToday: m.state === 'active' && hasActive ? ifCancelledToday(lots, today) : null,
    lifecycle:
      m.state === 'cancelled' && m.cancelled_on !== null
        ? {
            cancelledOn: m.cancelled_on,
            capOn: capDate(m.cancelled_on),
            capAppliedOn: m.cap_applied_on,
            endsOn: m.keep_membership_on === null ? membershipEndDate(m.cancelled_on) : null,
            keptUntilTheyEndIt: m.keep_membership_on !== null,
          }
        : null,
  };
}
