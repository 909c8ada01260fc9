import { Temporal } from 'temporal-polyfill';
import { TIME_ZONE } from '../../shared/rules.js';

/**
 * Calendar arithmetic in Europe/Oslo. Rule days (launch day, "60 days after", "3 years") are
 * Oslo calendar dates as YYYY-MM-DD; instants are JS Dates (UTC). Temporal handles DST.
 */

export type IsoDate = string;
export type YearMonth = string;

/**
 * The Oslo calendar date and wall-clock time of an instant, from one Intl formatter made once.
 * Issue 12: every call of the desk asks for today's date (B5's expiry, the session check), and a
 * Temporal ZonedDateTime per ask was ~20 µs of each member page; the formatter is ~1 µs and says
 * the same (time.test.ts compares the two over DST changes and random instants).
 */
const osloParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * The last minute asked about and its answer: Oslo's offset from UTC is whole hours, so every
 * instant of one UTC minute has the same Oslo date and HH:MM, and a call asks many times within
 * one minute (formatToParts is a few µs each).
 */
let memoMinute = Number.NaN;
let memo = { date: '', time: '' };

function osloFields(instant: Date): { date: IsoDate; time: string } {
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute === memoMinute) return memo;
  memo = formatFields(instant);
  memoMinute = minute;
  return memo;
}

function formatFields(instant: Date): { date: IsoDate; time: string } {
  let year = '';
  let month = '';
  let day = '';
  let hour = '';
  let minute = '';
  for (const part of osloParts.formatToParts(instant)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
    else if (part.type === 'hour') hour = part.value;
    else if (part.type === 'minute') minute = part.value;
  }
  return { date: `${year}-${month}-${day}`, time: `${hour}:${minute}` };
}

/** The Oslo calendar date of an instant: 23:30 Oslo on 31 January is 31 January, whatever UTC says. */
export function osloDate(instant: Date): IsoDate {
  return osloFields(instant).date;
}

/** The Oslo wall-clock time HH:MM of an instant. */
export function osloTime(instant: Date): string {
  return osloFields(instant).time;
}

/** The instant at which it is `time` (HH:MM) on `date` in Oslo (DST-correct). */
export function osloInstant(date: IsoDate, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  const zdt = Temporal.PlainDate.from(date)
    .toPlainDateTime({ hour: h ?? 0, minute: m ?? 0 })
    .toZonedDateTime(TIME_ZONE, { disambiguation: 'compatible' });
  return new Date(zdt.epochMilliseconds);
}

/*
 * Plain calendar arithmetic on YYYY-MM-DD (the proleptic Gregorian calendar, no time zone), by
 * hand rather than through Temporal objects: the member page and every booking do a handful of
 * these per call (issue 12). time.test.ts proves each equal to Temporal's answer.
 */
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');
function parts(date: IsoDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}
function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
function ymd(year: number, month: number, day: number): IsoDate {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}
const DAY_MS = 86_400_000;
function epochDay(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}
function fromEpochDay(days: number): IsoDate {
  const t = new Date(days * DAY_MS);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole years later; 29 February + 3 years is 28 February (the date is constrained, never rolled over). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = parts(date);
  return ymd(y + years, m, Math.min(d, daysInMonth(y + years, m)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(epochDay(date) + days);
}

export function addMonths(month: YearMonth, months: number): YearMonth {
  const index = Number(month.slice(0, 4)) * 12 + (Number(month.slice(5, 7)) - 1) + months;
  return `${pad4(Math.floor(index / 12))}-${pad2((index % 12) + 1)}`;
}

export function monthOf(date: IsoDate): YearMonth {
  return date.slice(0, 7);
}

export function firstDayOf(month: YearMonth): IsoDate {
  return `${month}-01`;
}

export function lastDayOf(month: YearMonth): IsoDate {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return ymd(year, m, daysInMonth(year, m));
}

/** Days from a to b (b − a), by the calendar. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return epochDay(b) - epochDay(a);
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = parts(text);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** A calendar date plus whole months; 31 January + 1 month is 28/29 February (constrained). */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return ymd(year, month, Math.min(d, daysInMonth(year, month)));
}
