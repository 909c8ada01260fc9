import type { TFunction } from 'i18next';
import { ErrorCode } from '../../shared/errors';
import { asDeskError, type DeskClientError } from '../desk';
import { formatDay, formatInstantTime, formatPoints } from './format';

/** Why a session ended, as the router reports it (`unauthenticated` with `reason`). */
const SESSION_ENDS = ['idle', 'lifetime', 'role_changed', 'deactivated', 'window_closed', 'signed_out'] as const;
type SessionEnd = (typeof SESSION_ENDS)[number];
const isSessionEnd = (value: unknown): value is SessionEnd => typeof value === 'string' && (SESSION_ENDS as readonly string[]).includes(value);

/** The translated text for a failed call: `error.<code>`, plus what the details add. */
export function describeError(t: TFunction, error: unknown): string {
  const e: DeskClientError = asDeskError(error);
  const text = t(`error.${e.code}`);
  const wait = e.details?.['retryAfterSeconds'];
  if (e.code === 'sign_in_throttled' && typeof wait === 'number') return t('session.throttled', { count: wait });
  const reason = e.details?.['reason'];
  if (e.code === 'unauthenticated' && isSessionEnd(reason)) return t(`session.ended.${reason}`);
  return describeRefusal(t, e.code, e.details) ?? text;
}

/** One reason a quote gives for why an order cannot be booked now (codes as in shared/errors.ts). */
export interface Problem {
  code: string;
  details?: Record<string, unknown> | undefined;
}

/**
 * A quote's problem in words: the same text the refusal would have. `productNames` (id → name)
 * lets a launch lockout name the products it holds back.
 */
export function describeProblem(t: TFunction, problem: Problem, productNames?: ReadonlyMap<number, string>): string {
  const code = ErrorCode.safeParse(problem.code);
  if (!code.success) return t('error.internal');
  return describeRefusal(t, code.data, problem.details, productNames) ?? t(`error.${code.data}`);
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const nok = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Redemption refusals (B3, B4, B7, B8, L3) with their details read out: the shortfall, the
 * product, the stock left, the Oslo time a launch lockout opens, the new postage.
 * Null when the details add nothing, so the plain `error.<code>` text is used.
 */
function describeRefusal(t: TFunction, code: ErrorCode, details: Record<string, unknown> | undefined, productNames?: ReadonlyMap<number, string>): string | null {
  if (details === undefined) return null;
  const name = str(details['name']);
  switch (code) {
    case 'insufficient_points': {
      const balance = num(details['balance']);
      const needed = num(details['needed']);
      const shortfall = num(details['shortfall']);
      if (balance === null || shortfall === null) return null;
      return needed === null
        ? t('refusal.insufficientPointsShort', { balance: formatPoints(balance), shortfall: formatPoints(shortfall) })
        : t('refusal.insufficientPoints', { balance: formatPoints(balance), needed: formatPoints(needed), shortfall: formatPoints(shortfall) });
    }
    case 'sold_out':
      return name === null ? null : t('refusal.soldOut', { name });
    case 'discontinued':
      return name === null ? null : t('refusal.discontinued', { name });
    case 'insufficient_stock': {
      const stock = num(details['stock']);
      const quantity = num(details['quantity']);
      if (name === null || stock === null || quantity === null) return null;
      return t('refusal.insufficientStock', { name, stock: formatPoints(stock), quantity: formatPoints(quantity) });
    }
    case 'launch_lockout': {
      const opensAt = str(details['opensAt']);
      if (opensAt === null) return null;
      const time = formatInstantTime(opensAt);
      const launch = str(details['launchName']) ?? '';
      if (details['scope'] === 'all_orders') return t('refusal.launchLockoutAll', { launch, time });
      const ids = Array.isArray(details['productIds']) ? details['productIds'] : [];
      const names = ids.map((id) => (typeof id === 'number' ? productNames?.get(id) : undefined)).filter((n): n is string => n !== undefined);
      const text = t('refusal.launchLockout', { launch, time });
      return names.length === 0 ? text : `${text} ${t('refusal.lockedProducts', { names: names.join(', ') })}`;
    }
    case 'not_yet_launched': {
      // B4: the product is released on its launch day, shown the Norwegian way (10.02.2027).
      const launchOn = formatDay(str(details['launchOn']));
      if (launchOn === null) return null;
      return name === null ? t('refusal.notYetLaunchedShort', { date: launchOn }) : t('refusal.notYetLaunched', { name, date: launchOn });
    }
    case 'membership_ended': {
      // B9: the end date of the membership (3 years after the cancellation), when the refusal names it.
      const endedOn = formatDay(str(details['endedOn']));
      return endedOn === null ? null : t('refusal.membershipEnded', { date: endedOn });
    }
    case 'conflict': {
      // B4 (issue 13): a product repriced between the quote and the confirm.
      const shownTotal = num(details['shownTotal']);
      const currentTotal = num(details['currentTotal']);
      if (shownTotal !== null && currentTotal !== null) return t('refusal.totalChanged', { shown: formatPoints(shownTotal), current: formatPoints(currentTotal) });
      const shown = num(details['shown']);
      const current = num(details['current']);
      if (shown === null || current === null) return null;
      return t('refusal.postageChanged', { shown: nok.format(shown / 100), current: nok.format(current / 100) });
    }
    default:
      return null;
  }
}
