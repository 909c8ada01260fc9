import type { TFunction } from 'i18next';
import type { MemberProfile } from '../../shared/channels/members';
import { CAP_POINTS } from '../../shared/rules';
import { formatDay, formatPoints } from '../i18n/format';

/** What the membership state means for this member, in words the agent can read out. */
export function membershipText(t: TFunction, m: MemberProfile): string[] {
  const lines: string[] = [];
  const day = (iso: string | null): string => formatDay(iso) ?? t('common.none');
  switch (m.state) {
    case 'active':
      lines.push(t('membership.active'));
      break;
    case 'cancelled':
      if (m.keepMembershipOn !== null) {
        // B9: a keep-membership request makes it last until the member ends it.
        lines.push(t('membership.cancelledKeep', { date: day(m.cancelledOn), keepOn: day(m.keepMembershipOn) }));
      } else {
        // B9: membership lasts 3 years after the last subscription was cancelled.
        lines.push(t('membership.cancelled', { date: day(m.cancelledOn), until: day(m.membershipEndsOn) }));
      }
      break;
    case 'opted_out':
      lines.push(t('membership.optedOut', { date: day(m.optedOutOn) }));
      break;
    case 'ended':
      lines.push(t('membership.ended', { date: day(m.endedOn) }));
      break;
  }
  // B9: the 60-day cap, once applied, stays applied.
  if (m.capAppliedOn !== null) lines.push(t('membership.capped', { points: formatPoints(CAP_POINTS), date: day(m.capAppliedOn) }));
  if (m.anonymised) lines.push(t('member.anonymised'));
  return lines;
}
