/** A countdown as hh:mm:ss, rounded up to the whole second (it shows 00:00:01 until the very instant). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1_000));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(total / 3_600))}:${two(Math.floor((total % 3_600) / 60))}:${two(total % 60)}`;
}
