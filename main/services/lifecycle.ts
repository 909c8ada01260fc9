import { DeskError } from '../../shared/errors.js';
import type { WriteChannel } from '../../shared/channels/members.js';
import { noteReason, reasonColumns, type Reason } from '../../shared/reasons.js';
import { drawAll, membershipEndDate } from '../domain/points.js';
import { osloDate } from '../domain/time.js';
import { normalisePhone } from '../domain/search.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';
import { bookDraw, bookGiveBack, expireDue, forfeitAll, memberLots, openWithholdings, spendableBalance } from './ledger.js';

/**
 * Membership over time (B1, B9, B10). Subscriptions come from billing; opt-out and
 * keep-membership are taken by customer service.
 */

export interface NewMemberInput {
  memberNo: number;
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  postcode?: string | null;
  city?: string | null;
  birthDate?: string | null;
  plan: string;
  startedOn: string;
  nextDeliveryOn?: string | null;
}

type MembershipEventKind = 'enrolled' | 'cancelled' | 'reactivated' | 'keep_membership' | 'opted_out' | 'rejoined' | 'ended';

/** A membership event with its reason code (and the user's note for the ones an agent takes). */
async function event(ctx: ServiceContext, memberId: number, kind: MembershipEventKind, onDate: string, channel: WriteChannel, reason: Reason): Promise<void> {
  await ctx.store.run(
    ctx.store.kysely
      .insertInto('membership_events')
      .values({ member_id: memberId, kind, on_date: onDate, at: nowIso(ctx), channel, user_id: ctx.user?.id ?? null, ...reasonColumns(reason) }),
  );
}

/** B1: a customer becomes a member when their first subscription starts. */
export async function enrolMember(ctx: ServiceContext, input: NewMemberInput): Promise<{ memberId: number; subscriptionId: number }> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const { lastId: memberId } = await db.run(
      kysely.insertInto('members').values({
        member_no: input.memberNo,
        first_name: input.firstName,
        last_name: input.lastName,
        email: input.email?.trim().toLowerCase() ?? null,
        phone: input.phone === undefined || input.phone === null ? null : (normalisePhone(input.phone) ?? input.phone),
        address: input.address ?? null,
        postcode: input.postcode ?? null,
        city: input.city ?? null,
        birth_date: input.birthDate ?? null,
        enrolled_on: input.startedOn,
        cancelled_on: null,
        balance_at_cancellation: null,
        cap_applied_on: null,
        keep_membership_on: null,
        opted_out_on: null,
        ended_on: null,
        anonymised_at: null,
        created_at: nowIso(ctx),
      }),
    );
    const { lastId: subscriptionId } = await db.run(
      kysely.insertInto('subscriptions').values({ member_id: memberId, plan: input.plan, status: 'active', started_on: input.startedOn, cancelled_on: null, next_delivery_on: input.nextDeliveryOn ?? null }),
    );
    await event(ctx, memberId, 'enrolled', input.startedOn, 'file', { code: 'first_subscription', params: {} });
    await audit(ctx, { action: 'members.enrol', channel: 'file', memberId, details: { memberNo: input.memberNo } });
    return { memberId, subscriptionId };
  });
}

/**
 * A new subscription. B9: a cancelled member who becomes a customer again before the deletion is
 * reactivated with the balance unchanged (a cap already applied stays applied). An ended
 * membership starts again from zero. An opted-out member stays out until they rejoin (B10).
 */
export async function startSubscription(
  ctx: ServiceContext,
  memberId: number,
  input: { plan: string; startedOn: string; nextDeliveryOn?: string | null },
): Promise<number> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const member = await db.first(kysely.selectFrom('members').select(['id', 'state']).where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    const { lastId } = await db.run(
      kysely.insertInto('subscriptions').values({ member_id: memberId, plan: input.plan, status: 'active', started_on: input.startedOn, cancelled_on: null, next_delivery_on: input.nextDeliveryOn ?? null }),
    );
    if (member.state === 'cancelled' || member.state === 'ended') {
      await db.run(kysely.updateTable('members').set({ state: 'active', cancelled_on: null, balance_at_cancellation: null, ended_on: null }).where('id', '=', memberId));
      await event(ctx, memberId, member.state === 'cancelled' ? 'reactivated' : 'enrolled', input.startedOn, 'file', member.state === 'cancelled' ? { code: 'reactivated', params: {} } : { code: 'new_membership', params: {} });
    }
    await audit(ctx, { action: 'subscriptions.start', channel: 'file', memberId, details: { subscriptionId: lastId } });
    return lastId;
  });
}

/** B9: when the last subscription is cancelled, the member keeps membership for 3 years; the balance at that moment decides the cap. */
export async function cancelSubscription(ctx: ServiceContext, subscriptionId: number, cancelledOn: string): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    const sub = await db.first(kysely.selectFrom('subscriptions').select(['id', 'member_id', 'status']).where('id', '=', subscriptionId));
    if (sub === undefined) throw new DeskError('not_found', `No subscription ${subscriptionId}.`);
    if (sub.status !== 'active') throw new DeskError('invalid_transition', 'The subscription is already cancelled.');
    await db.run(kysely.updateTable('subscriptions').set({ status: 'cancelled', cancelled_on: cancelledOn, next_delivery_on: null }).where('id', '=', subscriptionId));
    const others = await db.first(
      kysely.selectFrom('subscriptions').select('id').where('member_id', '=', sub.member_id).where('status', '=', 'active'),
    );
    const member = await db.first(kysely.selectFrom('members').select(['state', 'balance']).where('id', '=', sub.member_id));
    if (others === undefined && member?.state === 'active') {
      // B5/B9: the balance at cancellation decides the cap; points of lots already past their
      // expiry on the cancellation day are not part of it.
      const atCancel = await spendableBalance(ctx.store, sub.member_id, member.balance, cancelledOn);
      await db.run(
        kysely
          .updateTable('members')
          .set({ state: 'cancelled', cancelled_on: cancelledOn, balance_at_cancellation: atCancel, cap_applied_on: null })
          .where('id', '=', sub.member_id),
      );
      await event(ctx, sub.member_id, 'cancelled', cancelledOn, 'file', { code: 'last_cancelled', params: { balance: atCancel } });
    }
    await audit(ctx, { action: 'subscriptions.cancel', channel: 'file', memberId: sub.member_id, details: { subscriptionId } });
  });
}

/**
 * B10: the member leaves the program. Every point left is forfeited (one 'forfeit' entry),
 * withheld points included (their withholdings are closed first, ledger.forfeitAll); points of
 * lots already past their expiry expire instead (B5). The member earns and redeems nothing until
 * they rejoin, from zero; points that come back later (a redemption from before cancelled, a
 * withholding from before released) are forfeited as they come back (ledger.bookGiveBack).
 */
export async function optOut(ctx: ServiceContext, memberId: number, input: { channel: 'phone' | 'email'; reason: string; memberInformed: boolean }): Promise<{ forfeited: number }> {
  if (!input.memberInformed) {
    throw new DeskError('invalid_input', 'Confirm that the member was told the points will be forfeited (B10).', { field: 'memberInformed' });
  }
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const member = await db.first(kysely.selectFrom('members').select(['state']).where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    if (member.state === 'opted_out') throw new DeskError('opted_out', 'The member has already opted out.');
    if (member.state === 'ended') throw new DeskError('membership_ended', 'The membership has already ended.');
    const today = osloDate(ctx.clock.now());
    // B10: the forfeit takes everything, withheld points included.
    const forfeited = await forfeitAll(ctx, memberId, { channel: input.channel, reason: { code: 'opt_out', params: {}, note: input.reason }, effectiveOn: today });
    await db.run(kysely.updateTable('members').set({ state: 'opted_out', opted_out_on: today }).where('id', '=', memberId));
    await event(ctx, memberId, 'opted_out', today, input.channel, noteReason(input.reason));
    await audit(ctx, { action: 'members.optOut', channel: input.channel, memberId, reason: input.reason, details: { forfeited } });
    return { forfeited };
  });
}

/**
 * B10: re-joining after an opt-out starts from zero. The opt-out's forfeit emptied the lots and
 * returns since are forfeited as they come; whatever the member still holds now (a manual credit
 * while out, or an opt-out booked before withheld points were forfeited) is from before the
 * re-join, so it is forfeited here, in the re-join's transaction.
 */
export async function rejoin(ctx: ServiceContext, memberId: number, input: { channel: 'phone' | 'email'; reason: string }): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    const member = await db.first(kysely.selectFrom('members').select(['state']).where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    if (member.state !== 'opted_out') throw new DeskError('invalid_transition', 'Only a member who opted out can rejoin.');
    const active = await db.first(kysely.selectFrom('subscriptions').select('id').where('member_id', '=', memberId).where('status', '=', 'active'));
    const today = osloDate(ctx.clock.now());
    const forfeited = await forfeitAll(ctx, memberId, { channel: input.channel, reason: { code: 'rejoin_forfeit', params: {} }, effectiveOn: today });
    await db.run(
      kysely
        .updateTable('members')
        .set(active !== undefined ? { state: 'active', opted_out_on: null } : { state: 'cancelled', opted_out_on: null, cancelled_on: today, balance_at_cancellation: 0, cap_applied_on: null })
        .where('id', '=', memberId),
    );
    await event(ctx, memberId, 'rejoined', today, input.channel, noteReason(input.reason));
    await audit(ctx, { action: 'members.rejoin', channel: input.channel, memberId, reason: input.reason, ...(forfeited > 0 ? { details: { forfeited } } : {}) });
  });
}

/** B9: a cancelled member asks to keep membership beyond the 3 years; it then lasts until they end it. */
export async function keepMembership(ctx: ServiceContext, memberId: number, input: { channel: 'phone' | 'email'; reason: string }): Promise<{ keptOn: string }> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const member = await db.first(kysely.selectFrom('members').select(['state', 'cancelled_on', 'keep_membership_on']).where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    if (member.state === 'ended') throw new DeskError('membership_ended', 'The membership has already ended.');
    if (member.state !== 'cancelled') {
      throw new DeskError('invalid_transition', 'Keep-membership is for members whose subscription has been cancelled.', { state: member.state });
    }
    const today = osloDate(ctx.clock.now());
    const endsOn = member.cancelled_on === null ? null : membershipEndDate(member.cancelled_on);
    if (member.keep_membership_on !== null && (endsOn === null || member.keep_membership_on < endsOn)) return { keptOn: member.keep_membership_on };
    // B9: a keep-membership request is accepted only before the end date (3 years after the
    // cancellation); from that day it is refused, even when the monthly run has not yet booked the deletion.
    if (endsOn !== null && today >= endsOn) {
      throw new DeskError('membership_ended', `The membership ended on ${endsOn}, 3 years after the cancellation on ${member.cancelled_on ?? ''}; it can no longer be kept.`, {
        endedOn: endsOn,
        cancelledOn: member.cancelled_on,
      });
    }
    await db.run(kysely.updateTable('members').set({ keep_membership_on: today }).where('id', '=', memberId));
    await event(ctx, memberId, 'keep_membership', today, input.channel, noteReason(input.reason));
    await audit(ctx, { action: 'members.keepMembership', channel: input.channel, memberId, reason: input.reason });
    return { keptOn: today };
  });
}

/**
 * B9: a kept membership lasts until the member ends it. On the member's request (phone or email,
 * like an opt-out, the agent confirming the member was told) the desk books B9's deletion of every
 * point the member holds ('delete_after_cancel') and ends the membership, in one transaction.
 */
export async function endKeptMembership(
  ctx: ServiceContext,
  memberId: number,
  input: { channel: 'phone' | 'email'; reason: string; memberInformed: boolean },
): Promise<{ deleted: number; endedOn: string }> {
  if (!input.memberInformed) {
    throw new DeskError('invalid_input', 'Confirm that the member was told the points will be deleted (B9).', { field: 'memberInformed' });
  }
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const member = await db.first(kysely.selectFrom('members').select(['state', 'cancelled_on', 'keep_membership_on']).where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    if (member.state === 'ended') throw new DeskError('membership_ended', 'The membership has already ended.');
    // B9: only a kept membership (cancelled, with a keep-membership request made before the end date) is ended this way.
    const endsOn = member.cancelled_on === null ? null : membershipEndDate(member.cancelled_on);
    const kept = member.state === 'cancelled' && member.keep_membership_on !== null && (endsOn === null || member.keep_membership_on < endsOn);
    if (!kept) {
      throw new DeskError('membership_not_kept', 'Only a membership the member asked to keep can be ended on request; this one is not kept.', {
        state: member.state,
        keepMembershipOn: member.keep_membership_on,
      });
    }
    const today = osloDate(ctx.clock.now());
    // B9 with B11: withheld points stay in the member's lots and go with the deletion. Each open
    // withholding is closed by a system release giving back exactly what it withheld (the
    // give-back expires at once what sits in lots past their expiry, B5) ...
    for (const w of await openWithholdings(ctx.store, memberId)) {
      await bookGiveBack(ctx, memberId, 'release', await memberLots(ctx.store, memberId), w.draws, {
        channel: 'system',
        reason: { code: 'withheld_ended_on_request', params: { withholdingId: w.id } },
        effectiveOn: today,
        reversesEntryId: w.id,
      });
    }
    // ... expired points expire rather than being deleted (B5), and everything left is deleted.
    await expireDue(ctx, memberId);
    const lots = await memberLots(ctx.store, memberId);
    const draws = drawAll(lots);
    const deleted = draws.reduce((s, d) => s + d.amount, 0);
    await bookDraw(ctx, memberId, 'delete_after_cancel', lots, draws, {
      channel: input.channel,
      reason: { code: 'ended_on_request', params: {}, note: input.reason },
      effectiveOn: today,
    });
    await db.run(kysely.updateTable('members').set({ state: 'ended', ended_on: today }).where('id', '=', memberId));
    await event(ctx, memberId, 'ended', today, input.channel, noteReason(input.reason));
    await audit(ctx, { action: 'members.endKeptMembership', channel: input.channel, memberId, reason: input.reason, details: { deleted } });
    return { deleted, endedOn: today };
  });
}
