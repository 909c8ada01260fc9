import { DeskError } from '../../shared/errors.js';
import type { WriteChannel } from '../../shared/channels/members.js';
import { drawAll } from '../domain/points.js';
import { osloDate } from '../domain/time.js';
import { normalisePhone } from '../domain/search.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';
import { bookDraw, memberLots } from './ledger.js';

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

function event(ctx: ServiceContext, memberId: number, kind: MembershipEventKind, onDate: string, channel: WriteChannel, reason: string): void {
  ctx.store.q.run(
    ctx.store.kysely.insertInto('membership_events').values({ member_id: memberId, kind, on_date: onDate, at: nowIso(ctx), channel, user_id: ctx.user?.id ?? null, reason }),
  );
}

/** B1: a customer becomes a member when their first subscription starts. */
export function enrolMember(ctx: ServiceContext, input: NewMemberInput): { memberId: number; subscriptionId: number } {
  const { q, kysely } = ctx.store;
  return q.transaction(() => {
    const { lastId: memberId } = q.run(
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
    const { lastId: subscriptionId } = q.run(
      kysely.insertInto('subscriptions').values({ member_id: memberId, plan: input.plan, status: 'active', started_on: input.startedOn, cancelled_on: null, next_delivery_on: input.nextDeliveryOn ?? null }),
    );
    event(ctx, memberId, 'enrolled', input.startedOn, 'file', 'First subscription started (B1)');
    audit(ctx, { action: 'members.enrol', channel: 'file', memberId, details: { memberNo: input.memberNo } });
    return { memberId, subscriptionId };
  });
}

/**
 * A new subscription. B9: a cancelled member who becomes a customer again before the deletion is
 * reactivated with the balance unchanged (a cap already applied stays applied). An ended
 * membership starts again from zero. An opted-out member stays out until they rejoin (B10).
 */
export function startSubscription(
  ctx: ServiceContext,
  memberId: number,
  input: { plan: string; startedOn: string; nextDeliveryOn?: string | null },
): number {
  const { q, kysely } = ctx.store;
  return q.transaction(() => {
    const member = q.first(kysely.selectFrom('members').select(['id', 'state']).where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    const { lastId } = q.run(
      kysely.insertInto('subscriptions').values({ member_id: memberId, plan: input.plan, status: 'active', started_on: input.startedOn, cancelled_on: null, next_delivery_on: input.nextDeliveryOn ?? null }),
    );
    if (member.state === 'cancelled' || member.state === 'ended') {
      q.run(kysely.updateTable('members').set({ state: 'active', cancelled_on: null, balance_at_cancellation: null, ended_on: null }).where('id', '=', memberId));
      event(ctx, memberId, member.state === 'cancelled' ? 'reactivated' : 'enrolled', input.startedOn, 'file', member.state === 'cancelled' ? 'Customer again before deletion: balance unchanged (B9)' : 'New membership after the old one ended (B1)');
    }
    audit(ctx, { action: 'subscriptions.start', channel: 'file', memberId, details: { subscriptionId: lastId } });
    return lastId;
  });
}

/** B9: when the last subscription is cancelled, the member keeps membership for 3 years; the balance at that moment decides the cap. */
export function cancelSubscription(ctx: ServiceContext, subscriptionId: number, cancelledOn: string): void {
  const { q, kysely } = ctx.store;
  q.transaction(() => {
    const sub = q.first(kysely.selectFrom('subscriptions').select(['id', 'member_id', 'status']).where('id', '=', subscriptionId));
    if (sub === undefined) throw new DeskError('not_found', `No subscription ${subscriptionId}.`);
    if (sub.status !== 'active') throw new DeskError('invalid_transition', 'The subscription is already cancelled.');
    q.run(kysely.updateTable('subscriptions').set({ status: 'cancelled', cancelled_on: cancelledOn, next_delivery_on: null }).where('id', '=', subscriptionId));
    const others = q.first(
      kysely.selectFrom('subscriptions').select('id').where('member_id', '=', sub.member_id).where('status', '=', 'active'),
    );
    const member = q.first(kysely.selectFrom('members').select(['state', 'balance']).where('id', '=', sub.member_id));
    if (others === undefined && member?.state === 'active') {
      q.run(
        kysely
          .updateTable('members')
          .set({ state: 'cancelled', cancelled_on: cancelledOn, balance_at_cancellation: member.balance, cap_applied_on: null })
          .where('id', '=', sub.member_id),
      );
      event(ctx, sub.member_id, 'cancelled', cancelledOn, 'file', `Last subscription cancelled; balance ${member.balance} (B9)`);
    }
    audit(ctx, { action: 'subscriptions.cancel', channel: 'file', memberId: sub.member_id, details: { subscriptionId } });
  });
}

/**
 * B10: the member leaves the program. Every point left is forfeited (one 'forfeit' entry); the
 * member earns and redeems nothing until they rejoin, from zero.
 */
export function optOut(ctx: ServiceContext, memberId: number, input: { channel: 'phone' | 'email'; reason: string; memberInformed: boolean }): { forfeited: number } {
  if (!input.memberInformed) {
    throw new DeskError('invalid_input', 'Confirm that the member was told the points will be forfeited (B10).', { field: 'memberInformed' });
  }
  const { q, kysely } = ctx.store;
  return q.transaction(() => {
    const member = q.first(kysely.selectFrom('members').select(['state']).where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    if (member.state === 'opted_out') throw new DeskError('opted_out', 'The member has already opted out.');
    if (member.state === 'ended') throw new DeskError('membership_ended', 'The membership has already ended.');
    const today = osloDate(ctx.clock.now());
    const lots = memberLots(ctx.store, memberId);
    const draws = drawAll(lots);
    const forfeited = draws.reduce((s, d) => s + d.amount, 0);
    bookDraw(ctx, memberId, 'forfeit', lots, draws, { channel: input.channel, reason: `Opt-out: ${input.reason}`, effectiveOn: today });
    q.run(kysely.updateTable('members').set({ state: 'opted_out', opted_out_on: today }).where('id', '=', memberId));
    event(ctx, memberId, 'opted_out', today, input.channel, input.reason);
    audit(ctx, { action: 'members.optOut', channel: input.channel, memberId, reason: input.reason, details: { forfeited } });
    return { forfeited };
  });
}

/** B10: re-joining after an opt-out starts from zero (the forfeit already emptied the lots). */
export function rejoin(ctx: ServiceContext, memberId: number, input: { channel: 'phone' | 'email'; reason: string }): void {
  const { q, kysely } = ctx.store;
  q.transaction(() => {
    const member = q.first(kysely.selectFrom('members').select(['state']).where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    if (member.state !== 'opted_out') throw new DeskError('invalid_transition', 'Only a member who opted out can rejoin.');
    const active = q.first(kysely.selectFrom('subscriptions').select('id').where('member_id', '=', memberId).where('status', '=', 'active'));
    const today = osloDate(ctx.clock.now());
    q.run(
      kysely
        .updateTable('members')
        .set(active !== undefined ? { state: 'active', opted_out_on: null } : { state: 'cancelled', opted_out_on: null, cancelled_on: today, balance_at_cancellation: 0, cap_applied_on: null })
        .where('id', '=', memberId),
    );
    event(ctx, memberId, 'rejoined', today, input.channel, input.reason);
    audit(ctx, { action: 'members.rejoin', channel: input.channel, memberId, reason: input.reason });
  });
}

/** B9: a cancelled member asks to keep membership beyond the 3 years; it then lasts until they end it. */
export function keepMembership(ctx: ServiceContext, memberId: number, input: { channel: 'phone' | 'email'; reason: string }): { keptOn: string } {
  const { q, kysely } = ctx.store;
  return q.transaction(() => {
    const member = q.first(kysely.selectFrom('members').select(['state', 'keep_membership_on']).where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    if (member.state !== 'cancelled') {
      throw new DeskError('invalid_transition', 'Keep-membership is for members whose subscription has been cancelled.', { state: member.state });
    }
    if (member.keep_membership_on !== null) return { keptOn: member.keep_membership_on };
    const today = osloDate(ctx.clock.now());
    q.run(kysely.updateTable('members').set({ keep_membership_on: today }).where('id', '=', memberId));
    event(ctx, memberId, 'keep_membership', today, input.channel, input.reason);
    audit(ctx, { action: 'members.keepMembership', channel: input.channel, memberId, reason: input.reason });
    return { keptOn: today };
  });
}
