import { osloWallToInstant } from '../../shared/oslo-time';

/**
 * Money and Oslo wall-clock helpers for the redemption screens. Money is integer øre in the
 * contract and always shown the Norwegian way: 79,00 kr (U+00A0 before "kr").
 */
const nok = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatNok(ore: number): string {
  return nok.format(ore / 100);
}

/**
 * A `datetime-local` value (2026-11-21T08:12) read as Oslo wall-clock time, as an ISO instant
 * (2026-11-21T07:12:00.000Z), whatever zone the computer is set to. Null when incomplete.
 * The Oslo arithmetic itself lives once, in shared/oslo-time.ts.
 */
export function osloLocalToIso(local: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? osloWallToInstant(local) : null;
}

/** The form's idempotency key (B7): one per order form. */
export function newFormKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
