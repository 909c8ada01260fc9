import { TIME_ZONE } from './rules.js';

/**
 * Oslo wall-clock time for <input type="datetime-local">, whatever zone the machine is set to:
 * the rules are set in Europe/Oslo (SPEC L1–L5), so the agent types the time the email shows.
 */
const wall = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wallParts(ms: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(wall.formatToParts(new Date(ms)).find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

/** How far Oslo is ahead of UTC at `ms` (1 h in winter, 2 h in summer), in ms. */
function osloOffset(ms: number): number {
  const p = wallParts(ms);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1_000) * 1_000;
}

/** An instant as Oslo wall time, "2027-03-26T09:30", for a datetime-local field. */
export function osloWallTime(ms: number): string {
  const p = wallParts(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}`;
}

/** "2027-03-26T09:30" read as Oslo wall time, as an ISO instant; null if it is not a time. */
export function osloWallToInstant(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (m === null) return null;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(guess)) return null;
  // The offset at the guess, then at the result: right also next to a daylight-saving change.
  let ms = guess - osloOffset(guess);
  const second = osloOffset(ms);
  ms = guess - second;
  return new Date(ms).toISOString();
}

/**
 * Days and times are typed the Norwegian way (22.01.2027, 09:30) in plain text fields: the
 * browser's own date pickers follow the machine's locale (01/22/2027, 09:30 AM), not the desk's.
 */
export function isoToNorwegianDay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m === null ? iso : `${m[3]}.${m[2]}.${m[1]}`;
}

/** "22.01.2027" (also 22.1.2027 or 22/01/2027) as "2027-01-22"; null if it is not a real day. */
export function norwegianDayToIso(text: string): string | null {
  const m = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/.exec(text);
  if (m === null) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "09:30" or "9.30" as "09:30"; null if it is not a time of day. */
export function normaliseTime(text: string): string | null {
  const m = /^\s*(\d{1,2})[:.](\d{2})\s*$/.exec(text);
  if (m === null) return null;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  if (h > 23 || mi > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
}
