import { Temporal } from 'temporal-polyfill';
import { TIME_ZONE } from '../../shared/rules.js';

/**
 * Calendar arithmetic in Europe/Oslo. Rule days (launch day, "60 days after", "3 years") are
 * Oslo calendar dates as YYYY-MM-DD; instants are JS Dates (UTC). Temporal handles DST.
 */

export type IsoDate = string;
export type YearMonth = string;

/** The Oslo calendar date of an instant: 23:30 Oslo on 31 January is 31 January, whatever UTC says. */
export function osloDate(instant: Date): IsoDate {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(TIME_ZONE).toPlainDate().toString();
}

/** The Oslo wall-clock time HH:MM of an instant. */
export function osloTime(instant: Date): string {
  const z = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(TIME_ZONE);
  return `${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`;
}

/** The instant at which it is `time` (HH:MM) on `date` in Oslo (DST-correct). */
export function osloInstant(date: IsoDate, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  const zdt = Temporal.PlainDate.from(date)
    .toPlainDateTime({ hour: h ?? 0, minute: m ?? 0 })
    .toZonedDateTime(TIME_ZONE, { disambiguation: 'compatible' });
  return new Date(zdt.epochMilliseconds);
}

/** Whole years later; 29 February + 3 years is 28 February (the date is constrained, never rolled over). */
export function addYears(date: IsoDate, years: number): IsoDate {
  return Temporal.PlainDate.from(date).add({ years }, { overflow: 'constrain' }).toString();
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

export function addMonths(month: YearMonth, months: number): YearMonth {
  return Temporal.PlainYearMonth.from(month).add({ months }).toString();
}

export function monthOf(date: IsoDate): YearMonth {
  return date.slice(0, 7);
}

export function firstDayOf(month: YearMonth): IsoDate {
  return `${month}-01`;
}

export function lastDayOf(month: YearMonth): IsoDate {
  return Temporal.PlainYearMonth.from(month).toPlainDate({ day: 1 }).add({ months: 1 }).subtract({ days: 1 }).toString();
}

/** Days from a to b (b − a), by the calendar. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Temporal.PlainDate.from(a).until(Temporal.PlainDate.from(b), { largestUnit: 'days' }).days;
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    return Temporal.PlainDate.from(text, { overflow: 'reject' }).toString() === text;
  } catch {
    return false;
  }
}

/** A calendar date plus whole months; 31 January + 1 month is 28/29 February (constrained). */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  return Temporal.PlainDate.from(date).add({ months }, { overflow: 'constrain' }).toString();
}
