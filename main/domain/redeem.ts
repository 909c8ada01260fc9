import type { MembershipState, RedeemRefusal } from '../../shared/channels/members.js';

/**
 * B3: only a member with an active subscription who has not opted out may redeem. The one
 * place this is decided: the booking (services/redemptions.ts) refuses with this code, and the
 * member page (`members.get`) reports it, so the two cannot disagree.
 * Returns why the member may not redeem, or null when they may.
 */
export function redeemRefusal(state: MembershipState, activeSubscriptions: number): RedeemRefusal | null {
  if (state === 'opted_out') return 'opted_out';
  if (state === 'ended') return 'membership_ended';
  if (activeSubscriptions === 0) return 'no_active_subscription';
  return null;
}
