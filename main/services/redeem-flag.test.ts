import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redeemRefusal } from '../domain/redeem.js';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { cancelSubscription, endKeptMembership, keepMembership, optOut } from './lifecycle.js';
import { memberPage } from './members.js';
import { createRedemption } from './redemptions.js';

/** B3: the member page says whether and why the member may not redeem, by the booking's own rule. */

describe('redeemRefusal (B3)', () => {
  it('B3: opted out, ended and no active subscription refuse; an active subscriber may redeem', () => {
    expect(redeemRefusal('active', 1)).toBeNull();
    expect(redeemRefusal('opted_out', 1)).toBe('opted_out');
    expect(redeemRefusal('ended', 0)).toBe('membership_ended');
    expect(redeemRefusal('cancelled', 0)).toBe('no_active_subscription');
    expect(redeemRefusal('active', 0)).toBe('no_active_subscription');
  });
});

describe('members.get redeem flag (B3)', () => {
  let t: TestDesk;
  let product: number;
  let key = 0;
  beforeEach(async () => {
    t = await testDesk('2026-11-21T10:00:00Z');
    product = await t.aProduct({ pointsPrice: 500, stock: 10 });
  });
  afterEach(() => t.close());

  const aRichMember = async (): Promise<number> => {
    const id = await t.aMember({ nextDeliveryOn: '2026-12-03' });
    await t.earn(id, 5_000, '2025-06-01');
    return id;
  };
  const subscriptionOf = (memberId: number): number =>
    t.desk.store.sqlite.prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(memberId) as number;
  const book = (memberId: number) =>
    createRedemption(t.ctx('agent'), {
      memberId,
      channel: 'phone',
      lines: [{ productId: product, quantity: 1 }],
      delivery: 'next_delivery',
      identity: { memberNo: true, address: true, email: false, phone: false },
      idempotencyKey: `flag-${(key += 1)}`,
      postageOre: 0,
    });
  /** The flag on the member page, and what the booking says: they must agree. */
  const flagAndBooking = async (memberId: number) => {
    const { redeem } = await memberPage(t.ctx('agent'), memberId);
    const booked = redeem.allowed ? (await book(memberId), null) : (await refusal(() => book(memberId))).code;
    return { redeem, booked };
  };

  it('B3: a member with an active subscription may redeem, and the booking goes through', async () => {
    expect(await flagAndBooking(await aRichMember())).toEqual({ redeem: { allowed: true, reason: null }, booked: null });
  });

  it('B3: a member whose last subscription is cancelled may not redeem (no_active_subscription), and the booking refuses the same', async () => {
    const id = await aRichMember();
    await cancelSubscription(t.ctx(null), subscriptionOf(id), '2026-11-01');
    expect(await flagAndBooking(id)).toEqual({ redeem: { allowed: false, reason: 'no_active_subscription' }, booked: 'no_active_subscription' });
  });

  it('B3: a member who opted out may not redeem (opted_out), and the booking refuses the same', async () => {
    const id = await aRichMember();
    await optOut(t.ctx('agent'), id, { channel: 'phone', reason: 'Ønsker ikke bonus', memberInformed: true });
    expect(await flagAndBooking(id)).toEqual({ redeem: { allowed: false, reason: 'opted_out' }, booked: 'opted_out' });
  });

  it('B3: a member whose membership ended may not redeem (membership_ended), and the booking refuses the same', async () => {
    const id = await aRichMember();
    await cancelSubscription(t.ctx(null), subscriptionOf(id), '2026-11-01');
    await keepMembership(t.ctx('agent'), id, { channel: 'phone', reason: 'Vil beholde medlemskapet' });
    await endKeptMembership(t.ctx('agent'), id, { channel: 'phone', reason: 'Vil avslutte likevel', memberInformed: true });
    expect(await flagAndBooking(id)).toEqual({ redeem: { allowed: false, reason: 'membership_ended' }, booked: 'membership_ended' });
  });

  it('B3: members.get carries the flag through the contract', async () => {
    const id = await aRichMember();
    await optOut(t.ctx('agent'), id, { channel: 'phone', reason: 'Ønsker ikke bonus', memberInformed: true });
    const agent = await t.as('agent');
    expect(await agent.invoke('members.get', { memberId: id })).toMatchObject({ ok: true, value: { redeem: { allowed: false, reason: 'opted_out' } } });
  });
});
