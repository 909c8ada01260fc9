import { DeskError } from '../../shared/errors.js';
import type { TimelineItem } from '../../shared/channels/membership.js';
import { reasonFromColumns } from '../../shared/reasons.js';
import { osloDate } from '../domain/time.js';
import { audit, logMemberAccess } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';

/** A note on a member: free text with author and time (shown in the timeline). */
export async function addNote(ctx: ServiceContext, memberId: number, body: string): Promise<number> {
  const db = ctx.store;
  const { kysely } = db;
  const user = actor(ctx);
  return await db.transaction(async () => {
    const member = await db.first(kysely.selectFrom('members').select('id').where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    const { lastId } = await db.run(kysely.insertInto('member_notes').values({ member_id: memberId, body, created_at: nowIso(ctx), created_by: user.id }));
    await audit(ctx, { action: 'members.addNote', channel: 'desk', memberId, details: { noteId: lastId } });
    return lastId;
  });
}

const noReason = { reasonCode: null, reasonParams: null, note: null } as const;

/** A ledger entry's or membership event's reason for the timeline; `text` is the user's note or ''. */
function reasonItem(row: { reason: string; reason_code: string | null; reason_params: string | null }): Pick<TimelineItem, 'text' | 'reasonCode' | 'reasonParams' | 'note'> {
  const reason = reasonFromColumns(row);
  return { text: reason.note ?? '', ...reason };
}

/**
 * One timeline of everything that happened to a member: ledger entries (earnings, spends,
 * expiries, caps, corrections), redemptions, notes and membership events, newest first.
 * B14: logged as an access `timeline` (folded like a view).
 */
export async function memberTimeline(ctx: ServiceContext, memberId: number, limit: number): Promise<TimelineItem[]> {
  const db = ctx.store;
  const { kysely } = db;
  const ledger = await db.all(
    kysely
      .selectFrom('ledger_entries as l')
      .leftJoin('users as u', 'u.id', 'l.user_id')
      .leftJoin('monthly_runs as r', 'r.id', 'l.run_id')
      .select(['l.id', 'l.kind', 'l.amount', 'l.occurred_at', 'l.effective_on', 'l.reason', 'l.reason_code', 'l.reason_params', 'l.channel', 'u.display_name', 'r.month'])
      .where('l.member_id', '=', memberId)
      .orderBy('l.id', 'desc')
      .limit(limit),
  );
  const notes = await db.all(
    kysely
      .selectFrom('member_notes as n')
      .innerJoin('users as u', 'u.id', 'n.created_by')
      .select(['n.id', 'n.body', 'n.created_at', 'u.display_name'])
      .where('n.member_id', '=', memberId)
      .orderBy('n.id', 'desc')
      .limit(limit),
  );
  const events = await db.all(
    kysely
      .selectFrom('membership_events as e')
      .leftJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.id', 'e.kind', 'e.on_date', 'e.at', 'e.channel', 'e.reason', 'e.reason_code', 'e.reason_params', 'u.display_name'])
      .where('e.member_id', '=', memberId)
      .orderBy('e.id', 'desc')
      .limit(limit),
  );
  const redemptions = await db.all(
    kysely
      .selectFrom('redemptions as r')
      .leftJoin('users as u', 'u.id', 'r.created_by')
      .select(['r.id', 'r.status', 'r.total_points', 'r.created_at', 'r.channel', 'u.display_name'])
      .where('r.member_id', '=', memberId)
      .orderBy('r.id', 'desc')
      .limit(limit),
  );
  const items: TimelineItem[] = [
    ...ledger.map((l) => ({
      at: l.occurred_at,
      on: l.effective_on,
      kind: 'ledger' as const,
      type: l.kind,
      points: l.amount,
      ...reasonItem(l),
      channel: l.channel,
      author: l.display_name ?? (l.month !== null ? `monthly-run:${l.month}` : 'system'),
      refId: l.id,
    })),
    ...notes.map((n) => ({ at: n.created_at, on: osloDate(new Date(n.created_at)), kind: 'note' as const, type: 'note', points: null, text: n.body, ...noReason, channel: null, author: n.display_name, refId: n.id })),
    ...events.map((e) => ({ at: e.at, on: e.on_date, kind: 'membership' as const, type: e.kind, points: null, ...reasonItem(e), channel: e.channel, author: e.display_name ?? 'system', refId: e.id })),
    ...redemptions.map((r) => ({
      at: r.created_at,
      on: osloDate(new Date(r.created_at)),
      kind: 'redemption' as const,
      type: r.status,
      points: -r.total_points,
      text: `#${r.id}`,
      ...noReason,
      channel: r.channel,
      author: r.display_name ?? 'system',
      refId: r.id,
    })),
  ];
  // Newest first by the day it concerns, then by when it was recorded.
  items.sort((a, b) => (a.on !== b.on ? (a.on < b.on ? 1 : -1) : a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  await logMemberAccess(ctx, memberId, 'timeline');
  return items.slice(0, limit);
}
