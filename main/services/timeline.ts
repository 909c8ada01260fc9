import { sql } from 'kysely';
import { DeskError } from '../../shared/errors.js';
import type { RedemptionStep, TimelineItem, TimelineRedemption } from '../../shared/channels/membership.js';
import { reasonFromColumns } from '../../shared/reasons.js';
import { osloDate } from '../domain/time.js';
import { audit, logMemberAccess } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';
import { contactTimeline } from './contact.js';

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
 * expiries, caps, corrections), redemptions, notes, membership events and contact-detail
 * corrections (D3), newest first.
 *
 * Issue 12: the member page's one list. A redemption is one item with its life (B7a: registered,
 * then shipped or cancelled, each on the day it happened, the cancellation with the points it gave
 * back); its spend and give-back ledger entries are not items of their own, so nothing reads like
 * a second debit. Entries a give-back led to (B5: points back into an expired lot expire at once;
 * B10: forfeited again) stay items of their own.
 * B14: logged as an access `timeline` (folded like a view).
 */
export async function memberTimeline(ctx: ServiceContext, memberId: number, limit: number): Promise<{ items: TimelineItem[]; more: boolean }> {
  const db = ctx.store;
  const { kysely } = db;
  const ledger = await db.all(
    kysely
      .selectFrom('ledger_entries as l')
      .leftJoin('users as u', 'u.id', 'l.user_id')
      .leftJoin('monthly_runs as r', 'r.id', 'l.run_id')
      .select(['l.id', 'l.kind', 'l.amount', 'l.occurred_at', 'l.effective_on', 'l.reason', 'l.reason_code', 'l.reason_params', 'l.channel', 'u.display_name', 'r.month'])
      .where('l.member_id', '=', memberId)
      // Issue 12: a redemption's spend and its give-back are told by the redemption's item.
      .where((eb) => eb.or([eb('l.redemption_id', 'is', null), eb('l.kind', 'not in', ['spend', 'spend_reversal'])]))
      .orderBy('l.id', 'desc')
      .limit(sql.lit(limit + 1)),
  );
  const notes = await db.all(
    kysely
      .selectFrom('member_notes as n')
      .innerJoin('users as u', 'u.id', 'n.created_by')
      .select(['n.id', 'n.body', 'n.created_at', 'u.display_name'])
      .where('n.member_id', '=', memberId)
      .orderBy('n.id', 'desc')
      .limit(sql.lit(limit + 1)),
  );
  const events = await db.all(
    kysely
      .selectFrom('membership_events as e')
      .leftJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.id', 'e.kind', 'e.on_date', 'e.at', 'e.channel', 'e.reason', 'e.reason_code', 'e.reason_params', 'u.display_name'])
      .where('e.member_id', '=', memberId)
      .orderBy('e.id', 'desc')
      .limit(sql.lit(limit + 1)),
  );
  // B12: each service email recorded as sent, on the day it went out.
  const emails = await db.all(
    kysely
      .selectFrom('service_emails as e')
      .leftJoin('users as u', 'u.id', 'e.sent_by')
      .select(['e.id', 'e.subject', 'e.sent_at', 'u.display_name'])
      .where('e.member_id', '=', memberId)
      .where('e.sent_at', 'is not', null)
      .orderBy('e.id', 'desc')
      .limit(sql.lit(limit + 1)),
  );
  const redemptions = await redemptionItems(ctx, memberId, limit + 1);
  // D3: the contact details agents corrected, one item per correction.
  const contact = await contactTimeline(ctx, memberId, limit + 1);
  const items: TimelineItem[] = [
    ...contact,
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
    ...redemptions,
    ...emails.flatMap((e) =>
      e.sent_at === null
        ? []
        : [{ at: e.sent_at, on: osloDate(new Date(e.sent_at)), kind: 'service_email' as const, type: 'sent', points: null, text: e.subject, ...noReason, channel: 'email', author: e.display_name ?? 'system', refId: e.id }],
    ),
  ];
  // Newest first by the day it concerns, then by when it was recorded (a redemption: the day it was registered).
  items.sort((a, b) => (a.on !== b.on ? (a.on < b.on ? 1 : -1) : a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  await logMemberAccess(ctx, memberId, 'timeline');
  // Each source gave up to limit + 1 rows: more than `limit` in all means there are older ones.
  return { items: items.slice(0, limit), more: items.length > limit };
}

/**
 * Issue 12: the member's newest redemptions as timeline items, each with its products, delivery
 * and steps (B7a). Three reads whatever the count: the redemptions, their lines, their give-backs.
 */
async function redemptionItems(ctx: ServiceContext, memberId: number, limit: number): Promise<TimelineItem[]> {
  const db = ctx.store;
  const { kysely } = db;
  const rows = await db.all(
    kysely
      .selectFrom('redemptions as r')
      .innerJoin('members as m', 'm.id', 'r.member_id')
      .leftJoin('users as u', 'u.id', 'r.created_by')
      .select([
        'r.id',
        'r.status',
        'r.total_points',
        'r.created_at',
        'r.channel',
        'r.delivery',
        'r.delivery_on',
        'r.postage_ore',
        'r.email_from',
        'r.shipped_at',
        'r.cancelled_at',
        'r.cancel_reason',
        'm.email as member_email',
        'u.display_name',
      ])
      .where('r.member_id', '=', memberId)
      .orderBy('r.id', 'desc')
      .limit(sql.lit(limit)),
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lines = await db.all(
    kysely
      .selectFrom('redemption_lines as l')
      .innerJoin('bonus_products as p', 'p.id', 'l.product_id')
      .select(['l.redemption_id', 'l.product_id', 'p.name', 'l.quantity', 'l.points_each'])
      .where('l.redemption_id', 'in', ids)
      .orderBy('l.id'),
  );
  // B7a: what a cancellation gave back, and who cancelled (the give-back entry's author).
  const givenBack = await db.all(
    kysely
      .selectFrom('ledger_entries as l')
      .leftJoin('users as u', 'u.id', 'l.user_id')
      .select(['l.redemption_id', 'l.amount', 'u.display_name'])
      .where('l.member_id', '=', memberId)
      .where('l.kind', '=', 'spend_reversal')
      .where('l.redemption_id', 'in', ids),
  );
  const linesOf = new Map<number, TimelineRedemption['lines']>();
  for (const l of lines) {
    const list = linesOf.get(l.redemption_id) ?? [];
    list.push({ productId: l.product_id, name: l.name, quantity: l.quantity, pointsEach: l.points_each });
    linesOf.set(l.redemption_id, list);
  }
  const backOf = new Map(givenBack.filter((g) => g.redemption_id !== null).map((g) => [g.redemption_id, g]));
  return rows.map((r): TimelineItem => {
    const author = r.display_name ?? 'system';
    const back = backOf.get(r.id);
    const steps: RedemptionStep[] = [{ step: 'registered', at: r.created_at, on: osloDate(new Date(r.created_at)), author, points: -r.total_points, note: null }];
    if (r.shipped_at !== null) steps.push({ step: 'shipped', at: r.shipped_at, on: osloDate(new Date(r.shipped_at)), author: null, points: null, note: null });
    if (r.cancelled_at !== null) {
      steps.push({ step: 'cancelled', at: r.cancelled_at, on: osloDate(new Date(r.cancelled_at)), author: back?.display_name ?? null, points: back?.amount ?? 0, note: r.cancel_reason });
    }
    return {
      at: r.created_at,
      on: osloDate(new Date(r.created_at)),
      kind: 'redemption',
      type: r.status,
      points: -r.total_points + (back?.amount ?? 0),
      text: `#${r.id}`,
      ...noReason,
      channel: r.channel,
      author,
      refId: r.id,
      redemption: {
        id: r.id,
        status: r.status,
        totalPoints: r.total_points,
        lines: linesOf.get(r.id) ?? [],
        delivery: r.delivery,
        deliveryOn: r.delivery_on,
        postageOre: r.postage_ore,
        emailFrom: r.email_from,
        senderMismatch: r.email_from !== null && r.member_email !== null && r.email_from !== r.member_email,
        steps,
      },
    };
  });
}
