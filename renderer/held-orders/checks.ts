import type { TFunction } from 'i18next';
import type { HeldCheckItem } from '../../shared/channels/held-orders';
import { describeProblem } from '../i18n/errors';
import { formatInstantTime, formatPoints } from '../i18n/format';
import { CUSTOMER_SERVICE_OPENS } from '../../shared/rules';

const num = (details: HeldCheckItem['details'], key: string): string => {
  const value = details?.[key];
  return typeof value === 'number' ? formatPoints(value) : '';
};
const str = (details: HeldCheckItem['details'], key: string): string => {
  const value = details?.[key];
  return typeof value === 'string' ? value : '';
};

/** The check's field: a refusal about the received time is said on that field, not above the form. */
export function isReceivedProblem(item: Pick<HeldCheckItem, 'code' | 'details'>): boolean {
  return item.code === 'received_after_lockout' || (item.code === 'invalid_input' && item.details?.['field'] === 'email.receivedAt');
}

/** The opening time ("10:00", Oslo) a check names, else the rule's. */
export function opensAtText(opensAt: string | null | undefined): string {
  return opensAt === null || opensAt === undefined ? CUSTOMER_SERVICE_OPENS : formatInstantTime(opensAt);
}

/**
 * One check of a held order in words (L3, L5, B3, B4, B7): the held order's own codes here, the
 * quote's refusals with the same text a refused booking has (describeProblem).
 */
export function describeHeldCheck(t: TFunction, item: HeldCheckItem, opensAt: string | null, names?: ReadonlyMap<number, string>): string {
  const d = item.details;
  switch (item.code) {
    case 'sender_mismatch':
      return t('heldCheck.senderMismatch', { from: str(d, 'from'), registered: str(d, 'registered') });
    case 'queue_short':
      return t('heldCheck.queueShort', { name: str(d, 'name'), stock: num(d, 'stock'), queued: num(d, 'queuedAhead'), promisable: num(d, 'promisable'), quantity: num(d, 'quantity') });
    case 'not_in_launch':
      return t('heldCheck.notInLaunch', { name: str(d, 'name'), time: opensAtText(opensAt) });
    case 'not_locked':
    case 'conflict':
      return t('held.notLocked');
    case 'received_after_lockout':
      return t('receivedAt.afterLockout', { time: opensAtText(typeof d?.['opensAt'] === 'string' ? d['opensAt'] : opensAt) });
    default:
      if (isReceivedProblem(item)) return t('receivedAt.future');
      return describeProblem(t, { code: item.code, details: d }, names);
  }
}
