import { TIME_ZONE } from '../../../shared/rules';

/**
 * Money and Oslo wall-clock helpers for the redemption screens. Money is integer øre in the
 * contract and always shown the Norwegian way: 79,00 kr (U+00A0 before "kr").
 */
const nok = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatNok(ore: number): string {
  return nok.format(ore / 100);
}

const osloParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far Oslo wall-clock time is ahead of UTC at an instant (ms). */
function osloOffset(ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of osloParts.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts['year'] ?? 0, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * A `datetime-local` value (2026-11-21T08:12) read as Oslo wall-clock time, as an ISO instant
 * (2026-11-21T07:12:00.000Z), whatever zone the computer is set to. Null when incomplete.
 */
export function osloLocalToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (m === null) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(wall)) return null;
  // Two rounds settle the offset, also on the days the clocks change.
  let instant = wall - osloOffset(wall);
  instant = wall - osloOffset(instant);
  return new Date(instant).toISOString();
}

/** The form's idempotency key (B7): one per order form. */
export function newFormKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
