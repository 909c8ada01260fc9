import { CAP_POINTS } from '../../shared/rules.js';
import { capDate, capTakes, membershipEndDate, type Lot } from './points.js';
import { addMonths, addMonthsToDate, monthOf, type IsoDate, type YearMonth } from './time.js';

/** B5/B6: the monthly run that removes a lot: the first run whose month starts after its expiry date. */
export function expiryRunMonth(expiresOn: IsoDate): YearMonth {
  return addMonths(monthOf(expiresOn), 1);
}

export interface UpcomingExpiry {
  expiresOn: IsoDate;
  runMonth: YearMonth;
  points: number;
}

/**
 * B12b: which points expire next and when, grouped by expiry date, soonest first. Pass the live
 * lots (domain/points liveLots): an expiry whose date has passed is not "coming". B5: nor is one
 * whose run month has already been run (`lastRunMonth`, the latest completed run): that run, or
 * the write that brought points back into the lot, has expired it already.
 */
export function upcomingExpiries(lots: readonly Lot[], count: number, lastRunMonth: YearMonth | null = null): UpcomingExpiry[] {
  const byDate = new Map<IsoDate, number>();
  for (const lot of lots) {
    if (lot.remaining <= 0) continue;
    if (lastRunMonth !== null && expiryRunMonth(lot.expiresOn) <= lastRunMonth) continue;
    byDate.set(lot.expiresOn, (byDate.get(lot.expiresOn) ?? 0) + lot.remaining);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, count)
    .map(([expiresOn, points]) => ({ expiresOn, runMonth: expiryRunMonth(expiresOn), points }));
}

export interface ExpiringSoon {
  /** The window, in months from today (the setting `expiring_soon_months`). */
  months: number;
  /** The window's last day: today + months. */
  until: IsoDate;
  /** All the points that expire by `until`. */
  points: number;
  /** The soonest of them, grouped by expiry date, at most `count`. */
  expiries: UpcomingExpiry[];
}

/**
 * Issue 12 (B5/B12b): "expiring soon" on the member page: only the expiries up to `months` months
 * from today, not the ones years away. Pass the live lots, as for upcomingExpiries.
 */
export function expiringSoon(lots: readonly Lot[], today: IsoDate, months: number, count: number, lastRunMonth: YearMonth | null = null): ExpiringSoon {
  const until = addMonthsToDate(today, months);
  const within = upcomingExpiries(lots, Number.MAX_SAFE_INTEGER, lastRunMonth).filter((e) => e.expiresOn <= until);
  return { months, until, points: within.reduce((sum, e) => sum + e.points, 0), expiries: within.slice(0, count) };
}

export interface CancelTodayPreview {
  cancelledOn: IsoDate;
  capOn: IsoDate;
  /** Points expected to expire (B5) by the cap's monthly run. */
  expiringBeforeCap: number;
  /** What the cap would take (0 when the balance is 10,000 or less today). */
  capTakes: number;
  keptAfterCap: number;
  /** Membership and the balance end here unless the member asks to keep membership. */
  endsOn: IsoDate;
}

/**
 * B12b "if you cancel today" (B9): the cap date and the amount kept, and the deletion date.
 * The cap is booked by the run of the cap's month, after that run's expiry. Pass the live lots
 * (B5: points past their expiry are not in the balance the cap is measured against).
 */
export function ifCancelledToday(lots: readonly Lot[], today: IsoDate): CancelTodayPreview {
  const balance = lots.reduce((s, l) => s + l.remaining, 0);
  const capOn = capDate(today);
  const capRun = monthOf(capOn);
  const expiringBeforeCap = lots
    .filter((l) => l.remaining > 0 && expiryRunMonth(l.expiresOn) <= capRun)
    .reduce((s, l) => s + l.remaining, 0);
  const atCap = balance - expiringBeforeCap;
  const takes = capTakes(balance, atCap);
  return {
    cancelledOn: today,
    capOn,
    expiringBeforeCap,
    capTakes: takes,
    keptAfterCap: atCap - takes,
    endsOn: membershipEndDate(today),
  };
}

export { CAP_POINTS };
