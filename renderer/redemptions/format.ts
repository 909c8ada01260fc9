/**
 * Money helpers for the redemption screens (the received time is ui/ReceivedAtField's). Money is
 * integer øre in the contract and always shown the Norwegian way: 79,00 kr (U+00A0 before "kr").
 */
const nok = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatNok(ore: number): string {
  return nok.format(ore / 100);
}

/** The form's idempotency key (B7): one per order form. */
export function newFormKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
