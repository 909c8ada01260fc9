import { TIME_ZONE } from '../../shared/rules';

/**
 * Numbers and dates are always shown the Norwegian way (nb-NO), whatever the UI language:
 * thousands with a no-break space (U+00A0), minus as U+2212, dates as 21.11.2026, and
 * instants in Europe/Oslo wall-clock time, where the rules are set.
 */
const integer = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 0 });
const signed = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const day = new Intl.DateTimeFormat('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
const instantDay = new Intl.DateTimeFormat('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE });
const instantTime = new Intl.DateTimeFormat('nb-NO', { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE });

export function formatPoints(points: number): string {
  return integer.format(points);
}

/** +1 200 / −300: for ledger amounts. */
export function formatSignedPoints(points: number): string {
  return signed.format(points);
}

/** A calendar day (YYYY-MM-DD) as 21.11.2026; no time zone shift, it is already a day. */
export function formatDay(isoDate: string | null | undefined): string | null {
  if (isoDate === null || isoDate === undefined) return null;
  const parsed = parseDay(isoDate);
  return parsed === null ? isoDate : day.format(parsed);
}

/** An instant (ISO-8601 with offset) as its Oslo day. */
export function formatInstantDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : instantDay.format(date);
}

/** An instant as its Oslo wall-clock time, 14:35. */
export function formatInstantTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : instantTime.format(date);
}

function parseDay(isoDate: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** +4791234567 as +47 912 34 567 (Norwegian grouping); other numbers as stored. */
export function formatPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const match = /^\+47(\d{3})(\d{2})(\d{3})$/.exec(phone);
  return match === null ? phone : `+47 ${match[1]} ${match[2]} ${match[3]}`;
}

/** A month (YYYY-MM) in words, in the UI language: "oktober 2026" / "October 2026". */
export function formatMonth(month: string, language: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (match === null) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nb-NO', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
