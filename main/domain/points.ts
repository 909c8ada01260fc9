import { DeskError } from '../../shared/errors.js';
import { CAP_AFTER_DAYS, CAP_POINTS, EXPIRY_YEARS, MEMBERSHIP_AFTER_CANCEL_YEARS } from '../../shared/rules.js';
import { addDays, addYears, firstDayOf, lastDayOf, type IsoDate, type YearMonth } from './time.js';

/** A lot of points earned on one day (B5). `remaining` counts in the balance; `withheld` does not (B11). */
export interface Lot {
  readonly id: number;
  readonly earnedOn: IsoDate;
  readonly expiresOn: IsoDate;
  readonly amount: number;
  readonly remaining: number;
  readonly withheld: number;
}

/** Points taken from (or given back to) one lot by one ledger entry (B7a). */
export interface Draw {
  readonly lotId: number;
  readonly amount: number;
}

/**
 * B5: points expire 3 years after they were earned. 29 February + 3 years is 28 February.
 * The lot still counts on its expiry date ("older than 3 years" means strictly older).
 */
export function expiryDate(earnedOn: IsoDate): IsoDate {
  return addYears(earnedOn, EXPIRY_YEARS);
}

/** Oldest first: by earning day, then by lot id (the order they were booked). */
export function fifoOrder(a: Lot, b: Lot): number {
  return a.earnedOn < b.earnedOn ? -1 : a.earnedOn > b.earnedOn ? 1 : a.id - b.id;
}

/**
 * B5: a lot is past its expiry on Oslo day `day` when its expiry date is before that day (it still
 * counts on the expiry date itself). From then on it holds no spendable points.
 */
export function isPastExpiry(lot: Pick<Lot, 'expiresOn'>, day: IsoDate): boolean {
  return lot.expiresOn < day;
}

/** B5: the lots that may still count on `today`: none past its expiry, even before a run books it. */
export function liveLots(lots: readonly Lot[], today: IsoDate): Lot[] {
  return lots.filter((lot) => !isPastExpiry(lot, today));
}

export function balanceOf(lots: readonly Lot[]): number {
  return lots.reduce((sum, lot) => sum + lot.remaining, 0);
}

/**
 * B5/B7: take `points` from the live lots, oldest first. Refuses (insufficient_points) when the
 * lots hold less; never draws more than a lot has.
 */
export function drawFifo(lots: readonly Lot[], points: number): Draw[] {
  if (!Number.isInteger(points) || points <= 0) throw new DeskError('invalid_input', 'Points must be a positive whole number.');
  const available = balanceOf(lots);
  if (available < points) {
    throw new DeskError('insufficient_points', `The balance is ${available}; ${points} are needed.`, {
      balance: available,
      needed: points,
      shortfall: points - available,
    });
  }
  const draws: Draw[] = [];
  let left = points;
  for (const lot of [...lots].sort(fifoOrder)) {
    if (left === 0) break;
    if (lot.remaining === 0) continue;
    const take = Math.min(lot.remaining, left);
    draws.push({ lotId: lot.id, amount: take });
    left -= take;
  }
  return draws;
}

/** Applies draws: remaining goes down (spend, expire, cap, forfeit, delete) or moves to withheld (B11). */
export function applyDraws(lots: readonly Lot[], draws: readonly Draw[], mode: 'take' | 'withhold' = 'take'): Lot[] {
  const byLot = new Map(draws.map((d) => [d.lotId, d.amount]));
  return lots.map((lot) => {
    const amount = byLot.get(lot.id);
    if (amount === undefined) return lot;
    if (amount > lot.remaining) throw new Error(`lot ${lot.id} has ${lot.remaining}, cannot take ${amount}`);
    return { ...lot, remaining: lot.remaining - amount, withheld: lot.withheld + (mode === 'withhold' ? amount : 0) };
  });
}

/**
 * B7a: a cancelled spend gives the points back to the very lots they came from, with their
 * original expiry dates. B11: a release moves withheld points back the same way.
 */
export function giveBack(lots: readonly Lot[], draws: readonly Draw[], from: 'spent' | 'withheld' = 'spent'): Lot[] {
  const byLot = new Map(draws.map((d) => [d.lotId, d.amount]));
  for (const d of draws) {
    if (!lots.some((lot) => lot.id === d.lotId)) throw new Error(`lot ${d.lotId} is not this member's`);
  }
  return lots.map((lot) => {
    const amount = byLot.get(lot.id);
    if (amount === undefined) return lot;
    const withheld = from === 'withheld' ? lot.withheld - amount : lot.withheld;
    const remaining = lot.remaining + amount;
    if (withheld < 0 || remaining + withheld > lot.amount) throw new Error(`lot ${lot.id} cannot take back ${amount}`);
    return { ...lot, remaining, withheld };
  });
}

/**
 * B5/B6: the lots the monthly run for `month` expires, with what is left of each.
 * A run books the balance as it stands at the turn of the month: it expires the lots that were
 * already older than 3 years when the month began (expiry date before the 1st). A lot whose
 * 3 years end during the month goes in the next month's run. SPEC example 1: the 2024-06-01
 * lot (expiry 2027-06-01) is expired by the run for 2027-07, not 2027-06.
 */
export function expiringInRun(lots: readonly Lot[], month: YearMonth): Draw[] {
  return expiringBefore(lots, firstDayOf(month));
}

/** B5: what is left in the lots past their expiry on `day` (expiry date before it), oldest first. */
export function expiringBefore(lots: readonly Lot[], day: IsoDate): Draw[] {
  return [...lots]
    .filter((lot) => lot.remaining > 0 && isPastExpiry(lot, day))
    .sort(fifoOrder)
    .map((lot) => ({ lotId: lot.id, amount: lot.remaining }));
}

/** All that is left in the lots, oldest first: the forfeit of an opt-out (B10) or the 3-year deletion (B9). */
export function drawAll(lots: readonly Lot[]): Draw[] {
  return [...lots].sort(fifoOrder).filter((lot) => lot.remaining > 0).map((lot) => ({ lotId: lot.id, amount: lot.remaining }));
}

/** B9: the date, 60 days after cancellation, on which the balance is capped. */
export function capDate(cancelledOn: IsoDate): IsoDate {
  return addDays(cancelledOn, CAP_AFTER_DAYS);
}

/** B9: the day membership (and the balance) ends, 3 years after cancellation, unless keep-membership. */
export function membershipEndDate(cancelledOn: IsoDate): IsoDate {
  return addYears(cancelledOn, MEMBERSHIP_AFTER_CANCEL_YEARS);
}

/**
 * B9: how many points the cap takes. Only when the balance at cancellation exceeded 10,000
 * ("if the balance was below 10,000 at cancellation, nothing is taken"); it takes the current
 * balance down to 10,000, never below, and nothing if the balance has meanwhile fallen under it.
 */
export function capTakes(balanceAtCancellation: number, balanceNow: number): number {
  if (balanceAtCancellation <= CAP_POINTS) return 0;
  return Math.max(0, balanceNow - CAP_POINTS);
}

/** The state of a cancelled member that the lifecycle rules (B9) read. */
export interface CancelledMember {
  readonly cancelledOn: IsoDate;
  readonly balanceAtCancellation: number;
  readonly capAppliedOn: IsoDate | null;
  readonly keepMembershipOn: IsoDate | null;
}

export interface LifecycleDue {
  /** The cap falls due in or before this run (and has not been applied). */
  readonly cap: { on: IsoDate } | null;
  /** The 3 years end in or before this run and there is no keep-membership request. */
  readonly deletion: { on: IsoDate } | null;
}

/**
 * B9 for the run of `month`, which books everything due up to the month's last day (Oslo).
 * A keep-membership request counts only if made before the 3 years ended ("beforehand").
 */
export function lifecycleDue(member: CancelledMember, month: YearMonth): LifecycleDue {
  const end = lastDayOf(month);
  const cap = capDate(member.cancelledOn);
  const deletion = membershipEndDate(member.cancelledOn);
  const kept = member.keepMembershipOn !== null && member.keepMembershipOn < deletion;
  return {
    cap: member.capAppliedOn === null && cap <= end ? { on: cap } : null,
    deletion: !kept && deletion <= end ? { on: deletion } : null,
  };
}
