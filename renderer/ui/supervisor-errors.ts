import type { TFunction } from 'i18next';
import { asDeskError } from '../desk';
import { describeError } from '../i18n/errors';
import { formatDay, formatInstantDay, formatInstantTime, formatMonth } from '../i18n/format';

const text = (details: Record<string, unknown> | undefined, key: string): string | null => {
  const value = details?.[key];
  return typeof value === 'string' ? value : null;
};

/**
 * The translated text for a failed call on the supervisor screens: `error.<code>` plus what the
 * details add (the day a month may be run, the month to run first, when a file came in before).
 */
export function describeSupervisorError(t: TFunction, error: unknown, language: string): string {
  const e = asDeskError(error);
  const base = describeError(t, error);
  const d = e.details;
  switch (e.code) {
    case 'month_in_future': {
      const from = text(d, 'allowedFrom');
      return from === null ? base : `${base} ${t('runs.futureDetail', { date: formatDay(from) })}`;
    }
    case 'month_out_of_order': {
      const expected = text(d, 'expected');
      return expected === null ? base : `${base} ${t('runs.orderDetail', { month: formatMonth(expected, language) })}`;
    }
    case 'run_in_progress': {
      const month = text(d, 'month');
      if (month === null) return base;
      // B6: another desk or the command line holds the run now (the store's claim), or an earlier run was cut off.
      const host = text(d, 'host');
      if (d?.['runningNow'] === true && host !== null) return `${base} ${t('runs.runningNowDetail', { month: formatMonth(month, language), host })}`;
      return `${base} ${t('runs.progressDetail', { month: formatMonth(month, language) })}`;
    }
    case 'launch_in_past': {
      const launchOn = text(d, 'launchOn');
      const today = text(d, 'today');
      return launchOn === null || today === null ? base : t('launches.inPast', { date: formatDay(launchOn), today: formatDay(today) });
    }
    case 'duplicate_file': {
      const at = text(d, 'importedAt');
      const name = text(d, 'fileName');
      return at === null || name === null ? base : t('earnings.duplicate', { date: formatInstantDay(at), time: formatInstantTime(at), name });
    }
    default:
      return base;
  }
}
