import type { TFunction } from 'i18next';
import { formatDay, formatPoints } from '../../i18n/format';

/**
 * The reasons main writes by itself (bookings, the monthly run, billing events) are stored as
 * English sentences. They are shown in the UI language: each known pattern is translated, and
 * anything else (what an agent typed) is shown as written.
 */
const patterns: readonly [RegExp, (t: TFunction, m: RegExpExecArray) => string][] = [
  [/^Bonus order (\d+) cancelled: ([\s\S]*)$/, (t, m) => t('reasonText.orderCancelled', { id: m[1], reason: m[2] })],
  [/^Bonus order (\d+): ([\s\S]*)$/, (t, m) => t('reasonText.order', { id: m[1], items: m[2] })],
  [/^Opt-out: ([\s\S]*)$/, (t, m) => t('reasonText.optOut', { reason: m[1] })],
  [/^Membership ended on request: ([\s\S]*)$/, (t, m) => t('reasonText.endedOnRequest', { reason: m[1] })],
  [/^Withheld points deleted with the kept membership \(B9\): withholding (\d+) closed$/, (t) => t('reasonText.withheldEndedOnRequest')],
  [/^Returned points forfeited: member (opted_out|ended)$/, (t, m) => (m[1] === 'ended' ? t('reasonText.returnedForfeitedEnded') : t('reasonText.returnedForfeitedOptedOut'))],
  [/^Points older than 3 years \(earned before (\d{4}-\d{2}-\d{2})\)$/, (t, m) => t('reasonText.expired', { date: formatDay(m[1]) })],
  [/^Membership ended 3 years after cancellation on (\d{4}-\d{2}-\d{2}) \(B9\)$/, (t, m) => t('reasonText.deleted', { date: formatDay(m[1]) })],
  [/^Balance capped at 10 000 points 60 days after cancellation on (\d{4}-\d{2}-\d{2}) \(B9\)$/, (t, m) => t('reasonText.capped', { date: formatDay(m[1]), points: formatPoints(10_000) })],
  [/^(\d+) × (.+) \(file (\d+), line (\d+)\)$/, (t, m) => t('reasonText.earning', { quantity: m[1], product: m[2], file: m[3], line: m[4] })],
  [/^First subscription started \(B1\)$/, (t) => t('reasonText.firstSubscription')],
  [/^Customer again before deletion: balance unchanged \(B9\)$/, (t) => t('reasonText.reactivated')],
  [/^New membership after the old one ended \(B1\)$/, (t) => t('reasonText.newMembership')],
  [/^Last subscription cancelled; balance (\d+) \(B9\)$/, (t, m) => t('reasonText.lastCancelled', { points: formatPoints(Number(m[1])) })],
];

export function reasonText(t: TFunction, text: string): string {
  for (const [pattern, translate] of patterns) {
    const match = pattern.exec(text);
    if (match !== null) return translate(t, match);
  }
  return text;
}
