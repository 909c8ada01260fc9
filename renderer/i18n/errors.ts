import type { TFunction } from 'i18next';
import { asDeskError, type DeskClientError } from '../desk';
import { formatInstantDay, formatInstantTime } from './format';

/** The translated text for a failed call: `error.<code>`, plus what the details add. */
export function describeError(t: TFunction, error: unknown): string {
  const e: DeskClientError = asDeskError(error);
  const text = t(`error.${e.code}`);
  const until = e.details?.['lockedUntil'];
  if (e.code === 'account_locked' && typeof until === 'string') {
    return `${text} ${t('signIn.lockedUntil', { time: formatInstantTime(until), date: formatInstantDay(until) })}`;
  }
  return text;
}
